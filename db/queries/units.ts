import type { Db } from '../open';
import { UNIT_CODE_PATTERN, UNIT_KINDS, UNIT_KIND_LABELS, UNIT_NAME_MAX } from '../domain/units';
import type { UnitKind } from '../domain/units';

/** One 责任单位 with what names it (persons, open cases). */
export interface UnitSummary {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  parentName: string | null;
  /** The street (level-2 grid) the unit serves; null = district-wide. */
  streetGridId: number | null;
  streetCode: string | null;
  streetName: string | null;
  phone: string | null;
  active: boolean;
  /** Active persons belonging to the unit. */
  persons: number;
  /** Cases whose responsible unit it is, open ones (not closed, voided, rejected or handed back). */
  openCases: number;
  createdAt: number;
  updatedAt: number;
}

/** Every unit (active first, then by code), with its parent, street and counts. */
export function listUnits(db: Db, filter: { activeOnly?: boolean } = {}): UnitSummary[] {
  const rows = db
    .prepare(
      `SELECT u.id, u.code, u.name, u.kind, u.parent_id, p.name AS parent_name, u.street_grid_id,
              g.code AS street_code, g.name AS street_name, u.phone, u.active, u.created_at, u.updated_at,
              (SELECT count(*) FROM persons pe WHERE pe.unit_id = u.id AND pe.is_active = 1) AS persons,
              (SELECT count(*) FROM incidents i WHERE i.unit_id = u.id AND i.closed_at IS NULL
                 AND i.status NOT IN ('closed', 'voided', 'rejected', 'returned_to_platform')) AS open_cases
       FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN grids g ON g.id = u.street_grid_id
       WHERE (@active = 0 OR u.active = 1)
       ORDER BY u.active DESC, u.code`,
    )
    .all({ active: filter.activeOnly ? 1 : 0 }) as {
    id: number;
    code: string;
    name: string;
    kind: UnitKind;
    parent_id: number | null;
    parent_name: string | null;
    street_grid_id: number | null;
    street_code: string | null;
    street_name: string | null;
    phone: string | null;
    active: number;
    created_at: number;
    updated_at: number;
    persons: number;
    open_cases: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    parentName: r.parent_name,
    streetGridId: r.street_grid_id,
    streetCode: r.street_code,
    streetName: r.street_name,
    phone: r.phone,
    active: r.active === 1,
    persons: r.persons,
    openCases: r.open_cases,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** A unit's name for messages and logs ('#id' when there is no such unit). */
export function unitName(db: Db, id: number): string {
  return (db.prepare(`SELECT name FROM units WHERE id = ?`).pluck().get(id) as string | undefined) ?? `#${id}`;
}

// Re-exported so the callers of the queries find the domain's list beside them.
export { UNIT_CODE_PATTERN, UNIT_KINDS, UNIT_KIND_LABELS, UNIT_NAME_MAX };

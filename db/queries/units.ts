import { AppError } from '../errors';
import type { Db } from '../open';
import { UNIT_CODE_PATTERN, UNIT_KINDS, UNIT_KIND_LABELS, UNIT_NAME_MAX } from '../domain/units';
import type { UnitKind } from '../domain/units';
import type { DutyRole } from '../domain/codes';
import type { DutySummary } from '../types';
import { shanghaiDate } from '../domain/time';

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
  /** The unit's own duties valid today (定责 to the unit, not to a person). */
  duties: DutySummary[];
  createdAt: number;
  updatedAt: number;
}

/** Every unit (active first, then by code), with its parent, street, counts and current duties. */
export function listUnits(db: Db, filter: { activeOnly?: boolean } = {}, now: number = Date.now()): UnitSummary[] {
  const today = shanghaiDate(now);
  const duties = new Map<number, DutySummary[]>();
  for (const d of db
    .prepare(
      `SELECT d.id, d.unit_id, g.code, g.name, d.role, d.category_big_code, d.valid_from, d.valid_to
       FROM duties d JOIN grids g ON g.id = d.grid_id
       WHERE d.unit_id IS NOT NULL AND d.valid_from <= @today AND (d.valid_to IS NULL OR d.valid_to >= @today) ORDER BY g.code, d.id`,
    )
    .all({ today }) as { id: number; unit_id: number; code: string; name: string; role: DutyRole; category_big_code: string | null; valid_from: string; valid_to: string | null }[]) {
    const list = duties.get(d.unit_id) ?? [];
    list.push({ id: d.id, gridCode: d.code, gridName: d.name, role: d.role, categoryBigCode: d.category_big_code, validFrom: d.valid_from, validTo: d.valid_to });
    duties.set(d.unit_id, list);
  }
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
    duties: duties.get(r.id) ?? [],
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

/** What an administrator gives for a unit (new or edited). */
export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: number | null | undefined;
  /** The street (level-2 grid code) the unit serves; null/absent = district-wide. */
  streetCode?: string | null | undefined;
  phone?: string | null | undefined;
}

interface CheckedUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  streetGridId: number | null;
  phone: string | null;
}

/** The checks shared by create and update; `selfId` is the unit being edited (null when new). */
function checkUnit(db: Db, input: UnitInput, selfId: number | null): CheckedUnit {
  const code = input.code.trim();
  const name = input.name.trim();
  if (!code) throw new AppError('invalid-input', '单位编码不能为空');
  if (!UNIT_CODE_PATTERN.test(code)) throw new AppError('invalid-input', `单位编码「${code}」只能由字母、数字、“-”和“_”组成，最多 30 个字符`);
  if (!name) throw new AppError('invalid-input', '单位名称不能为空');
  if ([...name].length > UNIT_NAME_MAX) throw new AppError('invalid-input', `单位名称过长：最多 ${UNIT_NAME_MAX} 个字，收到 ${[...name].length} 个字`);
  if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) throw new AppError('invalid-input', `未知的单位类型：${String(input.kind)}`);
  const phone = input.phone?.trim() || null;
  if (phone !== null && [...phone].length > 30) throw new AppError('invalid-input', '联系电话过长：最多 30 个字');

  const sameCode = db.prepare(`SELECT id, name FROM units WHERE code = ? AND id <> ?`).get(code, selfId ?? -1) as { id: number; name: string } | undefined;
  if (sameCode) throw new AppError('conflict', `单位编码「${code}」已被「${sameCode.name}」使用，请换一个编码`);
  const sameName = db.prepare(`SELECT code FROM units WHERE name = ? AND id <> ?`).get(name, selfId ?? -1) as { code: string } | undefined;
  if (sameName) throw new AppError('conflict', `已有名为「${name}」的单位（编码 ${sameName.code}），单位名称不能重复`);

  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = db.prepare(`SELECT id, name, active FROM units WHERE id = ?`).get(parentId) as { id: number; name: string; active: number } | undefined;
    if (!parent) throw new AppError('not-found', `上级单位不存在：编号 ${parentId}`);
    if (selfId !== null) {
      // The parent may not be the unit itself nor one of its sub-units (no cycles).
      const above = db
        .prepare(
          `WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)
           SELECT 1 FROM up WHERE id = ?`,
        )
        .get(parentId, selfId);
      if (above) throw new AppError('invalid-input', `上级单位不能是本单位或其下级单位（「${parent.name}」）`);
    }
    if (parent.active !== 1) throw new AppError('invalid-input', `上级单位「${parent.name}」已停用，不能作为上级单位`);
  }

  let streetGridId: number | null = null;
  if (input.streetCode) {
    const street = db.prepare(`SELECT id, name, level FROM grids WHERE code = ?`).get(input.streetCode) as
      | { id: number; name: string; level: number }
      | undefined;
    if (!street) throw new AppError('not-found', `街道不存在：${input.streetCode}`);
    if (street.level !== 2) throw new AppError('invalid-input', `「${street.name}」不是街道：请选择第二级网格`);
    streetGridId = street.id;
  }
  return { code, name, kind: input.kind, parentId, streetGridId, phone };
}

/** A new unit; returns its id. Duplicate codes or names, an unknown parent or street are refused. */
export function createUnit(db: Db, input: UnitInput, now: number): number {
  return db.transaction(() => {
    const u = checkUnit(db, input, null);
    const r = db
      .prepare(
        `INSERT INTO units (code, name, kind, parent_id, street_grid_id, phone, active, created_at, updated_at)
         VALUES (@code, @name, @kind, @parentId, @streetGridId, @phone, 1, @now, @now)`,
      )
      .run({ ...u, now });
    return Number(r.lastInsertRowid);
  }).immediate();
}

/** Edits a unit (code, name, kind, parent, street, phone); cases and persons keep pointing at it. */
export function updateUnit(db: Db, id: number, input: UnitInput, now: number): void {
  db.transaction(() => {
    requireUnit(db, id);
    const u = checkUnit(db, input, id);
    db.prepare(
      `UPDATE units SET code = @code, name = @name, kind = @kind, parent_id = @parentId, street_grid_id = @streetGridId,
         phone = @phone, updated_at = @now WHERE id = @id`,
    ).run({ ...u, id, now });
  }).immediate();
}

/**
 * Deactivates (or re-activates) a unit. A unit is never deleted: cases, persons and duties that name it
 * keep it. A deactivated unit can no longer be dispatched to nor chosen for a person; its open cases stay
 * where they are. A unit with active sub-units is refused (deactivate them first).
 */
export function setUnitActive(db: Db, id: number, active: boolean, now: number): void {
  db.transaction(() => {
    const unit = requireUnit(db, id);
    if (!active) {
      const child = db.prepare(`SELECT name FROM units WHERE parent_id = ? AND active = 1 ORDER BY code LIMIT 1`).get(id) as { name: string } | undefined;
      if (child) throw new AppError('conflict', `「${unit.name}」还有在用的下级单位「${child.name}」：请先停用下级单位`);
    } else if (unit.parent_id !== null) {
      const parent = db.prepare(`SELECT name, active FROM units WHERE id = ?`).get(unit.parent_id) as { name: string; active: number };
      if (parent.active !== 1) throw new AppError('conflict', `上级单位「${parent.name}」已停用：请先启用上级单位`);
    }
    db.prepare(`UPDATE units SET active = ?, updated_at = ? WHERE id = ?`).run(active ? 1 : 0, now, id);
  }).immediate();
}

/** Puts a person in a unit (null: in none); a deactivated unit is refused. */
export function setPersonUnit(db: Db, personId: number, unitId: number | null, now: number): void {
  db.transaction(() => {
    if (!db.prepare(`SELECT 1 FROM persons WHERE id = ?`).get(personId)) throw new AppError('not-found', `人员不存在：编号 ${personId}`);
    if (unitId !== null) requireUsableUnit(db, unitId);
    db.prepare(`UPDATE persons SET unit_id = ?, updated_at = ? WHERE id = ?`).run(unitId, now, personId);
  }).immediate();
}

/** An existing, active unit (for a person or a dispatch). */
export function requireUsableUnit(db: Db, id: number): { id: number; name: string } {
  const u = requireUnit(db, id);
  if (u.active !== 1) throw new AppError('invalid-input', `责任单位「${u.name}」已停用`);
  return { id: u.id, name: u.name };
}

function requireUnit(db: Db, id: number): { id: number; name: string; active: number; parent_id: number | null } {
  const u = db.prepare(`SELECT id, name, active, parent_id FROM units WHERE id = ?`).get(id) as
    | { id: number; name: string; active: number; parent_id: number | null }
    | undefined;
  if (!u) throw new AppError('not-found', `责任单位不存在：编号 ${id}`);
  return u;
}

/** The name of a person's unit, or null. */
export function personUnitName(db: Db, personId: number): string | null {
  return (db.prepare(`SELECT u.name FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.id = ?`).pluck().get(personId) as string | undefined) ?? null;
}

/**
 * A duty that names a unit (定责 to a department rather than a person): the unit answers for a grid, for
 * one big class of problems or all, from/to a date. A dispatch with nobody on duty in the grid goes to it.
 */
export function addUnitDuty(
  db: Db,
  input: { unitId: number; gridCode: string; role: DutyRole; categoryBigCode?: string | null | undefined; validFrom: string; validTo?: string | null | undefined },
  now: number,
): number {
  return db.transaction(() => {
    requireUsableUnit(db, input.unitId);
    const grid = db.prepare(`SELECT id FROM grids WHERE code = ?`).get(input.gridCode) as { id: number } | undefined;
    if (!grid) throw new AppError('not-found', `网格不存在：${input.gridCode}`);
    if (input.validTo && input.validTo < input.validFrom) throw new AppError('invalid-input', '结束日期不能早于开始日期');
    const r = db
      .prepare(`INSERT INTO duties (unit_id, grid_id, role, category_big_code, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(input.unitId, grid.id, input.role, input.categoryBigCode ?? null, input.validFrom, input.validTo ?? null, now);
    return Number(r.lastInsertRowid);
  }).immediate();
}

/**
 * The active unit on duty in a grid for a category on a date: one whose duty names the category's big
 * class first, then one for all classes. Null when no unit's duty covers the grid.
 */
export function unitOnDuty(db: Db, gridId: number, categoryId: number, at: number): { id: number; name: string } | null {
  const big = db.prepare(`SELECT b.code FROM categories c LEFT JOIN categories b ON b.id = c.parent_id WHERE c.id = ?`).pluck().get(categoryId) as
    | string
    | null
    | undefined;
  const date = shanghaiDate(at);
  const row = db
    .prepare(
      `SELECT u.id, u.name FROM duties d JOIN units u ON u.id = d.unit_id
       WHERE d.grid_id = @grid AND u.active = 1 AND d.valid_from <= @date AND (d.valid_to IS NULL OR d.valid_to >= @date)
         AND (d.category_big_code IS NULL OR d.category_big_code = @big)
       ORDER BY (d.category_big_code = @big) DESC, d.id LIMIT 1`,
    )
    .get({ grid: gridId, date, big: big ?? null }) as { id: number; name: string } | undefined;
  return row ?? null;
}

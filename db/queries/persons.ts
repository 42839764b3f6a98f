import type { Db } from '../open';
import { shanghaiDate } from '../workingTime';
import type { DutyRole, PersonSummary } from '../types';

/** Persons with the duties valid today (Asia/Shanghai), optionally only those on duty in one grid. */
export function listPersons(db: Db, filter: { gridCode?: string; activeOnly?: boolean }, now: number): PersonSummary[] {
  const today = shanghaiDate(now);
  const persons = db
    .prepare(
      `SELECT p.id, p.name, p.phone, p.organization, p.is_active FROM persons p
       WHERE (@active = 0 OR p.is_active = 1)
         AND (@grid IS NULL OR p.id IN (SELECT d.person_id FROM duties d JOIN grids g ON g.id = d.grid_id
              WHERE g.code = @grid AND d.valid_from <= @today AND (d.valid_to IS NULL OR d.valid_to >= @today)))
       ORDER BY p.is_active DESC, p.name`,
    )
    .all({ active: filter.activeOnly ? 1 : 0, grid: filter.gridCode ?? null, today }) as {
    id: number;
    name: string;
    phone: string | null;
    organization: string | null;
    is_active: number;
  }[];
  const duties = db
    .prepare(
      `SELECT d.person_id, g.code, g.name, d.role, d.category_big_code, d.valid_from, d.valid_to
       FROM duties d JOIN grids g ON g.id = d.grid_id
       WHERE d.valid_from <= @today AND (d.valid_to IS NULL OR d.valid_to >= @today) ORDER BY g.code`,
    )
    .all({ today }) as {
    person_id: number;
    code: string;
    name: string;
    role: DutyRole;
    category_big_code: string | null;
    valid_from: string;
    valid_to: string | null;
  }[];
  const byPerson = new Map<number, PersonSummary['duties']>();
  for (const d of duties) {
    const list = byPerson.get(d.person_id) ?? [];
    list.push({ gridCode: d.code, gridName: d.name, role: d.role, categoryBigCode: d.category_big_code, validFrom: d.valid_from, validTo: d.valid_to });
    byPerson.set(d.person_id, list);
  }
  return persons.map((p) => ({
    id: p.id,
    name: p.name,
    phone: p.phone,
    organization: p.organization,
    isActive: p.is_active === 1,
    duties: byPerson.get(p.id) ?? [],
  }));
}

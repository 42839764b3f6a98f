import { AppError } from '../errors';
import type { Db } from '../open';
import { DAY_MS, isoWeekday, shanghaiDate, shanghaiDayIndex, shanghaiMidnight } from '../domain/time';
import type { IncidentStatus } from '../domain/codes';
import { requireOperator } from './operators';
import { appendEvent } from './events';
import { requireUsableUnit } from './units';

import type { DutyRole, PersonSummary } from '../types';
import { OPEN_STATUSES_SQL } from '../sql';

/** Persons with the duties valid today (Asia/Shanghai), optionally only those on duty in one grid. */
export function listPersons(db: Db, filter: { gridCode?: string; activeOnly?: boolean }, now: number): PersonSummary[] {
  const today = shanghaiDate(now);
  const persons = db
    .prepare(
      `SELECT p.id, p.name, p.phone, p.organization, p.is_active, p.unit_id, u.name AS unit_name
       FROM persons p LEFT JOIN units u ON u.id = p.unit_id
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
    unit_id: number | null;
    unit_name: string | null;
  }[];
  const duties = db
    .prepare(
      `SELECT d.id, d.person_id, g.code, g.name, d.role, d.category_big_code, d.valid_from, d.valid_to
       FROM duties d JOIN grids g ON g.id = d.grid_id
       WHERE d.valid_from <= @today AND (d.valid_to IS NULL OR d.valid_to >= @today) ORDER BY g.code`,
    )
    .all({ today }) as {
    id: number;
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
    list.push({ id: d.id, gridCode: d.code, gridName: d.name, role: d.role, categoryBigCode: d.category_big_code, validFrom: d.valid_from, validTo: d.valid_to });
    byPerson.set(d.person_id, list);
  }
  return persons.map((p) => ({
    id: p.id,
    name: p.name,
    phone: p.phone,
    organization: p.organization,
    isActive: p.is_active === 1,
    unitId: p.unit_id,
    unitName: p.unit_name,
    duties: byPerson.get(p.id) ?? [],
  }));
}

export interface PersonWorkload {
  personId: number;
  name: string;
  isActive: boolean;
  open: number;
  overdue: number;
  closedThisWeek: number;
}

/**
 * Open, overdue and closed-this-week case counts per person (the week is Monday 00:00 to Sunday 24:00
 * Asia/Shanghai containing `now`). Duplicates are left out.
 */
export function personWorkload(db: Db, now: number): PersonWorkload[] {
  const weekStart = shanghaiWeekStart(now);
  const dayFrom = shanghaiDayIndex(weekStart);
  // Open and overdue from the open cases' covering index; closed this week from the daily statistics
  // (kept per current assignee): no scan of every case.
  return (
    db
      .prepare(
        `WITH open AS (
           SELECT assignee_id, count(*) AS open, sum(due_at < @now) AS overdue FROM incidents INDEXED BY incidents_open_due
           WHERE closed_at IS NULL AND status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND assignee_id IS NOT NULL
           GROUP BY assignee_id
         ),
         closed AS (
           SELECT assignee_id, sum(closed) AS n FROM stats_daily_person
           WHERE day >= @dayFrom AND day < @dayTo AND assignee_id <> 0 GROUP BY assignee_id
         )
         SELECT p.id AS personId, p.name, p.is_active AS isActive, coalesce(o.open, 0) AS open,
                coalesce(o.overdue, 0) AS overdue, coalesce(c.n, 0) AS closedThisWeek
         FROM persons p LEFT JOIN open o ON o.assignee_id = p.id LEFT JOIN closed c ON c.assignee_id = p.id
         ORDER BY open DESC, p.name`,
      )
      .all({ now, dayFrom, dayTo: dayFrom + 7 }) as (Omit<PersonWorkload, 'isActive'> & { isActive: number })[]
  ).map((r) => ({ ...r, isActive: r.isActive === 1 }));
}


/** Monday 00:00 Asia/Shanghai of the week containing `ms`. */
export function shanghaiWeekStart(ms: number): number {
  const day = shanghaiMidnight(shanghaiDate(ms));
  const weekday = isoWeekday(shanghaiDate(ms)); // 1 = Monday
  return day - (weekday - 1) * DAY_MS;
}

export function createPerson(
  db: Db,
  input: { name: string; phone?: string | undefined; organization?: string | undefined; unitId?: number | null | undefined },
  now: number,
): number {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid-input', '姓名不能为空');
  const unitId = input.unitId ?? null;
  if (unitId !== null) requireUsableUnit(db, unitId);
  const r = db
    .prepare(`INSERT INTO persons (name, phone, organization, unit_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(name, input.phone?.trim() || null, input.organization?.trim() || null, unitId, now, now);
  return Number(r.lastInsertRowid);
}

export function setPersonActive(db: Db, personId: number, isActive: boolean, now: number): void {
  const r = db.prepare(`UPDATE persons SET is_active = ?, updated_at = ? WHERE id = ?`).run(isActive ? 1 : 0, now, personId);
  if (r.changes !== 1) throw new AppError('not-found', `人员不存在：编号 ${personId}`);
}

export function addDuty(
  db: Db,
  input: { personId: number; gridCode: string; role: DutyRole; categoryBigCode?: string | null | undefined; validFrom: string; validTo?: string | null | undefined },
  now: number,
): number {
  const grid = db.prepare(`SELECT id FROM grids WHERE code = ?`).get(input.gridCode) as { id: number } | undefined;
  if (!grid) throw new AppError('not-found', `网格不存在：${input.gridCode}`);
  if (!db.prepare(`SELECT 1 FROM persons WHERE id = ?`).get(input.personId)) {
    throw new AppError('not-found', `人员不存在：编号 ${input.personId}`);
  }
  if (input.validTo && input.validTo < input.validFrom) throw new AppError('invalid-input', '结束日期不能早于开始日期');
  const r = db
    .prepare(
      `INSERT INTO duties (person_id, grid_id, role, category_big_code, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(input.personId, grid.id, input.role, input.categoryBigCode ?? null, input.validFrom, input.validTo ?? null, now);
  return Number(r.lastInsertRowid);
}

/** Ends a duty on a date (inclusive); the record stays, so who was responsible when is never lost. */
export function endDuty(db: Db, dutyId: number, validTo: string): void {
  const d = db.prepare(`SELECT valid_from FROM duties WHERE id = ?`).get(dutyId) as { valid_from: string } | undefined;
  if (!d) throw new AppError('not-found', `岗位记录不存在：编号 ${dutyId}`);
  if (validTo < d.valid_from) throw new AppError('invalid-input', '结束日期不能早于开始日期');
  db.prepare(`UPDATE duties SET valid_to = ? WHERE id = ?`).run(validTo, dutyId);
}

/**
 * Moves every open case of one person to another (someone leaves or goes on leave), in one
 * transaction, logging a 'reassign' event on each case. Returns the ids moved.
 */
export function reassignOpenCases(
  db: Db,
  input: { fromPersonId: number; toPersonId: number; operatorId: number; note?: string | undefined },
  now: number,
): number[] {
  return db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    if (!['supervisor', 'admin'].includes(operator.role)) {
      throw new AppError('forbidden', `操作员「${operator.name}」的角色不能批量转派案件`);
    }
    if (input.fromPersonId === input.toPersonId) throw new AppError('invalid-input', '转出和转入不能是同一人');
    const to = db.prepare(`SELECT id, name, is_active, unit_id FROM persons WHERE id = ?`).get(input.toPersonId) as
      | { id: number; name: string; is_active: number; unit_id: number | null }
      | undefined;
    if (!to) throw new AppError('not-found', `人员不存在：编号 ${input.toPersonId}`);
    if (to.is_active !== 1) throw new AppError('invalid-input', `人员「${to.name}」已停用，不能接收案件`);
    const from = db.prepare(`SELECT name FROM persons WHERE id = ?`).get(input.fromPersonId) as { name: string } | undefined;
    if (!from) throw new AppError('not-found', `人员不存在：编号 ${input.fromPersonId}`);
    const cases = db
      .prepare(`SELECT id, status FROM incidents WHERE assignee_id = ? AND status IN ${OPEN_STATUSES_SQL} ORDER BY id`)
      .all(input.fromPersonId) as { id: number; status: IncidentStatus }[];
    // The responsible unit follows the person, as at dispatch.
    const update = db.prepare(`UPDATE incidents SET assignee_id = ?, unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?`);
    const note = input.note?.trim() || `由${from.name}转派给${to.name}`;
    const data = { fromPersonId: input.fromPersonId, fromName: from.name, toPersonId: to.id, toName: to.name };
    for (const c of cases) {
      update.run(to.id, to.unit_id, now, c.id);
      appendEvent(db, {
        incidentId: c.id,
        at: now,
        operatorId: operator.id,
        actorName: operator.name,
        action: 'reassign',
        fromStatus: c.status,
        toStatus: c.status,
        note,
        data,
      });
    }
    return cases.map((c) => c.id);
  }).immediate();
}

/** A person's name for messages and logs ('#id' when there is no such person). */
export function personName(db: Db, id: number): string {
  return (db.prepare(`SELECT name FROM persons WHERE id = ?`).pluck().get(id) as string | undefined) ?? `#${id}`;
}

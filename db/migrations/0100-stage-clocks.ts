import type { Migration } from './types';
import { addWorkingTime, loadCalendar } from '../workingTime';

/**
 * Every stage on its own clock: the dispatch deadline (set at registration from the category's dispatch
 * limit) and the verification deadline (set at the report back from the verification limit) beside the
 * handling deadline (due_at), and when the current stage's clock started (the escalation ladder reads it).
 * The events that finish a stage record `data.clock = {stage, dueAt, onTime}`; an expression index on the
 * clock's deadline lets the statistics find stages due in a period that finished after it.
 *
 * Cases already open get the clock of the stage they are in, counted from when that stage began.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'stage-clocks',
  up(db) {
    db.exec(`
      ALTER TABLE incidents ADD COLUMN dispatch_due_at INTEGER; -- 派遣 deadline, set at registration (and at a return / un-hang)
      ALTER TABLE incidents ADD COLUMN verify_due_at INTEGER; -- 核查 deadline, set at the report back
      ALTER TABLE incidents ADD COLUMN stage_started_at INTEGER; -- when the current stage's clock started
      CREATE INDEX incident_events_clock_due ON incident_events(json_extract(data, '$.clock.dueAt'))
        WHERE json_extract(data, '$.clock.dueAt') IS NOT NULL;
    `);
    const calendar = loadCalendar(db);
    const limits = new Map(
      (
        db.prepare(`SELECT id, dispatch_limit, dispatch_unit, verify_limit, verify_unit FROM categories WHERE level = 2`).all() as {
          id: number;
          dispatch_limit: number | null;
          dispatch_unit: 'wh' | 'wd' | null;
          verify_limit: number | null;
          verify_unit: 'wh' | 'wd' | null;
        }[]
      ).map((c) => [c.id, c]),
    );
    const open = db
      .prepare(
        `SELECT id, status, category_id, registered_at, dispatched_at, handled_at, updated_at FROM incidents
         WHERE status IN ('registered', 'returned', 'dispatched', 'handling', 'handled')`,
      )
      .all() as { id: number; status: string; category_id: number; registered_at: number | null; dispatched_at: number | null; handled_at: number | null; updated_at: number }[];
    const set = db.prepare(`UPDATE incidents SET dispatch_due_at = ?, verify_due_at = ?, stage_started_at = ? WHERE id = ?`);
    for (const c of open) {
      const limit = limits.get(c.category_id);
      if (c.status === 'registered' || c.status === 'returned') {
        const start = c.status === 'registered' ? (c.registered_at ?? c.updated_at) : c.updated_at;
        const due = limit?.dispatch_limit && limit.dispatch_unit ? addWorkingTime(start, limit.dispatch_limit, limit.dispatch_unit, calendar) : null;
        set.run(due, null, start, c.id);
      } else if (c.status === 'handled') {
        const start = c.handled_at ?? c.updated_at;
        const due = limit?.verify_limit && limit.verify_unit ? addWorkingTime(start, limit.verify_limit, limit.verify_unit, calendar) : null;
        set.run(null, due, start, c.id);
      } else {
        set.run(null, null, c.dispatched_at ?? c.updated_at, c.id);
      }
    }
  },
};

import type { Migration } from './types';

/**
 * A month's assessment at 1,000,000 cases (db/assess/figures.ts, caseRows.ts), two covering indexes:
 * - incidents_assess: every case's grid, responsible person and unit and whether it counts (to place the month's
 *   stage instances and 12345 events without looking each case up in the wide table), and the columns the case
 *   figures test (db/stats/indicators.ts indicatorCaseScanSql: the month's case rows from one scan in id order). On
 *   the bench database (2026-10): the month's case rows 1.2–1.3 s from one scan against 1.8 s from the union of
 *   index searches and the table; the month's 12345 orders received 52–73 ms against 165–252 ms.
 * - incident_events_callbacks: the 12345 回访, 不满意重办 and 退单 events by moment with the callback's result
 *   (80,000 in the month: 37 ms against 240–444 ms from the event rows and their JSON).
 * Their cost at a 1,000,000-row import, which builds every non-unique index again after the load: ~0.7 s and ~0.4 s.
 * tests/db/assessIndexes.test.ts checks the plans.
 */
export const migration0220: Migration = {
  version: 220,
  name: 'index-assessment-month',
  up(db) {
    db.exec(`
      CREATE INDEX incidents_assess ON incidents(
        id, grid_id, assignee_id, unit_id, duplicate_of, status, category_id, reported_at, registered_at, dispatched_at,
        due_at, closed_at, is_fixed_on_spot, rework_count
      );
      CREATE INDEX incident_events_callbacks ON incident_events(action, at, incident_id, json_extract(data, '$.result'))
        WHERE action IN ('callback', 'callback_redo', 'return_approve');
    `);
  },
};

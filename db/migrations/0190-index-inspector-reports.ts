import type { Migration } from './types';

/**
 * The inspectors' assessment (巡查员考核) from two small covering partial indexes of the cases (measured at
 * 1,000,000 cases, month 2026-10):
 *  - their reports (巡查上报 by reporter and moment, with what says whether it was registered): read among
 *    the month's ~360,000 cases ~0.7 s; from the index, one seek per inspector, ~40 ms;
 *  - 漏报 (cases reported by the hotline or video in a grid on a day the inspector walked it): the grid's
 *    cases of the day were read and those of other sources dropped; from the index only the hotline's and
 *    video's (~0.6 s → ~0.15 s with the patrols).
 * The conditions are the ones the statements write (db/assess/figures.ts; the planner uses a partial index
 * only when the query names its condition): tests/db/assessIndexes.test.ts checks the plans.
 * (Apart from migration 0180 because a database had already taken 0180 when these were added.)
 */
export const migration0190: Migration = {
  version: 190,
  name: 'index-inspector-reports',
  up(db) {
    db.exec(`
      CREATE INDEX incidents_patrol_reports
        ON incidents(reporter, reported_at, duplicate_of, status, registered_at, is_fixed_on_spot)
        WHERE source = 'patrol';
      CREATE INDEX incidents_found_by_others
        ON incidents(grid_id, reported_at, duplicate_of, status, source)
        WHERE source IN ('hotline', 'video');
    `);
  },
};

import type { Migration } from './types';

/**
 * The statistics' query-time part asks which cases went on or off the hang list after a period ended (their
 * standing at the end differs from now). Those events were found through the index of every event by action
 * and moment, each fetched from the table for its case (~2,000 rows, ~4 ms at 1,000,000 cases, on every
 * report); this small covering partial index of the hang / unhang events by moment answers from the index
 * alone. The condition is the one db/stats/daily.ts writes (the planner uses a partial index only when the
 * query names it): tests/db/statsIndexes.test.ts checks the plan.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'index-hang-moments',
  up(db) {
    db.exec(`CREATE INDEX incident_events_hang_at ON incident_events(at, incident_id, action) WHERE action IN ('hang', 'unhang')`);
  },
};

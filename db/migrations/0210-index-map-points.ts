import type { Migration } from './types';

/**
 * The map reads every located case of its filter in id order, in chunks (db/queries/map.ts mapPointChunks): id,
 * place, status and deadline. Read from the cases table, each chunk walks the whole width of every row (text,
 * address, every date); this covering partial index holds only what the map reads and filters on most (status,
 * deadline, duplicate, report time), in id order. Measured on the bench database (1,000,000 cases, warm): the
 * whole map 690–755 ms from the table, 443–495 ms from this index. tests/db/mapPoints.test.ts checks the plan.
 */
export const migration0210: Migration = {
  version: 210,
  name: 'index-map-points',
  up(db) {
    db.exec(`CREATE INDEX incidents_map_points ON incidents(id, lon, lat, status, due_at, duplicate_of, reported_at) WHERE lon IS NOT NULL`);
  },
};

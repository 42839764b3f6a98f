import type { Migration } from './types';

/**
 * 催办 and 督办 driven by the clocks: each case remembers which stage instance (stage and deadline) the
 * escalation ladder has reached and how many of its rungs have fired, so the ladder never writes a rung
 * twice (the events stay the record); and when it was first 督办, so lists can flag it.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'supervision-ladder',
  up(db) {
    db.exec(`
      ALTER TABLE incidents ADD COLUMN ladder_key TEXT; -- '<stage>:<deadline>' of the stage instance the ladder is on
      ALTER TABLE incidents ADD COLUMN ladder_rung INTEGER NOT NULL DEFAULT 0 CHECK (ladder_rung >= 0); -- its rungs written
      ALTER TABLE incidents ADD COLUMN supervised_at INTEGER; -- first 督办
      CREATE INDEX incidents_supervised ON incidents(supervised_at) WHERE supervised_at IS NOT NULL;
    `);
  },
};

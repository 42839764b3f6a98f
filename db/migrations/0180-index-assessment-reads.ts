import type { Migration } from './types';

/**
 * What a month's assessment reads, from small covering partial indexes instead of the big tables' rows
 * (measured at 1,000,000 cases, month 2026-10):
 *  - the stage instances (db/stats/stages.ts stageInstancesSql: 按时派遣/处置/核查 by object, and the
 *    statistics' row-by-row reference): the stage-finishing events that carry a clock, by action and moment
 *    (the stages finished in a period, with the case, the stage and whether on time) and by action and the
 *    clock's deadline (the stages due in a period and finished after it). A month finishes ~940,000 stages:
 *    read from the event table (a row each, its JSON parsed three times) ~3.7 s; counted from the index
 *    ~0.2 s, and the stage statement went from ~7 s to ~3 s;
 *  - the inspectors' reports (巡查上报 by reporter and moment, with what says whether it was registered):
 *    read among the month's ~360,000 cases, ~0.7 s; from the index, one seek per inspector;
 *  - 漏报 (cases reported by the hotline or video in a grid on a day): the month's cases of the grid read
 *    and those of other sources dropped; from the index, only the hotline's and video's.
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
      CREATE INDEX incidents_patrol_reports
        ON incidents(reporter, reported_at, duplicate_of, status, registered_at, is_fixed_on_spot)
        WHERE source = 'patrol';
      CREATE INDEX incidents_found_by_others
        ON incidents(grid_id, reported_at, duplicate_of, status, source)
        WHERE source IN ('hotline', 'video');
    `);
  },
};

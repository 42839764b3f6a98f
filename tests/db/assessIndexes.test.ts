/**
 * The month's stage instances (按时派遣/处置/核查) are read from the covering indexes of the stage-finishing
 * events (migration 0180), not from the event table's rows and their JSON; and they are the same instances
 * as the table's: on the hand-counted fixture, the rows read through the indexes equal the rows read from
 * the table with the indexes set aside.
 */
import { describe, expect, it } from 'vitest';
import { stageInstancesSql } from '../../db/stats/stages';
import { figureQueries, monthPeriod } from '../../db/assess/figures';
import { assessFixture, MONTH, NOW } from './assessFixture';

describe('the stage instances of a month', () => {
  it('are read from the two covering indexes of the finishing events', () => {
    const f = assessFixture();
    const p = monthPeriod(MONTH, NOW);
    const params = { s: p.start, e: p.end, cut: Math.min(p.end, NOW) };
    const sql = `WITH ${stageInstancesSql()} SELECT id, stage, on_time FROM fin ORDER BY id, stage, on_time`;
    const plan = (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/incident_events_stage_finished \(action=\? AND at>\? AND at<\?\)/);
    expect(plan).toMatch(/COVERING INDEX incident_events_stage_due \(action=\? AND <expr>>\? AND <expr><\?\)/);
    expect(plan).not.toMatch(/incident_events_action_at/);
    const viaIndexes = f.db.prepare(sql).all(params);
    // The same statement over the table itself (no index named: the event table by moment).
    const viaTable = f.db.prepare(sql.replace(/INDEXED BY incident_events_stage_(finished|due)/g, 'NOT INDEXED')).all(params);
    expect(viaIndexes.length).toBeGreaterThan(20);
    expect(viaIndexes).toEqual(viaTable);
    f.db.close();
  });

  it('the inspectors’ reports and 漏报 from the partial indexes of patrol reports and of cases found by others', () => {
    const f = assessFixture();
    const p = monthPeriod(MONTH, NOW);
    const [reports] = figureQueries(p, { types: ['person'], ruleId: 'standard', personIds: [f.persons.p1], indicators: ['validReportRate'] });
    const plan = (sql: string, params: object) => (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(reports!.sql, reports!.params)).toMatch(/COVERING INDEX incidents_patrol_reports \(reporter=\? AND reported_at>\? AND reported_at<\?\)/);
    // The 漏报 statement's shape (db/assess/figures.ts addPatrols): cases of other sources in a grid on a day.
    const missed = `SELECT DISTINCT i.id FROM incidents i WHERE i.grid_id = @g AND i.reported_at >= @d0 AND i.reported_at < @d1
      AND i.source IN ('hotline', 'video') AND i.duplicate_of IS NULL AND i.status <> 'voided'`;
    expect(plan(missed, { g: f.grids.g1, d0: p.start, d1: p.end })).toMatch(/COVERING INDEX incidents_found_by_others \(grid_id=\? AND reported_at>\? AND reported_at<\?\)/);
    f.db.close();
  });

  it('the month’s cases, every case’s keys, the 12345 orders received and the callbacks from the covering indexes of migration 0220', () => {
    const f = assessFixture();
    const p = monthPeriod(MONTH, NOW);
    const plan = (sql: string, params: object) => (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const [cases, , hotline] = figureQueries(p, {
      types: ['grid'],
      ruleId: 'standard',
      personIds: [],
      indicators: ['closureRate', 'handlingOnTimeRate', 'satisfactionRate'],
    });
    expect(plan(cases!.pairs!.sql, { ...cases!.params, lo: 0, hi: 100 })).toMatch(/SEARCH i USING COVERING INDEX incidents_assess \(id>\? AND id<\?\)/);
    const hotlinePlan = plan(hotline!.pairs!.sql, hotline!.params);
    expect(hotlinePlan).toMatch(/COVERING INDEX incident_events_callbacks \(action=\? AND at>\? AND at<\?\)/);
    expect(hotlinePlan).toMatch(/SEARCH i USING COVERING INDEX incidents_assess \(id=\?\)/);
    const keys = `SELECT i.id, i.grid_id, i.assignee_id, i.unit_id, i.duplicate_of, i.status FROM incidents i INDEXED BY incidents_assess WHERE i.id > 0 ORDER BY i.id LIMIT 10`;
    expect(plan(keys, {})).toMatch(/SEARCH i USING COVERING INDEX incidents_assess \(id>\?\)/);
    f.db.close();
  });
});

/**
 * Every stage on its own clock: 立案 → 派遣 by the dispatch limit, 派遣 → 反馈 by the handling limit,
 * 反馈 → 核查 by the verification limit, in working time; each finishing event records whether its stage
 * met its deadline, and the statistics count stages due, on time and late from the event log.
 */
import { describe, expect, it } from 'vitest';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { buildStatsReport } from '../../db/stats/summary';
import { parseIsoWeek } from '../../db/stats/period';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

function report(f: DeskFixture, c: { categoryId?: number; fixedOnSpot?: boolean } = {}, at: string) {
  return createIncident(
    f.db,
    {
      operatorId: f.operators.supervisor,
      categoryId: c.categoryId ?? f.categories.garbage,
      description: '人行道暴露垃圾一堆',
      lon: 113.005,
      lat: 28.19,
      crs: 'wgs84',
      source: 'patrol',
      fixedOnSpot: c.fixedOnSpot,
    },
    sh(at),
  );
}

function step(f: DeskFixture, id: number, action: Parameters<typeof transitionIncident>[1]['action'], at: string, operatorId = f.operators.supervisor, note?: string) {
  const c = getIncident(f.db, id);
  return transitionIncident(f.db, { incidentId: id, action, expectedVersion: c.version, operatorId, note }, sh(at));
}

const stageColumns = (f: DeskFixture, id: number) =>
  f.db.prepare(`SELECT dispatch_due_at AS dispatchDueAt, due_at AS dueAt, verify_due_at AS verifyDueAt, stage_started_at AS startedAt FROM incidents WHERE id = ?`).get(id);

describe('stage deadlines in working time', () => {
  it('sets the dispatch deadline at registration: Friday 17:00 + 1 working hour = Monday 09:00', () => {
    const f = deskFixture();
    const c = report(f, {}, '2026-11-20T16:50');
    const r = step(f, c.id, 'register', '2026-11-20T17:00');
    // 0.5 h left on Friday (to 17:30), the other 0.5 h on Monday from 08:30.
    expect(stageColumns(f, r.id)).toMatchObject({ dispatchDueAt: sh('2026-11-23T09:00'), startedAt: sh('2026-11-20T17:00') });
    expect(r.events.at(-1)!.data).toEqual({ dispatchDueAt: sh('2026-11-23T09:00') });
  });

  it('gives urgent categories their own short limits (10 minutes to dispatch, 2 hours to verify)', () => {
    const f = deskFixture();
    const c = createIncident(
      f.db,
      { operatorId: f.operators.supervisor, categoryId: f.categories.flood, description: '道路积水', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
      sh('2026-11-24T09:00'),
    );
    step(f, c.id, 'register', '2026-11-24T09:00');
    expect(stageColumns(f, c.id)).toMatchObject({ dispatchDueAt: sh('2026-11-24T09:10') });
    step(f, c.id, 'dispatch', '2026-11-24T09:05');
    step(f, c.id, 'accept', '2026-11-24T09:10', f.operators.handlerWang);
    step(f, c.id, 'handle', '2026-11-24T10:00', f.operators.handlerWang);
    expect(stageColumns(f, c.id)).toMatchObject({ verifyDueAt: sh('2026-11-24T12:00') });
  });

  it('records on each finishing event whether its stage met its deadline: late at dispatch, on time at handling and verification', () => {
    const f = deskFixture();
    const c = report(f, {}, '2026-11-24T08:40');
    step(f, c.id, 'register', '2026-11-24T09:00'); // dispatch due 10:00
    const d = step(f, c.id, 'dispatch', '2026-11-24T10:30'); // late; handling due 4 wh later = 17:00 (lunch break)
    expect(d.events.at(-1)!.data).toMatchObject({ dueAt: sh('2026-11-24T17:00'), clock: { stage: 'dispatch', dueAt: sh('2026-11-24T10:00'), onTime: false } });
    step(f, c.id, 'accept', '2026-11-24T10:40', f.operators.handlerWang);
    const h = step(f, c.id, 'handle', '2026-11-24T15:00', f.operators.handlerWang);
    expect(h.events.at(-1)!.data).toEqual({ verifyDueAt: sh('2026-11-25T10:00'), clock: { stage: 'handling', dueAt: sh('2026-11-24T17:00'), onTime: true } });
    const v = step(f, c.id, 'verify_pass', '2026-11-25T09:00', f.operators.inspector);
    expect(v.events.at(-1)!.data).toEqual({ clock: { stage: 'verification', dueAt: sh('2026-11-25T10:00'), onTime: true } });
  });

  it('restarts the dispatch clock when a case is returned, and resumes the handling clock after a failed verification', () => {
    const f = deskFixture();
    const c = report(f, {}, '2026-11-24T08:40');
    step(f, c.id, 'register', '2026-11-24T09:00');
    step(f, c.id, 'dispatch', '2026-11-24T09:10');
    step(f, c.id, 'return', '2026-11-24T09:30', f.operators.handlerWang, '不属于本网格');
    expect(stageColumns(f, c.id)).toMatchObject({ dispatchDueAt: sh('2026-11-24T10:30'), startedAt: sh('2026-11-24T09:30') });
    const again = step(f, c.id, 'dispatch', '2026-11-24T10:00');
    expect(again.events.at(-1)!.data).toMatchObject({ clock: { stage: 'dispatch', dueAt: sh('2026-11-24T10:30'), onTime: true } });
    step(f, c.id, 'accept', '2026-11-24T10:10', f.operators.handlerWang);
    step(f, c.id, 'handle', '2026-11-24T11:00', f.operators.handlerWang);
    step(f, c.id, 'verify_fail', '2026-11-24T11:30', f.operators.inspector, '仍有垃圾');
    expect(stageColumns(f, c.id)).toMatchObject({ startedAt: sh('2026-11-24T10:00'), dueAt: sh('2026-11-24T16:30') });
  });

  it('starts the verification clock of a case fixed on the spot when it is entered', () => {
    const f = deskFixture();
    const c = report(f, { fixedOnSpot: true }, '2026-11-24T09:00');
    expect(stageColumns(f, c.id)).toMatchObject({ verifyDueAt: sh('2026-11-24T15:30'), startedAt: sh('2026-11-24T09:00') });
  });
});

describe('stage figures from the event log', () => {
  /**
   * Week 2026-W48 (Monday 23 – Sunday 29 November), counted by hand:
   *  A  registered Tue 09:00 (dispatch due 10:00), dispatched 10:30 (late), handled 11:00 (due 17:00: on time),
   *     verified Tue 14:00 (due Tue 17:30: on time)             dispatch 1 due, late; handling 1/1; verification 1/1
   *  B  registered Wed 09:00, dispatched 09:20 (on time), handling due 15:50, not handled by the end of the week
   *                                                              dispatch 1/1; handling 1 due, late
   *  C  registered Thu 09:00, never dispatched (due 10:00)       dispatch 1 due, late
   *  D  registered Fri 20th 16:10 (dispatch due 17:10), dispatched Mon 23rd 09:00: late in W47 (due there, unfinished at
   *     its end) and in W48 (finished there, late); handling due Mon 15:30, still open: late
   *  W48: dispatch 4 due (A late, B on time, C late, D late); handling 3 due (A on time, B late, D late); verification 1/1
   */
  it('counts due, on time and late per stage, for the district, the street, the grid and the person', () => {
    const f = deskFixture();
    const a = report(f, {}, '2026-11-24T08:50');
    step(f, a.id, 'register', '2026-11-24T09:00');
    step(f, a.id, 'dispatch', '2026-11-24T10:30');
    step(f, a.id, 'accept', '2026-11-24T10:40', f.operators.handlerWang);
    step(f, a.id, 'handle', '2026-11-24T11:00', f.operators.handlerWang);
    step(f, a.id, 'verify_pass', '2026-11-24T14:00', f.operators.inspector);
    const b = report(f, {}, '2026-11-25T08:50');
    step(f, b.id, 'register', '2026-11-25T09:00');
    step(f, b.id, 'dispatch', '2026-11-25T09:20');
    const c = report(f, {}, '2026-11-26T08:50');
    step(f, c.id, 'register', '2026-11-26T09:00');
    const d = report(f, {}, '2026-11-20T16:00');
    step(f, d.id, 'register', '2026-11-20T16:10'); // dispatch due Fri 17:10
    step(f, d.id, 'dispatch', '2026-11-23T09:00');

    const now = sh('2026-12-01T09:00');
    const w48 = buildStatsReport(f.db, { period: parseIsoWeek('2026-W48'), label: 'W48', now });
    expect(w48.stages).toEqual({
      dispatch: { due: 4, onTime: 1, late: 3, onTimeRate: 0.25 },
      handling: { due: 3, onTime: 1, late: 2, onTimeRate: 1 / 3 },
      verification: { due: 1, onTime: 1, late: 0, onTimeRate: 1 },
    });
    const w47 = buildStatsReport(f.db, { period: parseIsoWeek('2026-W47'), label: 'W47', now });
    expect(w47.stages!.dispatch).toEqual({ due: 1, onTime: 0, late: 1, onTimeRate: 0 });
    // The street adds up to the district; the person is the case's responsible person (Wang, on duty in the west grid).
    expect(w48.stagesByStreet).toEqual([{ code: '430102001000000', name: '文艺路街道', stages: w48.stages }]);
    expect(w48.stagesByGrid!.map((g) => g.code)).toEqual(['430102001001001']);
    const wang = w48.stagesByPerson!.find((p) => p.personId === f.persons.wang)!;
    expect(wang.stages.handling).toEqual({ due: 3, onTime: 1, late: 2, onTimeRate: 1 / 3 });
    expect(wang.stages.dispatch).toEqual({ due: 3, onTime: 1, late: 2, onTimeRate: 1 / 3 });
    expect(w48.stagesByPerson!.find((p) => p.personId === null)!.stages.dispatch).toEqual({ due: 1, onTime: 0, late: 1, onTimeRate: 0 });
    // Before the deadlines have passed, an open stage is not yet due.
    const early = buildStatsReport(f.db, { period: parseIsoWeek('2026-W48'), label: 'W48', now: sh('2026-11-26T09:30') });
    expect(early.stages!.dispatch.due).toBe(3);
    expect(early.ruleNotes!.join('')).toMatch(/按时派遣率、按时处置率、按时核查率＝按时数÷应完成数/);
  });
});

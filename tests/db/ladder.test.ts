/**
 * The escalation ladder driven by the clocks, tested with an injected clock: 预警 at 75 % of a stage's
 * limit, 催办 at the deadline, 督办 one and two working days past it — each at the right minute, once, in
 * working time across a weekend and the National Day holiday (and its 调休 Saturday), and caught up with
 * the times it should have had after a night the desk was closed.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../db/errors';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident, listIncidents } from '../../db/queries/incidents';
import { getLadders, runLadder, setLadder } from '../../db/supervision/ladder';
import { myQueue } from '../../db/queries/queue';
import { buildStatsReport } from '../../db/stats/summary';
import { parseIsoWeek } from '../../db/stats/period';
import { DEFAULT_LADDER, ladderProblem, type Ladder } from '../../db/domain/ladder';
import type { WorkflowAction } from '../../db/domain/workflow';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

const MINUTE = 60_000;

/** The desk with people on duty above the grid: a grid leader, the street's leader, two district leaders. */
function desk(): DeskFixture & { leaders: { grid: number; street: number; districtA: number; districtB: number } } {
  const f = deskFixture();
  const person = f.db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, 0, 0)`);
  const duty = f.db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (?, ?, ?, '2026-01-01', 0)`);
  const grid = Number(person.run('网格长孙').lastInsertRowid);
  const street = Number(person.run('街道主任周').lastInsertRowid);
  const districtA = Number(person.run('区领导吴').lastInsertRowid);
  const districtB = Number(person.run('区领导郑').lastInsertRowid);
  duty.run(grid, 3, 'grid_leader');
  duty.run(street, 2, 'grid_leader');
  duty.run(districtA, 1, 'grid_leader');
  duty.run(districtB, 1, 'grid_leader');
  return { ...f, leaders: { grid, street, districtA, districtB } };
}

function dispatchedAt(f: DeskFixture, local: string): number {
  const c = createIncident(
    f.db,
    { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
    sh(local) - 2 * MINUTE,
  );
  const r = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, sh(local) - MINUTE);
  transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: r.version, operatorId: f.operators.supervisor }, sh(local));
  return c.id;
}

function step(f: DeskFixture, id: number, action: WorkflowAction, at: number, operatorId = f.operators.supervisor, note?: string) {
  const c = getIncident(f.db, id);
  return transitionIncident(f.db, { incidentId: id, action, expectedVersion: c.version, operatorId, note }, at);
}

const rungs = (f: DeskFixture, id: number) =>
  f.db
    .prepare(`SELECT action, at, json_extract(data, '$.rung') AS rung, json_extract(data, '$.recipient.personId') AS personId, json_extract(data, '$.caughtUpAt') AS caughtUpAt
              FROM incident_events WHERE incident_id = ? AND action IN ('warn', 'urge', 'supervise') ORDER BY id`)
    .all(id) as { action: string; at: number; rung: number; personId: number | null; caughtUpAt: number | null }[];

/**
 * Runs the clock every minute through [from, to) and returns the minutes at which it wrote something,
 * as [local time, actions written].
 */
function tickThrough(f: DeskFixture, from: string, to: string, stepMs = MINUTE): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (let t = sh(from); t < sh(to); t += stepMs) {
    const r = runLadder(f.db, t);
    if (r.fired.length) out.push([new Date(t + 8 * 3_600_000).toISOString().slice(0, 16), r.fired.map((x) => x.level)]);
  }
  return out;
}

describe('the ladder in working time', () => {
  it('across a weekend: 预警 Monday 09:30, 催办 10:30, 督办 Tuesday and Wednesday 10:30 — each once, to the right person', () => {
    const f = desk();
    // Dispatched Friday 15:30; 4 working hours: 2 on Friday, 2 on Monday → due Monday 10:30; 75 % is 3 h → Monday 09:30.
    const id = dispatchedAt(f, '2026-11-20T15:30');
    expect(getIncident(f.db, id).dueAt).toBe(sh('2026-11-23T10:30'));
    // Friday afternoon, the weekend and Monday early: minute by minute around the rungs, ten minutes elsewhere.
    expect(tickThrough(f, '2026-11-20T15:30', '2026-11-23T09:00', 10 * MINUTE)).toEqual([]);
    expect(tickThrough(f, '2026-11-23T09:00', '2026-11-23T11:00')).toEqual([
      ['2026-11-23T09:30', ['warning']],
      ['2026-11-23T10:30', ['urge']],
    ]);
    expect(tickThrough(f, '2026-11-23T11:00', '2026-11-24T10:00', 10 * MINUTE)).toEqual([]);
    expect(tickThrough(f, '2026-11-24T10:00', '2026-11-24T11:00')).toEqual([['2026-11-24T10:30', ['supervise']]]);
    expect(tickThrough(f, '2026-11-25T10:00', '2026-11-25T11:00')).toEqual([['2026-11-25T10:30', ['supervise']]]);
    expect(tickThrough(f, '2026-11-25T11:00', '2026-11-30T11:00', 30 * MINUTE)).toEqual([]);
    expect(rungs(f, id)).toEqual([
      { action: 'warn', at: sh('2026-11-23T09:30'), rung: 1, personId: f.persons.wang, caughtUpAt: null },
      { action: 'urge', at: sh('2026-11-23T10:30'), rung: 2, personId: f.leaders.grid, caughtUpAt: null },
      { action: 'supervise', at: sh('2026-11-24T10:30'), rung: 3, personId: f.leaders.street, caughtUpAt: null },
      // The district leaders on duty take turns by day.
      { action: 'supervise', at: sh('2026-11-25T10:30'), rung: 4, personId: expect.any(Number), caughtUpAt: null },
    ]);
    expect([f.leaders.districtA, f.leaders.districtB]).toContain(rungs(f, id)[3]!.personId);
    const c = getIncident(f.db, id);
    expect(c.supervisedAt).toBe(sh('2026-11-24T10:30'));
    expect(c.status).toBe('dispatched');
    expect(c.events.find((e) => e.action === 'urge')!.note).toBe('处置环节已到期：催办，通知网格长网格长孙');
    expect(c.events.find((e) => e.action === 'supervise')!.note).toBe('处置环节已超期 6.5 个工作小时：督办，通知街道街道主任周');
  });

  it('across the National Day holiday and its 调休 Saturday', () => {
    const f = desk();
    // Dispatched 30 September 16:30: 1 h that day, 1–7 October are holidays, 3 h on 8 October → due 11:30.
    const id = dispatchedAt(f, '2026-09-30T16:30');
    expect(getIncident(f.db, id).dueAt).toBe(sh('2026-10-08T11:30'));
    expect(tickThrough(f, '2026-09-30T16:30', '2026-10-08T08:00', 15 * MINUTE)).toEqual([]);
    expect(tickThrough(f, '2026-10-08T08:00', '2026-10-08T12:00')).toEqual([
      ['2026-10-08T10:30', ['warning']],
      ['2026-10-08T11:30', ['urge']],
    ]);
    // One working day past the deadline: Friday 9th; two: the 调休 Saturday 10th, a working day.
    expect(tickThrough(f, '2026-10-09T11:00', '2026-10-09T12:00')).toEqual([['2026-10-09T11:30', ['supervise']]]);
    expect(tickThrough(f, '2026-10-10T11:00', '2026-10-10T12:00')).toEqual([['2026-10-10T11:30', ['supervise']]]);
  });

  it('catches up after a night the desk was closed, with the times the rungs should have had, and never twice', () => {
    const f = desk();
    // Dispatched Tuesday 13:00 (in the lunch break: the clock starts at 14:30): 3 h on Tuesday, 1 h on Wednesday →
    // due Wednesday 09:30; 预警 when 3 of the 4 working hours have passed: Tuesday 17:30.
    const id = dispatchedAt(f, '2026-11-24T13:00');
    expect(getIncident(f.db, id).dueAt).toBe(sh('2026-11-25T09:30'));
    expect(runLadder(f.db, sh('2026-11-24T16:00')).fired).toEqual([]);
    // Closed at 16:00; opened again on Thursday 09:00: 预警 and 催办 came due while it was closed; the desk writes
    // them at once, each with the time it should have had.
    const caughtUp = runLadder(f.db, sh('2026-11-26T09:00'));
    expect(caughtUp.fired.map((x) => [x.level, x.at])).toEqual([
      ['warning', sh('2026-11-24T17:30')],
      ['urge', sh('2026-11-25T09:30')],
    ]);
    // The same minute again: nothing; the next rung, 督办 one working day past the deadline, at its minute.
    expect(runLadder(f.db, sh('2026-11-26T09:00')).fired).toEqual([]);
    expect(tickThrough(f, '2026-11-26T09:00', '2026-11-26T12:00')).toEqual([['2026-11-26T09:30', ['supervise']]]);
    expect(rungs(f, id).map((r) => [r.action, r.at, r.caughtUpAt])).toEqual([
      ['warn', sh('2026-11-24T17:30'), sh('2026-11-26T09:00')],
      ['urge', sh('2026-11-25T09:30'), sh('2026-11-26T09:00')],
      ['supervise', sh('2026-11-26T09:30'), null],
    ]);
    expect(getIncident(f.db, id).version).toBe(3); // the ladder's events change no status and no version
  });

  it('on a database from before the ladder, passes over the rungs that came due before its first run', () => {
    const f = desk();
    f.db.prepare(`DELETE FROM settings WHERE key = 'supervision.clock_since'`).run();
    const id = dispatchedAt(f, '2026-11-23T09:00'); // due Monday 15:30
    // First run on Wednesday: 预警, 催办 and the first 督办 are history; nothing is written for them.
    expect(runLadder(f.db, sh('2026-11-25T09:00')).fired).toEqual([]);
    expect(rungs(f, id)).toEqual([]);
    // From then on the clock writes what comes due: the district's 督办 on Wednesday 15:30.
    expect(tickThrough(f, '2026-11-25T15:00', '2026-11-25T16:00')).toEqual([['2026-11-25T15:30', ['supervise']]]);
  });

  it('starts again for the next stage and for a new deadline; a finished stage is never chased', () => {
    const f = desk();
    const id = dispatchedAt(f, '2026-11-24T09:00'); // 09:00–12:00 is 3 h, then 1 h → due 15:30
    runLadder(f.db, sh('2026-11-24T15:00')); // 预警 at 12:00 (3 h of 4)
    expect(rungs(f, id).map((r) => [r.action, r.at])).toEqual([['warn', sh('2026-11-24T12:00')]]);
    step(f, id, 'accept', sh('2026-11-24T15:05'), f.operators.handlerWang);
    const accepted = getIncident(f.db, id);
    transitionIncident(
      f.db,
      { incidentId: id, action: 'extend_request', expectedVersion: accepted.version, operatorId: f.operators.handlerWang, note: '需要环卫车辆', requestedDueAt: sh('2026-11-25T17:30') },
      sh('2026-11-24T15:06'),
    );
    // The approval moves the deadline, and the ladder begins again for it.
    const c = getIncident(f.db, id);
    transitionIncident(f.db, { incidentId: id, action: 'extend_approve', expectedVersion: c.version, operatorId: f.operators.supervisor }, sh('2026-11-24T15:10'));
    expect(runLadder(f.db, sh('2026-11-24T15:20')).fired).toEqual([]);
    step(f, id, 'handle', sh('2026-11-24T15:30'), f.operators.handlerWang);
    // Verification due 4 working hours after the report back: Wednesday 10:30; its 预警 at 09:30.
    expect(runLadder(f.db, sh('2026-11-25T09:30')).fired.map((x) => [x.level, x.stage])).toEqual([['warning', 'verification']]);
    step(f, id, 'verify_pass', sh('2026-11-25T09:40'), f.operators.inspector);
    expect(runLadder(f.db, sh('2026-12-31T09:00')).fired).toEqual([]);
  });
});

describe('the ladder’s settings', () => {
  it('refuses rungs out of order, naming them, and keeps the ladder in force', () => {
    const f = desk();
    const outOfOrder: Ladder = {
      rungs: [
        { level: 'warning', at: { kind: 'share', value: 0.8 }, notify: 'assignee' },
        { level: 'urge', at: { kind: 'share', value: 0.6 }, notify: 'grid_leader' },
      ],
    };
    expect(ladderProblem(outOfOrder)).toBe('第 2 级 催办（期限的 60%，网格长） 不晚于第 1 级 预警（期限的 80%，责任人）：各级须按时间先后排列');
    expect(() => setLadder(f.db, null, outOfOrder, 1)).toThrow(AppError);
    expect(ladderProblem({ rungs: [{ level: 'supervise', at: { kind: 'after', value: 1, unit: 'wd' }, notify: 'street' }, { level: 'urge', at: { kind: 'after', value: 2, unit: 'wd' }, notify: 'district' }] })).toMatch(
      /级别只能逐级升高/,
    );
    expect(ladderProblem({ rungs: [{ level: 'warning', at: { kind: 'share', value: 0 }, notify: 'assignee' }] })).toMatch(/期限的 0% 到 100% 之间/);
    expect(ladderProblem({ rungs: [{ level: 'urge', at: { kind: 'after', value: 8, unit: 'wh' }, notify: 'street' }, { level: 'supervise', at: { kind: 'after', value: 1, unit: 'wd' }, notify: 'district' }] })).toMatch(
      /不晚于第 1 级/,
    );
    expect(ladderProblem({ rungs: [] })).toBe('催办督办规则至少要有一级');
    expect(getLadders(f.db).default).toEqual(DEFAULT_LADDER);
  });

  it('gives a category its own ladder', () => {
    const f = desk();
    setLadder(f.db, f.categories.garbage, { rungs: [{ level: 'urge', at: { kind: 'share', value: 0.5 }, notify: 'grid_leader' }] }, 1);
    const id = dispatchedAt(f, '2026-11-24T09:00'); // due 15:30; half of its 4 working hours have passed at 11:00
    expect(runLadder(f.db, sh('2026-11-24T11:00')).fired.map((x) => x.level)).toEqual(['urge']);
    expect(runLadder(f.db, sh('2026-11-30T11:00')).fired).toEqual([]);
    expect(rungs(f, id)).toHaveLength(1);
  });
});

describe('counted and shown', () => {
  it('counts 预警, 催办 (the clock’s and a supervisor’s) and 督办件数 by street and person, and flags 督办 cases in the list and the queue', () => {
    const f = desk();
    const a = dispatchedAt(f, '2026-11-23T09:00');
    const b = dispatchedAt(f, '2026-11-23T09:10');
    runLadder(f.db, sh('2026-11-26T09:00'));
    expect(() => step(f, b, 'urge', sh('2026-11-26T09:30'))).toThrow(/「催办」必须填写理由/);
    const urged = step(f, b, 'urge', sh('2026-11-26T09:30'), f.operators.supervisor, '请今日内处置完毕');
    expect(urged.events.at(-1)).toMatchObject({ action: 'urge', note: '请今日内处置完毕', data: { manual: true, level: 'urge', stage: 'handling' } });
    expect(() => step(f, b, 'urge', sh('2026-11-26T09:40'), f.operators.handlerWang, '自己催自己')).toThrow(/不能执行「催办」/);
    const report = buildStatsReport(f.db, { period: parseIsoWeek('2026-W48'), label: 'W48', now: sh('2026-12-01T09:00') });
    // Each case: 预警, 催办, 督办 ×2 (street, district); plus one 催办 by hand.
    expect(report.supervision).toMatchObject({ warnings: 2, urges: 3, manualUrges: 1, supervisions: 4, supervisedCases: 2 });
    expect(report.supervision!.byStreet).toEqual([{ code: '430102001000000', name: '文艺路街道', warnings: 2, urges: 3, manualUrges: 1, supervisions: 4, supervisedCases: 2 }]);
    expect(report.supervision!.byPerson).toEqual([{ personId: f.persons.wang, name: '王建国', warnings: 2, urges: 3, manualUrges: 1, supervisions: 4, supervisedCases: 2 }]);
    const listed = listIncidents(f.db, { filter: { supervised: true }, sort: 'reported_desc', limit: 10 }, sh('2026-11-26T10:00'));
    // Due Monday 15:30 and 15:40: 督办 one working day later.
    expect(listed.items.map((i) => [i.id, i.supervisedAt])).toEqual([
      [b, sh('2026-11-24T15:40')],
      [a, sh('2026-11-24T15:30')],
    ]);
    const queue = myQueue(f.db, { operatorId: f.operators.handlerWang, role: 'handler', personId: f.persons.wang }, sh('2026-11-26T10:00'));
    expect(queue.items.map((i) => [i.incidentId, i.level, i.supervised])).toEqual([
      [a, 'late', true],
      [b, 'late', true],
    ]);
  });
});

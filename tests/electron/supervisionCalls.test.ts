/**
 * 催办/督办 and 我的待办 through the one entry every transport uses: the ladder's settings (a supervisor's
 * change logged with before and after; rungs out of order refused and not logged), a supervisor's own
 * 催办, and each role's queue, sorted by time left, with counts. The host runtime runs the clock by itself.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import { startRuntime } from '../../electron/runtime';
import type { Actor, IncidentDetail, LadderSettings, MyQueue } from '../../electron/contract';
import { deskFixture, sh } from '../helpers/deskFixture';

function desk(at: string) {
  const f = deskFixture();
  let clock = sh(at);
  const handlers = createHandlers({ db: f.db, databasePath: path.join(path.dirname(f.db.name), 'x.sqlite'), transport: 'direct', version: 'test', now: () => clock });
  const actor = (id: number): Actor => {
    const o = f.db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(id) as { id: number; name: string; role: Actor['role']; person_id: number | null };
    return { operatorId: o.id, name: o.name, role: o.role, personId: o.person_id };
  };
  const call = (name: string, input: unknown, operatorId = f.operators.supervisor) => invokeCall(handlers, name, input, directCaller(actor(operatorId)));
  const ok = async <T>(name: string, input: unknown, operatorId?: number): Promise<T> => {
    const r = await call(name, input, operatorId);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  return { f, call, ok, at: (local: string) => (clock = sh(local)) };
}

/** Creates a case in the west grid (Wang's) and takes it as far as asked. */
async function caseTo(d: ReturnType<typeof desk>, status: 'reported' | 'registered' | 'dispatched' | 'handled') {
  const c = await d.ok<IncidentDetail>('incidents:create', { categoryId: d.f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, source: 'patrol' });
  const steps: [string, number][] = [
    ['register', d.f.operators.supervisor],
    ['dispatch', d.f.operators.supervisor],
    ['accept', d.f.operators.handlerWang],
    ['handle', d.f.operators.handlerWang],
  ];
  const upTo = { reported: 0, registered: 1, dispatched: 2, handled: 4 }[status];
  let version = c.version;
  for (const [action, operator] of steps.slice(0, upTo)) version = (await d.ok<IncidentDetail>('incidents:transition', { incidentId: c.id, action, expectedVersion: version }, operator)).version;
  return { id: c.id, version };
}

describe('the ladder’s settings', () => {
  it('a supervisor changes the default ladder on the settings log; rungs out of order are refused and not logged', async () => {
    const d = desk('2026-11-24T09:00');
    const logged = () => d.f.db.prepare(`SELECT count(*) FROM settings_log WHERE action = 'supervision.ladder'`).pluck().get();
    const bad = await d.call('supervision:set-ladder', {
      categoryId: null,
      ladder: { rungs: [{ level: 'supervise', at: { kind: 'after', value: 1, unit: 'wd' }, notify: 'street' }, { level: 'warning', at: { kind: 'share', value: 0.75 }, notify: 'assignee' }] },
    });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(!bad.ok && bad.error.message).toMatch(/第 2 级 预警（期限的 75%，责任人） 不晚于第 1 级 督办（超期 1 个工作日，街道）：各级须按时间先后排列/);
    expect(logged()).toBe(0);
    const handler = await d.call('supervision:set-ladder', { categoryId: null, ladder: null }, d.f.operators.handlerWang);
    expect(handler).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const ladder = { rungs: [{ level: 'warning', at: { kind: 'share', value: 0.5 }, notify: 'assignee' }, { level: 'urge', at: { kind: 'share', value: 1 }, notify: 'grid_leader' }] };
    const set = await d.ok<LadderSettings>('supervision:set-ladder', { categoryId: d.f.categories.garbage, ladder });
    expect(set.categories[String(d.f.categories.garbage)]).toEqual(ladder);
    expect(logged()).toBe(1);
    expect((await d.ok<LadderSettings>('supervision:ladders', {})).categories[String(d.f.categories.garbage)]).toEqual(ladder);
  });
});

describe('我的待办', () => {
  it('gives each role its lists, sorted by time left, with counts', async () => {
    const d = desk('2026-11-24T09:00');
    const reported = await caseTo(d, 'reported');
    d.at('2026-11-24T09:05');
    const toDispatch = await caseTo(d, 'registered'); // dispatch due 10:05
    d.at('2026-11-24T09:10');
    const mineLater = await caseTo(d, 'dispatched'); // handling due 15:40
    d.at('2026-11-24T09:20');
    const toVerify = await caseTo(d, 'handled'); // verification due 15:50
    const order = await d.ok<{ incidentId: number }>('hotline:create', {
      orderNo: 'GD1',
      content: '门口垃圾',
      categoryId: d.f.categories.garbage,
      gridCode: '430102001001001',
    }); // 签收 due 11:20

    d.at('2026-11-24T10:30');
    const supervisor = await d.ok<MyQueue>('queue:mine', {});
    expect(supervisor.counts).toMatchObject({ acknowledge: 1, register: 1, dispatch: 1, verify: 0, callback: 0, extension: 0, return: 0, total: 3, late: 1 });
    // The supervisor reported the handled case: separation of duties keeps it out of their 待核查.
    expect(supervisor.items.map((i) => [i.kind, i.incidentId, i.level])).toEqual([
      ['dispatch', toDispatch.id, 'late'],
      ['acknowledge', order.incidentId, 'warning'],
      ['register', reported.id, 'normal'],
    ]);
    const inspector = await d.ok<MyQueue>('queue:mine', {}, d.f.operators.inspector);
    expect(inspector.items.map((i) => [i.kind, i.incidentId, i.dueAt])).toEqual([['verify', toVerify.id, sh('2026-11-24T15:50')]]);
    // Wang's own: the case dispatched to him (the handled one waits for verification, not for him).
    const handler = await d.ok<MyQueue>('queue:mine', {}, d.f.operators.handlerWang);
    expect(handler.counts).toMatchObject({ mine: 1, total: 1 });
    expect(handler.items.map((i) => [i.kind, i.incidentId, i.dueAt])).toEqual([['mine', mineLater.id, sh('2026-11-24T15:40')]]);
    const manager = await d.ok<MyQueue>('queue:mine', {}, d.f.operators.manager);
    expect(manager.counts.total).toBe(0);
    expect(manager.items).toEqual([]);
  });

  it('a supervisor’s 催办 needs a note and is counted; other roles may not', async () => {
    const d = desk('2026-11-24T09:00');
    const c = await caseTo(d, 'dispatched');
    const noNote = await d.call('supervision:urge', { incidentId: c.id, expectedVersion: c.version, note: '' });
    expect(!noNote.ok && noNote.error.message).toMatch(/「催办」必须填写理由/);
    const byHandler = await d.call('supervision:urge', { incidentId: c.id, expectedVersion: c.version, note: '快' }, d.f.operators.handlerWang);
    expect(byHandler).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const urged = await d.ok<IncidentDetail>('supervision:urge', { incidentId: c.id, expectedVersion: c.version, note: '请今天处置' });
    expect(urged.events.at(-1)).toMatchObject({ action: 'urge', actorName: '监督员陈', note: '请今天处置' });
  });
});

describe('the host runs the clock', () => {
  it('starts the ladder with the runtime, catches up on what came due while closed, and stops with it', async () => {
    // A case dispatched on Monday 09:00, due 15:30; the desk is next started on Wednesday.
    const f = deskFixture();
    const file = f.db.name;
    const { createIncident, transitionIncident } = await import('../../db/queries/caseWorkflow');
    const c = createIncident(f.db, { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' }, sh('2026-11-23T08:58'));
    const r = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, sh('2026-11-23T08:59'));
    transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: r.version, operatorId: f.operators.supervisor }, sh('2026-11-23T09:00'));
    f.db.close();

    const fired: number[] = [];
    const runtime = startRuntime({ databasePath: file, transport: 'direct', backups: false, now: () => sh('2026-11-25T09:00'), ladderDelayMs: 10, ladderIntervalMs: 20, onLadder: (x) => fired.push(x.fired.length) });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // 预警 Monday 12:00, 催办 15:30, 督办 Tuesday 15:30 — once, however often the clock ticked since.
      expect(fired).toEqual([3]);
      const levels = runtime.store().db.prepare(`SELECT action, at FROM incident_events WHERE action IN ('warn', 'urge', 'supervise') ORDER BY id`).all();
      expect(levels).toEqual([
        { action: 'warn', at: sh('2026-11-23T12:00') },
        { action: 'urge', at: sh('2026-11-23T15:30') },
        { action: 'supervise', at: sh('2026-11-24T15:30') },
      ]);
    } finally {
      await runtime.stop();
    }
  });
});

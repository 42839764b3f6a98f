/**
 * The demo district looks like a real, mostly well-run district with two weaker streets — measured the way a
 * manager sees it, through the real calls: the desk loads the demo on a Wednesday afternoon (`demo:load`
 * without a date: the district has worked up to that moment), then reads every week's figures (`stats:week`,
 * the weekly summary's numbers), the whole period by street (`stats:period`) and the map's grid tree
 * (`grids:tree`).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import type { Actor, GridTreeNode, Handlers, StatsReport } from '../../electron/contract';
import { isoWeekOf, isoWeekRange, shanghaiDate, shanghaiIso, shanghaiMidnight, shiftWeek } from '../../db/domain/time';
import { runLadder } from '../../db/supervision/ladder';
import { DEMO_STREETS } from '../../db/demo/names';
import { DEMO_WEEKS, validateDemoOptions } from '../../db/demo/generate';
import { sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

const NOW = sh('2026-11-25T15:00'); // a Wednesday afternoon: 2026-W48 is two and a half days old
const TODAY = shanghaiDate(NOW);
const CURRENT = isoWeekOf(NOW);
/** The demo's full weeks, oldest first (its 12 weeks end with the current one). */
const FULL_WEEKS = Array.from({ length: DEMO_WEEKS - 1 }, (_, k) => shiftWeek(CURRENT, k - (DEMO_WEEKS - 1)));
/** The weaker streets, the weakest first. */
const WEAK = DEMO_STREETS.filter((s) => (s.lag ?? 1) > 1)
  .sort((a, b) => b.lag! - a.lag!)
  .map((s) => s.name);
const WEAKEST = WEAK[0]!;

let db: Db;
let handlers: Handlers;
let admin: Actor;
const weeks = new Map<string, StatsReport>();

async function ok<T>(name: string, input: unknown, actor?: Actor): Promise<T> {
  const r = await invokeCall(handlers, name, input, directCaller(actor));
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

const pct = (r: number | null) => (r === null ? 'null' : `${(r * 100).toFixed(1)}%`);

beforeAll(async () => {
  const file = path.join(tempDir(), 'demo.sqlite');
  db = openDatabase(file).db;
  handlers = createHandlers({ db, databasePath: file, transport: 'direct', version: 'test', now: () => NOW });
  // Before anyone exists, as on the welcome screen.
  await ok('demo:load', { incidents: 20_000 });
  const row = db.prepare(`SELECT id, name FROM operators WHERE role = 'admin' AND is_demo = 1`).get() as { id: number; name: string };
  admin = { operatorId: row.id, name: row.name, role: 'admin', personId: null };
  for (const week of [...FULL_WEEKS, CURRENT]) weeks.set(week, await ok<StatsReport>('stats:week', { week }, admin));
}, 60_000);

afterAll(() => db.close());

describe('the demo district, as its weekly figures show it', () => {
  it('closes 85–95 % of its cases on time every week, the current (partial) week included', () => {
    expect(FULL_WEEKS).toHaveLength(11);
    for (const [week, r] of weeks) {
      expect(r.totals.due, week).toBeGreaterThan(week === CURRENT ? 500 : 900);
      expect(r.totals.onTimeRate, `${week}: ${r.totals.closedOnTime}/${r.totals.due}`).toBeGreaterThanOrEqual(0.85);
      expect(r.totals.onTimeRate, `${week}: ${r.totals.closedOnTime}/${r.totals.due}`).toBeLessThanOrEqual(0.95);
      // Some cases are closed late every week: a district that works, not a perfect one.
      expect(r.totals.closedLate, week).toBeGreaterThan(0);
    }
    // The weeks differ: some are busier than others.
    const rates = FULL_WEEKS.map((w) => weeks.get(w)!.totals.onTimeRate!);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.01);
  });

  it('leaves few open cases overdue, a handful of them long open, concentrated in the weaker streets', async () => {
    expect(WEAK).toHaveLength(2);
    const tree = (await ok<GridTreeNode>('grids:tree', {}, admin))!;
    expect(tree.openIncidents).toBeGreaterThan(150);
    expect(tree.overdueIncidents).toBeGreaterThan(5);
    expect(tree.overdueIncidents / tree.openIncidents, `${tree.overdueIncidents} of ${tree.openIncidents} open cases overdue`).toBeLessThan(0.1);

    // Every street has a case a few hours late now and then; the weakest street has the most, and the two
    // weaker ones (a sixth of the district's cases) hold a third or more.
    const streets = [...tree.children].sort((a, b) => b.overdueIncidents - a.overdueIncidents);
    const table = streets.map((s) => `${s.name} ${s.overdueIncidents}`).join(', ');
    const overdueOf = (name: string) => tree.children.find((s) => s.name === name)!.overdueIncidents;
    expect(overdueOf(WEAKEST), table).toBe(streets[0]!.overdueIncidents);
    expect(overdueOf(WEAKEST), table).toBeGreaterThan(streets.find((s) => !WEAK.includes(s.name))!.overdueIncidents);
    expect(WEAK.reduce((n, name) => n + overdueOf(name), 0) / tree.overdueIncidents, table).toBeGreaterThanOrEqual(1 / 3);

    // The current week's figures count the same overdue cases as the map (both as of now).
    const current = weeks.get(CURRENT)!;
    expect(current.totals.overdueOpen).toBe(current.overdueList.length);
    expect(current.overdueList.length).toBe(tree.overdueIncidents);
    // Long open: more than three days past the deadline. A handful, nearly all in the weaker streets.
    const longOpen = current.overdueList.filter((o) => o.overdueHours > 3 * 24);
    const longTable = longOpen.map((o) => `${o.streetName} ${o.categoryName} ${Math.round(o.overdueHours / 24)}d`).join(', ');
    expect(longOpen.length, longTable).toBeGreaterThanOrEqual(3);
    expect(longOpen.length, longTable).toBeLessThanOrEqual(20);
    expect(longOpen.filter((o) => WEAK.includes(o.streetName!)).length / longOpen.length, longTable).toBeGreaterThanOrEqual(2 / 3);
  });

  it('ranks the two weaker streets last by on-time rate over the twelve weeks; every other street closes 88 % or more on time', async () => {
    const r = await ok<StatsReport>('stats:period', { from: isoWeekRange(FULL_WEEKS[0]!).monday, to: TODAY }, admin);
    const byRate = [...r.byStreet].sort((a, b) => a.onTimeRate! - b.onTimeRate!);
    const table = byRate.map((s) => `${s.name} ${pct(s.onTimeRate)}`).join(', ');
    expect(byRate.slice(0, 2).map((s) => s.name).sort(), table).toEqual([...WEAK].sort());
    for (const s of byRate.slice(2)) expect(s.onTimeRate, table).toBeGreaterThanOrEqual(0.88);
    expect(byRate[0]!.onTimeRate, table).toBeGreaterThan(0.6);
  });

  it('has 12345 orders with a realistic satisfaction rate, a few 不满意 → 重办 and 退单 each week', () => {
    let reopened = 0;
    let unreachable = 0;
    for (const [week, r] of weeks) {
      const h = r.hotline!;
      expect(h.received, week).toBeGreaterThan(week === CURRENT ? 60 : 150);
      expect(h.received / r.totals.received, week).toBeGreaterThan(0.15);
      expect(h.received / r.totals.received, week).toBeLessThan(0.25);
      expect(h.satisfactionRate, `${week}: ${h.satisfied}/${h.callbacks}`).toBeGreaterThanOrEqual(0.85);
      expect(h.satisfactionRate, `${week}: ${h.satisfied}/${h.callbacks}`).toBeLessThanOrEqual(0.97);
      expect(h.onTimeRate, week).toBeGreaterThanOrEqual(0.85);
      expect(h.dissatisfied, week).toBeGreaterThan(0);
      reopened += h.reopened;
      unreachable += h.unreachable;
    }
    expect(reopened).toBeGreaterThan(50);
    expect(unreachable).toBeGreaterThan(10);
    expect([...weeks.values()].reduce((n, r) => n + r.hotline!.returnedToPlatform, 0)).toBeGreaterThan(20);
  });

  it('keeps the stage clocks mostly on time, with a few cases chased by 催办 and 督办', () => {
    let supervised = 0;
    const late = { dispatch: 0, handling: 0, verification: 0 };
    for (const [week, r] of weeks) {
      for (const stage of ['dispatch', 'handling', 'verification'] as const) {
        const s = r.stages![stage];
        expect(s.due, `${week} ${stage}`).toBeGreaterThan(0);
        expect(s.onTimeRate, `${week} ${stage}: ${s.onTime}/${s.due}`).toBeGreaterThanOrEqual(0.85);
        late[stage] += s.late;
      }
      const chased = r.supervision!;
      expect(chased.urges, week).toBeGreaterThan(0);
      // 督办 is for the few cases a 催办 did not move.
      expect(chased.supervisedCases, week).toBeLessThan(0.03 * r.totals.due);
      supervised += chased.supervisedCases;
    }
    expect(supervised).toBeGreaterThan(30);
    for (const stage of ['dispatch', 'handling', 'verification'] as const) expect(late[stage], stage).toBeGreaterThan(0);
  });
});

describe('the demo loaded at a moment of the day', () => {
  it('has worked up to that moment: this morning’s reports are in, nothing lies later, and the desk’s clock has nothing to catch up', () => {
    const count = (sql: string, ...args: number[]) => db.prepare(sql).pluck().get(...args) as number;
    const midnight = shanghaiMidnight(TODAY);
    expect(count(`SELECT count(*) FROM incidents WHERE reported_at >= ? AND reported_at < ?`, midnight, NOW)).toBeGreaterThan(100);
    expect(count(`SELECT count(*) FROM incidents WHERE closed_at >= ?`, midnight)).toBeGreaterThan(50);
    expect(count(`SELECT count(*) FROM incident_events WHERE at >= ?`, NOW)).toBe(0);
    expect(count(`SELECT count(*) FROM incidents WHERE reported_at >= ?`, NOW)).toBe(0);
    const demo = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'demo'`).pluck().get() as string) as Record<string, unknown>;
    expect(demo).toMatchObject({ until: TODAY, generatedAt: shanghaiIso(NOW) });
    expect(shanghaiIso(NOW)).toBe('2026-11-25T15:00:00+08:00');
    // Every rung due before the generation instant is in the log; from it on, the clock writes them.
    const events = count(`SELECT count(*) FROM incident_events`);
    expect(runLadder(db, NOW - 1).fired).toEqual([]);
    expect(count(`SELECT count(*) FROM incident_events`)).toBe(events);
  });

  it('takes a generation instant only on the date it runs up to', () => {
    const midnight = shanghaiMidnight('2026-11-25');
    const options = { seed: 1, until: '2026-11-25', incidents: 10 };
    expect(() => validateDemoOptions({ ...options, asOf: midnight })).not.toThrow();
    expect(() => validateDemoOptions({ ...options, asOf: midnight + 86_400_000 - 1 })).not.toThrow();
    expect(() => validateDemoOptions({ ...options, asOf: midnight - 1 })).toThrow(/生成时刻必须在截止日期 2026-11-25 当天：2026-11-24 23:59/);
    expect(() => validateDemoOptions({ ...options, asOf: midnight + 86_400_000 })).toThrow(/当天/);
  });
});

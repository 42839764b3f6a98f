import path from 'node:path';
import { appendEvent } from '../../db/queries/events';
import type { IncidentStatus } from '../../db/domain/codes';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { buildStatsReport } from '../../db/stats/summary';
import { isoWeekOf, parseIsoWeek, previousWeek } from '../../db/stats/period';
import type { CountingRuleId } from '../../db/stats/rules';
import { rect, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

/**
 * A hand-counted week: 2026-W47 = Monday 16 to Sunday 22 November 2026 (Asia/Shanghai).
 * Cases A–O below; the expected figures were counted by hand from this table.
 *
 * case street what happens                                                          in W47 counts as
 * A    1  reported Mon 09:00, registered, dispatched 09:20 due 13:20, closed 11:00  rec reg due closed on-time
 * B    1  reported Tue 10:00, dispatched 10:30 due 15:30, closed Wed 10:00          rec reg due closed late
 * C    1  reported Wed 09:00, due 14:00, failed verification 12:00, closed 13:30    rec reg due closed on-time rework
 * D    1  reported Thu 09:00, extension approved Thu 11:00 to Tue 24th, open        rec reg extended
 * E    1  reported Mon, due Tue 12:00, hung Wed                                     rec reg hung
 * G    1  duplicate of A                                                            nothing
 * H    1  voided                                                                    nothing
 * D2   2  reported Tue, extension approved Tue to Fri 17:00, closed Fri 16:00       rec reg due closed on-time extended
 * F    2  reported Fri 09:00, due 13:30, still handling                             rec reg due overdue-open
 * I    2  reported Wed, rejected                                                    rec
 * J    2  fixed on the spot Thu 15:00, closed 15:30                                 rec reg due closed on-time fixed
 * K    2  reported Sun 23:59, registered Mon 23rd 00:00                             rec
 * L    2  reported Mon 23rd 00:00                                                   nothing (next week)
 * M    2  reported the week before, due Mon 10:00, closed Mon 09:00                 due closed on-time
 * N    2  reported the week before, due Wed 11th, still handling                    overdue-open
 * O    2  reported Fri, due Sat 10:00, closed Tue 24th                              rec reg due overdue-open
 * P    2  reported the week before, due Tue 17th, closed early the week before      nothing
 */
interface Step {
  action: string;
  at: string;
  to: string;
  data?: Record<string, unknown>;
}

function fixture(): Db {
  const { db } = openDatabase(path.join(tempDir(), 'stats.sqlite'));
  seedDefaults(db, 0);
  const g = db.prepare(
    `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const add = (id: number, code: string, parent: number | null, level: number, name: string, b: [number, number, number, number]) =>
    g.run(id, code, parent, level, name, JSON.stringify(rect(...b)), ...b);
  add(1, '430102000000000', null, 1, '芙蓉区', [113.0, 28.18, 113.04, 28.2]);
  add(2, '430102001000000', 1, 2, '文艺路街道', [113.0, 28.18, 113.02, 28.2]);
  add(3, '430102001001001', 2, 3, '文艺路第1网格', [113.0, 28.18, 113.02, 28.2]);
  add(4, '430102002000000', 1, 2, '朝阳街街道', [113.02, 28.18, 113.04, 28.2]);
  add(5, '430102002001001', 4, 3, '朝阳街第1网格', [113.02, 28.18, 113.04, 28.2]);
  db.prepare(`INSERT INTO persons (id, name, created_at, updated_at) VALUES (1, '王建国', 0, 0), (2, '李秀英', 0, 0)`).run();
  return db;
}

let nextId = 1;
function addCase(
  db: Db,
  name: string,
  grid: 3 | 5,
  steps: Step[],
  extra: { dueAt?: string; duplicateOf?: number; fixed?: boolean; category?: string } = {},
): number {
  const id = nextId++;
  const t = (a: string) => sh(a);
  const at = (action: string) => steps.find((s) => s.action === action)?.at;
  const last = (action: string) => steps.filter((s) => s.action === action).at(-1)?.at;
  const category = (db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = ?`).get(extra.category ?? '0102') as { id: number }).id;
  const status = steps.at(-1)!.to;
  db.prepare(
    `INSERT INTO incidents (id, case_no, category_id, description, grid_id, source, status, assignee_id, reported_at, registered_at,
       dispatched_at, handled_at, closed_at, due_at, duplicate_of, is_fixed_on_spot, rework_count, extension_count, created_at, updated_at)
     VALUES (@id, @caseNo, @category, @name, @grid, 'patrol', @status, @assignee, @reported, @registered, @dispatched, @handled, @closed,
       @due, @dup, @fixed, @rework, @ext, @reported, @updated)`,
  ).run({
    id,
    caseNo: `W47-${name}`,
    category,
    name: `案件 ${name}`,
    grid,
    status,
    assignee: at('dispatch') ? (grid === 3 ? 1 : 2) : null,
    reported: t(steps[0]!.at),
    registered: at('register') ? t(at('register')!) : null,
    dispatched: at('dispatch') ? t(at('dispatch')!) : null,
    handled: last('handle') ? t(last('handle')!) : null,
    closed: at('verify_pass') ? t(at('verify_pass')!) : null,
    due: extra.dueAt ? t(extra.dueAt) : null,
    dup: extra.duplicateOf ?? null,
    fixed: extra.fixed ? 1 : 0,
    rework: steps.filter((s) => s.action === 'verify_fail').length,
    ext: steps.filter((s) => s.action === 'extend_approve').length,
    updated: t(steps.at(-1)!.at),
  });
  let from: string | null = null;
  for (const s of steps) {
    appendEvent(db, { incidentId: id, at: t(s.at), operatorId: null, actorName: '测试', action: s.action, fromStatus: from as IncidentStatus | null, toStatus: s.to as IncidentStatus, data: s.data ?? null });
    from = s.to;
  }
  return id;
}

const flow = (reported: string, registered: string, dispatched: string): Step[] => [
  { action: 'report', at: reported, to: 'reported' },
  { action: 'register', at: registered, to: 'registered' },
  { action: 'dispatch', at: dispatched, to: 'dispatched' },
];
const close = (handled: string, closed: string): Step[] => [
  { action: 'handle', at: handled, to: 'handled' },
  { action: 'verify_pass', at: closed, to: 'closed' },
];

function week47(): Db {
  nextId = 1;
  const db = fixture();
  const A = addCase(db, 'A', 3, [...flow('2026-11-16T09:00', '2026-11-16T09:10', '2026-11-16T09:20'), ...close('2026-11-16T10:50', '2026-11-16T11:00')], { dueAt: '2026-11-16T13:20' });
  addCase(db, 'B', 3, [...flow('2026-11-17T10:00', '2026-11-17T10:10', '2026-11-17T10:30'), ...close('2026-11-18T09:00', '2026-11-18T10:00')], { dueAt: '2026-11-17T15:30' });
  addCase(
    db,
    'C',
    3,
    [
      ...flow('2026-11-18T09:00', '2026-11-18T09:10', '2026-11-18T09:30'),
      { action: 'handle', at: '2026-11-18T11:00', to: 'handled' },
      { action: 'verify_fail', at: '2026-11-18T12:00', to: 'handling' },
      ...close('2026-11-18T13:00', '2026-11-18T13:30'),
    ],
    { dueAt: '2026-11-18T14:00' },
  );
  addCase(db, 'D', 3, [...flow('2026-11-19T09:00', '2026-11-19T09:10', '2026-11-19T09:30'), { action: 'extend_approve', at: '2026-11-19T11:00', to: 'dispatched' }], {
    dueAt: '2026-11-24T10:00',
  });
  addCase(db, 'E', 3, [...flow('2026-11-16T14:00', '2026-11-16T14:10', '2026-11-16T14:20'), { action: 'hang', at: '2026-11-18T10:00', to: 'hung' }], { dueAt: '2026-11-17T12:00' });
  addCase(db, 'G', 3, [{ action: 'report', at: '2026-11-16T10:00', to: 'reported' }], { duplicateOf: A });
  addCase(db, 'H', 3, [{ action: 'report', at: '2026-11-17T10:00', to: 'reported' }, { action: 'void', at: '2026-11-17T11:00', to: 'voided' }]);
  addCase(
    db,
    'D2',
    5,
    [...flow('2026-11-17T09:00', '2026-11-17T09:10', '2026-11-17T09:30'), { action: 'extend_approve', at: '2026-11-17T12:00', to: 'dispatched' }, ...close('2026-11-20T15:00', '2026-11-20T16:00')],
    { dueAt: '2026-11-20T17:00' },
  );
  addCase(db, 'F', 5, [...flow('2026-11-20T09:00', '2026-11-20T09:10', '2026-11-20T09:30'), { action: 'accept', at: '2026-11-20T10:00', to: 'handling' }], { dueAt: '2026-11-20T13:30' });
  addCase(db, 'I', 5, [{ action: 'report', at: '2026-11-18T10:00', to: 'reported' }, { action: 'reject', at: '2026-11-18T11:00', to: 'rejected' }]);
  addCase(db, 'J', 5, [{ action: 'fix_on_spot', at: '2026-11-19T15:00', to: 'handled' }, { action: 'verify_pass', at: '2026-11-19T15:30', to: 'closed' }], { fixed: true });
  addCase(db, 'K', 5, [{ action: 'report', at: '2026-11-22T23:59', to: 'reported' }, { action: 'register', at: '2026-11-23T00:00', to: 'registered' }]);
  addCase(db, 'L', 5, [{ action: 'report', at: '2026-11-23T00:00', to: 'reported' }]);
  addCase(db, 'M', 5, [...flow('2026-11-13T09:00', '2026-11-13T09:30', '2026-11-13T10:00'), ...close('2026-11-16T08:40', '2026-11-16T09:00')], { dueAt: '2026-11-16T10:00' });
  addCase(db, 'N', 5, [...flow('2026-11-10T09:00', '2026-11-10T09:30', '2026-11-10T10:00'), { action: 'accept', at: '2026-11-10T11:00', to: 'handling' }], { dueAt: '2026-11-11T10:00' });
  addCase(db, 'P', 5, [...flow('2026-11-12T09:00', '2026-11-12T09:30', '2026-11-12T10:00'), ...close('2026-11-14T09:00', '2026-11-14T10:00')], { dueAt: '2026-11-17T10:00' });
  addCase(db, 'O', 5, [...flow('2026-11-20T09:00', '2026-11-20T09:10', '2026-11-20T09:30'), { action: 'accept', at: '2026-11-20T10:00', to: 'handling' }, ...close('2026-11-24T09:00', '2026-11-24T10:00')], {
    dueAt: '2026-11-21T10:00',
  });
  return db;
}

function report(db: Db, rule: CountingRuleId, areaCode?: string) {
  const w = parseIsoWeek('2026-W47');
  const p = parseIsoWeek(previousWeek('2026-W47'));
  return buildStatsReport(db, { period: w, label: '2026-W47', previous: { period: p, label: '2026-W46' }, areaCode, rule, now: sh('2026-11-25T10:00') });
}

describe('ISO weeks in Asia/Shanghai', () => {
  it('runs Monday 00:00 to Sunday 24:00 Shanghai time', () => {
    const w = parseIsoWeek('2026-W47');
    expect(w.start).toBe(sh('2026-11-16T00:00'));
    expect(w.end).toBe(sh('2026-11-23T00:00'));
    expect(isoWeekOf(sh('2026-11-22T23:59'))).toBe('2026-W47');
    expect(isoWeekOf(sh('2026-11-23T00:00'))).toBe('2026-W48');
    expect(parseIsoWeek('2017-W25').monday).toBe('2017-06-19');
    expect(parseIsoWeek('2020-W53').monday).toBe('2020-12-28');
    expect(isoWeekOf(sh('2021-01-03T12:00'))).toBe('2020-W53');
    expect(previousWeek('2027-W01')).toBe('2026-W53');
    expect(() => parseIsoWeek('2026-W54')).toThrow(/没有第 54 周/);
    expect(() => parseIsoWeek('2025-W53')).toThrow(/共 52 周/);
    expect(() => parseIsoWeek('2026-47')).toThrow(/周次格式应为 YYYY-Www/);
  });
});

describe('the indicators of a hand-counted week', () => {
  it('standard rule: every figure, and the street rows add up to the district', () => {
    const r = report(week47(), 'standard');
    expect(r.totals).toMatchObject({
      received: 11,
      registered: 9,
      due: 8,
      closed: 6,
      closedOnTime: 5,
      closedLate: 1,
      overdueOpen: 3,
      rework: 1,
      extended: 2,
      hung: 1,
      fixedOnSpot: 1,
    });
    expect(r.totals.closureRate).toBeCloseTo(6 / 8, 10);
    expect(r.totals.onTimeRate).toBeCloseTo(5 / 8, 10);
    expect(r.totals.reworkRate).toBeCloseTo(1 / 6, 10);
    expect(r.totals.extensionRate).toBeCloseTo(2 / 9, 10);
    expect(r.totals.avgHandlingHours).toBeCloseTo((5 / 3 + 23.5 + 4 + 78.5 + 71) / 5, 6);
    expect(r.byStreet.map((s) => [s.name, s.received, s.registered, s.due, s.closed, s.closedOnTime, s.overdueOpen])).toEqual([
      ['文艺路街道', 5, 5, 3, 3, 2, 0],
      ['朝阳街街道', 6, 4, 5, 3, 3, 3],
    ]);
    for (const key of ['received', 'registered', 'due', 'closed', 'closedOnTime', 'closedLate', 'overdueOpen', 'rework', 'extended', 'hung', 'fixedOnSpot'] as const) {
      expect(r.byStreet.reduce((n, s) => n + s[key], 0), key).toBe(r.totals[key]);
      expect(r.byGrid.reduce((n, s) => n + s[key], 0), key).toBe(r.totals[key]);
    }
    expect(r.rule.name).toBe('标准口径');
    expect(r.rule.description).toMatch(/重复案件、作废案件不计/);
    expect(r.cleanup).toEqual([{ label: '垃圾堆物', count: 6 }]);
    expect(r.overdueList.map((o) => o.caseNo)).toEqual(['W47-N', 'W47-F', 'W47-O']);
    expect(r.previous?.totals).toMatchObject({ received: 3, closed: 1 }); // M, N and P the week before; P closed then
  });

  it('exclude-extended rule: approved deferrals leave the denominator', () => {
    const r = report(week47(), 'exclude-extended');
    expect(r.totals).toMatchObject({ due: 7, closed: 6, closedOnTime: 4, extended: 2 });
    expect(r.totals.closureRate).toBeCloseTo(6 / 7, 10);
    expect(r.totals.onTimeRate).toBeCloseTo(4 / 7, 10);
  });

  it('closed-based rule: on time ÷ closed', () => {
    const r = report(week47(), 'closed-based');
    expect(r.totals).toMatchObject({ due: 8, closed: 6, closedOnTime: 5 });
    expect(r.totals.onTimeRate).toBeCloseTo(5 / 6, 10);
    expect(r.totals.closureRate).toBeCloseTo(6 / 8, 10);
  });

  it('limits to an area: a street, or one grid', () => {
    const db = week47();
    const street = report(db, 'standard', '430102002000000');
    expect(street.area.name).toBe('朝阳街街道');
    expect(street.totals).toMatchObject({ received: 6, due: 5, overdueOpen: 3 });
    expect(street.byStreet.map((s) => s.name)).toEqual(['朝阳街街道']);
    expect(street.byGrid.map((s) => s.name)).toEqual(['朝阳街第1网格']);
    const grid = report(db, 'standard', '430102001001001');
    expect(grid.totals).toMatchObject({ received: 5, closed: 3 });
    expect(() => report(db, 'standard', '430102009000000')).toThrow(/区域编码不存在/);
  });

  it('counts a week not over yet as of now: a deadline still ahead is neither due nor overdue', () => {
    const w = parseIsoWeek('2026-W47');
    // Saturday 09:00: F's deadline (Friday 13:30) has passed, O's (Saturday 10:00) has not.
    const r = buildStatsReport(week47(), { period: w, label: '2026-W47', rule: 'standard', now: sh('2026-11-21T09:00') });
    expect(r.totals).toMatchObject({ due: 7, closed: 6, closedOnTime: 5, overdueOpen: 2 });
    expect(r.totals.onTimeRate).toBeCloseTo(5 / 7, 10);
    expect(r.overdueList.map((o) => o.caseNo)).toEqual(['W47-N', 'W47-F']);
  });

  it('gives identical numbers however often it is computed', () => {
    const db = week47();
    const a = JSON.stringify(report(db, 'standard'));
    for (let k = 0; k < 3; k++) expect(JSON.stringify(report(db, 'standard'))).toBe(a);
  });

  it('reports a week with no data as zeros, not a crash', () => {
    const db = week47();
    const w = parseIsoWeek('2017-W25');
    const r = buildStatsReport(db, { period: w, label: '2017-W25', now: sh('2026-11-25T10:00') });
    expect(r.totals).toMatchObject({ received: 0, due: 0, closed: 0, closureRate: null, onTimeRate: null });
    expect(r.byStreet.every((s) => s.received === 0)).toBe(true);
  });
});

describe('campaigns (专项行动)', () => {
  it('tallies cases closed within the dates, area and categories, plus cases tagged by hand', async () => {
    const { createCampaign, listCampaignTallies, tagIncident } = await import('../../db/stats/campaigns');
    const db = week47();
    const garbage = (db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0102'`).get() as { id: number }).id;
    const vendor = (db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0401'`).get() as { id: number }).id;
    createCampaign(db, { name: '三清行动', startDate: '2026-11-01', endDate: '2026-11-30', areaCode: '430102000000000', categoryIds: [garbage], target: 4000 }, 0);
    const vendors = createCampaign(db, { name: '百日会战', startDate: '2026-11-16', endDate: '2026-11-22', areaCode: '430102001000000', categoryIds: [vendor] }, 0);
    db.prepare(`INSERT INTO operators (id, name, role, created_at) VALUES (1, '监督员', 'supervisor', 0)`).run();
    tagIncident(db, { campaignId: vendors.id, incidentId: 1, operatorId: 1 }, 0); // case A, a garbage case, tagged by hand
    const [clean, hundred] = [...listCampaignTallies(db, sh('2026-11-25T10:00'))].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).reverse();
    expect(clean).toMatchObject({ name: '三清行动', closed: 8, open: 5, target: 4000, isActive: true }); // A B C D2 J M O P; open D F K L N
    expect(clean!.byLabel).toEqual([{ label: '垃圾堆物', count: 8 }]);
    expect(hundred).toMatchObject({ name: '百日会战', closed: 1, isActive: false });
    expect(() => createCampaign(db, { name: 'x', startDate: '2026-11-30', endDate: '2026-11-01', areaCode: '430102000000000', categoryIds: [garbage] }, 0)).toThrow(/结束日期不能早于开始日期/);
    expect(() => createCampaign(db, { name: 'x', startDate: '2026-11-01', endDate: '2026-11-30', areaCode: '430102000000009', categoryIds: [garbage] }, 0)).toThrow(/区域编码不存在/);
  });
});

describe('daily statistics tables', () => {
  it('give exactly the row-by-row figures on demo data, for every rule, area and week, after edits too', async () => {
    const { loadDemo } = await import('../../db/demo/load');
    const { queryDailyStats } = await import('../../db/stats/daily');
    const { queryGroups } = await import('../../db/stats/indicators');
    const { rebuildDailyStats } = await import('../../db/stats/daily');
    const { db } = openDatabase(path.join(tempDir(), 'demo.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 4000 });
    const key = (r: { gridId: number | null; categoryId?: number; assigneeId?: number | null }, k: string) => `${r.gridId ?? 0}:${k === 'grid' ? r.categoryId : (r.assigneeId ?? 0)}`;
    const normalise = (rows: { counts: Record<string, number> }[], k: string) =>
      Object.fromEntries(
        rows
          .map((r) => [key(r as never, k), r.counts] as const)
          .filter(([, c]) => Object.values(c).some((v) => v !== 0))
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    const compare = () => {
      const street = (db.prepare(`SELECT id FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 3`).get() as { id: number }).id;
      const streetGrids = (db.prepare(`SELECT id FROM grids WHERE parent_id = ?`).all(street) as { id: number }[]).map((r) => r.id);
      for (const week of ['2026-W40', '2026-W45', '2026-W47', '2026-W48']) {
        for (const rule of ['standard', 'exclude-extended', 'closed-based'] as const) {
          for (const area of [null, streetGrids]) {
            // The current week is counted as of a moment inside it.
            const p = week === '2026-W48' ? { ...parseIsoWeek(week), asOf: sh('2026-11-24T15:00') } : parseIsoWeek(week);
            const fast = queryDailyStats(db, p, rule, area);
            const slow = queryGroups(db, p, rule, area);
            const merge = (k: 'grid' | 'person') => {
              const m = new Map<string, Record<string, number>>();
              for (const r of slow) {
                const id = k === 'grid' ? `${r.gridId ?? 0}:${r.categoryId}` : `${r.gridId ?? 0}:${r.assigneeId ?? 0}`;
                const acc = m.get(id) ?? Object.fromEntries(Object.keys(r.counts).map((c) => [c, 0]));
                for (const [c, v] of Object.entries(r.counts)) acc[c] = (acc[c] ?? 0) + v;
                m.set(id, acc);
              }
              return Object.fromEntries([...m.entries()].filter(([, c]) => Object.values(c).some((v) => v !== 0)).sort(([a], [b]) => a.localeCompare(b)));
            };
            expect(normalise(fast.grid as never, 'grid'), `${week} ${rule} grid`).toEqual(merge('grid'));
            expect(normalise(fast.person as never, 'person'), `${week} ${rule} person`).toEqual(merge('person'));
          }
        }
      }
    };
    compare();
    // Edits through the triggers: void a closed case, mark one a duplicate, close an open one late.
    db.prepare(`UPDATE incidents SET status = 'voided' WHERE id = (SELECT id FROM incidents WHERE status = 'closed' ORDER BY id LIMIT 1 OFFSET 100)`).run();
    db.prepare(`UPDATE incidents SET duplicate_of = 1 WHERE id = (SELECT id FROM incidents WHERE status = 'closed' AND id > 1 ORDER BY id LIMIT 1 OFFSET 200)`).run();
    db.prepare(
      `UPDATE incidents SET status = 'closed', closed_at = due_at + 3600000 WHERE id = (SELECT id FROM incidents WHERE status = 'handling' AND due_at IS NOT NULL ORDER BY id LIMIT 1)`,
    ).run();
    compare();
    const before = db.prepare(`SELECT * FROM stats_daily_grid ORDER BY day, grid_id, category_id`).all();
    rebuildDailyStats(db);
    const after = (db.prepare(`SELECT * FROM stats_daily_grid ORDER BY day, grid_id, category_id`).all() as Record<string, number>[]).filter((r) =>
      Object.entries(r).some(([k, v]) => !['day', 'grid_id', 'category_id'].includes(k) && v !== 0),
    );
    expect(after).toEqual((before as Record<string, number>[]).filter((r) => Object.entries(r).some(([k, v]) => !['day', 'grid_id', 'category_id'].includes(k) && v !== 0)));
    db.close();
  });
});

describe('bulk loads and the daily tables', () => {
  it('adding a paused bulk write afterwards gives the same tables as a full rebuild', async () => {
    const { DailyAccumulator, pauseDailyStats, rebuildDailyStats } = await import('../../db/stats/daily');
    const db = week47();
    const firstId = nextId;
    pauseDailyStats(db, true);
    addCase(db, 'X1', 3, [...flow('2026-11-18T09:00', '2026-11-18T09:10', '2026-11-18T09:20'), ...close('2026-11-18T10:00', '2026-11-18T11:00')], { dueAt: '2026-11-18T13:20' });
    addCase(db, 'X2', 5, [{ action: 'fix_on_spot', at: '2026-11-19T15:00', to: 'handled' }, { action: 'verify_pass', at: '2026-11-19T15:30', to: 'closed' }], { fixed: true });
    const acc = new DailyAccumulator();
    for (const row of db.prepare(`SELECT * FROM incidents WHERE id >= ?`).iterate(firstId)) acc.add(row as never);
    acc.flush(db);
    pauseDailyStats(db, false);
    const snapshot = () => JSON.stringify(db.prepare(`SELECT * FROM stats_daily_grid ORDER BY day, grid_id, category_id`).all()) + JSON.stringify(db.prepare(`SELECT * FROM stats_daily_person ORDER BY day, grid_id, assignee_id`).all());
    const incremental = snapshot();
    rebuildDailyStats(db);
    expect(snapshot()).toBe(incremental);
    expect(report(db, 'standard').totals).toMatchObject({ received: 13, closed: 8 });
  });
});

describe('weekly trend', () => {
  it('gives each week the same totals as that week’s own report, for every rule and an area', async () => {
    const { loadDemo } = await import('../../db/demo/load');
    const { weeklyTrend } = await import('../../db/stats/trend');
    const { setSetting } = await import('../../db/queries/settings');
    const { db } = openDatabase(path.join(tempDir(), 'trend.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    for (const rule of ['standard', 'exclude-extended', 'closed-based'] as const) {
      setSetting(db, 'counting_rule', rule, 0);
      for (const areaCode of [undefined, '430102003000000']) {
        const trend = weeklyTrend(db, { weeks: 6, until: '2026-W48', areaCode, now: sh('2026-11-25T10:00') });
        expect(trend.map((t) => t.week)).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
        for (const point of trend) {
          const own = buildStatsReport(db, { period: parseIsoWeek(point.week), label: point.week, areaCode, now: sh('2026-11-25T10:00') });
          expect(point.totals, `${rule} ${areaCode} ${point.week}`).toEqual(own.totals);
        }
      }
    }
    db.close();
  });
});

describe('daily accumulator', () => {
  it('sums cases in memory to exactly what the triggers and the rebuild give', async () => {
    const { loadDemo } = await import('../../db/demo/load');
    const { DailyAccumulator } = await import('../../db/stats/daily');
    const { db } = openDatabase(path.join(tempDir(), 'acc.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    db.prepare(`UPDATE incidents SET status = 'voided' WHERE id % 97 = 0`).run(); // through the triggers
    const snapshot = () =>
      JSON.stringify(db.prepare(`SELECT * FROM stats_daily_grid WHERE received + registered + closed <> 0 ORDER BY day, grid_id, category_id`).all()) +
      JSON.stringify(db.prepare(`SELECT * FROM stats_daily_person WHERE received + registered + closed <> 0 ORDER BY day, grid_id, assignee_id`).all());
    const expected = snapshot();
    db.exec(`DELETE FROM stats_daily_grid; DELETE FROM stats_daily_person;`);
    const acc = new DailyAccumulator();
    for (const row of db.prepare(`SELECT * FROM incidents`).iterate()) acc.add(row as never);
    acc.flush(db);
    expect(snapshot()).toBe(expected);
    db.close();
  });
});

describe('bulk import and the daily tables', () => {
  it('a bulk import leaves the daily tables as a full rebuild would', async () => {
    const { loadDemo } = await import('../../db/demo/load');
    const { runImport } = await import('../../db/import/writer');
    const { rebuildDailyStats } = await import('../../db/stats/daily');
    const { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv } = await import('./importFixtures');
    const dir = tempDir();
    const { db } = openDatabase(path.join(dir, 'bulk.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 500 });
    const file = path.join(dir, 'log.csv');
    writeCsv(file, FIELD_LOG_HEADERS, fieldLogRows({ rows: 800, points: pointsInGrids(db, 50), start: sh('2026-11-16T08:00'), days: 8 }));
    const result = await runImport(db, { file, fileName: 'log.csv', crs: 'wgs84', photoDir: null, attachmentsDir: path.join(dir, 'att'), now: sh('2026-11-25T10:00'), bulk: true });
    expect(result.accepted).toBe(800);
    const snapshot = () =>
      JSON.stringify(db.prepare(`SELECT * FROM stats_daily_grid WHERE received + registered + closed <> 0 ORDER BY day, grid_id, category_id`).all()) +
      JSON.stringify(db.prepare(`SELECT * FROM stats_daily_person WHERE received + registered + closed <> 0 ORDER BY day, grid_id, assignee_id`).all());
    const afterImport = snapshot();
    rebuildDailyStats(db);
    expect(snapshot()).toBe(afterImport);
    expect(db.prepare(`SELECT bulk FROM stats_control`).pluck().get()).toBe(0);
    db.close();
  });
});

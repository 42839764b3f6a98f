/**
 * The month's figures grouped in one pass from the ungrouped stage rows (monthFigures' fast path) are the
 * grouped SQL's, figure by figure and case by case: on the hand-counted fixture and on a demo district
 * (every object type, every month of the demo's year, both default schemes), there also read on two cores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { figureQueries, monthFigures, monthPeriod, type FigureOptions } from '../../db/assess/figures';
import { getScheme, listSchemes, saveScheme } from '../../db/assess/index';
import { countingRuleOf } from '../../db/stats/summary';
import { caseFlagsSql, deadlineCut, indicatorCaseScanSql, indicatorCasesSql } from '../../db/stats/indicators';
import { computeAssessment } from '../../db/assess/compute';
import { COUNTING_RULES } from '../../db/stats/rules';
import type { Db } from '../../db/open';
import { closeReadThreads, forkCounts } from '../../db/parallel/parallelRead';
import { assessFixture, FIXTURE_SCHEME, MONTH, NOW } from './assessFixture';

const DEMO_NOW = Date.parse('2026-11-25T10:00:00+08:00');

function optionsOf(db: Db, schemeId: number): FigureOptions {
  const d = getScheme(db, schemeId).definition;
  const personIds = (db.prepare('SELECT id FROM persons ORDER BY id').pluck().all() as number[]);
  return { types: d.objects, ruleId: countingRuleOf(db), personIds, indicators: [...d.indicators.map((i) => i.id), ...d.deductions.map((r) => r.indicator)] };
}

function expectSame(db: Db, schemeId: number, month: string, now: number, { parallel = false }: { parallel?: boolean } = {}) {
  const period = monthPeriod(month, now);
  const opts = optionsOf(db, schemeId);
  const fast = monthFigures(db, period, opts);
  const reference = monthFigures(db, period, opts, { grouped: true });
  expect(fast).toEqual(reference);
  // Read on two cores (db/parallel: the case rows and 12345 events on a worker's connection, same snapshot).
  if (parallel) {
    const before = forkCounts.worker;
    expect(monthFigures(db, period, opts, { parallel: true })).toEqual(reference);
    const away = figureQueries(period, opts).some((q) => q.pairs?.away);
    expect(forkCounts.worker, forkCounts.lastReason).toBe(before + (away ? 1 : 0));
  }
  return reference;
}

describe('the month’s figures: one pass over the rows = the grouped SQL', () => {
  it('on the hand-counted fixture', () => {
    const f = assessFixture();
    const schemeId = saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, { operatorId: null, name: '测试' }, NOW).id;
    const stageScheme = saveScheme(
      f.db,
      { id: null, code: 'stages', definition: { ...FIXTURE_SCHEME, indicators: [{ id: 'handlingOnTimeRate', weight: 100, direction: 'higher', normalisation: 'rate' }], deductions: [] } },
      { operatorId: null, name: '测试' },
      NOW,
    ).id;
    expectSame(f.db, schemeId, MONTH, NOW);
    const r = expectSame(f.db, stageScheme, MONTH, NOW);
    expect([...r.grid.values()].some((x) => x.figures.handlingDue.n > 0)).toBe(true);
    f.db.close();
  });

  it('the same from a database without the covering indexes of migration 0220 (opened read-only before it): grouped SQL only', () => {
    const a = assessFixture();
    const b = assessFixture();
    b.db.exec('DROP INDEX incidents_assess; DROP INDEX incident_events_callbacks');
    for (const f of [a, b]) saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, { operatorId: null, name: '测试' }, NOW);
    const opts = optionsOf(a.db, getScheme(a.db, 'fixture').id);
    const period = monthPeriod(MONTH, NOW);
    expect(figureQueries(period, { ...opts, caseIndex: false }).some((q) => q.pairs || /INDEXED BY incidents_assess/.test(q.sql))).toBe(false);
    expect(monthFigures(b.db, period, opts)).toEqual(monthFigures(a.db, period, opts));
    const scored = (f: typeof a) => computeAssessment(f.db, 'fixture', MONTH, NOW).objects;
    expect(scored(b)).toEqual(scored(a));
    a.db.close();
    b.db.close();
  });

  describe('on a demo district', () => {
    let dir: string;
    let store: OpenedStore;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-assessfig-'));
      store = openStore(path.join(dir, 'demo.sqlite'), { transport: 'direct', now: () => DEMO_NOW });
      await store.handlers['demo:load']({ until: '2026-11-25', incidents: 3000 });
    }, 120_000);
    afterAll(async () => {
      await closeReadThreads();
      store?.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('every month of the year, both default schemes, every object type', () => {
      let stages = 0;
      for (const s of listSchemes(store.db)) {
        for (const month of ['2026-01', '2026-04', '2026-08', '2026-10', '2026-11']) {
          const r = expectSame(store.db, s.id, month, DEMO_NOW, { parallel: true });
          for (const type of ['street', 'grid', 'unit', 'person'] as const) for (const x of r[type].values()) stages += x.figures.handlingDue.n + x.figures.dispatchDue.n;
        }
      }
      expect(stages).toBeGreaterThan(100);
      expect(figureQueries(monthPeriod('2026-10', DEMO_NOW), optionsOf(store.db, listSchemes(store.db)[0]!.id)).some((q) => q.pairs)).toBe(true);
    }, 120_000);

    it('the case rows narrowed to the counted ones (countedOnly) are every case counted in some figure, flag by flag, under each rule', () => {
      let counted = 0;
      for (const rule of Object.values(COUNTING_RULES)) {
        const flags = caseFlagsSql(rule);
        const cols = Object.entries(flags).map(([k, v]) => `coalesce((${v}), 0) AS ${k}`).join(', ');
        const sql = (countedOnly: boolean) =>
          `${indicatorCasesSql(rule, false, '', countedOnly)}
           SELECT * FROM (SELECT b.id, ${cols} FROM b) WHERE ${Object.keys(flags).map((k) => `${k} <> 0`).join(' OR ')} ORDER BY id`;
        for (const month of ['2026-01', '2026-06', '2026-10', '2026-11']) {
          const p = monthPeriod(month, DEMO_NOW);
          const params = { s: p.start, e: p.end, c: deadlineCut(p) };
          const narrowed = store.db.prepare(sql(true)).all(params);
          expect(narrowed, `${rule.name} ${month}`).toEqual(store.db.prepare(sql(false)).all(params));
          counted += narrowed.length;
          // The same rows of b from one scan of every case (the assessment's), span by span.
          const scan = `${indicatorCaseScanSql(rule)}
           SELECT * FROM (SELECT b.id, ${cols} FROM b) WHERE ${Object.keys(flags).map((k) => `${k} <> 0`).join(' OR ')} ORDER BY id`;
          const spans = [[0, 1000], [1000, 2500], [2500, 1e9]].flatMap(([lo, hi]) => store.db.prepare(scan).all({ ...params, lo, hi }));
          expect(spans, `${rule.name} ${month} scan`).toEqual(narrowed);
        }
      }
      expect(counted).toBeGreaterThan(1000);
    }, 120_000);
  });
});

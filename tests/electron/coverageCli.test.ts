/**
 * The demo district's patrol tracks, measured through the command line and the real calls: every street
 * inspector walks, the grids are covered in part (not nothing, not everything), a few grids go unwalked,
 * and the suspicious tracks planted in the demo are all flagged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { loadDemo } from '../../db/demo/load';
import { runCli } from '../../electron/cli/run';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import type { CoverageReport, Handlers, TracksAnswer, UnwalkedAnswer } from '../../electron/contract';

const UNTIL = '2026-11-26';
let dir: string;
let file: string;
let db: Db;
let handlers: Handlers;

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await invokeCall(handlers, name, input, directCaller());
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(() => {
  // A folder of its own for the whole file (the helper's temp folders go after each test).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-coverage-'));
  file = path.join(dir, 'demo.sqlite');
  const opened = openDatabase(file);
  loadDemo(opened.db, { until: UNTIL, incidents: 2_000 });
  opened.db.close();
  db = openDatabase(file).db;
  handlers = createHandlers({ db, databasePath: file, transport: 'direct', version: 'test', now: () => Date.parse(`${UNTIL}T08:00:00+08:00`) });
}, 180_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo patrol tracks', () => {
  it('has tracks for every street inspector on working days, with times, in working hours but for the planted ones', () => {
    const inspectors = db.prepare(`SELECT DISTINCT person_id FROM duties WHERE role = 'inspector' AND grid_id IN (SELECT id FROM grids WHERE level = 2)`).pluck().all() as number[];
    const walkers = db.prepare(`SELECT DISTINCT person_id FROM patrols`).pluck().all() as number[];
    expect(inspectors.length).toBe(26);
    expect([...walkers].sort((a, b) => a - b)).toEqual([...inspectors].sort((a, b) => a - b));
    const totals = db.prepare(`SELECT count(*) AS n, sum(point_count) AS points, sum(timed) AS timed FROM patrols`).get() as { n: number; points: number; timed: number };
    expect(totals.n).toBeGreaterThan(300);
    expect(totals.points).toBeGreaterThan(40_000);
    expect(totals.points).toBeLessThan(120_000);
    expect(totals.timed).toBe(totals.n);
    // Every kind planted in the demo is flagged, and only a few tracks are.
    const flags = db.prepare(`SELECT flags FROM patrols WHERE flags <> '[]'`).pluck().all() as string[];
    const kinds = new Set(flags.flatMap((f) => (JSON.parse(f) as { kind: string }[]).map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(['frozen', 'jump', 'off_hours', 'speed']);
    expect(flags.length).toBeLessThan(20);
  });

  it('gives meaningful coverage over four weeks through coverage --json', async () => {
    const r = await cli('coverage', '--db', file, '--from', '2026-10-29', '--to', '2026-11-25', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Omit<CoverageReport, 'fromMs' | 'toMs'> & { period: { from: string; to: string } };
    expect(doc.period).toEqual({ from: '2026-10-29', to: '2026-11-25' });
    expect(doc.definition).toMatch(/25 米/);
    expect(doc.grids).toHaveLength(200);
    const shares = doc.grids.map((g) => g.coveredShare).sort((a, b) => a - b);
    const median = shares[100]!;
    expect(median).toBeGreaterThan(0.15);
    expect(median).toBeLessThan(0.85);
    expect(shares[199]!).toBeLessThanOrEqual(1);
    expect(doc.totals.coveredShare).toBeGreaterThan(0.1);
    expect(doc.totals.lengthM).toBeGreaterThan(200_000);
    expect(doc.persons.length).toBeGreaterThan(20);
    for (const p of doc.persons) {
      expect(p.lengthM).toBeGreaterThan(0);
      // Walking: at most 6 km/h on average over a patrol, at least 2.
      expect(p.lengthM / 1000 / (p.durationMs / 3_600_000)).toBeLessThan(6);
      expect(p.lengthM / 1000 / (p.durationMs / 3_600_000)).toBeGreaterThan(2);
    }
    // The grid figures add up to the persons' within what lies outside every grid (none in the demo).
    const gridKm = doc.grids.reduce((s, g) => s + g.lengthM, 0);
    expect(Math.abs(gridKm / doc.totals.lengthM - 1)).toBeLessThan(0.01);
  });

  it('cuts the period by week with --by week: the weeks add up to the period', async () => {
    // 2026-10-29 is a Thursday: a cut first week, three whole ones, a cut last one.
    const r = await cli('coverage', '--db', file, '--from', '2026-10-29', '--to', '2026-11-25', '--by', 'week', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { totals: { lengthM: number; patrolCount: number; coveredShare: number }; series: { from: string; to: string; totals: { lengthM: number; patrolCount: number; coveredShare: number }; grids: unknown[] }[] };
    expect(doc.series.map((w) => [w.from, w.to])).toEqual([
      ['2026-10-29', '2026-11-01'],
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
      ['2026-11-23', '2026-11-25'],
    ]);
    expect(doc.series.reduce((s, w) => s + w.totals.lengthM, 0)).toBeCloseTo(doc.totals.lengthM, 3);
    expect(doc.series.reduce((s, w) => s + w.totals.patrolCount, 0)).toBe(doc.totals.patrolCount);
    // Coverage is not additive: four weeks cover more than any one of them, less than their sum.
    const weekly = doc.series.map((w) => w.totals.coveredShare);
    expect(doc.totals.coveredShare).toBeGreaterThan(Math.max(...weekly));
    expect(doc.totals.coveredShare).toBeLessThan(weekly.reduce((a, b) => a + b, 0));
    const bad = await cli('coverage', '--db', file, '--from', '2026-11-01', '--to', '2026-11-25', '--by', 'year');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--by 应为 day、week 或 month/);
  });

  it('lists some grids not walked for two weeks, not most; tracks for the map stay bounded', async () => {
    const unwalked = await ok<UnwalkedAnswer>('patrol:unwalked', { days: 14, asOf: '2026-11-25' });
    expect(unwalked.gridCount).toBe(200);
    expect(unwalked.grids.length).toBeGreaterThan(0);
    expect(unwalked.grids.length).toBeLessThan(60);
    const tracks = await ok<TracksAnswer>('patrol:tracks', { from: '2026-11-01', to: '2026-11-25', maxPoints: 5_000 });
    expect(tracks.tracks.length).toBeGreaterThan(100);
    expect(tracks.storedPoints).toBeGreaterThan(5_000);
    expect(tracks.sentPoints).toBeLessThanOrEqual(5_000 + 2 * tracks.tracks.length);
    const bad = await cli('coverage', '--db', file, '--from', '2026-11-25', '--to', '2026-11-01');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/结束日期/);
  });
});

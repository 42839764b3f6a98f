/**
 * Patrol coverage from imported GPX tracks: the covered share of a hand-built grid against the area
 * computed by hand, the suspicious-track flags one by one, a GPX without times, a track far outside the
 * district, and the figures per grid and per person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../db/import/writer';
import { patrolFigures } from '../../db/patrol/coverage';
import { coverageReport, patrolTracks, unwalkedGrids } from '../../db/patrol/report';
import { backfillPatrols } from '../../db/patrol/store';
import { TIMES_NOT_KEPT_NOTE, UNTIMED_NOTE } from '../../db/patrol/analyse';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

const NOW = sh('2026-11-25T10:00');
const M_PER_DEG = 111_320;
const LAT = 28.19;
const KX = M_PER_DEG * Math.cos((LAT * Math.PI) / 180);

interface Fix {
  lon: number;
  lat: number;
  /** Shanghai local 'YYYY-MM-DDTHH:MM:SS', or null for a fix without time. */
  at: string | null;
}

function gpx(author: string, tracks: Fix[][]): string {
  const pt = (f: Fix) => `<trkpt lat="${f.lat.toFixed(7)}" lon="${f.lon.toFixed(7)}">${f.at ? `<time>${new Date(Date.parse(`${f.at}+08:00`)).toISOString()}</time>` : ''}</trkpt>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="巡查通"><metadata><author><name>${author}</name></author></metadata>
${tracks.map((t, i) => `<trk><name>巡查${i + 1}</name><trkseg>${t.map(pt).join('')}</trkseg></trk>`).join('\n')}
</gpx>`;
}

/** Fixes every `stepS` seconds along a straight line from a to b (lon/lat), starting at a local time. */
function line(a: [number, number], b: [number, number], start: string, stepS: number, n: number): Fix[] {
  const t0 = Date.parse(`${start}+08:00`);
  return Array.from({ length: n + 1 }, (_, i) => ({
    lon: a[0] + ((b[0] - a[0]) * i) / n,
    lat: a[1] + ((b[1] - a[1]) * i) / n,
    at: new Date(t0 + i * stepS * 1000 + 8 * 3_600_000).toISOString().slice(0, 19),
  }));
}

async function importGpx(f: DeskFixture, name: string, text: string) {
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return runImport(f.db, { file, fileName: name, crs: 'wgs84', photoDir: dir, attachmentsDir: path.join(dir, 'attachments'), now: NOW });
}

const patrols = (f: DeskFixture) =>
  f.db.prepare(`SELECT id, started_at, timed, far_outside, flags, note, fix_times FROM patrols ORDER BY id`).all() as {
    id: number;
    started_at: number;
    timed: number;
    far_outside: number;
    flags: string;
    note: string | null;
    fix_times: string | null;
  }[];
const kinds = (flags: string) => (JSON.parse(flags) as { kind: string }[]).map((x) => x.kind).sort();

describe('patrol coverage: the share of a grid within 25 m of the tracks', () => {
  it('equals the hand-computed area share within 1 % on a hand-built grid, counting overlaps once', async () => {
    const f = deskFixture();
    // The west grid: 113.00–113.01 × 28.18–28.20, a rectangle of 981 m × 2,226 m.
    const width = 0.01 * KX;
    const height = 0.02 * M_PER_DEG;
    const gridArea = width * height;
    // Patrol 1 walks north straight through the grid at 113.004 (from 500 m south of it to 500 m north of it).
    const ns = line([113.004, 28.1755], [113.004, 28.2045], '2026-11-20T09:00:00', 30, 80);
    // Patrol 2 walks east inside it at 28.19, from 113.002 to 113.008, crossing patrol 1's path.
    const ew = line([113.002, 28.19], [113.008, 28.19], '2026-11-20T15:00:00', 30, 16);
    expect(await importGpx(f, 'a.gpx', gpx('王建国', [ns]))).toMatchObject({ patrols: 1 });
    expect(await importGpx(f, 'b.gpx', gpx('王建国', [ew]))).toMatchObject({ patrols: 1 });

    // By hand: a 50 m strip over the grid's whole height; a 50 m strip of the east-west walk with its two
    // round ends (both inside the grid, far from the first strip); less their 50 m × 50 m crossing.
    const ewLength = 0.006 * KX;
    const nsOnly = (50 * height) / gridArea;
    const both = (50 * height + 50 * ewLength + Math.PI * 25 ** 2 - 50 * 50) / gridArea;

    const day = { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') };
    const morning = patrolFigures(f.db, { fromMs: day.fromMs, toMs: sh('2026-11-20T12:00') });
    const west = morning.byGrid.get(f.grids.west)!;
    expect(Math.abs(west.coveredShare / nsOnly - 1)).toBeLessThan(0.01);
    // The walk's length inside the grid and its duration share: 2,226 m of the 3,228 m walked in 40 minutes.
    // (lengths are great-circle: within 0.5 % of the plane's metres used here)
    expect(Math.abs(west.lengthM / height - 1)).toBeLessThan(0.005);
    expect(west.durationMs / 60_000).toBeCloseTo((40 * height) / (0.029 * M_PER_DEG), 0);

    const whole = patrolFigures(f.db, day);
    const share = whole.byGrid.get(f.grids.west)!.coveredShare;
    expect(Math.abs(share / both - 1)).toBeLessThan(0.01);
    expect(whole.byGrid.get(f.grids.west)!.patrolCount).toBe(2);
    // The east grid (from 113.01) is more than 25 m from both walks: nothing of it is covered.
    expect(whole.byGrid.get(f.grids.east)).toBeUndefined();
    // Per person: both patrols, and the grid walked on that day once.
    expect(whole.byPerson.get(f.persons.wang)).toMatchObject({ patrolCount: 2, gridDays: [{ gridId: f.grids.west, day: '2026-11-20' }] });
    expect(whole.byPerson.get(f.persons.wang)!.durationMs).toBe((40 + 8) * 60_000);
  });

  it('counts a grid beside the track: the buffer reaches across the boundary', async () => {
    const f = deskFixture();
    // 10 m west of the boundary between the grids (113.01): a 15 m sliver of the east grid is within 25 m.
    const x = 113.01 - 10 / KX;
    await importGpx(f, 'edge.gpx', gpx('王建国', [line([x, 28.181], [x, 28.199], '2026-11-20T09:00:00', 30, 60)]));
    const figures = patrolFigures(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') });
    const east = figures.byGrid.get(f.grids.east)!;
    // A 15 m strip along the walk, and at each end the part of the round end beyond the boundary (half a
    // circular segment of a 25 m circle cut 10 m from its centre).
    const segment = 25 ** 2 * Math.acos(10 / 25) - 10 * Math.sqrt(25 ** 2 - 10 ** 2);
    const expected = (15 * 0.018 * M_PER_DEG + segment) / (0.01 * KX * 0.02 * M_PER_DEG);
    expect(east.lengthM).toBe(0);
    expect(Math.abs(east.coveredShare - expected)).toBeLessThan(0.01 * 0.2);
  });
});

describe('suspicious tracks are flagged, not hidden', () => {
  it('flags car speed sustained for a minute, a jump, fixes outside working hours, a frozen GPS; a normal walk has none', async () => {
    const f = deskFixture();
    const walk = line([113.002, 28.185], [113.002, 28.195], '2026-11-20T09:00:00', 30, 30); // 1.1 km in 15 min: 4.5 km/h
    const car = [
      ...line([113.003, 28.181], [113.003, 28.183], '2026-11-20T09:30:00', 30, 6),
      // 36 km/h for 70 s: 7 fixes 10 s and 100 m apart.
      ...line([113.003, 28.183 + 100 / M_PER_DEG], [113.003, 28.183 + 700 / M_PER_DEG], '2026-11-20T09:33:10', 10, 6),
    ];
    const briefCar = [
      ...line([113.005, 28.181], [113.005, 28.183], '2026-11-20T10:00:00', 30, 6),
      // 36 km/h for 40 s only: not sustained.
      ...line([113.005, 28.183 + 100 / M_PER_DEG], [113.005, 28.183 + 400 / M_PER_DEG], '2026-11-20T10:03:10', 10, 3),
    ];
    const jump = line([113.006, 28.185], [113.006, 28.19], '2026-11-20T10:30:00', 30, 10).map((p, i) => (i === 5 ? { ...p, lon: p.lon + 300 / KX } : p));
    const evening = line([113.007, 28.185], [113.007, 28.19], '2026-11-20T19:00:00', 30, 10);
    const frozen = line([113.008, 28.19], [113.008, 28.19], '2026-11-20T11:00:00', 30, 20);
    const r = await importGpx(f, 'day.gpx', gpx('王建国', [walk, car, briefCar, jump, evening, frozen]));
    expect(r).toMatchObject({ patrols: 6 });
    const rows = patrols(f);
    expect(rows.map((p) => kinds(p.flags))).toEqual([[], ['speed'], [], ['jump'], ['off_hours'], ['frozen']]);
    const speed = JSON.parse(rows[1]!.flags) as { detail: string; at: number }[];
    expect(speed[0]!.detail).toBe('约 36 km/h 持续 1 分钟');
    expect(speed[0]!.at).toBe(sh('2026-11-20T09:33'));
    expect(JSON.parse(rows[3]!.flags)[0].detail).toMatch(/2 处相邻定位点相距超过 200 米/);
    // The jump's two 300 m legs in 30 s (36 km/h) are a position error, not a car: no speed flag.
    expect(JSON.parse(rows[4]!.flags)[0].detail).toBe('11 个定位点在工作时间以外');
    // Flagged patrols still count.
    const report = coverageReport(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') });
    expect(report.persons[0]).toMatchObject({ personId: f.persons.wang, patrolCount: 6, flaggedCount: 4 });
    expect(report.flagged.map((p) => p.flags.map((x) => x.label))).toEqual([['车速行进'], ['轨迹跳点'], ['定位不动'], ['非工作时间']]);
    // The map's tracks carry each stretch's speed: the car stretch at 36 km/h.
    const tracks = patrolTracks(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00'), maxPoints: 20_000 });
    const carTrack = tracks.tracks.find((t) => t.patrolId === rows[1]!.id)!;
    expect(Math.max(...carTrack.lines[0]!.map((p) => p[2] ?? 0))).toBeCloseTo(36, 0);
  });

  it('flags a track far outside the district and counts it nowhere', async () => {
    const f = deskFixture();
    // 40 km east of the district.
    const away = line([113.5, 28.19], [113.5, 28.2], '2026-11-20T09:00:00', 30, 20);
    expect(await importGpx(f, 'away.gpx', gpx('王建国', [away]))).toMatchObject({ patrols: 1 });
    const [p] = patrols(f);
    expect(p).toMatchObject({ far_outside: 1 });
    expect(kinds(p!.flags)).toEqual(['far_outside']);
    expect(f.db.prepare(`SELECT count(*) FROM patrol_cells`).pluck().get()).toBe(0);
    const figures = patrolFigures(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') });
    expect(figures.byGrid.size).toBe(0);
    expect(figures.byPerson.size).toBe(0);
    const report = coverageReport(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') });
    expect(report.flagged).toHaveLength(1);
    expect(report.flagged[0]!.flags[0]!.detail).toMatch(/不计入覆盖率和里程/);
  });
});

describe('GPX without timestamps', () => {
  it('gives coverage without speed checks, counted on the import day, with a note', async () => {
    const f = deskFixture();
    // 300 m between fixes and no times: a jump is still seen, speed cannot be.
    const fixes = line([113.004, 28.182], [113.004, 28.198], '2026-11-20T09:00:00', 30, 5).map((p) => ({ ...p, at: null }));
    const r = await importGpx(f, 'untimed.gpx', gpx('王建国', [fixes]));
    expect(r).toMatchObject({ patrols: 1, rejected: 0 });
    // The import's result says so at once.
    expect(r.warnings.map((w) => w.reason)).toEqual([`第 1 条轨迹：${UNTIMED_NOTE}`, '第 1 条轨迹：可疑轨迹（轨迹跳点）：5 处相邻定位点相距超过 200 米（最远 356 米）']);
    const [p] = patrols(f);
    expect(p).toMatchObject({ timed: 0, started_at: NOW, note: UNTIMED_NOTE, fix_times: null });
    expect(kinds(p!.flags)).toEqual(['jump']);
    const figures = patrolFigures(f.db, { fromMs: sh('2026-11-25T00:00'), toMs: sh('2026-11-26T00:00') });
    const expected = (50 * 0.016 * M_PER_DEG + Math.PI * 25 ** 2) / (0.01 * KX * 0.02 * M_PER_DEG);
    expect(Math.abs(figures.byGrid.get(f.grids.west)!.coveredShare / expected - 1)).toBeLessThan(0.02);
    expect(coverageReport(f.db, { fromMs: sh('2026-11-25T00:00'), toMs: sh('2026-11-26T00:00') }).flagged[0]!.note).toBe(UNTIMED_NOTE);
  });

  it('stores nothing for a track it refuses', async () => {
    const f = deskFixture();
    const r = await importGpx(f, 'one.gpx', gpx('王建国', [[{ lon: 113.004, lat: 28.19, at: '2026-11-20T09:00:00' }]]));
    expect(r).toMatchObject({ patrols: 0, rejected: 1 });
    for (const table of ['patrols', 'patrol_grid_lengths', 'patrol_cells']) expect(f.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  });
});

describe('grids not walked and the backfill of stored patrols', () => {
  it('lists the grids not walked for N days, never walked first', async () => {
    const f = deskFixture();
    await importGpx(f, 'a.gpx', gpx('王建国', [line([113.004, 28.182], [113.004, 28.198], '2026-11-20T09:00:00', 30, 40)]));
    const asOf = sh('2026-11-26T00:00');
    expect(unwalkedGrids(f.db, 7, asOf).map((g) => [g.gridId, g.daysSince])).toEqual([[f.grids.east, null]]);
    expect(unwalkedGrids(f.db, 3, asOf).map((g) => [g.gridId, g.daysSince])).toEqual([
      [f.grids.east, null],
      [f.grids.west, 5],
    ]);
  });

  it('analyses patrols stored before their cells were kept (migration 0160), without speed checks', async () => {
    const f = deskFixture();
    await importGpx(f, 'a.gpx', gpx('王建国', [line([113.004, 28.182], [113.004, 28.198], '2026-11-20T09:00:00', 30, 40)]));
    const before = patrolFigures(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') }).byGrid.get(f.grids.west)!.coveredShare;
    f.db.exec(`DELETE FROM patrol_cells; DELETE FROM grid_cells; UPDATE patrols SET fix_times = NULL, flags = '[]', note = NULL`);
    backfillPatrols(f.db);
    const [p] = patrols(f);
    expect(p).toMatchObject({ note: TIMES_NOT_KEPT_NOTE, fix_times: null });
    // Not suspicious for that: the list of flagged patrols stays empty.
    expect(coverageReport(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') }).flagged).toEqual([]);
    expect(patrolFigures(f.db, { fromMs: sh('2026-11-20T00:00'), toMs: sh('2026-11-21T00:00') }).byGrid.get(f.grids.west)!.coveredShare).toBe(before);
  });
});

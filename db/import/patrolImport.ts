/**
 * GPX tracks as patrols: each track becomes one patrol (WGS-84 line, start and end time, length, and
 * the length walked inside each community grid), counted as one row of the batch. The same track
 * (same points) is never counted twice.
 */
import crypto from 'node:crypto';
import type { Db } from '../open';
import { toWgs84 } from '../geo';
import { TEXT_LIMITS } from '../domain/limits';
import type { CoordinateSystem } from '../types';
import type { GpxTrack } from './gpx';
import { haversineM, insideFraction, type GridIndex } from './gridIndex';
import type { BatchWriter } from './batchWriter';
import { coverageContext, ensureGridCells, storePatrolCoverage } from '../patrol/store';
import { PARTLY_TIMED_NOTE, PATROL_FLAG_LABELS, UNTIMED_NOTE } from '../patrol/analyse';

export interface PatrolData {
  externalId: string;
  inspector: string;
  startedAt: number;
  endedAt: number;
  lengthM: number;
  pointCount: number;
  geometry: { type: 'MultiLineString'; coordinates: number[][][] };
  byGrid: Map<number, number>;
  /** The fixes' epoch ms in the geometry's flattened order; null when some or all have no time. */
  times: number[] | null;
  /** False when no fix has a time: the patrol counts on its import day, without speed checks. */
  timed: boolean;
}

/** A GPX track as a patrol: WGS-84 line, times, total length and the length inside each grid. */
export function buildPatrol(
  track: GpxTrack,
  crs: CoordinateSystem,
  grids: GridIndex,
  author: string,
  now: number = Date.now(),
): { ok: true; patrol: PatrolData } | { ok: false; reason: string } {
  const label = `第 ${track.number} 条轨迹${track.name ? `「${track.name}」` : ''}`;
  const segments = track.segments
    .map((s) => s.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && !(p.lon === 0 && p.lat === 0)))
    .filter((s) => s.length >= 2);
  const points = segments.flat();
  if (points.length < 2) return { ok: false, reason: `${label}少于 2 个有效轨迹点` };
  const times = points.map((p) => p.time).filter((t): t is number => t !== null);
  // A track without any time still shows where was walked: it counts on the import day (db/patrol).
  const timed = times.length > 0;
  const inspector = (author || track.name || '').trim().slice(0, TEXT_LIMITS.name);
  if (!inspector) return { ok: false, reason: `${label}没有巡查员姓名（GPX 的 author 或轨迹名称）` };
  const byGrid = new Map<number, number>();
  let lengthM = 0;
  const coordinates: number[][][] = [];
  for (const s of segments) {
    const line = s.map((p) => toWgs84(p.lon, p.lat, crs));
    coordinates.push(line.map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]));
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      const d = haversineM(a, b);
      if (d === 0) continue;
      lengthM += d;
      for (const g of grids.segmentCandidates(a, b)) {
        const f = insideFraction(g.polygons, a, b);
        if (f > 0) byGrid.set(g.id, (byGrid.get(g.id) ?? 0) + f * d);
      }
    }
  }
  const externalId = `gpx:${crypto.createHash('sha256').update(JSON.stringify(segments.map((s) => s.map((p) => [p.lon, p.lat, p.time])))).digest('base64url')}`;
  return {
    ok: true,
    patrol: {
      externalId,
      inspector,
      startedAt: timed ? Math.min(...times) : now,
      endedAt: timed ? Math.max(...times) : now,
      lengthM,
      pointCount: points.length,
      geometry: { type: 'MultiLineString', coordinates },
      byGrid,
      times: times.length === points.length ? (times as number[]) : null,
      timed,
    },
  };
}

/**
 * Writes the tracks of a GPX file as patrols of a batch (inside the caller's transaction). The
 * inspector is the file's author (or the track's name), linked to the one active person of that name.
 */
export function importPatrols(
  db: Db,
  tracks: readonly GpxTrack[],
  ctx: { batchId: number; crs: CoordinateSystem; grids: GridIndex; author: string; now: number },
  out: Pick<BatchWriter, 'reject' | 'countPatrol'> & Partial<Pick<BatchWriter, 'issue'>>,
): void {
  const author = ctx.author.trim();
  const personByName = db.prepare(`SELECT id FROM persons WHERE name = ? AND is_active = 1`).pluck();
  const insertPatrol = db.prepare(
    `INSERT INTO patrols (batch_id, external_id, inspector, person_id, started_at, ended_at, length_m, point_count, source_crs, geometry, created_at, timed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (external_id) DO NOTHING`,
  );
  const coverage = coverageContext(db, ctx.grids);
  ensureGridCells(db, ctx.grids);
  const insertLength = db.prepare(`INSERT INTO patrol_grid_lengths (patrol_id, grid_id, length_m) VALUES (?, ?, ?)`);
  for (const track of tracks) {
    const outcome = buildPatrol(track, ctx.crs, ctx.grids, author, ctx.now);
    if (!outcome.ok) {
      out.reject(track.number, '轨迹', outcome.reason, null);
      continue;
    }
    const p = outcome.patrol;
    const persons = personByName.all(p.inspector) as number[];
    const r = insertPatrol.run(ctx.batchId, p.externalId, p.inspector, persons.length === 1 ? persons[0]! : null, p.startedAt, p.endedAt,
      p.lengthM, p.pointCount, ctx.crs, JSON.stringify(p.geometry), ctx.now, p.timed ? 1 : 0);
    if (r.changes === 0) {
      out.countPatrol('duplicate');
      continue;
    }
    out.countPatrol('written');
    const patrolId = Number(r.lastInsertRowid);
    for (const [gridId, length] of p.byGrid) if (length > 0.01) insertLength.run(patrolId, gridId, length);
    const analysis = storePatrolCoverage(db, patrolId, p.geometry.coordinates as [number, number][][], p.times, coverage, p.timed ? PARTLY_TIMED_NOTE : UNTIMED_NOTE);
    // Said at once in the import's result, and kept on the patrol for the coverage page.
    const label = `第 ${track.number} 条轨迹：`;
    if (analysis.note) out.issue?.('warning', track.number, '轨迹', label + analysis.note, null);
    for (const f of analysis.flags) out.issue?.('warning', track.number, '轨迹', `${label}可疑轨迹（${PATROL_FLAG_LABELS[f.kind]}）：${f.detail}`, null);
  }
}

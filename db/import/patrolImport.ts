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

export interface PatrolData {
  externalId: string;
  inspector: string;
  startedAt: number;
  endedAt: number;
  lengthM: number;
  pointCount: number;
  geometry: { type: 'MultiLineString'; coordinates: number[][][] };
  byGrid: Map<number, number>;
}

/** A GPX track as a patrol: WGS-84 line, times, total length and the length inside each grid. */
export function buildPatrol(
  track: GpxTrack,
  crs: CoordinateSystem,
  grids: GridIndex,
  author: string,
): { ok: true; patrol: PatrolData } | { ok: false; reason: string } {
  const label = `第 ${track.number} 条轨迹${track.name ? `「${track.name}」` : ''}`;
  const segments = track.segments
    .map((s) => s.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && !(p.lon === 0 && p.lat === 0)))
    .filter((s) => s.length >= 2);
  const points = segments.flat();
  if (points.length < 2) return { ok: false, reason: `${label}少于 2 个有效轨迹点` };
  const times = points.map((p) => p.time).filter((t): t is number => t !== null);
  if (times.length === 0) return { ok: false, reason: `${label}没有时间：无法确定巡查的起止时间` };
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
      startedAt: Math.min(...times),
      endedAt: Math.max(...times),
      lengthM,
      pointCount: points.length,
      geometry: { type: 'MultiLineString', coordinates },
      byGrid,
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
  out: Pick<BatchWriter, 'reject' | 'countPatrol'>,
): void {
  const author = ctx.author.trim();
  const personByName = db.prepare(`SELECT id FROM persons WHERE name = ? AND is_active = 1`).pluck();
  const insertPatrol = db.prepare(
    `INSERT INTO patrols (batch_id, external_id, inspector, person_id, started_at, ended_at, length_m, point_count, source_crs, geometry, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (external_id) DO NOTHING`,
  );
  const insertLength = db.prepare(`INSERT INTO patrol_grid_lengths (patrol_id, grid_id, length_m) VALUES (?, ?, ?)`);
  for (const track of tracks) {
    const outcome = buildPatrol(track, ctx.crs, ctx.grids, author);
    if (!outcome.ok) {
      out.reject(track.number, '轨迹', outcome.reason, null);
      continue;
    }
    const p = outcome.patrol;
    const persons = personByName.all(p.inspector) as number[];
    const r = insertPatrol.run(ctx.batchId, p.externalId, p.inspector, persons.length === 1 ? persons[0]! : null, p.startedAt, p.endedAt,
      p.lengthM, p.pointCount, ctx.crs, JSON.stringify(p.geometry), ctx.now);
    if (r.changes === 0) {
      out.countPatrol('duplicate');
      continue;
    }
    out.countPatrol('written');
    const patrolId = Number(r.lastInsertRowid);
    for (const [gridId, length] of p.byGrid) if (length > 0.01) insertLength.run(patrolId, gridId, length);
  }
}

/**
 * What a patrol keeps for coverage and review, written once when it is stored (import, demo,
 * migration 0160's backfill): its flags and note, its fixes' times, and its covered H3 cells per
 * community grid (./cells.ts); and each community grid's own cell count.
 */
import type { Database } from 'better-sqlite3';
import { GridIndex } from '../import/gridIndex';
import { loadCalendar, type WorkingCalendar } from '../workingTime';
import { analyseTrack, TIMES_NOT_KEPT_NOTE, UNTIMED_NOTE, type TrackAnalysis } from './analyse';
import { cellsByGrid, COVERAGE_RESOLUTION, createCellCache, encodeCells, gridCells, trackCells, type CellCache } from './cells';

type LonLat = readonly [number, number];

export interface CoverageContext {
  grids: GridIndex;
  calendar: WorkingCalendar;
  /** The community grids' bounding box, or null when there are none. */
  district: [number, number, number, number] | null;
  /** h3 answers met so far in this batch of tracks. */
  cache: CellCache;
}

export function districtBox(grids: GridIndex): [number, number, number, number] | null {
  if (grids.size === 0) return null;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const g of grids.grids) {
    minLon = Math.min(minLon, g.bbox[0]);
    minLat = Math.min(minLat, g.bbox[1]);
    maxLon = Math.max(maxLon, g.bbox[2]);
    maxLat = Math.max(maxLat, g.bbox[3]);
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function coverageContext(db: Database, grids: GridIndex = GridIndex.load(db)): CoverageContext {
  return { grids, calendar: loadCalendar(db), district: districtBox(grids), cache: createCellCache() };
}

/** Counts the cells of every community grid not yet counted at its current boundary. */
export function ensureGridCells(db: Database, grids: GridIndex): void {
  const stale = db
    .prepare(
      `SELECT g.id, g.updated_at FROM grids g LEFT JOIN grid_cells c ON c.grid_id = g.id
       WHERE g.level = 3 AND (c.grid_id IS NULL OR c.grid_updated_at <> g.updated_at OR c.resolution <> ?)`,
    )
    .all(COVERAGE_RESOLUTION) as { id: number; updated_at: number }[];
  if (stale.length === 0) return;
  const byId = new Map(grids.grids.map((g) => [g.id, g]));
  const upsert = db.prepare(
    `INSERT INTO grid_cells (grid_id, resolution, cell_count, grid_updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (grid_id) DO UPDATE SET resolution = excluded.resolution, cell_count = excluded.cell_count, grid_updated_at = excluded.grid_updated_at`,
  );
  for (const s of stale) {
    const g = byId.get(s.id);
    if (g) upsert.run(s.id, COVERAGE_RESOLUTION, gridCells(g.polygons).size, s.updated_at);
  }
}

/**
 * Analyses one stored patrol and writes what it keeps (inside the caller's transaction). `times`: the
 * fixes' epoch ms in the geometry's flattened order, or null (`timesNote` says why).
 */
export function storePatrolCoverage(
  db: Database,
  patrolId: number,
  lines: readonly (readonly LonLat[])[],
  times: readonly number[] | null,
  ctx: CoverageContext,
  timesNote: string = UNTIMED_NOTE,
): TrackAnalysis {
  const analysis = analyseTrack(lines, times, ctx.calendar, ctx.district, timesNote);
  const startedAt = times && times.length > 0 ? Math.min(...times) : 0;
  db.prepare(`UPDATE patrols SET fix_times = ?, flags = ?, far_outside = ?, note = ? WHERE id = ?`).run(
    times ? JSON.stringify(times.map((t) => t - startedAt)) : null,
    JSON.stringify(analysis.flags),
    analysis.farOutside ? 1 : 0,
    analysis.note,
    patrolId,
  );
  db.prepare(`DELETE FROM patrol_cells WHERE patrol_id = ?`).run(patrolId);
  if (!analysis.farOutside) {
    const insert = db.prepare(`INSERT INTO patrol_cells (patrol_id, grid_id, cell_count, cells) VALUES (?, ?, ?, ?)`);
    const byGrid = cellsByGrid(trackCells(lines, undefined, ctx.cache), (lon, lat) => ctx.grids.locate(lon, lat));
    for (const [gridId, cells] of byGrid) insert.run(patrolId, gridId, cells.length, encodeCells(cells));
  }
  return analysis;
}

/** Analyses every stored patrol from its geometry (migration 0160: their fixes' times were not kept). */
export function backfillPatrols(db: Database): void {
  const rows = db.prepare(`SELECT id, geometry FROM patrols ORDER BY id`).all() as { id: number; geometry: string }[];
  const grids = GridIndex.load(db);
  ensureGridCells(db, grids);
  if (rows.length === 0) return;
  const ctx = coverageContext(db, grids);
  for (const r of rows) {
    const geometry = JSON.parse(r.geometry) as { coordinates: [number, number][][] };
    storePatrolCoverage(db, r.id, geometry.coordinates, null, ctx, TIMES_NOT_KEPT_NOTE);
  }
}

/**
 * Patrol figures over a period: 巡查里程, 巡查时长, 覆盖率 per community grid and per person.
 *
 * 覆盖率 (coveredShare) is the share of a grid's area within 25 m of a track walked in the period:
 * distinct covered H3 cells over the period's patrols ÷ the grid's cells (see ./cells.ts for the method
 * and why). A patrol belongs to the period by its start; a patrol far outside the district counts in
 * nothing. Suspicious patrols (speed, jumps, off hours, frozen) still count: they are flagged, not hidden.
 * A patrol's duration in a grid is its duration apportioned by the length walked in the grid.
 * A track's cells are split among the grids as they were at its import (like its lengths per grid); a
 * grid whose boundary changed since is counted again for its own cell total (gridCellCounts).
 */
import type { Database } from 'better-sqlite3';
import { shanghaiDate } from '../domain/time';
import { GridIndex } from '../import/gridIndex';
import { COVERAGE_RESOLUTION, decodeCells, gridCells } from './cells';

export interface GridPatrolFigures {
  lengthM: number;
  durationMs: number;
  /** 0..1: the grid's area within 25 m of a track walked in the period. */
  coveredShare: number;
  patrolCount: number;
}

export interface PersonPatrolFigures {
  lengthM: number;
  durationMs: number;
  patrolCount: number;
  /** The grids the person walked in (length or covered cells), and on which day (Asia/Shanghai 'YYYY-MM-DD'). */
  gridDays: Array<{ gridId: number; day: string }>;
}

export interface PatrolFigures {
  byGrid: Map<number, GridPatrolFigures>;
  byPerson: Map<number, PersonPatrolFigures>;
}

export interface PatrolFilter {
  fromMs: number;
  toMs: number;
  /** Only this person's patrols. */
  personId?: number;
}

/** Grid cell counts computed when the stored one is missing or stale (read-only: kept in memory). */
const countCache = new Map<string, number>();

/** Each community grid's cell count (stored at import; counted here when the boundary changed since). */
export function gridCellCounts(db: Database): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT g.id, g.updated_at, c.cell_count, c.grid_updated_at, c.resolution
       FROM grids g LEFT JOIN grid_cells c ON c.grid_id = g.id WHERE g.level = 3`,
    )
    .all() as { id: number; updated_at: number; cell_count: number | null; grid_updated_at: number | null; resolution: number | null }[];
  const out = new Map<number, number>();
  let index: GridIndex | null = null;
  for (const r of rows) {
    if (r.cell_count !== null && r.grid_updated_at === r.updated_at && r.resolution === COVERAGE_RESOLUTION) {
      out.set(r.id, r.cell_count);
      continue;
    }
    const key = `${r.id}:${r.updated_at}`;
    let n = countCache.get(key);
    if (n === undefined) {
      index ??= GridIndex.load(db);
      const g = index.grids.find((x) => x.id === r.id);
      n = g ? gridCells(g.polygons).size : 0;
      countCache.set(key, n);
    }
    out.set(r.id, n);
  }
  return out;
}

interface PatrolRow {
  id: number;
  person_id: number | null;
  started_at: number;
  ended_at: number;
  length_m: number;
}

/** Distinct covered cells per grid over the patrols chosen by `where` (SQL over `p`, the patrols). */
export function coveredCells(db: Database, where: string, params: readonly unknown[]): Map<number, Set<number>> {
  const rows = db
    .prepare(`SELECT c.grid_id, c.cells FROM patrols p JOIN patrol_cells c ON c.patrol_id = p.id WHERE ${where}`)
    .all(...params) as { grid_id: number; cells: Buffer }[];
  const out = new Map<number, Set<number>>();
  for (const r of rows) {
    let set = out.get(r.grid_id);
    if (!set) out.set(r.grid_id, (set = new Set()));
    for (const c of decodeCells(r.cells)) set.add(c);
  }
  return out;
}

/**
 * Figures of the patrols started in [fromMs, toMs): per community grid (length, duration, coverage,
 * patrols) and per person (length, duration, patrols, the grids walked on each day). `coverage: false`
 * leaves every grid's coveredShare 0 without reading the walked cells (a caller that scores no coverage).
 */
export function patrolFigures(db: Database, filter: PatrolFilter, { coverage = true }: { coverage?: boolean } = {}): PatrolFigures {
  const personWhere = filter.personId !== undefined ? ' AND p.person_id = ?' : '';
  const where = `p.started_at >= ? AND p.started_at < ? AND p.far_outside = 0${personWhere}`;
  const params: unknown[] = [filter.fromMs, filter.toMs];
  if (filter.personId !== undefined) params.push(filter.personId);

  const patrols = db
    .prepare(`SELECT p.id, p.person_id, p.started_at, p.ended_at, p.length_m FROM patrols p WHERE ${where}`)
    .all(...params) as PatrolRow[];
  const byId = new Map(patrols.map((p) => [p.id, p]));
  const lengths = db
    .prepare(`SELECT l.patrol_id, l.grid_id, l.length_m FROM patrols p JOIN patrol_grid_lengths l ON l.patrol_id = p.id WHERE ${where}`)
    .all(...params) as { patrol_id: number; grid_id: number; length_m: number }[];
  const cellGrids = db
    .prepare(`SELECT c.patrol_id, c.grid_id FROM patrols p JOIN patrol_cells c ON c.patrol_id = p.id WHERE ${where}`)
    .all(...params) as { patrol_id: number; grid_id: number }[];
  const covered = coverage ? coveredCells(db, where, params) : new Map<number, Set<number>>();
  const counts = coverage ? gridCellCounts(db) : new Map<number, number>();

  const byGrid = new Map<number, GridPatrolFigures>();
  const gridOf = (id: number) => {
    let g = byGrid.get(id);
    if (!g) byGrid.set(id, (g = { lengthM: 0, durationMs: 0, coveredShare: 0, patrolCount: 0 }));
    return g;
  };
  const patrolGrids = new Map<number, Set<number>>();
  const touch = (patrolId: number, gridId: number) => {
    let s = patrolGrids.get(patrolId);
    if (!s) patrolGrids.set(patrolId, (s = new Set()));
    s.add(gridId);
  };
  for (const l of lengths) {
    const p = byId.get(l.patrol_id)!;
    const g = gridOf(l.grid_id);
    g.lengthM += l.length_m;
    g.durationMs += p.length_m > 0 ? ((p.ended_at - p.started_at) * l.length_m) / p.length_m : 0;
    touch(l.patrol_id, l.grid_id);
  }
  for (const c of cellGrids) touch(c.patrol_id, c.grid_id);
  for (const [, grids] of patrolGrids) for (const gridId of grids) gridOf(gridId).patrolCount++;
  for (const [gridId, cells] of covered) {
    const total = counts.get(gridId) ?? 0;
    gridOf(gridId).coveredShare = total > 0 ? Math.min(1, cells.size / total) : 0;
  }

  const byPerson = new Map<number, PersonPatrolFigures>();
  const seenDays = new Map<number, Set<string>>();
  for (const p of patrols) {
    if (p.person_id === null) continue;
    let f = byPerson.get(p.person_id);
    if (!f) byPerson.set(p.person_id, (f = { lengthM: 0, durationMs: 0, patrolCount: 0, gridDays: [] }));
    f.lengthM += p.length_m;
    f.durationMs += p.ended_at - p.started_at;
    f.patrolCount++;
    const day = shanghaiDate(p.started_at);
    let seen = seenDays.get(p.person_id);
    if (!seen) seenDays.set(p.person_id, (seen = new Set()));
    for (const gridId of [...(patrolGrids.get(p.id) ?? [])].sort((a, b) => a - b)) {
      const key = `${gridId}|${day}`;
      if (seen.has(key)) continue;
      seen.add(key);
      f.gridDays.push({ gridId, day });
    }
  }
  return { byGrid, byPerson };
}

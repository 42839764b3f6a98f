/**
 * Patrol coverage as the desk shows it: per community grid and per person over a period (巡查里程,
 * 巡查时长, 覆盖率, cases found per km), the suspicious patrols, the grids not walked for N days, and the
 * tracks themselves for the map (thinned to a bounded number of points, with the speed of each stretch).
 */
import type { Database } from 'better-sqlite3';
import { DAY_MS, shanghaiDate } from '../domain/time';
import { haversineM } from '../import/gridIndex';
import { PATROL_FLAG_LABELS, type PatrolFlag, type PatrolFlagKind } from './analyse';
import { COVERAGE_RADIUS_M } from './cells';
import { coveredCells, gridCellCounts, patrolFigures } from './coverage';

export const COVERAGE_DEFINITION =
  `覆盖率：网格内距巡查轨迹 ${COVERAGE_RADIUS_M} 米以内的面积占网格面积的比例。按 H3 六边形格元（第 12 级，每格约 280 平方米）计：` +
  `格元中心在网格内且距所选时段任一轨迹不超过 ${COVERAGE_RADIUS_M} 米即算覆盖，覆盖率 = 覆盖格元数 ÷ 网格格元数（多条轨迹重复走过只算一次）。` +
  '远离辖区的轨迹不计入；其他可疑轨迹照常计入并标出。';

export interface FlagView extends PatrolFlag {
  label: string;
}

export interface GridCoverageRow {
  gridId: number;
  code: string;
  name: string;
  streetName: string;
  lengthM: number;
  durationMs: number;
  /** 0..1 */
  coveredShare: number;
  patrolCount: number;
  /** Cases reported by patrol (巡查上报) in the grid in the period by those whose tracks are counted. */
  casesFound: number;
  /** casesFound per km walked in the grid; null when nothing was walked. */
  casesPerKm: number | null;
  /** End of the last patrol in the grid up to the period's end, or null. */
  lastWalkedAt: number | null;
}

export interface PersonCoverageRow {
  personId: number;
  name: string;
  lengthM: number;
  durationMs: number;
  patrolCount: number;
  /** Distinct grids walked in, and distinct days walked. */
  gridCount: number;
  dayCount: number;
  /** The share of the area of the grids the person walked in that the person's own tracks cover. */
  coveredShare: number;
  casesFound: number;
  casesPerKm: number | null;
  flaggedCount: number;
}

export interface FlaggedPatrol {
  patrolId: number;
  personId: number | null;
  inspector: string;
  startedAt: number;
  endedAt: number;
  lengthM: number;
  flags: FlagView[];
  note: string | null;
  farOutside: boolean;
}

export interface CoverageReport {
  fromMs: number;
  toMs: number;
  definition: string;
  totals: { lengthM: number; durationMs: number; patrolCount: number; coveredShare: number; gridsWalked: number; gridCount: number; casesFound: number; casesPerKm: number | null };
  grids: GridCoverageRow[];
  persons: PersonCoverageRow[];
  /** Patrols with a flag, or without times (their note says so), in time order. */
  flagged: FlaggedPatrol[];
}

export interface CoverageFilter {
  fromMs: number;
  toMs: number;
  personId?: number | undefined;
  gridId?: number | undefined;
}

function flagViews(json: string): FlagView[] {
  return (JSON.parse(json) as PatrolFlag[]).map((f) => ({ ...f, label: PATROL_FLAG_LABELS[f.kind as PatrolFlagKind] ?? f.kind }));
}

const perKm = (cases: number, m: number) => (m >= 1 ? cases / (m / 1000) : null);

/** The community grids with their street, in code order. */
function communityGrids(db: Database): { id: number; code: string; name: string; street: string }[] {
  return db
    .prepare(
      `SELECT g.id, g.code, g.name, coalesce(s.name, '') AS street FROM grids g LEFT JOIN grids s ON s.id = g.parent_id
       WHERE g.level = 3 ORDER BY g.code`,
    )
    .all() as { id: number; code: string; name: string; street: string }[];
}

/** End of the last patrol per grid that started before `beforeMs`. */
export function lastWalked(db: Database, beforeMs: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT grid_id, max(ended_at) AS last FROM (
         SELECT c.grid_id, p.ended_at FROM patrol_cells c JOIN patrols p ON p.id = c.patrol_id WHERE p.started_at < ? AND p.far_outside = 0
         UNION ALL
         SELECT l.grid_id, p.ended_at FROM patrol_grid_lengths l JOIN patrols p ON p.id = l.patrol_id WHERE p.started_at < ? AND p.far_outside = 0
       ) GROUP BY grid_id`,
    )
    .all(beforeMs, beforeMs) as { grid_id: number; last: number }[];
  return new Map(rows.map((r) => [r.grid_id, r.last]));
}

export function coverageReport(db: Database, filter: CoverageFilter): CoverageReport {
  const { fromMs, toMs } = filter;
  const figures = patrolFigures(db, { fromMs, toMs, ...(filter.personId !== undefined ? { personId: filter.personId } : {}) });
  const counts = gridCellCounts(db);
  const last = lastWalked(db, toMs);
  const casesByGrid = new Map(
    (
      db
        .prepare(
          `SELECT grid_id, count(*) AS n FROM incidents WHERE source = 'patrol' AND reported_at >= ? AND reported_at < ? AND grid_id IS NOT NULL
           AND duplicate_of IS NULL AND status <> 'voided'
           AND reporter IN (SELECT DISTINCT inspector FROM patrols WHERE started_at >= ? AND started_at < ? AND far_outside = 0) GROUP BY grid_id`,
        )
        .all(fromMs, toMs, fromMs, toMs) as { grid_id: number; n: number }[]
    ).map((r) => [r.grid_id, r.n]),
  );

  const grids: GridCoverageRow[] = [];
  for (const g of communityGrids(db)) {
    if (filter.gridId !== undefined && g.id !== filter.gridId) continue;
    const f = figures.byGrid.get(g.id);
    const cases = casesByGrid.get(g.id) ?? 0;
    grids.push({
      gridId: g.id,
      code: g.code,
      name: g.name,
      streetName: g.street,
      lengthM: f?.lengthM ?? 0,
      durationMs: Math.round(f?.durationMs ?? 0),
      coveredShare: f?.coveredShare ?? 0,
      patrolCount: f?.patrolCount ?? 0,
      casesFound: cases,
      casesPerKm: perKm(cases, f?.lengthM ?? 0),
      lastWalkedAt: last.get(g.id) ?? null,
    });
  }

  // Per person: own coverage of the grids they walked; cases they reported; flagged patrols.
  const persons: PersonCoverageRow[] = [];
  const personRows = db.prepare(`SELECT id, name FROM persons`).all() as { id: number; name: string }[];
  const names = new Map(personRows.map((p) => [p.id, p.name]));
  const casesOf = db.prepare(
    `SELECT count(*) FROM incidents WHERE source = 'patrol' AND reporter = ? AND reported_at >= ? AND reported_at < ? AND duplicate_of IS NULL AND status <> 'voided'`,
  ).pluck();
  const flaggedOf = db
    .prepare(`SELECT person_id, count(*) AS n FROM patrols WHERE started_at >= ? AND started_at < ? AND flags <> '[]' AND person_id IS NOT NULL GROUP BY person_id`)
    .all(fromMs, toMs) as { person_id: number; n: number }[];
  const flaggedBy = new Map(flaggedOf.map((r) => [r.person_id, r.n]));
  for (const [personId, f] of figures.byPerson) {
    const own = coveredCells(db, `p.person_id = ? AND p.started_at >= ? AND p.started_at < ? AND p.far_outside = 0`, [personId, fromMs, toMs]);
    let covered = 0;
    let total = 0;
    for (const [gridId, cells] of own) {
      covered += cells.size;
      total += counts.get(gridId) ?? 0;
    }
    const name = names.get(personId) ?? '';
    const cases = casesOf.get(name, fromMs, toMs) as number;
    persons.push({
      personId,
      name,
      lengthM: f.lengthM,
      durationMs: f.durationMs,
      patrolCount: f.patrolCount,
      gridCount: new Set(f.gridDays.map((d) => d.gridId)).size,
      dayCount: new Set(f.gridDays.map((d) => d.day)).size,
      coveredShare: total > 0 ? Math.min(1, covered / total) : 0,
      casesFound: cases,
      casesPerKm: perKm(cases, f.lengthM),
      flaggedCount: flaggedBy.get(personId) ?? 0,
    });
  }
  persons.sort((a, b) => b.lengthM - a.lengthM || a.personId - b.personId);

  const personWhere = filter.personId !== undefined ? ' AND person_id = ?' : '';
  const flaggedParams: unknown[] = [fromMs, toMs];
  if (filter.personId !== undefined) flaggedParams.push(filter.personId);
  const flagged = (
    db
      .prepare(
        `SELECT id, person_id, inspector, started_at, ended_at, length_m, flags, note, far_outside FROM patrols
         WHERE started_at >= ? AND started_at < ?${personWhere} AND (flags <> '[]' OR timed = 0) ORDER BY started_at, id LIMIT 500`,
      )
      .all(...flaggedParams) as {
      id: number;
      person_id: number | null;
      inspector: string;
      started_at: number;
      ended_at: number;
      length_m: number;
      flags: string;
      note: string | null;
      far_outside: number;
    }[]
  ).map((r) => ({
    patrolId: r.id,
    personId: r.person_id,
    inspector: r.inspector,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    lengthM: r.far_outside ? 0 : r.length_m,
    flags: flagViews(r.flags),
    note: r.note,
    farOutside: r.far_outside === 1,
  }));

  // District totals: every covered cell over every grid's cells.
  const all = filter.personId !== undefined || filter.gridId !== undefined ? null : coveredCells(db, `p.started_at >= ? AND p.started_at < ? AND p.far_outside = 0`, [fromMs, toMs]);
  let coveredAll = 0;
  let cellsAll = 0;
  for (const g of grids) {
    cellsAll += counts.get(g.gridId) ?? 0;
    coveredAll += all ? (all.get(g.gridId)?.size ?? 0) : g.coveredShare * (counts.get(g.gridId) ?? 0);
  }
  const lengthM = filter.gridId !== undefined ? grids.reduce((s, g) => s + g.lengthM, 0) : persons.reduce((s, p) => s + p.lengthM, 0);
  const casesFound = filter.personId !== undefined ? persons.reduce((s, p) => s + p.casesFound, 0) : grids.reduce((s, g) => s + g.casesFound, 0);
  return {
    fromMs,
    toMs,
    definition: COVERAGE_DEFINITION,
    totals: {
      lengthM,
      durationMs: filter.gridId !== undefined ? grids.reduce((s, g) => s + g.durationMs, 0) : persons.reduce((s, p) => s + p.durationMs, 0),
      patrolCount: filter.gridId !== undefined ? grids.reduce((s, g) => s + g.patrolCount, 0) : persons.reduce((s, p) => s + p.patrolCount, 0),
      coveredShare: cellsAll > 0 ? coveredAll / cellsAll : 0,
      gridsWalked: grids.filter((g) => g.patrolCount > 0).length,
      gridCount: grids.length,
      casesFound,
      casesPerKm: perKm(casesFound, lengthM),
    },
    grids,
    persons,
    flagged,
  };
}

export interface UnwalkedGrid {
  gridId: number;
  code: string;
  name: string;
  streetName: string;
  /** End of the last patrol in the grid, or null when never walked. */
  lastWalkedAt: number | null;
  /** Whole days since then, or null when never walked. */
  daysSince: number | null;
}

/** Community grids not walked in the `days` days before `asOfMs` (never walked first, then longest ago). */
export function unwalkedGrids(db: Database, days: number, asOfMs: number): UnwalkedGrid[] {
  const last = lastWalked(db, asOfMs);
  const since = asOfMs - days * DAY_MS;
  const out: UnwalkedGrid[] = [];
  for (const g of communityGrids(db)) {
    const at = last.get(g.id) ?? null;
    if (at !== null && at >= since) continue;
    out.push({
      gridId: g.id,
      code: g.code,
      name: g.name,
      streetName: g.street,
      lastWalkedAt: at,
      daysSince: at === null ? null : Math.floor((asOfMs - at) / DAY_MS),
    });
  }
  out.sort((a, b) => (a.lastWalkedAt ?? -1) - (b.lastWalkedAt ?? -1) || (a.code < b.code ? -1 : 1));
  return out;
}

export interface TrackView {
  patrolId: number;
  personId: number | null;
  inspector: string;
  startedAt: number;
  endedAt: number;
  day: string;
  lengthM: number;
  timed: boolean;
  farOutside: boolean;
  flags: FlagView[];
  note: string | null;
  /** Lines of [lon, lat, speed km/h of the stretch ending at this point or null (first point, no times)]. */
  lines: Array<Array<[number, number, number | null]>>;
}

export interface TracksAnswer {
  tracks: TrackView[];
  /** Points stored for these tracks, and points sent (fewer when thinned). */
  storedPoints: number;
  sentPoints: number;
  /** More tracks matched than were sent (the latest are sent). */
  truncated: boolean;
}

export const MAX_TRACKS = 1_000;

/**
 * The tracks of a period for the map, with the speed of each stretch; thinned evenly (every k-th fix,
 * ends kept) when their points exceed `maxPoints`.
 */
export function patrolTracks(db: Database, filter: CoverageFilter & { maxPoints: number }): TracksAnswer {
  const where: string[] = ['p.started_at >= ?', 'p.started_at < ?'];
  const params: unknown[] = [filter.fromMs, filter.toMs];
  if (filter.personId !== undefined) {
    where.push('p.person_id = ?');
    params.push(filter.personId);
  }
  if (filter.gridId !== undefined) {
    where.push('(EXISTS (SELECT 1 FROM patrol_cells c WHERE c.patrol_id = p.id AND c.grid_id = ?) OR EXISTS (SELECT 1 FROM patrol_grid_lengths l WHERE l.patrol_id = p.id AND l.grid_id = ?))');
    params.push(filter.gridId, filter.gridId);
  }
  const rows = db
    .prepare(
      `SELECT p.id, p.person_id, p.inspector, p.started_at, p.ended_at, p.length_m, p.point_count, p.timed, p.far_outside, p.flags, p.note, p.geometry, p.fix_times
       FROM patrols p WHERE ${where.join(' AND ')} ORDER BY p.started_at DESC, p.id DESC LIMIT ${MAX_TRACKS + 1}`,
    )
    .all(...params) as {
    id: number;
    person_id: number | null;
    inspector: string;
    started_at: number;
    ended_at: number;
    length_m: number;
    point_count: number;
    timed: number;
    far_outside: number;
    flags: string;
    note: string | null;
    geometry: string;
    fix_times: string | null;
  }[];
  const truncated = rows.length > MAX_TRACKS;
  const kept = rows.slice(0, MAX_TRACKS).reverse();
  const storedPoints = kept.reduce((s, r) => s + r.point_count, 0);
  const stride = Math.max(1, Math.ceil(storedPoints / Math.max(2, filter.maxPoints)));
  let sentPoints = 0;
  const tracks = kept.map((r): TrackView => {
    const coords = (JSON.parse(r.geometry) as { coordinates: [number, number][][] }).coordinates;
    const offsets = r.fix_times ? (JSON.parse(r.fix_times) as number[]) : null;
    let k = 0;
    const lines = coords.map((line) => {
      const out: Array<[number, number, number | null]> = [];
      let prev: { p: [number, number]; t: number | null } | null = null;
      line.forEach((p, i) => {
        const t = offsets ? r.started_at + offsets[k + i]! : null;
        if (i % stride !== 0 && i !== line.length - 1) return;
        let speed: number | null = null;
        if (prev && t !== null && prev.t !== null && t > prev.t) speed = Math.round((haversineM(prev.p, p) / (t - prev.t)) * 3_600 * 10) / 10;
        out.push([p[0], p[1], speed]);
        prev = { p, t };
      });
      k += line.length;
      sentPoints += out.length;
      return out;
    });
    return {
      patrolId: r.id,
      personId: r.person_id,
      inspector: r.inspector,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      day: shanghaiDate(r.started_at),
      lengthM: r.length_m,
      timed: r.timed === 1,
      farOutside: r.far_outside === 1,
      flags: flagViews(r.flags),
      note: r.note,
      lines,
    };
  });
  return { tracks, storedPoints, sentPoints, truncated };
}

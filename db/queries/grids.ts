import { changeMarker, type Db } from '../open';
import { containsPoint, geometryProblem } from '../geo';
import type { Grid, GridGeometry, GridLevel, GridTreeNode, GridWithGeometry } from '../types';
import { OPEN_STATUSES_SQL } from '../sql';

interface GridRow {
  id: number;
  code: string;
  parent_id: number | null;
  parent_code: string | null;
  level: number;
  name: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  area_m2: number;
}

const GRID_COLUMNS = `g.id, g.code, g.parent_id, p.code AS parent_code, g.level, g.name,
  g.min_lon, g.min_lat, g.max_lon, g.max_lat, g.area_m2`;

function rowToGrid(row: GridRow): Grid {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    parentCode: row.parent_code,
    level: row.level as GridLevel,
    name: row.name,
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    areaM2: row.area_m2,
  };
}

export function listGrids(db: Db, filter: { level?: GridLevel; parentCode?: string } = {}): Grid[] {
  const rows = db
    .prepare(
      `SELECT ${GRID_COLUMNS} FROM grids g LEFT JOIN grids p ON p.id = g.parent_id
       WHERE (@level IS NULL OR g.level = @level) AND (@parentCode IS NULL OR p.code = @parentCode)
       ORDER BY g.code`,
    )
    .all({ level: filter.level ?? null, parentCode: filter.parentCode ?? null }) as GridRow[];
  return rows.map(rowToGrid);
}

export function listGridGeometries(db: Db, filter: { level?: GridLevel } = {}): GridWithGeometry[] {
  const rows = db
    .prepare(
      `SELECT ${GRID_COLUMNS}, g.geometry, g.updated_at FROM grids g LEFT JOIN grids p ON p.id = g.parent_id
       WHERE (@level IS NULL OR g.level = @level) ORDER BY g.level, g.code`,
    )
    .all({ level: filter.level ?? null }) as (GridRow & { geometry: string; updated_at: number })[];
  return rows.map((r) => {
    const geometry = JSON.parse(r.geometry) as GridGeometry;
    // The ring check is quadratic in the vertex count: done once per stored version of a polygon.
    const key = `${r.code}:${r.updated_at}:${r.geometry.length}`;
    let problem = problemCache.get(key);
    if (problem === undefined) problemCache.set(key, (problem = geometryProblem(geometry)));
    return { ...rowToGrid(r), geometry, geometryProblem: problem };
  });
}

const problemCache = new Map<string, string | null>();

export function getGridByCode(db: Db, code: string): Grid | null {
  const row = db
    .prepare(`SELECT ${GRID_COLUMNS} FROM grids g LEFT JOIN grids p ON p.id = g.parent_id WHERE g.code = ?`)
    .get(code) as GridRow | undefined;
  return row ? rowToGrid(row) : null;
}

function getGridById(db: Db, id: number): Grid | null {
  const row = db
    .prepare(`SELECT ${GRID_COLUMNS} FROM grids g LEFT JOIN grids p ON p.id = g.parent_id WHERE g.id = ?`)
    .get(id) as GridRow | undefined;
  return row ? rowToGrid(row) : null;
}

/**
 * The community grid that contains a WGS-84 point: R*Tree candidates by bounding box, then exact
 * point-in-polygon. A point on an edge shared by two grids goes to the one with the lowest code, so
 * the answer is deterministic. Returns null outside every grid.
 */
export function locateGrid(db: Db, lon: number, lat: number): { grid: Grid | null; street: Grid | null } {
  const candidates = db
    .prepare(
      `SELECT g.id, g.code, g.geometry FROM grid_rtree r JOIN grids g ON g.id = r.id
       WHERE r.min_lon <= @lon AND r.max_lon >= @lon AND r.min_lat <= @lat AND r.max_lat >= @lat AND g.level = 3
       ORDER BY g.code`,
    )
    .all({ lon, lat }) as { id: number; code: string; geometry: string }[];
  for (const c of candidates) {
    if (containsPoint(JSON.parse(c.geometry) as GridGeometry, lon, lat)) {
      const grid = getGridById(db, c.id);
      const street = grid?.parentId != null ? getGridById(db, grid.parentId) : null;
      return { grid, street };
    }
  }
  return { grid: null, street: null };
}

/**
 * The tree as last built on a connection: reused while nothing was written (the connection's change marker:
 * PRAGMA data_version, which moves when another connection commits, with total_changes() for this one's own
 * writes) and until the first open case's deadline after the moment it was built (before then no case
 * turns overdue, so every count is the same). Every desk showing the map asks for it again after each
 * write anywhere: one of them builds it, the others get it.
 */
interface BuiltTree {
  readonly marker: string;
  readonly builtAt: number;
  /** The earliest deadline of an open case at or after builtAt (Infinity: none). */
  readonly validUntil: number;
  readonly tree: GridTreeNode | null;
}
const builtTrees = new WeakMap<Db, BuiltTree>();

/** District → streets → grids, each node with case counts for its whole subtree (see BuiltTree). */
export function gridTree(db: Db, now: number): GridTreeNode | null {
  // A connection with a write of its own in progress reads afresh (the write may yet roll back).
  if (db.inTransaction && !db.readonly) return buildGridTree(db, now);
  const marker = changeMarker(db);
  const built = builtTrees.get(db);
  if (built && built.marker === marker && now >= built.builtAt && now < built.validUntil) return structuredClone(built.tree);
  const tree = buildGridTree(db, now);
  const next = db
    .prepare(
      `SELECT due_at FROM incidents INDEXED BY incidents_open_due
        WHERE closed_at IS NULL AND due_at >= @now AND status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND grid_id IS NOT NULL
        ORDER BY due_at LIMIT 1`,
    )
    .pluck()
    .get({ now }) as number | undefined;
  // The marker is read again: a commit by another connection while the tree was built leaves nothing remembered.
  if (changeMarker(db) === marker) builtTrees.set(db, { marker, builtAt: now, validUntil: next ?? Infinity, tree: structuredClone(tree) });
  return tree;
}

/** The tree read afresh: the straightforward reading gridTree answers as. */
export function buildGridTree(db: Db, now: number): GridTreeNode | null {
  const grids = db.prepare(`SELECT id, code, name, level, parent_id FROM grids ORDER BY code`).all() as {
    id: number;
    code: string;
    name: string;
    level: number;
    parent_id: number | null;
  }[];
  if (grids.length === 0) return null;
  // Totals from the daily statistics (every case but duplicates and voided ones) plus the voided ones;
  // open and overdue from the open cases' covering index. Never a scan of every case.
  const counts = db
    .prepare(
      `SELECT grid_id, sum(total) AS total, sum(open) AS open, sum(overdue) AS overdue FROM (
         SELECT grid_id, sum(received) AS total, 0 AS open, 0 AS overdue FROM stats_daily_grid WHERE grid_id <> 0 GROUP BY grid_id
         UNION ALL
         SELECT grid_id, count(*), 0, 0 FROM incidents
         WHERE status = 'voided' AND duplicate_of IS NULL AND grid_id IS NOT NULL GROUP BY grid_id
         UNION ALL
         SELECT grid_id, 0, count(*), sum(due_at IS NOT NULL AND due_at < @now) FROM incidents INDEXED BY incidents_open_due
         WHERE closed_at IS NULL AND status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND grid_id IS NOT NULL GROUP BY grid_id
       ) GROUP BY grid_id`,
    )
    .all({ now }) as { grid_id: number; total: number; open: number; overdue: number }[];
  const byId = new Map<number, GridTreeNode>();
  for (const g of grids) {
    byId.set(g.id, {
      id: g.id,
      code: g.code,
      name: g.name,
      level: g.level as GridLevel,
      openIncidents: 0,
      overdueIncidents: 0,
      totalIncidents: 0,
      children: [],
    });
  }
  const parentOf = new Map(grids.map((g) => [g.id, g.parent_id]));
  for (const c of counts) {
    // Add each grid's counts to itself and every ancestor.
    for (let id: number | null | undefined = c.grid_id; id != null; id = parentOf.get(id)) {
      const node = byId.get(id);
      if (!node) break;
      node.totalIncidents += c.total;
      node.openIncidents += c.open;
      node.overdueIncidents += c.overdue;
    }
  }
  let root: GridTreeNode | null = null;
  for (const g of grids) {
    const node = byId.get(g.id)!;
    const parent = g.parent_id != null ? byId.get(g.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else if (g.level === 1 && root === null) root = node;
  }
  return root;
}

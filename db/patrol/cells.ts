/**
 * Patrol coverage as a set of H3 cells.
 *
 * Definition (覆盖率): the share of a community grid's area that lies within 25 m of a walked track.
 *
 * Method: the plane is cut into H3 hexagons of resolution 12 (about 280 m² each at Changsha's
 * latitude, centres about 18 m apart). A cell is *covered* by a track when its centre lies within
 * 25 m of one of the track's segments, and it *belongs* to a grid when its centre lies inside the
 * grid (the rule h3's polygonToCells uses for the grid's own cells). A grid's coverage over a period
 * is the number of distinct covered cells of the grid over all the period's tracks divided by the
 * grid's cell count. Counting cell centres is an unbiased estimate of an area (the centres form a
 * regular lattice); on a hand-built 981 m × 2,226 m grid it agrees with the exact buffer area within 1 %
 * (tests/db/patrolCoverage.test.ts).
 *
 * Why H3 and not an exact buffer union (polygon-clipping): a track's covered cells are computed once
 * at import and stored, and coverage over any period, person or set of tracks is then a union of
 * sets — additive, order-free and fast (a month of 100,000 fixes is a few hundred thousand numbers),
 * where unioning buffer polygons would redo the geometry for every period asked. Resolution 12
 * rather than 13: a 25 m buffer is about three cells wide, which keeps the estimate within 1 %
 * while storing seven times fewer cells than resolution 13 would. Flatbush indexes the track's
 * segments so that each candidate cell is tested against the few segments near it.
 *
 * A cell is stored as a JS number: the low 52 bits of its 64-bit H3 index (base cell and digits);
 * the top bits only repeat the mode and the resolution.
 */
import Flatbush from 'flatbush';
import { cellToLatLng, gridDisk, latLngToCell, POLYGON_TO_CELLS_FLAGS, polygonToCellsExperimental } from 'h3-js';

export const COVERAGE_RESOLUTION = 12;
export const COVERAGE_RADIUS_M = 25;

type Ring = number[][];
type LonLat = readonly [number, number];

/**
 * Track sampling step for seeding the fill. One seed per line would do (a line's buffer is connected
 * and at least 50 m wide, three cells); seeding along it costs little and guards against a gap.
 */
const SAMPLE_STEP_M = 40;

const RES_PREFIX = `8${COVERAGE_RESOLUTION.toString(16)}`;

export function cellNumber(h3: string): number {
  return parseInt(h3.slice(2), 16);
}

export function cellIndex(n: number): string {
  return RES_PREFIX + n.toString(16).padStart(13, '0');
}

const M_PER_DEG_LAT = 111_320;

/** Local equirectangular projection around a latitude: metres per degree of longitude and latitude. */
function scales(lat: number): { kx: number; ky: number } {
  return { kx: M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180), ky: M_PER_DEG_LAT };
}

/** Squared distance from point p to segment a-b (plane). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}

/**
 * Centres and neighbours of the cells met while analysing a batch of tracks: tracks walk the same streets
 * again and again, and an h3 call costs a few microseconds where a map lookup costs a tenth of one. One
 * cache per import (or demo inspector, or upgrade), dropped with it; bounded, emptied when full.
 */
const CACHE_LIMIT = 200_000;

export interface CellCache {
  readonly centres: Map<string, { lat: number; lon: number; n: number }>;
  readonly rings: Map<string, string[]>;
}

export function createCellCache(): CellCache {
  return { centres: new Map(), rings: new Map() };
}

function centreOf(cache: CellCache, cell: string): { lat: number; lon: number; n: number } {
  let c = cache.centres.get(cell);
  if (!c) {
    if (cache.centres.size >= CACHE_LIMIT) cache.centres.clear();
    const [lat, lon] = cellToLatLng(cell);
    cache.centres.set(cell, (c = { lat, lon, n: cellNumber(cell) }));
  }
  return c;
}

function neighboursOf(cache: CellCache, cell: string): string[] {
  let r = cache.rings.get(cell);
  if (!r) {
    if (cache.rings.size >= CACHE_LIMIT) cache.rings.clear();
    cache.rings.set(cell, (r = gridDisk(cell, 1)));
  }
  return r;
}

/**
 * The cells within `radius` metres of a track (its lines, WGS-84 [lon, lat]): each cell's centre is
 * tested against the few segments near it (a Flatbush index over the segments, in local metres).
 */
export function trackCells(lines: readonly (readonly LonLat[])[], radius = COVERAGE_RADIUS_M, cache: CellCache = createCellCache()): Set<number> {
  const out = new Set<number>();
  const first = lines.find((l) => l.length > 0)?.[0];
  if (!first) return out;
  const { kx, ky } = scales(first[1]);
  const segs: number[] = []; // ax, ay, bx, by in local metres
  for (const line of lines) {
    if (line.length === 1) segs.push((line[0]![0] - first[0]) * kx, (line[0]![1] - first[1]) * ky, (line[0]![0] - first[0]) * kx, (line[0]![1] - first[1]) * ky);
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      segs.push((a[0] - first[0]) * kx, (a[1] - first[1]) * ky, (b[0] - first[0]) * kx, (b[1] - first[1]) * ky);
    }
  }
  const n = segs.length / 4;
  if (n === 0) return out;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const ax = segs[4 * i]!;
    const ay = segs[4 * i + 1]!;
    const bx = segs[4 * i + 2]!;
    const by = segs[4 * i + 3]!;
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  index.finish();
  const r2 = radius * radius;
  const seen = new Set<string>();
  const covers = (cell: string): boolean => {
    const centre = centreOf(cache, cell);
    const px = (centre.lon - first[0]) * kx;
    const py = (centre.lat - first[1]) * ky;
    const near = index.search(px - radius, py - radius, px + radius, py + radius);
    for (const k of near) {
      if (segmentDistance2(px, py, segs[4 * k]!, segs[4 * k + 1]!, segs[4 * k + 2]!, segs[4 * k + 3]!) <= r2) {
        out.add(centre.n);
        return true;
      }
    }
    return false;
  };
  // Flood fill from the cells under the track: a cell is tested once, and
  // only the neighbours of a covered cell are tested next (the buffer is connected along each segment).
  const stack: string[] = [];
  const visit = (cell: string) => {
    if (seen.has(cell)) return;
    stack.push(cell);
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      if (!covers(c)) continue;
      for (const nb of neighboursOf(cache, c)) if (!seen.has(nb)) stack.push(nb);
    }
  };
  const step = SAMPLE_STEP_M;
  for (let i = 0; i < n; i++) {
    const ax = segs[4 * i]!;
    const ay = segs[4 * i + 1]!;
    const bx = segs[4 * i + 2]!;
    const by = segs[4 * i + 3]!;
    const parts = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let k = i === 0 ? 0 : 1; k <= parts; k++) {
      const x = ax + ((bx - ax) * k) / parts;
      const y = ay + ((by - ay) * k) / parts;
      visit(latLngToCell(first[1] + y / ky, first[0] + x / kx, COVERAGE_RESOLUTION));
    }
  }
  return out;
}

/**
 * The cells of a grid: those whose centre lies inside it (h3's polygon fill with centre containment,
 * the same set as polygonToCells gives, in about half the time).
 */
export function gridCells(polygons: readonly Ring[][]): Set<number> {
  const out = new Set<number>();
  for (const rings of polygons) {
    const latLng = rings.map((ring) => ring.map((p) => [p[1]!, p[0]!]));
    for (const c of polygonToCellsExperimental(latLng, COVERAGE_RESOLUTION, POLYGON_TO_CELLS_FLAGS.containmentCenter)) out.add(cellNumber(c));
  }
  return out;
}

/** A cell's centre as [lon, lat]. */
export function cellCentre(n: number): [number, number] {
  const [lat, lon] = cellToLatLng(cellIndex(n));
  return [lon, lat];
}

/** Splits covered cells among the grids holding their centres (`locate`: the grid at a point, or null). */
export function cellsByGrid(cells: Iterable<number>, locate: (lon: number, lat: number) => { id: number } | null): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const c of cells) {
    const [lon, lat] = cellCentre(c);
    const g = locate(lon, lat);
    if (!g) continue;
    const list = out.get(g.id);
    if (list) list.push(c);
    else out.set(g.id, [c]);
  }
  return out;
}

export function encodeCells(cells: readonly number[]): Buffer {
  const sorted = Float64Array.from(cells).sort();
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
}

export function decodeCells(blob: Uint8Array): Float64Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float64Array(copy.buffer);
}

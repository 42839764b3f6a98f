/**
 * The community grids in memory for bulk location: a uniform bin index over their bounding boxes
 * and exact point-in-polygon, the same rule as locateGrid (boundary counts as inside; of several
 * grids sharing the point, the lowest code wins), without parsing JSON per row.
 */
import type { Db } from '../open';
import type { GridGeometry } from '../types';

type Ring = number[][];

export interface IndexedGrid {
  id: number;
  code: string;
  name: string;
  bbox: [number, number, number, number];
  /** Polygons, each a list of rings (outer first). */
  polygons: Ring[][];
}

export class GridIndex {
  readonly grids: readonly IndexedGrid[];
  private readonly bins: number[][];
  private readonly nx: number;
  private readonly ny: number;
  private readonly minLon: number;
  private readonly minLat: number;
  private readonly dx: number;
  private readonly dy: number;

  constructor(grids: readonly IndexedGrid[]) {
    const sorted = [...grids].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.grids = sorted;
    if (sorted.length === 0) {
      this.bins = [];
      this.nx = this.ny = 0;
      this.minLon = this.minLat = 0;
      this.dx = this.dy = 1;
      return;
    }
    this.minLon = Math.min(...sorted.map((g) => g.bbox[0]));
    this.minLat = Math.min(...sorted.map((g) => g.bbox[1]));
    const maxLon = Math.max(...sorted.map((g) => g.bbox[2]));
    const maxLat = Math.max(...sorted.map((g) => g.bbox[3]));
    const side = Math.max(4, Math.ceil(Math.sqrt(sorted.length) * 2));
    this.nx = side;
    this.ny = side;
    this.dx = (maxLon - this.minLon) / side || 1e-9;
    this.dy = (maxLat - this.minLat) / side || 1e-9;
    this.bins = Array.from({ length: side * side }, () => []);
    sorted.forEach((g, i) => {
      const [x0, y0] = this.cell(g.bbox[0], g.bbox[1]);
      const [x1, y1] = this.cell(g.bbox[2], g.bbox[3]);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) this.bins[y * this.nx + x]!.push(i);
    });
  }

  static load(db: Db): GridIndex {
    const rows = db
      .prepare(`SELECT id, code, name, geometry, min_lon, min_lat, max_lon, max_lat FROM grids WHERE level = 3`)
      .all() as { id: number; code: string; name: string; geometry: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number }[];
    return new GridIndex(
      rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
        polygons: polygonsOf(JSON.parse(r.geometry) as GridGeometry),
      })),
    );
  }

  get size(): number {
    return this.grids.length;
  }

  private cell(lon: number, lat: number): [number, number] {
    const x = Math.min(this.nx - 1, Math.max(0, Math.floor((lon - this.minLon) / this.dx)));
    const y = Math.min(this.ny - 1, Math.max(0, Math.floor((lat - this.minLat) / this.dy)));
    return [x, y];
  }

  /** Candidates whose bounding box holds the point, in code order. */
  private candidates(lon: number, lat: number): number[] {
    if (this.grids.length === 0) return [];
    const [x, y] = this.cell(lon, lat);
    return this.bins[y * this.nx + x]!;
  }

  locate(lon: number, lat: number): IndexedGrid | null {
    for (const i of this.candidates(lon, lat)) {
      const g = this.grids[i]!;
      if (lon < g.bbox[0] || lon > g.bbox[2] || lat < g.bbox[1] || lat > g.bbox[3]) continue;
      if (polygonsContain(g.polygons, lon, lat)) return g;
    }
    return null;
  }

  /** Grids whose bounding box meets the segment's. */
  segmentCandidates(a: [number, number], b: [number, number]): IndexedGrid[] {
    const minLon = Math.min(a[0], b[0]);
    const maxLon = Math.max(a[0], b[0]);
    const minLat = Math.min(a[1], b[1]);
    const maxLat = Math.max(a[1], b[1]);
    return this.grids.filter((g) => g.bbox[0] <= maxLon && g.bbox[2] >= minLon && g.bbox[1] <= maxLat && g.bbox[3] >= minLat);
  }
}

export function polygonsOf(geometry: GridGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Inside (or on the boundary of) any polygon: even-odd over its rings. */
export function polygonsContain(polygons: readonly Ring[][], lon: number, lat: number): boolean {
  for (const rings of polygons) {
    let inside = false;
    for (const ring of rings) {
      const r = ringTest(ring, lon, lat);
      if (r === 2) return true;
      if (r === 1) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

/** 0 outside, 1 inside, 2 on the boundary. */
function ringTest(ring: Ring, x: number, y: number): 0 | 1 | 2 {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    // On the segment?
    const cross = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
    if (Math.abs(cross) < 1e-14 && x >= Math.min(xi, xj) - 1e-12 && x <= Math.max(xi, xj) + 1e-12 && y >= Math.min(yi, yj) - 1e-12 && y <= Math.max(yi, yj) + 1e-12) {
      return 2;
    }
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : 0;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS-84 points. */
export function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Fractions (0..1) of segment a→b that lie inside the polygons. */
export function insideFraction(polygons: readonly Ring[][], a: [number, number], b: [number, number]): number {
  const ts = [0, 1];
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const t = segmentIntersection(a, b, ring[j] as [number, number], ring[i] as [number, number]);
        if (t !== null) ts.push(t);
      }
    }
  }
  ts.sort((x, y) => x - y);
  let inside = 0;
  for (let k = 0; k < ts.length - 1; k++) {
    const t0 = ts[k]!;
    const t1 = ts[k + 1]!;
    if (t1 - t0 < 1e-12) continue;
    const tm = (t0 + t1) / 2;
    if (polygonsContain(polygons, a[0] + (b[0] - a[0]) * tm, a[1] + (b[1] - a[1]) * tm)) inside += t1 - t0;
  }
  return inside;
}

function segmentIntersection(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): number | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const denom = rx * sy - ry * sx;
  if (Math.abs(denom) < 1e-20) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denom;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denom;
  return t > 0 && t < 1 && u >= 0 && u <= 1 ? t : null;
}

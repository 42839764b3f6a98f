import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Pair, Polygon, Ring } from 'polygon-clipping';
import { Delaunay } from 'd3-delaunay';
import turfArea from '@turf/area';
import type { GridGeometry } from '../types';
import type { Rng } from './random';

/**
 * Planar helpers for drawing the demo district: Voronoi partitions clipped to a container polygon,
 * Lloyd relaxation, point sampling. Coordinates are WGS-84 [lon, lat] rounded to 6 decimals
 * (about 0.1 m), always the same way, so that edges shared by neighbouring cells stay identical.
 */

export type { MultiPolygon, Pair, Polygon, Ring };

const SCALE = 1e6;

export function round6(x: number): number {
  return Math.round(x * SCALE) / SCALE;
}

/** Longitude is compressed by cos(latitude) so that Voronoi cells are drawn in near-metric space. */
const LON_FACTOR = Math.cos((28.2 * Math.PI) / 180);

/** Rounds a ring, drops repeated points, closes it; null when fewer than 3 distinct points remain. */
function roundRing(ring: Ring): Ring | null {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Pair = [round6(x), round6(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && out.length > 1 && first[0] === last[0] && first[1] === last[1]) out.pop();
  if (out.length < 3 || Math.abs(ringArea(out)) === 0) return null;
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

export function roundMultiPolygon(mp: MultiPolygon): MultiPolygon {
  const out: MultiPolygon = [];
  for (const poly of mp) {
    const outer = poly[0] ? roundRing(poly[0]) : null;
    if (!outer) continue;
    const holes = poly.slice(1).map(roundRing).filter((r): r is Ring => r !== null);
    out.push([outer, ...holes]);
  }
  return out;
}

/** Signed planar area of a ring in square degrees (counter-clockwise positive). */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Planar area of a polygon (outer minus holes), square degrees. */
export function polygonPlanarArea(poly: Polygon): number {
  let s = 0;
  poly.forEach((ring, i) => {
    const a = Math.abs(ringArea(ring));
    s += i === 0 ? a : -a;
  });
  return s;
}

/** Geodesic area in m² (@turf/area). */
export function areaM2(geom: MultiPolygon | Polygon): number {
  return turfArea(
    isMulti(geom) ? { type: 'MultiPolygon' as const, coordinates: geom } : { type: 'Polygon' as const, coordinates: geom },
  );
}

function isMulti(geom: MultiPolygon | Polygon): geom is MultiPolygon {
  const first = geom[0];
  return Array.isArray(first) && Array.isArray(first[0]) && Array.isArray(first[0][0]);
}

/** Area centroid of a polygon's outer ring. */
export function centroid(poly: Polygon): Pair {
  const ring = poly[0]!;
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0]!;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const x0 = ring[j]![0] - ox;
    const y0 = ring[j]![1] - oy;
    const x1 = ring[i]![0] - ox;
    const y1 = ring[i]![1] - oy;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return [ox, oy];
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** The largest polygon of a multipolygon. */
export function largestPart(mp: MultiPolygon): Polygon {
  let best: Polygon | undefined;
  let bestArea = -1;
  for (const p of mp) {
    const a = polygonPlanarArea(p);
    if (a > bestArea) {
      best = p;
      bestArea = a;
    }
  }
  if (!best) throw new RangeError('empty multipolygon');
  return best;
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export function bboxOf(mp: MultiPolygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of mp) {
    for (const [x, y] of poly[0]!) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Even-odd ray casting; boundary points may go either way (only used for sampling). */
export function pointInMultiPolygon(x: number, y: number, mp: MultiPolygon): boolean {
  let inside = false;
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
        const a = ring[i]!;
        const b = ring[j]!;
        if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      }
    }
  }
  return inside;
}

/** A uniformly random point inside a (multi)polygon, by rejection from its bounding box. */
export function samplePoint(rng: Rng, mp: MultiPolygon, bbox: BBox = bboxOf(mp)): Pair {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const x = rng.uniform(bbox[0], bbox[2]);
    const y = rng.uniform(bbox[1], bbox[3]);
    if (pointInMultiPolygon(x, y, mp)) return [x, y];
  }
  throw new RangeError('could not sample a point inside the polygon');
}

/** Voronoi cells of the seeds, clipped to a box around the container; each cell rounded. */
function voronoiCells(seeds: readonly Pair[], bbox: BBox): Polygon[] {
  const pad = 0.01;
  const flat = new Float64Array(seeds.length * 2);
  seeds.forEach(([x, y], i) => {
    flat[2 * i] = x * LON_FACTOR;
    flat[2 * i + 1] = y;
  });
  const voronoi = new Delaunay(flat).voronoi([
    (bbox[0] - pad) * LON_FACTOR,
    bbox[1] - pad,
    (bbox[2] + pad) * LON_FACTOR,
    bbox[3] + pad,
  ]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i);
    const ring = cell.map(([x, y]): Pair => [x / LON_FACTOR, y]);
    const rounded = roundRing(ring);
    if (!rounded) throw new RangeError(`degenerate Voronoi cell ${i}`);
    return [rounded];
  });
}

function vertexKeys(mp: MultiPolygon): Set<string> {
  const keys = new Set<string>();
  for (const poly of mp) for (const ring of poly) for (const [x, y] of ring) keys.add(`${x},${y}`);
  return keys;
}

/**
 * Partitions the container among owners: each seed's Voronoi cell goes to its owner (one owner
 * may hold several seeds), and every owner's region is clipped to the container. The regions tile
 * the container. Where clipping leaves an owner with detached pieces (a cell reaching across a bay
 * of the outline), each smaller piece is merged into the neighbouring owner that shares the most
 * vertices with it, so that regions stay single polygons while the tiling stays exact.
 */
export function voronoiPartition(
  seeds: readonly Pair[],
  container: MultiPolygon,
  owners: readonly number[] = seeds.map((_, i) => i),
): MultiPolygon[] {
  const ownerCount = owners.reduce((m, o) => Math.max(m, o + 1), 0);
  const cells = voronoiCells(seeds, bboxOf(container));
  const byOwner: Polygon[][] = Array.from({ length: ownerCount }, () => []);
  cells.forEach((cell, i) => byOwner[owners[i]!]!.push(cell));
  const regions: MultiPolygon[] = byOwner.map((list) => {
    if (list.length === 0) return [];
    const merged = list.length === 1 ? [list[0]!] : polygonClipping.union(list[0]!, ...list.slice(1));
    return roundMultiPolygon(polygonClipping.intersection(merged, container));
  });

  for (let o = 0; o < regions.length; o++) {
    const region = regions[o]!;
    if (region.length <= 1) continue;
    const main = largestPart(region);
    const kept: MultiPolygon = [main];
    for (const piece of region) {
      if (piece === main) continue;
      const keys = vertexKeys([piece]);
      let best = -1;
      let bestShared = 0;
      regions.forEach((other, k) => {
        if (k === o || other.length === 0) return;
        let shared = 0;
        for (const key of vertexKeys(other)) if (keys.has(key)) shared++;
        if (shared > bestShared) {
          bestShared = shared;
          best = k;
        }
      });
      if (best < 0 || bestShared < 2) {
        kept.push(piece);
        continue;
      }
      regions[best] = roundMultiPolygon(polygonClipping.union(regions[best]!, piece));
    }
    regions[o] = kept;
  }
  return regions;
}

/**
 * Lloyd relaxation: moves each seed to the centroid of its clipped Voronoi cell, which spreads the
 * seeds evenly so that cells come out of similar size and compact.
 */
export function lloydRelax(seeds: readonly Pair[], container: MultiPolygon, iterations: number): Pair[] {
  let current = seeds.map((p): Pair => [p[0], p[1]]);
  for (let it = 0; it < iterations; it++) {
    const regions = voronoiPartition(current, container);
    current = current.map((seed, i) => {
      const region = regions[i];
      if (!region || region.length === 0) return seed;
      const c = centroid(largestPart(region));
      return pointInMultiPolygon(c[0], c[1], container) ? c : seed;
    });
  }
  return current;
}

/**
 * Resolves T-junctions between neighbouring regions: every vertex of any region that lies on an
 * edge of another region is inserted into that edge. "On" allows 3e-6° (about 0.3 m), the rounding
 * error of clipped points on both sides. Regions clipped separately (grids of two different
 * streets) then share exactly the same boundary vertices, and meet without slivers or gaps.
 */
export function nodeRegions(regions: readonly MultiPolygon[]): MultiPolygon[] {
  const tolerance = 3e-6;
  const cell = 0.002;
  const buckets = new Map<string, Pair[]>();
  const seen = new Set<string>();
  for (const mp of regions) {
    for (const poly of mp) {
      for (const ring of poly) {
        for (const p of ring) {
          const key = `${p[0]},${p[1]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const bucket = `${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`;
          const list = buckets.get(bucket) ?? [];
          list.push(p);
          buckets.set(bucket, list);
        }
      }
    }
  }
  const nodeRing = (ring: Ring): Ring => {
    const out: Ring = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      out.push(a);
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const length2 = dx * dx + dy * dy;
      if (length2 === 0) continue;
      const found: { t: number; p: Pair }[] = [];
      const x0 = Math.floor((Math.min(a[0], b[0]) - tolerance) / cell);
      const x1 = Math.floor((Math.max(a[0], b[0]) + tolerance) / cell);
      const y0 = Math.floor((Math.min(a[1], b[1]) - tolerance) / cell);
      const y1 = Math.floor((Math.max(a[1], b[1]) + tolerance) / cell);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          for (const p of buckets.get(`${x},${y}`) ?? []) {
            if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) continue;
            const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2;
            if (t <= 0 || t >= 1) continue;
            const ex = a[0] + t * dx - p[0];
            const ey = a[1] + t * dy - p[1];
            if (ex * ex + ey * ey <= tolerance * tolerance) found.push({ t, p });
          }
        }
      }
      found.sort((u, v) => u.t - v.t);
      for (const f of found) out.push(f.p);
    }
    out.push(out[0]!);
    return out;
  };
  return regions.map((mp) => mp.map((poly) => poly.map(nodeRing)));
}

/** GeoJSON geometry: a Polygon when the region is one piece, else a MultiPolygon. */
export function toGeoJson(mp: MultiPolygon): GridGeometry {
  if (mp.length === 1) return { type: 'Polygon', coordinates: mp[0]! };
  return { type: 'MultiPolygon', coordinates: mp };
}

/** Sorts items in reading order: rows from north to south, west to east within a row. */
export function readingOrder<T>(items: readonly T[], at: (item: T) => Pair): T[] {
  const byLat = [...items].sort((a, b) => at(b)[1] - at(a)[1] || at(a)[0] - at(b)[0]);
  const rowSize = Math.max(1, Math.ceil(Math.sqrt(items.length)));
  const out: T[] = [];
  for (let i = 0; i < byLat.length; i += rowSize) {
    out.push(...byLat.slice(i, i + rowSize).sort((a, b) => at(a)[0] - at(b)[0] || at(b)[1] - at(a)[1]));
  }
  return out;
}

/**
 * Splits points into compact groups of the given sizes by recursive bisection along the longer
 * side of their bounding box. Returns, per group, the indices of its points.
 */
export function groupCompact(points: readonly Pair[], sizes: readonly number[]): number[][] {
  const split = (indices: number[], groupSizes: readonly number[]): number[][] => {
    if (groupSizes.length === 1) return [indices];
    const half = Math.ceil(groupSizes.length / 2);
    const first = groupSizes.slice(0, half);
    const firstCount = first.reduce((s, x) => s + x, 0);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const i of indices) {
      const [x, y] = points[i]!;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    const alongLon = (maxX - minX) * LON_FACTOR >= maxY - minY;
    const sorted = [...indices].sort((a, b) => {
      const pa = points[a]!;
      const pb = points[b]!;
      return alongLon ? pa[0] - pb[0] || pb[1] - pa[1] : pb[1] - pa[1] || pa[0] - pb[0];
    });
    return [...split(sorted.slice(0, firstCount), first), ...split(sorted.slice(firstCount), groupSizes.slice(half))];
  };
  return split(
    points.map((_, i) => i),
    sizes,
  );
}

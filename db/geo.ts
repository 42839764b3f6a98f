import gcoord, { type CRSTypes } from 'gcoord';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { CoordinateSystem, GridGeometry } from './types';

const crsOf: Record<CoordinateSystem, CRSTypes> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
};

/** Converts a point from the given system to WGS-84 (gcoord implements GCJ-02 and BD-09). */
export function toWgs84(lon: number, lat: number, from: CoordinateSystem): [number, number] {
  if (from === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], crsOf[from], gcoord.WGS84) as [number, number];
  return [x, y];
}

/** Converts a WGS-84 point to the given system (for GCJ-02 basemaps and exports). */
export function fromWgs84(lon: number, lat: number, to: CoordinateSystem): [number, number] {
  if (to === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, crsOf[to]) as [number, number];
  return [x, y];
}

/** True when the point is inside the polygon or on its boundary. */
export function containsPoint(geometry: GridGeometry, lon: number, lat: number): boolean {
  return booleanPointInPolygon([lon, lat], geometry);
}

type Pair = [number, number];

function segmentsCross(a: Pair, b: Pair, c: Pair, d: Pair): boolean {
  const o = (p: Pair, q: Pair, r: Pair) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** The first self-crossing of a closed ring (its midpoint), or null. Quadratic, fine for grid outlines. */
export function selfCrossing(ring: readonly Pair[]): Pair | null {
  const n = ring.length - 1;
  if (n > 20_000) return null;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) {
        return [(ring[i]![0] + ring[i + 1]![0]) / 2, (ring[i]![1] + ring[i + 1]![1]) / 2];
      }
    }
  }
  return null;
}

/**
 * What is wrong with a stored grid polygon, in words, or null when it can be drawn as it is: every ring
 * closed, with at least three distinct corners, finite coordinates, and no edge crossing another.
 */
export function geometryProblem(geometry: GridGeometry): string | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!polygons || polygons.length === 0) return '不是面（Polygon/MultiPolygon）';
  for (const poly of polygons) {
    if (!Array.isArray(poly) || poly.length === 0) return '有一个面没有边界环';
    for (const ring of poly) {
      if (!Array.isArray(ring) || ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
        return '坐标不是有效数字';
      }
      if (ring.length < 4) return '有一个环少于 3 个不同的顶点';
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      if (first[0] !== last[0] || first[1] !== last[1]) return '有一个环首尾不闭合';
      const crossing = selfCrossing(ring as Pair[]);
      if (crossing) return `边界自相交（约在 ${crossing[0].toFixed(5)}, ${crossing[1].toFixed(5)}）`;
    }
  }
  return null;
}

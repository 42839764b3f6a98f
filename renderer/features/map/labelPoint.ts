import type { LatLngTuple } from 'leaflet';
import type { PolygonPositions } from './leafletAdapter';

/**
 * A point well inside a polygon for its label: of a grid of candidates over the largest part, the one
 * farthest from any edge (a coarse pole of inaccessibility). The centroid Leaflet would use falls on
 * or outside the border of concave streets.
 */
export function labelPoint(positions: PolygonPositions, steps = 24): LatLngTuple | null {
  const part = largestPart(positions);
  const outer = part?.[0];
  if (!part || !outer || outer.length < 3) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const [lat, lon] of outer) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  }
  // Distances in a local plane: a degree of longitude is shorter than a degree of latitude.
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  let best: LatLngTuple | null = null;
  let bestDistance = -Infinity;
  for (let i = 0; i <= steps; i += 1) {
    for (let j = 0; j <= steps; j += 1) {
      const lat = minLat + ((maxLat - minLat) * (i + 0.5)) / (steps + 1);
      const lon = minLon + ((maxLon - minLon) * (j + 0.5)) / (steps + 1);
      if (!isInside(part, lat, lon)) continue;
      const d = Math.min(...part.map((ring) => distanceToRing(ring, lat, lon, kx)));
      if (d > bestDistance) {
        bestDistance = d;
        best = [lat, lon];
      }
    }
  }
  return best;
}

function largestPart(positions: PolygonPositions): LatLngTuple[][] | undefined {
  let best: LatLngTuple[][] | undefined;
  let bestArea = -1;
  for (const part of positions) {
    const area = Math.abs(ringArea(part[0] ?? []));
    if (area > bestArea) {
      bestArea = area;
      best = part;
    }
  }
  return best;
}

function ringArea(ring: readonly LatLngTuple[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [aLat, aLon] = ring[j]!;
    const [bLat, bLon] = ring[i]!;
    sum += aLon * bLat - bLon * aLat;
  }
  return sum / 2;
}

/** Even-odd rule over all rings, so holes count as outside. */
function isInside(rings: readonly LatLngTuple[][], lat: number, lon: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [aLat, aLon] = ring[i]!;
      const [bLat, bLon] = ring[j]!;
      if (aLat > lat !== bLat > lat && lon < ((bLon - aLon) * (lat - aLat)) / (bLat - aLat) + aLon) inside = !inside;
    }
  }
  return inside;
}

function distanceToRing(ring: readonly LatLngTuple[], lat: number, lon: number, kx: number): number {
  let min = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [aLat, aLon] = ring[j]!;
    const [bLat, bLon] = ring[i]!;
    const ax = aLon * kx;
    const bx = bLon * kx;
    const px = lon * kx;
    const dx = bx - ax;
    const dy = bLat - aLat;
    const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (lat - aLat) * dy) / (dx * dx + dy * dy)));
    min = Math.min(min, Math.hypot(px - (ax + t * dx), lat - (aLat + t * dy)));
  }
  return min;
}

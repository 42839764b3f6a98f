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

/**
 * The imperative side of the map, in one place: GeoJSON → Leaflet coordinates, bounds, fitting the
 * view, size tracking. Components call these; nothing else touches the Leaflet map object directly.
 */
import type { LatLngBoundsExpression, LatLngTuple, Map as LeafletMap } from 'leaflet';
import type { Grid, GridGeometry } from '../../../electron/contract';

export type Bbox = Grid['bbox'];

/** Rings of each polygon, [lat, lon], always in MultiPolygon form (Leaflet accepts it for any polygon). */
export type PolygonPositions = LatLngTuple[][][];

export function toPositions(geometry: GridGeometry): PolygonPositions {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(([lon = 0, lat = 0]) => [lat, lon] as LatLngTuple)));
}

export function toBounds([minLon, minLat, maxLon, maxLat]: Bbox): LatLngBoundsExpression {
  return [
    [minLat, minLon],
    [maxLat, maxLon],
  ];
}

/** The bbox grown by a fraction of its size on every side. */
export function padBbox([minLon, minLat, maxLon, maxLat]: Bbox, fraction: number): Bbox {
  const dx = (maxLon - minLon) * fraction;
  const dy = (maxLat - minLat) * fraction;
  return [minLon - dx, minLat - dy, maxLon + dx, maxLat + dy];
}

/** Space kept free around a fitted area: the legend sits top right, the selection card bottom left. */
export const FIT_PADDING = { paddingTopLeft: [28, 28] as [number, number], paddingBottomRight: [180, 28] as [number, number] };
/** Never zoom in further than this when fitting to an area. */
export const FIT_MAX_ZOOM = 17;

/** The area to show for a grid: a community grid with its neighbours around it, a street or the district as is. */
export function focusBbox(grid: Pick<Grid, 'bbox' | 'level'>): Bbox {
  return grid.level === 3 ? padBbox(grid.bbox, 0.6) : grid.bbox;
}

/** When a grid is chosen its card opens bottom left (300 px wide): keep the grid clear of it. */
export const FIT_PADDING_WITH_CARD = { paddingTopLeft: [330, 28] as [number, number], paddingBottomRight: [180, 28] as [number, number] };

export function fitToBbox(map: LeafletMap, bbox: Bbox, animate: boolean, withCard = false): void {
  map.fitBounds(toBounds(bbox), { ...(withCard ? FIT_PADDING_WITH_CARD : FIT_PADDING), maxZoom: FIT_MAX_ZOOM, animate });
}

/** Keeps Leaflet's idea of the container size right when the layout (not the window) changes. */
export function trackContainerSize(map: LeafletMap): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
  observer.observe(map.getContainer());
  return () => observer.disconnect();
}

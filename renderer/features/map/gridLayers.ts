import type { Grid, GridWithGeometry } from '../../../electron/contract';
import { toPositions, type PolygonPositions } from './leafletAdapter';

/** A grid ready for the map: its data (without the GeoJSON) and its Leaflet positions. */
export interface MapGrid {
  readonly grid: Grid;
  readonly positions: PolygonPositions;
}

export interface GridLayers {
  readonly district: MapGrid | null;
  readonly streets: readonly MapGrid[];
  readonly grids: readonly MapGrid[];
  readonly byCode: ReadonlyMap<string, MapGrid>;
  /** Grids whose stored polygon cannot be drawn as it is: reported, never drawn wrong. */
  readonly invalid: readonly { grid: Grid; problem: string }[];
}

/** Splits the answer of grids:geometry by level, converting each polygon once. */
export function toGridLayers(items: readonly GridWithGeometry[]): GridLayers {
  let district: MapGrid | null = null;
  const streets: MapGrid[] = [];
  const grids: MapGrid[] = [];
  const byCode = new Map<string, MapGrid>();
  const invalid: { grid: Grid; problem: string }[] = [];
  for (const { geometry, geometryProblem, ...grid } of items) {
    if (geometryProblem) {
      invalid.push({ grid, problem: geometryProblem });
      continue;
    }
    const item: MapGrid = { grid, positions: toPositions(geometry) };
    byCode.set(grid.code, item);
    if (grid.level === 1) district ??= item;
    else if (grid.level === 2) streets.push(item);
    else grids.push(item);
  }
  return { district, streets, grids, byCode, invalid };
}

/** The box around every grid: the home view when there is no district polygon. */
export function overallBbox(layers: GridLayers): Grid['bbox'] | null {
  if (layers.district) return layers.district.grid.bbox;
  let box: Grid['bbox'] | null = null;
  for (const { grid } of layers.byCode.values()) {
    const [a, b, c, d] = grid.bbox;
    box = box ? [Math.min(box[0], a), Math.min(box[1], b), Math.max(box[2], c), Math.max(box[3], d)] : [a, b, c, d];
  }
  return box;
}

/**
 * The map's first view while the points are on their way: the count of each grid (kept by the host:
 * the grid tree's counts, from the daily statistics and the open cases' index) drawn at the grid's label
 * point, grids close together merged as the points' clusters are. Only for what the grid tree counts:
 * the open cases, the overdue ones, or all cases, with no other filter.
 */
import Supercluster, { type PointFeature } from 'supercluster';
import type { GridTreeNode } from '../../../../electron/contract';
import type { MapGrid } from '../gridLayers';
import { labelPoint } from '../labelPoint';
import type { ClusterIndex, ClusterItem } from './clusterIndex';
import { superclusterOptions } from './clusterIndex';

/** Which count of the tree stands for the map's filter. */
export type GridCountKind = 'open' | 'overdue' | 'all';

interface GridProps {
  n: number;
  o: number;
}

const NO_POINTS = { count: 0, ids: new Uint32Array(0), coords: new Float32Array(0), status: new Uint8Array(0), overdue: new Uint8Array(0) };

/** A grid's label point, [lon, lat]. */
export type LabelPoints = ReadonlyMap<string, readonly [number, number]>;

export function gridLabelPoints(grids: readonly MapGrid[]): LabelPoints {
  const out = new Map<string, readonly [number, number]>();
  for (const g of grids) {
    const p = labelPoint(g.positions);
    if (p) out.set(g.grid.code, [p[1], p[0]]);
  }
  return out;
}

/** The index of grid counts, drawn by the incident layer like the points' clusters; null when nothing to show. */
export function gridCountIndex(tree: GridTreeNode, labels: LabelPoints, kind: GridCountKind): ClusterIndex | null {
  const features: PointFeature<GridProps>[] = [];
  const visit = (node: GridTreeNode) => {
    if (node.level === 3) {
      const at = labels.get(node.code);
      const n = kind === 'open' ? node.openIncidents : kind === 'overdue' ? node.overdueIncidents : node.totalIncidents;
      if (at && n > 0) features.push({ type: 'Feature', properties: { n, o: node.overdueIncidents }, geometry: { type: 'Point', coordinates: [at[0], at[1]] } });
    }
    node.children.forEach(visit);
  };
  visit(tree);
  if (features.length === 0) return null;
  const index = new Supercluster<GridProps, GridProps>({
    ...superclusterOptions(),
    minPoints: 2,
    map: (p) => ({ n: p.n, o: p.o }),
    reduce: (acc, p) => {
      acc.n += p.n;
      acc.o += p.o;
    },
  }).load(features);
  return {
    points: NO_POINTS,
    clusters(bbox, zoom) {
      return index.getClusters(bbox, Math.round(zoom)).map((f): ClusterItem => {
        const [lon = 0, lat = 0] = f.geometry.coordinates;
        const props = f.properties as Partial<GridProps & { cluster: boolean; cluster_id: number }>;
        const n = props.n ?? 0;
        const overdue = Math.min(n, props.o ?? 0);
        // Overdue in red, the rest in the neutral class: the grid counts say nothing finer.
        return { lon, lat, index: -1, clusterId: props.cluster ? props.cluster_id! : -1, count: n, classes: [overdue, 0, 0, 0, n - overdue] };
      });
    },
    expansionZoom: (clusterId) => (clusterId < 0 ? 0 : index.getClusterExpansionZoom(clusterId)),
  };
}

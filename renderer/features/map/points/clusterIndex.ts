/**
 * The cluster index over decoded points: supercluster keyed by point index, each cluster carrying
 * its count per colour class so it can be drawn as a ring of status shares.
 */
import Supercluster from 'supercluster';
import type { Feature, Point } from 'geojson';
import type { MapPoints } from './pointsCodec';
import { classOf } from './pointStyles';

export interface ClusterProps {
  /** Counts per class (overdue, pending, working, checking, done). */
  c: [number, number, number, number, number];
}

export interface ClusterItem {
  readonly lon: number;
  readonly lat: number;
  /** A single point: its index in MapPoints; a cluster: -1. */
  readonly index: number;
  readonly clusterId: number;
  readonly count: number;
  readonly classes: readonly number[];
}

export interface ClusterIndex {
  readonly points: MapPoints;
  clusters(bbox: [number, number, number, number], zoom: number): ClusterItem[];
  expansionZoom(clusterId: number): number;
}

type PointProps = { i: number };

export function buildClusterIndex(points: MapPoints, options: { radius?: number; maxZoom?: number } = {}): ClusterIndex {
  const { coords, status, overdue } = points;
  const features: Feature<Point, PointProps>[] = new Array(points.count);
  for (let i = 0; i < points.count; i++) {
    features[i] = { type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [coords[2 * i]!, coords[2 * i + 1]!] } };
  }
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: options.radius ?? 56,
    maxZoom: options.maxZoom ?? 17,
    minPoints: 3,
    map: (p) => {
      const c: ClusterProps['c'] = [0, 0, 0, 0, 0];
      const k = classOf(status[p.i]!, overdue[p.i] === 1);
      c[k] = (c[k] ?? 0) + 1;
      return { c };
    },
    reduce: (acc, p) => {
      for (let k = 0; k < 5; k++) acc.c[k] = (acc.c[k] ?? 0) + (p.c[k] ?? 0);
    },
  });
  index.load(features);
  return {
    points,
    clusters(bbox, zoom) {
      const out: ClusterItem[] = [];
      for (const f of index.getClusters(bbox, Math.round(zoom))) {
        const [lon = 0, lat = 0] = f.geometry.coordinates;
        const props = f.properties as Partial<{ cluster: boolean; cluster_id: number; point_count: number } & ClusterProps & PointProps>;
        if (props.cluster) {
          out.push({ lon, lat, index: -1, clusterId: props.cluster_id!, count: props.point_count!, classes: props.c! });
        } else {
          const i = props.i!;
          const classes = [0, 0, 0, 0, 0];
          classes[classOf(status[i]!, overdue[i] === 1)] = 1;
          out.push({ lon, lat, index: i, clusterId: -1, count: 1, classes });
        }
      }
      return out;
    },
    expansionZoom: (clusterId) => index.getClusterExpansionZoom(clusterId),
  };
}

/**
 * The typed cluster index against supercluster used the plain way (a GeoJSON feature per point, the
 * class counts by map/reduce, getClusters and getClusterExpansionZoom), on the demo district's points:
 * the same clusters, places, counts, class shares and expansion zooms at every zoom. Then the build fed
 * the binary answer in pieces (as the worker is), and the grid counts shown while points load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Supercluster from 'supercluster';
import type { Feature, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, OPEN_STATUSES, type GridTreeNode } from '../../../electron/contract';
import { pointsAnswer } from '../../../electron/contract/mapPointsWire';
import { openStore } from '../../../electron/host';
import { gridTree } from '../../../db/queries/grids';
import { mapPoints } from '../../../db/queries/map';
import { buildClusterData, buildClusterIndex, warmUpClusterBuild, type ClusterIndex, type ClusterItem } from '../../../renderer/features/map/points/clusterIndex';
import { setClusterWorkerFactory, startClusterBuild } from '../../../renderer/features/map/points/clusterBuilder';
import { gridCountIndex } from '../../../renderer/features/map/points/gridCounts';
import { decodePoints, type MapPoints } from '../../../renderer/features/map/points/pointsCodec';
import { classOf } from '../../../renderer/features/map/points/pointStyles';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
let dir: string;
let all: MapPoints;
let open: MapPoints;
let tree: GridTreeNode;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-clusters-'));
  const store = openStore(path.join(dir, 'demo.sqlite'), { transport: 'direct', now: () => NOW });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 12000 });
  all = decodePoints(mapPoints(store.db, { statuses: [...INCIDENT_STATUSES], includeDuplicates: true }, NOW));
  open = decodePoints(mapPoints(store.db, { statuses: [...OPEN_STATUSES] }, NOW));
  tree = gridTree(store.db, NOW)!;
  store.db.close();
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The index the plain way: supercluster over GeoJSON features, class counts by map/reduce. (The map's
 * first version kept the counts in an array; supercluster clones a cluster's properties shallowly, so
 * its reduce added into the child cluster's array as well and a ring's shares could add up to more than
 * the cluster's count. Five plain numbers here, as supercluster expects.)
 */
type Counts = { c0: number; c1: number; c2: number; c3: number; c4: number };
const KEYS = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;

function plainIndex(points: MapPoints): ClusterIndex {
  const { coords, status, overdue } = points;
  const features: Feature<Point, { i: number }>[] = [];
  for (let i = 0; i < points.count; i++) features.push({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [coords[2 * i]!, coords[2 * i + 1]!] } });
  const index = new Supercluster<{ i: number }, Counts>({
    radius: 56,
    maxZoom: 17,
    minPoints: 3,
    map: (p) => {
      const c: Counts = { c0: 0, c1: 0, c2: 0, c3: 0, c4: 0 };
      c[KEYS[classOf(status[p.i]!, overdue[p.i] === 1)]!] += 1;
      return c;
    },
    reduce: (acc, p) => {
      for (const k of KEYS) acc[k] += p[k];
    },
  });
  index.load(features);
  return {
    points,
    clusters(bbox, zoom) {
      return index.getClusters(bbox, Math.round(zoom)).map((f): ClusterItem => {
        const [lon = 0, lat = 0] = f.geometry.coordinates;
        const p = f.properties as Partial<{ cluster: boolean; cluster_id: number; point_count: number; i: number } & Counts>;
        if (p.cluster) return { lon, lat, index: -1, clusterId: p.cluster_id!, count: p.point_count!, classes: KEYS.map((k) => p[k]!) };
        const classes = [0, 0, 0, 0, 0];
        classes[classOf(status[p.i!]!, overdue[p.i!] === 1)] = 1;
        return { lon, lat, index: p.i!, clusterId: -1, count: 1, classes };
      });
    },
    expansionZoom: (id) => index.getClusterExpansionZoom(id),
  };
}

const DISTRICT: [number, number, number, number] = [112.8, 28.0, 113.3, 28.4];
const BOXES: [number, number, number, number][] = [DISTRICT, [112.95, 28.15, 113.0, 28.2], [113.0, 28.18, 113.02, 28.2], [113.05, 28.1, 113.2, 28.3]];

function expectSameIndex(typed: ClusterIndex, plain: ClusterIndex): number {
  let compared = 0;
  for (const box of BOXES) {
    for (let zoom = 9; zoom <= 19; zoom++) {
      const a = typed.clusters(box, zoom);
      const b = plain.clusters(box, zoom);
      expect(a.length, `${box} z${zoom}`).toBe(b.length);
      for (let k = 0; k < a.length; k++) {
        const x = a[k]!;
        const y = b[k]!;
        expect([x.index, x.clusterId, x.count, [...x.classes]]).toEqual([y.index, y.clusterId, y.count, [...y.classes]]);
        expect(Math.abs(x.lon - y.lon)).toBeLessThan(1e-9);
        expect(Math.abs(x.lat - y.lat)).toBeLessThan(1e-9);
        if (x.clusterId >= 0 && (compared++ % 7 === 0 || zoom === 12)) expect(typed.expansionZoom(x.clusterId)).toBe(plain.expansionZoom(y.clusterId));
      }
    }
  }
  return compared;
}

describe('typed cluster index', () => {
  it('gives the clusters, places, counts, class shares and expansion zooms of supercluster used the plain way, on the demo points', () => {
    expect(all.count).toBeGreaterThan(11_000);
    expect(expectSameIndex(buildClusterIndex(all), plainIndex(all))).toBeGreaterThan(500);
    expect(expectSameIndex(buildClusterIndex(open), plainIndex(open))).toBeGreaterThan(50);
    // Every point is in exactly one item at each zoom, its class counted once.
    const index = buildClusterIndex(all);
    for (const zoom of [10, 13, 16, 18]) {
      const items = index.clusters([-180, -85, 180, 85], zoom);
      expect(items.reduce((s, it) => s + it.count, 0)).toBe(all.count);
      const perClass = [0, 0, 0, 0, 0];
      for (const it of items) it.classes.forEach((v, k) => (perClass[k]! += v));
      const expected = [0, 0, 0, 0, 0];
      for (let i = 0; i < all.count; i++) expected[classOf(all.status[i]!, all.overdue[i] === 1)]! += 1;
      expect(perClass).toEqual(expected);
    }
  });

  it('is built the same from the binary answer fed in pieces, as the worker is fed', async () => {
    setClusterWorkerFactory(null);
    const progress: number[] = [];
    const build = startClusterBuild((n) => progress.push(n));
    const answer = pointsAnswer(all, NOW, 1000);
    for (let bytes = await answer.read(); bytes !== null; bytes = await answer.read()) {
      for (let at = 0; at < bytes.byteLength; at += 3001) build.push(bytes.slice(at, at + 3001));
    }
    const index = await build.finish();
    expect(progress.at(-1)).toBe(all.count);
    expect(progress.length).toBeGreaterThan(10);
    expect([...index.points.ids]).toEqual([...all.ids]);
    expectSameIndex(index, plainIndex(all));
  });

  it("is compiled ahead by the worker's warm-up over both tree id widths, which leaves nothing behind", () => {
    // Fewer and more than 65,536 items: kdbush keeps ids as Uint16 or Uint32, two code paths to compile.
    const sizes = [4_000, 70_000];
    const levels = warmUpClusterBuild(sizes);
    expect(levels).toBeGreaterThan(2 * 5);
    const idWidths = sizes.map((n) => {
      const coords = new Float32Array(2 * n).map((_, k) => (k % 2 === 0 ? 112.9 : 28.1) + ((k * 7919) % 1000) / 8000);
      const first = buildClusterData({ count: n, ids: new Uint32Array(n), coords, status: new Uint8Array(n), overdue: new Uint8Array(n) }).levels[0]!;
      return (first.tree.byteLength - 8 - 2 * 4 * n) / n >= 4 ? 4 : 2;
    });
    expect(idWidths).toEqual([2, 4]);
    // The index of real points is the same after it.
    expectSameIndex(buildClusterIndex(open), plainIndex(open));
  });

  it('refuses to build from an answer cut short', async () => {
    setClusterWorkerFactory(null);
    const build = startClusterBuild();
    const answer = pointsAnswer(open, NOW, 1000);
    const first = await answer.read();
    const second = await answer.read();
    build.push(first!);
    build.push(second!.subarray(0, 100));
    await expect(build.finish()).rejects.toThrow(/不完整/);
  });
});

describe('grid counts shown while the points load', () => {
  const labelsOf = (node: GridTreeNode, out = new Map<string, readonly [number, number]>()) => {
    // A stand-in label point per grid: spread on a line so nearby grids merge at low zooms only.
    if (node.level === 3) out.set(node.code, [112.9 + out.size * 0.002, 28.2]);
    node.children.forEach((c) => labelsOf(c, out));
    return out;
  };

  it("adds up to the tree's open, overdue and total counts at every zoom, overdue in the red share", () => {
    const labels = labelsOf(tree);
    for (const [kind, total] of [
      ['open', tree.openIncidents],
      ['overdue', tree.overdueIncidents],
      ['all', tree.totalIncidents],
    ] as const) {
      const index = gridCountIndex(tree, labels, kind)!;
      expect(total).toBeGreaterThan(0);
      for (const zoom of [10, 13, 17]) {
        const items = index.clusters(DISTRICT, zoom);
        expect(items.reduce((s, it) => s + it.count, 0), `${kind} z${zoom}`).toBe(total);
        for (const it of items) expect(it.index).toBe(-1); // never taken for a case
      }
      const top = index.clusters(DISTRICT, 10);
      expect(top.reduce((s, it) => s + it.classes[0]!, 0)).toBe(kind === 'all' ? tree.overdueIncidents : Math.min(total, tree.overdueIncidents));
    }
    // The open cases the map loads, grid by grid, are what the tree counts (cases without a place aside).
    expect(open.count).toBeLessThanOrEqual(tree.openIncidents);
    expect(open.count).toBeGreaterThan(tree.openIncidents * 0.9);
  });
});

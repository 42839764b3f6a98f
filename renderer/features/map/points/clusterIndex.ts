/**
 * The cluster index over decoded points: supercluster's hierarchy (the same trees, built by its own
 * clustering), each cluster carrying its count per colour class so it can be drawn as a ring of status
 * shares.
 *
 * Built in two steps so the heavy one can run in a Web Worker (clusterWorker.ts):
 * - buildClusterData: supercluster's trees from the typed arrays directly (no GeoJSON feature per
 *   point), and the class counts of every cluster summed up the hierarchy through the parent links
 *   supercluster records (no map/reduce object per point). Everything in it is typed arrays, handed to
 *   the page without a copy.
 * - clusterIndexFrom: the queries the layer makes (clusters in a box at a zoom, a cluster's expansion
 *   zoom) over those arrays, the same answers as supercluster's getClusters and
 *   getClusterExpansionZoom (tests/renderer/map/clusterIndex.test.ts compares them on demo points).
 */
import Supercluster from 'supercluster';
import type { MapPoints } from './pointsCodec';
import { CLASS_OF_CODE } from './pointStyles';

export interface ClusterItem {
  readonly lon: number;
  readonly lat: number;
  /** A single point: its index in MapPoints; a cluster: -1. */
  readonly index: number;
  readonly clusterId: number;
  readonly count: number;
  /** Counts per class (overdue, pending, working, checking, done). */
  readonly classes: readonly number[];
}

export interface ClusterIndex {
  readonly points: MapPoints;
  clusters(bbox: [number, number, number, number], zoom: number): ClusterItem[];
  expansionZoom(clusterId: number): number;
}

export interface ClusterOptions {
  readonly radius?: number;
  readonly maxZoom?: number;
}

/** What supercluster is given (the map's settings since the first version of the layer). */
export function superclusterOptions(options: ClusterOptions = {}): { radius: number; maxZoom: number; minPoints: number } {
  return { radius: options.radius ?? 56, maxZoom: options.maxZoom ?? 17, minPoints: 3 };
}

const EXTENT = 512; // supercluster's default tile extent
const MIN_ZOOM = 0;
const STRIDE = 6; // supercluster's entry without reduce: x, y, zoom, id, parent, count
const OFFSET_ZOOM = 2;
const OFFSET_ID = 3;
const OFFSET_PARENT = 4;
const OFFSET_NUM = 5;
const CLASSES = 5;
// supercluster's Int32 encoding of mercator [0, 1].
const SCALE = 0x40000000;
const encode = (c: number) => (c - 0.5) * SCALE;
const decode = (v: number) => v / SCALE + 0.5;

/** One level's KD-tree (supercluster's, in kdbush's layout) and its entries. */
export interface ClusterLevel {
  /** kdbush's buffer: header, ids, then the coordinates (Int32). */
  readonly tree: ArrayBuffer;
  readonly numItems: number;
  readonly nodeSize: number;
  /** supercluster's entries, STRIDE numbers each. */
  readonly data: Int32Array;
}

/** The built index: typed arrays only, so a worker can hand it over without a copy. */
export interface ClusterData {
  readonly points: MapPoints;
  readonly numPoints: number;
  readonly radius: number;
  readonly maxZoom: number;
  readonly levels: readonly ClusterLevel[];
  /** For zoom z (0 … maxZoom + 1): the index into `levels` (levels shared where no cluster formed). */
  readonly levelOfZoom: readonly number[];
  /** Open-addressed table: cluster id → slot (-1 = empty), size a power of two. */
  readonly clusterKeys: Int32Array;
  /** CLASSES counts per slot. */
  readonly clusterCounts: Int32Array;
}

interface KdTree {
  readonly numItems: number;
  readonly nodeSize: number;
  readonly ids: Uint16Array | Uint32Array;
  data: Int32Array;
}

/** The parts of supercluster the typed build drives: its own tree building and clustering. */
interface SuperclusterInternals {
  numPoints: number;
  props: unknown[];
  coords: Float64Array;
  ids: null;
  trees: KdTree[];
  _createTree(data: Int32Array, numItems: number): KdTree;
  _cluster(data: Int32Array, numItems: number, zoom: number, out: Int32Array): number;
}

function lngX(lng: number): number {
  return lng / 360 + 0.5;
}
function latY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}
function xLng(x: number): number {
  return (x - 0.5) * 360;
}
function yLat(y: number): number {
  const y2 = ((180 - y * 360) * Math.PI) / 180;
  return (360 * Math.atan(Math.exp(y2))) / Math.PI - 90;
}

/**
 * supercluster's load, fed from the typed arrays: the same entries it makes of GeoJSON points (the
 * mercator position encoded as Int32, the point's index, no parent, a count of 1), then its own
 * clustering from maxZoom down to 0, a level reused where no cluster formed, as load does.
 */
function loadTyped(sc: SuperclusterInternals, points: MapPoints, maxZoom: number): void {
  const n = points.count;
  const { coords } = points;
  const notProcessed = maxZoom + 1;
  sc.numPoints = n;
  sc.props = [];
  sc.ids = null;
  const merc = (sc.coords = new Float64Array(2 * n));
  const data = new Int32Array(n * STRIDE);
  for (let i = 0, w = 0; i < n; i++, w += STRIDE) {
    const px = lngX(coords[2 * i]!);
    const py = latY(coords[2 * i + 1]!);
    merc[2 * i] = px;
    merc[2 * i + 1] = py;
    data[w] = encode(px);
    data[w + 1] = encode(py);
    data[w + OFFSET_ZOOM] = notProcessed;
    data[w + OFFSET_ID] = i;
    data[w + OFFSET_PARENT] = -1;
    data[w + OFFSET_NUM] = 1;
  }
  let prev: Int32Array = data;
  let prevNum = n;
  sc.trees[maxZoom + 1] = sc._createTree(prev, prevNum);
  let recycled: Int32Array | null = null;
  for (let z = maxZoom; z >= MIN_ZOOM; z--) {
    const out: Int32Array = recycled ?? new Int32Array(prevNum * STRIDE);
    recycled = null;
    const written = sc._cluster(prev, prevNum, z, out);
    if (written === prevNum) {
      sc.trees[z] = sc.trees[z + 1]!;
      recycled = out;
    } else {
      sc.trees[z] = sc._createTree(out, written);
      prev = out;
      prevNum = written;
    }
  }
}

/** The slot of a cluster id in the table, or -1. */
function findSlot(keys: Int32Array, id: number): number {
  const mask = keys.length - 1;
  for (let h = Math.imul(id, 0x9e3779b1) & mask; ; h = (h + 1) & mask) {
    const k = keys[h]!;
    if (k === id) return h;
    if (k === -1) return -1;
  }
}

function slotFor(keys: Int32Array, id: number): number {
  const mask = keys.length - 1;
  for (let h = Math.imul(id, 0x9e3779b1) & mask; ; h = (h + 1) & mask) {
    const k = keys[h]!;
    if (k === id) return h;
    if (k === -1) {
      keys[h] = id;
      return h;
    }
  }
}

/** Builds the index (the heavy part: in a worker where the page has one). */
export function buildClusterData(points: MapPoints, options: ClusterOptions = {}): ClusterData {
  const opts = superclusterOptions(options);
  const sc = new Supercluster(opts) as unknown as SuperclusterInternals;
  loadTyped(sc, points, opts.maxZoom);

  // The distinct levels, finest first; supercluster shares a tree between zooms where nothing merged.
  const levels: ClusterLevel[] = [];
  const levelOfZoom: number[] = new Array(opts.maxZoom + 2);
  const trees: KdTree[] = [];
  for (let z = opts.maxZoom + 1; z >= MIN_ZOOM; z--) {
    const tree = sc.trees[z]!;
    if (trees[trees.length - 1] !== tree) {
      trees.push(tree);
      levels.push({ tree: tree.ids.buffer as ArrayBuffer, numItems: tree.numItems, nodeSize: tree.nodeSize, data: tree.data.subarray(0, tree.numItems * STRIDE) });
    }
    levelOfZoom[z] = levels.length - 1;
  }

  // Class counts per cluster: each level's entries name the cluster they joined in the next level
  // (supercluster's parent link), so summing finest first gives every cluster its members' counts.
  let clusters = 0;
  for (let l = 1; l < levels.length; l++) clusters += levels[l]!.numItems;
  let size = 16;
  while (size < 2 * clusters) size *= 2;
  const keys = new Int32Array(size).fill(-1);
  const counts = new Int32Array(size * CLASSES);
  const { status, overdue } = points;
  for (let l = 0; l < levels.length - 1; l++) {
    const { data, numItems } = levels[l]!;
    for (let k = 0; k < numItems * STRIDE; k += STRIDE) {
      const parent = data[k + OFFSET_PARENT]!;
      if (parent === -1) continue;
      const to = slotFor(keys, parent) * CLASSES;
      const id = data[k + OFFSET_ID]!;
      if (data[k + OFFSET_NUM] === 1) {
        counts[to + (overdue[id] === 1 ? 0 : (CLASS_OF_CODE[status[id]!] ?? 4))]! += 1;
      } else {
        const from = findSlot(keys, id) * CLASSES;
        for (let c = 0; c < CLASSES; c++) counts[to + c]! += counts[from + c]!;
      }
    }
  }
  return { points, numPoints: points.count, radius: opts.radius, maxZoom: opts.maxZoom, levels, levelOfZoom, clusterKeys: keys, clusterCounts: counts };
}

/**
 * Builds throw-away indexes over synthetic points so the build's code is compiled before the first real
 * answer arrives (a worker started as the map page opens does this while the points are still being
 * read): both of kdbush's id widths (fewer and more than 65,536 items). Deterministic, ~0.1 s.
 */
export function warmUpClusterBuild(sizes: readonly number[] = [4_000, 70_000]): number {
  let built = 0;
  for (const n of sizes) {
    const coords = new Float32Array(2 * n);
    // A jittered lattice over a town-sized square (clusters form at every zoom, as on a district).
    const side = Math.ceil(Math.sqrt(n));
    for (let i = 0; i < n; i++) {
      const jitter = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 1000;
      coords[2 * i] = 112.9 + ((i % side) + jitter) * (0.12 / side);
      coords[2 * i + 1] = 28.1 + (Math.floor(i / side) + 1 - jitter) * (0.12 / side);
    }
    const data = buildClusterData({ count: n, ids: new Uint32Array(n), coords, status: new Uint8Array(n), overdue: new Uint8Array(n) });
    built += data.levels.length;
  }
  return built;
}

/** The buffers of a ClusterData, to transfer from a worker. */
export function transferablesOf(d: ClusterData): ArrayBuffer[] {
  const all = new Set<ArrayBuffer>();
  for (const a of [d.points.ids, d.points.coords, d.points.status, d.points.overdue, d.clusterKeys, d.clusterCounts]) all.add(a.buffer as ArrayBuffer);
  for (const l of d.levels) {
    all.add(l.tree);
    all.add(l.data.buffer as ArrayBuffer);
  }
  return [...all];
}

/** A level's KD-tree read from kdbush's buffer (the same range and radius searches as kdbush). */
class LevelTree {
  readonly ids: Uint16Array | Uint32Array;
  readonly coords: Int32Array;
  readonly nodeSize: number;
  readonly data: Int32Array;

  constructor(level: ClusterLevel) {
    const n = level.numItems;
    const idBytes = n < 65536 ? 2 : 4;
    const pad = (8 - ((n * idBytes) % 8)) % 8;
    this.ids = idBytes === 2 ? new Uint16Array(level.tree, 8, n) : new Uint32Array(level.tree, 8, n);
    this.coords = new Int32Array(level.tree, 8 + n * idBytes + pad, 2 * n);
    this.nodeSize = level.nodeSize;
    this.data = level.data;
  }

  range(minX: number, minY: number, maxX: number, maxY: number): number[] {
    const { ids, coords, nodeSize } = this;
    const stack = [0, ids.length - 1, 0];
    const result: number[] = [];
    while (stack.length) {
      const axis = stack.pop()!;
      const right = stack.pop()!;
      const left = stack.pop()!;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const x = coords[2 * i]!;
          const y = coords[2 * i + 1]!;
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) result.push(ids[i]!);
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) result.push(ids[m]!);
      if (axis === 0 ? minX <= x : minY <= y) stack.push(left, m - 1, 1 - axis);
      if (axis === 0 ? maxX >= x : maxY >= y) stack.push(m + 1, right, 1 - axis);
    }
    return result;
  }

  within(qx: number, qy: number, r: number): number[] {
    const { ids, coords, nodeSize } = this;
    const stack = [0, ids.length - 1, 0];
    const result: number[] = [];
    const r2 = r * r;
    const near = (x: number, y: number) => (x - qx) * (x - qx) + (y - qy) * (y - qy) <= r2;
    while (stack.length) {
      const axis = stack.pop()!;
      const right = stack.pop()!;
      const left = stack.pop()!;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) if (near(coords[2 * i]!, coords[2 * i + 1]!)) result.push(ids[i]!);
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
      if (near(x, y)) result.push(ids[m]!);
      if (axis === 0 ? qx - r <= x : qy - r <= y) stack.push(left, m - 1, 1 - axis);
      if (axis === 0 ? qx + r >= x : qy + r >= y) stack.push(m + 1, right, 1 - axis);
    }
    return result;
  }
}

/** The queries over a built index (on the page's thread: a few hundred items a redraw). */
export function clusterIndexFrom(d: ClusterData): ClusterIndex {
  const trees = d.levels.map((l) => new LevelTree(l));
  const treeAt = (z: number) => trees[d.levelOfZoom[z]!]!;
  const limitZoom = (z: number) => Math.max(MIN_ZOOM, Math.min(Math.floor(+z), d.maxZoom + 1));
  const { points, numPoints, clusterKeys, clusterCounts } = d;

  const query = (bbox: [number, number, number, number], zoom: number, out: ClusterItem[]): void => {
    let minLng = ((((bbox[0] + 180) % 360) + 360) % 360) - 180;
    const minLat = Math.max(-90, Math.min(90, bbox[1]));
    let maxLng = bbox[2] === 180 ? 180 : ((((bbox[2] + 180) % 360) + 360) % 360) - 180;
    const maxLat = Math.max(-90, Math.min(90, bbox[3]));
    if (bbox[2] - bbox[0] >= 360) {
      minLng = -180;
      maxLng = 180;
    } else if (minLng > maxLng) {
      query([minLng, minLat, 180, maxLat], zoom, out);
      query([-180, minLat, maxLng, maxLat], zoom, out);
      return;
    }
    const tree = treeAt(limitZoom(zoom));
    const data = tree.data;
    for (const id of tree.range(encode(lngX(minLng)), encode(latY(maxLat)), encode(lngX(maxLng)), encode(latY(minLat)))) {
      const k = id * STRIDE;
      const count = data[k + OFFSET_NUM]!;
      if (count > 1) {
        const clusterId = data[k + OFFSET_ID]!;
        const at = findSlot(clusterKeys, clusterId) * CLASSES;
        const classes = [clusterCounts[at]!, clusterCounts[at + 1]!, clusterCounts[at + 2]!, clusterCounts[at + 3]!, clusterCounts[at + 4]!];
        out.push({ lon: xLng(decode(data[k]!)), lat: yLat(decode(data[k + 1]!)), index: -1, clusterId, count, classes });
      } else {
        const i = data[k + OFFSET_ID]!;
        const classes = [0, 0, 0, 0, 0];
        classes[points.overdue[i] === 1 ? 0 : (CLASS_OF_CODE[points.status[i]!] ?? 4)] = 1;
        out.push({ lon: points.coords[2 * i]!, lat: points.coords[2 * i + 1]!, index: i, clusterId: -1, count: 1, classes });
      }
    }
  };

  /** The entries whose parent is the cluster (supercluster's getChildren): [isCluster, id] each. */
  const children = (clusterId: number): { isCluster: boolean; id: number }[] => {
    const originZoom = (clusterId - numPoints) % 32;
    const originId = (clusterId - numPoints) >> 5;
    const tree = d.levelOfZoom[originZoom] === undefined ? null : treeAt(originZoom);
    if (!tree || originId >= tree.ids.length) throw new Error('没有这个聚合点');
    const r = d.radius / (EXTENT * Math.pow(2, originZoom - 1));
    const data = tree.data;
    const out: { isCluster: boolean; id: number }[] = [];
    for (const id of tree.within(data[originId * STRIDE]!, data[originId * STRIDE + 1]!, r * SCALE)) {
      const k = id * STRIDE;
      if (data[k + OFFSET_PARENT] === clusterId) out.push({ isCluster: data[k + OFFSET_NUM]! > 1, id: data[k + OFFSET_ID]! });
    }
    if (out.length === 0) throw new Error('没有这个聚合点');
    return out;
  };

  return {
    points,
    clusters(bbox, zoom) {
      const out: ClusterItem[] = [];
      query(bbox, Math.round(zoom), out);
      return out;
    },
    expansionZoom(clusterId) {
      let id = clusterId;
      let zoom = ((id - numPoints) % 32) - 1;
      while (zoom <= d.maxZoom) {
        const next = children(id);
        zoom++;
        if (next.length !== 1 || !next[0]!.isCluster) break;
        id = next[0]!.id;
      }
      return zoom;
    },
  };
}

/** Builds and opens the index on this thread (tests, benchmarks, a page without workers). */
export function buildClusterIndex(points: MapPoints, options: ClusterOptions = {}): ClusterIndex {
  return clusterIndexFrom(buildClusterData(points, options));
}

/**
 * Bundled by the map benchmark (esbuild, IIFE) and injected into a Chromium page: Leaflet,
 * Leaflet.markercluster and GridDesk's incident layer, with helpers to drive the fixed path.
 * GridDesk builds its index as the app does: the binary answer of map:points fed to the cluster
 * worker (bundled apart by the benchmark and started from a blob: address in this page).
 */
import './mapBenchGlobal';
import 'leaflet.markercluster';
import L from 'leaflet';
import { pointsAnswer } from '../../electron/contract/mapPointsWire';
import { prepareClusterWorker, setClusterWorkerFactory, startClusterBuild } from '../../renderer/features/map/points/clusterBuilder';
import type { ClusterIndex } from '../../renderer/features/map/points/clusterIndex';
import { IncidentCanvasLayer } from '../../renderer/features/map/points/incidentCanvasLayer';
import { gridCountIndex, gridLabelPoints } from '../../renderer/features/map/points/gridCounts';
import { toGridLayers } from '../../renderer/features/map/gridLayers';
import { decodePoints, type MapPoints } from '../../renderer/features/map/points/pointsCodec';
import type { GridTreeNode, GridWithGeometry, IncidentFilter, MapPointsPayload } from '../../electron/contract';

const CENTER: [number, number] = [28.195, 113.03];
let points: MapPoints | null = null;
/** The binary answer for `points`, as the transport would have delivered it. */
let answer: Uint8Array[] = [];
const frames: number[] = [];
let recording = false;

function nextFrame(): Promise<number> {
  return new Promise((r) => requestAnimationFrame(r));
}

function loop(t0: number) {
  let last = t0;
  const tick = (t: number) => {
    if (recording) frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
loop(performance.now());

function newMap(): L.Map {
  document.body.innerHTML = '<div id="map" style="width:1366px;height:768px"></div>';
  const map = L.map('map', { preferCanvas: true, zoomAnimation: true, maxZoom: 19 }).setView(CENTER, 13, { animate: false });
  return map;
}

async function painted(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

async function post(name: string, body: unknown, token: string, session: string): Promise<Response> {
  return fetch(`/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-griddesk-token': token, 'x-griddesk-session': session },
    body: JSON.stringify(body),
  });
}

async function call<T>(name: string, body: unknown, token: string, session: string): Promise<T> {
  const r = (await (await post(name, body, token, session)).json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${name}: ${r.error?.message}`);
  return r.value;
}

/** The layer's redraws on the path: how long each took and how many items it drew. */
const redraws: { ms: number; items: number; zoom: number }[] = [];
function watchRedraws(layer: IncidentCanvasLayer): void {
  const redraw = layer.redraw.bind(layer);
  layer.redraw = () => {
    const t = performance.now();
    redraw();
    if (recording) redraws.push({ ms: performance.now() - t, items: layer.drawnCount, zoom: layer['_map']?.getZoom() ?? -1 });
  };
}

const api = {
  /** The cluster worker, started ahead as the map page starts it when it opens. */
  async useWorker(code: string) {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    setClusterWorkerFactory(() => new Worker(url));
    prepareClusterWorker();
    await new Promise((r) => setTimeout(r, 300));
  },
  setPoints(p: MapPointsPayload, limit: number) {
    const all = decodePoints(p);
    const n = Math.min(limit, all.count);
    points = { count: n, ids: all.ids.subarray(0, n), coords: all.coords.subarray(0, 2 * n), status: all.status.subarray(0, n), overdue: all.overdue.subarray(0, n) };
    answer = [];
    return n;
  },
  /** Encodes the points as the host would send them (not timed: the bytes are what arrives). */
  async prepareAnswer() {
    const reader = pointsAnswer(points!, Date.now());
    answer = [];
    for (let b = await reader.read(); b !== null; b = await reader.read()) answer.push(b);
    return answer.reduce((s, b) => s + b.byteLength, 0);
  },
  /** From the answer's bytes in the page to the first painted view of the clusters. */
  async griddeskFirstView(): Promise<number> {
    const map = newMap();
    await painted();
    const t0 = performance.now();
    const layer = new IncidentCanvasLayer().addTo(map);
    const build = startClusterBuild();
    for (const b of answer) build.push(b.slice());
    layer.setIndex(await build.finish());
    await painted();
    (window as unknown as { benchMap: L.Map }).benchMap = map;
    watchRedraws(layer);
    return performance.now() - t0;
  },
  /**
   * Database → map:points over HTTP → worker → painted clusters, with the grids' counts (grids:tree and
   * grids:geometry, as the map page has them) painted first.
   */
  async griddeskEndToEnd(
    token: string,
    session: string,
    filter: IncidentFilter,
  ): Promise<{ total: number; gridCounts: number; lastByte: number; count: number; bytes: number }> {
    const map = newMap();
    await painted();
    const t0 = performance.now();
    const layer = new IncidentCanvasLayer().addTo(map);
    let shown: ClusterIndex | null = null;
    let gridCounts = 0;
    const preview = (async () => {
      const [tree, geometry] = await Promise.all([
        call<GridTreeNode>('grids:tree', {}, token, session),
        call<GridWithGeometry[]>('grids:geometry', {}, token, session),
      ]);
      const index = gridCountIndex(tree, gridLabelPoints(toGridLayers(geometry).grids), 'all');
      if (!shown && index) {
        layer.setIndex(index);
        await painted();
        gridCounts = performance.now() - t0;
      }
    })();
    const build = startClusterBuild();
    const res = await post('map:points', { filter }, token, session);
    if (res.headers.get('content-type') !== 'application/octet-stream') throw new Error(`map:points: ${await res.text()}`);
    const reader = res.body!.getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.byteLength;
      build.push(r.value);
    }
    const lastByte = performance.now() - t0;
    shown = await build.finish();
    layer.setIndex(shown);
    await painted();
    const total = performance.now() - t0;
    await preview;
    (window as unknown as { benchMap: L.Map }).benchMap = map;
    watchRedraws(layer);
    return { total, gridCounts, lastByte, count: shown.points.count, bytes };
  },
  async markerclusterFirstView(): Promise<number> {
    const map = newMap();
    await painted();
    const p = points!;
    const t0 = performance.now();
    const icon = L.divIcon({ className: 'bench-dot', iconSize: [10, 10] });
    const group = L.markerClusterGroup({ chunkedLoading: true });
    const markers: L.Marker[] = new Array(p.count);
    for (let i = 0; i < p.count; i++) markers[i] = L.marker([p.coords[2 * i + 1]!, p.coords[2 * i]!], { icon });
    map.addLayer(group);
    group.addLayers(markers);
    // Loaded when the top cluster level holds every marker (chunked loading runs across frames).
    const top = () => (group as unknown as { _topClusterLevel: { getChildCount(): number } })._topClusterLevel.getChildCount();
    while (top() < p.count) await nextFrame();
    await painted();
    (window as unknown as { benchMap: L.Map }).benchMap = map;
    return performance.now() - t0;
  },
  /** Zoom 13→17 step by step, five 300 px pans, zoom out to 12; rAF deltas over the whole path. */
  async path(): Promise<{ p95: number; worst: number; frames: number; slowestRedraw: { ms: number; items: number; zoom: number } | null }> {
    const map = (window as unknown as { benchMap: L.Map }).benchMap;
    const settle = async (ev: string, act: () => void) => {
      const done = new Promise<void>((r) => map.once(ev, () => r()));
      act();
      await done;
      for (let k = 0; k < 6; k++) await nextFrame();
    };
    frames.length = 0;
    redraws.length = 0;
    recording = true;
    for (let z = 14; z <= 17; z++) await settle('zoomend', () => map.setZoom(z));
    for (let k = 0; k < 5; k++) await settle('moveend', () => map.panBy([300, 0]));
    await settle('zoomend', () => map.setZoom(12));
    recording = false;
    const sorted = [...frames].sort((a, b) => a - b);
    const slowestRedraw = redraws.reduce<(typeof redraws)[number] | null>((a, b) => (a && a.ms >= b.ms ? a : b), null);
    return { p95: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0, worst: sorted[sorted.length - 1] ?? 0, frames: sorted.length, slowestRedraw };
  },
};

(window as unknown as { gdBench: typeof api }).gdBench = api;

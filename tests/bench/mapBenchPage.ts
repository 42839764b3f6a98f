/**
 * Bundled by the map benchmark (esbuild, IIFE) and injected into a blank Chromium page: Leaflet,
 * Leaflet.markercluster and GridDesk's incident layer, with helpers to drive the fixed path.
 */
import './mapBenchGlobal';
import 'leaflet.markercluster';
import L from 'leaflet';
import { buildClusterIndex } from '../../renderer/features/map/points/clusterIndex';
import { IncidentCanvasLayer } from '../../renderer/features/map/points/incidentCanvasLayer';
import { decodePoints, type MapPoints } from '../../renderer/features/map/points/pointsCodec';
import type { MapPointsPayload } from '../../electron/contract';

const CENTER: [number, number] = [28.195, 113.03];
let points: MapPoints | null = null;
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

const api = {
  setPoints(p: MapPointsPayload, limit: number) {
    const all = decodePoints(p);
    const n = Math.min(limit, all.count);
    points = { count: n, ids: all.ids.subarray(0, n), coords: all.coords.subarray(0, 2 * n), status: all.status.subarray(0, n), overdue: all.overdue.subarray(0, n) };
    return n;
  },
  async griddeskFirstView(): Promise<number> {
    const map = newMap();
    await painted();
    const t0 = performance.now();
    const layer = new IncidentCanvasLayer().addTo(map);
    layer.setIndex(buildClusterIndex(points!));
    await painted();
    (window as unknown as { benchMap: L.Map }).benchMap = map;
    return performance.now() - t0;
  },
  async griddeskEndToEnd(token: string): Promise<{ total: number; fetch: number; decode: number; count: number }> {
    const map = newMap();
    await painted();
    const t0 = performance.now();
    const res = await fetch('/api/map:points', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-griddesk-token': token },
      body: JSON.stringify({ filter: { statuses: ['reported', 'registered', 'rejected', 'dispatched', 'handling', 'handled', 'closed', 'returned', 'hung', 'voided'], includeDuplicates: true } }),
    });
    const body = (await res.json()) as { ok: boolean; value: MapPointsPayload };
    const t1 = performance.now();
    const decoded = decodePoints(body.value);
    const t2 = performance.now();
    const layer = new IncidentCanvasLayer().addTo(map);
    layer.setIndex(buildClusterIndex(decoded));
    await painted();
    (window as unknown as { benchMap: L.Map }).benchMap = map;
    return { total: performance.now() - t0, fetch: t1 - t0, decode: t2 - t1, count: decoded.count };
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
  async path(): Promise<{ p95: number; worst: number; frames: number }> {
    const map = (window as unknown as { benchMap: L.Map }).benchMap;
    const settle = async (ev: string, act: () => void) => {
      const done = new Promise<void>((r) => map.once(ev, () => r()));
      act();
      await done;
      for (let k = 0; k < 6; k++) await nextFrame();
    };
    frames.length = 0;
    recording = true;
    for (let z = 14; z <= 17; z++) await settle('zoomend', () => map.setZoom(z));
    for (let k = 0; k < 5; k++) await settle('moveend', () => map.panBy([300, 0]));
    await settle('zoomend', () => map.setZoom(12));
    recording = false;
    const sorted = [...frames].sort((a, b) => a - b);
    return { p95: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0, worst: sorted[sorted.length - 1] ?? 0, frames: sorted.length };
  },
};

(window as unknown as { gdBench: typeof api }).gdBench = api;

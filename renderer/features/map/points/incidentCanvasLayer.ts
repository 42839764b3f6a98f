/**
 * The incident layer: one canvas over the map, redrawn from the cluster index after each move, with
 * Leaflet's own zoom animation (scaled like its vector renderer). Clicks are hit-tested on the drawn
 * items in the capture phase, so a click on a point never also selects the grid below it.
 */
import L from 'leaflet';
import type { ClusterIndex, ClusterItem } from './clusterIndex';
import { clusterRadius, drawClusters, drawHeat, type DrawnItem } from './drawPoints';

export type PointsMode = 'clusters' | 'heat';

export interface IncidentLayerEvents {
  onOpenCase?: (id: number) => void;
}

interface Hit extends DrawnItem {
  readonly item: ClusterItem;
}

/** Drawn beyond the view on each side (as Leaflet's own vector renderer): a larger canvas costs every frame that shows it. */
const PADDING = 0.1;

export class IncidentCanvasLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private index: ClusterIndex | null = null;
  private mode: PointsMode = 'clusters';
  private hits: Hit[] = [];
  private topLeft = L.point(0, 0);
  private center: L.LatLng | null = null;
  private zoom = 0;
  private down: { x: number; y: number } | null = null;
  /** How many items the last draw put on the canvas (for tests and the status line). */
  drawnCount = 0;

  constructor(private readonly events: IncidentLayerEvents = {}) {
    super();
  }

  setIndex(index: ClusterIndex | null): this {
    this.index = index;
    this.redraw();
    return this;
  }

  setMode(mode: PointsMode): this {
    this.mode = mode;
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'gd-points-canvas leaflet-zoom-animated') as HTMLCanvasElement;
    canvas.style.pointerEvents = 'none';
    // Its own pane above the grid, street, district and selection panes, below the tooltips.
    const pane = map.getPane('gd-points') ?? map.createPane('gd-points', map.getPane('overlayPane'));
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    pane.appendChild(canvas);
    this.canvas = canvas;
    const container = map.getContainer();
    container.addEventListener('mousedown', this.onDown, true);
    container.addEventListener('click', this.onClick, true);
    container.addEventListener('mousemove', this.onMove, true);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    const container = map.getContainer();
    container.removeEventListener('mousedown', this.onDown, true);
    container.removeEventListener('click', this.onClick, true);
    container.removeEventListener('mousemove', this.onMove, true);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      moveend: () => this.redraw(),
      viewreset: () => this.redraw(),
      zoomanim: (e) => this.animateZoom(e as L.ZoomAnimEvent),
    };
  }

  /** Items under a container point: a point or a cluster, nearest first. */
  hitAt(x: number, y: number): ClusterItem | null {
    let best: Hit | null = null;
    let bestD = Infinity;
    const ox = x - this.topLeftInContainer().x;
    const oy = y - this.topLeftInContainer().y;
    for (const h of this.hits) {
      const d = Math.hypot(h.x - ox, h.y - oy);
      if (d <= h.r + 2 && d < bestD) {
        best = h;
        bestD = d;
      }
    }
    return best?.item ?? null;
  }

  /** The drawn items in container pixels (for the PNG export). */
  drawnItems(): { items: DrawnItem[]; mode: PointsMode } {
    const o = this.topLeftInContainer();
    return { items: this.hits.map((h) => ({ ...h, x: h.x + o.x, y: h.y + o.y })), mode: this.mode };
  }

  private topLeftInContainer(): L.Point {
    const map = this._map;
    return map ? map.layerPointToContainerPoint(this.topLeft) : L.point(0, 0);
  }

  private animateZoom(e: L.ZoomAnimEvent): void {
    const map = this._map as L.Map & { _getNewPixelOrigin(c: L.LatLng, z: number): L.Point };
    if (!this.canvas || !this.center) return;
    const scale = map.getZoomScale(e.zoom, this.zoom);
    const size = map.getSize();
    const viewHalf = size.multiplyBy(0.5 + PADDING);
    const offset = viewHalf.multiplyBy(-scale).add(map.project(this.center, e.zoom)).subtract(map._getNewPixelOrigin(e.center, e.zoom));
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  redraw(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const pad = size.multiplyBy(PADDING).round();
    const full = size.add(pad.multiplyBy(2));
    const topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
    this.topLeft = topLeft;
    this.center = map.getCenter();
    this.zoom = map.getZoom();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== full.x * dpr || canvas.height !== full.y * dpr) {
      canvas.width = full.x * dpr;
      canvas.height = full.y * dpr;
      canvas.style.width = `${full.x}px`;
      canvas.style.height = `${full.y}px`;
    }
    L.DomUtil.setPosition(canvas, topLeft);
    const ctx = canvas.getContext('2d');
    this.hits = [];
    this.drawnCount = 0;
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.index) return;
    const nw = map.layerPointToLatLng(topLeft);
    const se = map.layerPointToLatLng(topLeft.add(full));
    const heat = this.mode === 'heat';
    const zoom = heat ? Math.min(map.getZoom() + 1.5, 18) : map.getZoom();
    const items = this.index.clusters([nw.lng, se.lat, se.lng, nw.lat], zoom);
    const hits: Hit[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const p = map.latLngToLayerPoint([it.lat, it.lon]).subtract(topLeft);
      hits[i] = { x: p.x, y: p.y, r: clusterRadius(it.count), count: it.count, classes: it.classes, item: it };
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (heat) {
      drawHeat(ctx, hits, canvas.width, canvas.height);
      this.hits = [];
    } else {
      drawClusters(ctx, hits);
      this.hits = hits;
    }
    this.drawnCount = items.length;
  }

  private readonly onDown = (e: MouseEvent): void => {
    this.down = { x: e.clientX, y: e.clientY };
  };

  private readonly onClick = (e: MouseEvent): void => {
    const map = this._map;
    if (!map || !this.index) return;
    if (this.down && Math.hypot(e.clientX - this.down.x, e.clientY - this.down.y) > 4) return;
    const rect = map.getContainer().getBoundingClientRect();
    const hit = this.hitAt(e.clientX - rect.left, e.clientY - rect.top);
    if (!hit) return;
    e.stopPropagation();
    e.preventDefault();
    if (hit.index >= 0) {
      this.events.onOpenCase?.(this.index.points.ids[hit.index]!);
    } else {
      const z = Math.min(this.index.expansionZoom(hit.clusterId), map.getMaxZoom());
      map.setView([hit.lat, hit.lon], Math.max(z, map.getZoom() + 1));
    }
  };

  private readonly onMove = (e: MouseEvent): void => {
    const map = this._map;
    if (!map) return;
    const rect = map.getContainer().getBoundingClientRect();
    const hit = this.hits.length ? this.hitAt(e.clientX - rect.left, e.clientY - rect.top) : null;
    map.getContainer().classList.toggle('gd-map--over-point', hit !== null);
  };
}

import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { Bbox4 } from './mapQuery';

export type MapTool = 'none' | 'rect' | 'create';

interface MapToolHandlerProps {
  readonly tool: MapTool;
  readonly onRectangle: (bbox: Bbox4) => void;
  readonly onPick: (lon: number, lat: number) => void;
}

/**
 * The two map tools: 框选 (drag a rectangle: it becomes the bbox filter) and 新建案件 (click a point: it
 * starts a new case there). Both take the pointer before Leaflet and the layers below them do.
 */
export function MapToolHandler({ tool, onRectangle, onPick }: MapToolHandlerProps) {
  const map = useMap();
  const cb = useRef({ onRectangle, onPick });
  cb.current = { onRectangle, onPick };
  useEffect(() => {
    if (tool === 'none') return;
    const container = map.getContainer();
    container.classList.add(`gd-map--tool-${tool}`);
    const point = (e: MouseEvent) => {
      const r = container.getBoundingClientRect();
      return L.point(e.clientX - r.left, e.clientY - r.top);
    };
    let start: L.Point | null = null;
    let box: HTMLDivElement | null = null;
    const down = (e: MouseEvent) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      e.preventDefault();
      if (tool === 'create') return;
      start = point(e);
      map.dragging.disable();
      box = L.DomUtil.create('div', 'gd-map__rect', container) as HTMLDivElement;
    };
    const move = (e: MouseEvent) => {
      if (!start || !box) return;
      const p = point(e);
      const min = L.point(Math.min(p.x, start.x), Math.min(p.y, start.y));
      box.style.left = `${min.x}px`;
      box.style.top = `${min.y}px`;
      box.style.width = `${Math.abs(p.x - start.x)}px`;
      box.style.height = `${Math.abs(p.y - start.y)}px`;
    };
    const up = (e: MouseEvent) => {
      if (!start) return;
      const p = point(e);
      const a = map.containerPointToLatLng(start);
      const b = map.containerPointToLatLng(p);
      box?.remove();
      box = null;
      map.dragging.enable();
      const wasDrag = Math.abs(p.x - start.x) > 6 && Math.abs(p.y - start.y) > 6;
      start = null;
      if (wasDrag) {
        cb.current.onRectangle([Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)]);
      }
    };
    const click = (e: MouseEvent) => {
      e.stopPropagation();
      e.preventDefault();
      if (tool !== 'create') return;
      const ll = map.containerPointToLatLng(point(e));
      cb.current.onPick(ll.lng, ll.lat);
    };
    container.addEventListener('mousedown', down, true);
    window.addEventListener('mousemove', move, true);
    window.addEventListener('mouseup', up, true);
    container.addEventListener('click', click, true);
    return () => {
      container.classList.remove(`gd-map--tool-${tool}`);
      container.removeEventListener('mousedown', down, true);
      window.removeEventListener('mousemove', move, true);
      window.removeEventListener('mouseup', up, true);
      container.removeEventListener('click', click, true);
      box?.remove();
      map.dragging.enable();
    };
  }, [map, tool]);
  return null;
}

/**
 * The current map view as a PNG: grid polygons drawn to a canvas from Leaflet's projection, the
 * incident clusters (or heat) on top, a title and the date. No DOM snapshot, so it works offline and
 * without any tile layer.
 */
import type { Map as LeafletMap } from 'leaflet';
import { shanghaiDate } from '../../../db/domain/time';
import type { GridLayers, MapGrid } from './gridLayers';
import { COLORS } from './mapStyles';
import { labelPoint } from './labelPoint';
import { drawClusters, drawHeat, type DrawnItem } from './points/drawPoints';
import { POINT_CLASSES } from './points/pointStyles';

export interface ExportInput {
  readonly map: LeafletMap;
  readonly layers: GridLayers;
  readonly fillFor: (code: string) => string | null;
  readonly points: { items: readonly DrawnItem[]; mode: 'clusters' | 'heat' } | null;
  readonly title: string;
}

const HEADER = 40;

export function renderMapCanvas({ map, layers, fillFor, points, title }: ExportInput, scale = 2): HTMLCanvasElement {
  const size = map.getSize();
  const canvas = document.createElement('canvas');
  canvas.width = size.x * scale;
  canvas.height = (size.y + HEADER) * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#f4f6f9';
  ctx.fillRect(0, 0, size.x, size.y + HEADER);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.x, HEADER);
  ctx.fillStyle = '#16365f';
  ctx.font = '600 16px "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 14, HEADER / 2);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, HEADER, size.x, size.y);
  ctx.clip();
  ctx.translate(0, HEADER);
  const path = (item: MapGrid) => {
    ctx.beginPath();
    for (const polygon of item.positions) {
      for (const ring of polygon) {
        ring.forEach(([lat, lon], i) => {
          const p = map.latLngToContainerPoint([lat, lon]);
          if (i === 0) ctx.moveTo(p.x, p.y);
          else ctx.lineTo(p.x, p.y);
        });
        ctx.closePath();
      }
    }
  };
  for (const g of layers.grids) {
    path(g);
    ctx.fillStyle = fillFor(g.grid.code) ?? COLORS.gridFill;
    ctx.fill('evenodd');
    ctx.strokeStyle = COLORS.grid;
    ctx.lineWidth = 0.8;
    ctx.stroke();
  }
  for (const s of layers.streets) {
    path(s);
    ctx.strokeStyle = COLORS.street;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  if (layers.district) {
    path(layers.district);
    ctx.strokeStyle = COLORS.district;
    ctx.lineWidth = 3.5;
    ctx.stroke();
  }
  if (points) {
    if (points.mode === 'heat') {
      const heat = document.createElement('canvas');
      heat.width = size.x;
      heat.height = size.y;
      const h = heat.getContext('2d')!;
      drawHeat(h, points.items, size.x, size.y);
      ctx.drawImage(heat, 0, 0);
    } else {
      drawClusters(ctx, points.items);
    }
  }
  // Street names last, so no cluster hides them.
  ctx.font = '600 13px "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  ctx.textAlign = 'center';
  for (const s of layers.streets) {
    const [minLon, minLat, maxLon, maxLat] = s.grid.bbox;
    const at = labelPoint(s.positions) ?? [(minLat + maxLat) / 2, (minLon + maxLon) / 2];
    const p = map.latLngToContainerPoint(at);
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.strokeText(s.grid.name, p.x, p.y);
    ctx.fillStyle = '#16365f';
    ctx.fillText(s.grid.name, p.x, p.y);
  }
  ctx.restore();
  if (points?.mode === 'clusters') drawLegend(ctx, size.y + HEADER);
  return canvas;
}

/** The status colours, bottom left, so the printed map reads on its own. */
function drawLegend(ctx: CanvasRenderingContext2D, bottom: number): void {
  const rowH = 18;
  const w = 168;
  const h = POINT_CLASSES.length * rowH + 12;
  const x = 12;
  const y = bottom - h - 12;
  ctx.fillStyle = 'rgba(255,255,255,0.95)';
  ctx.strokeStyle = '#c3cddb';
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, w, h);
  ctx.strokeRect(x + 0.5, y + 0.5, w, h);
  ctx.font = '12px "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  POINT_CLASSES.forEach((c, i) => {
    const cy = y + 6 + rowH * i + rowH / 2;
    ctx.beginPath();
    ctx.arc(x + 14, cy, 5, 0, Math.PI * 2);
    ctx.fillStyle = c.color;
    ctx.fill();
    ctx.fillStyle = '#1d2733';
    ctx.fillText(c.label, x + 26, cy);
  });
}

/** Saves the map as '案件分布图-<date>.png', titled with the area's name and the date (Shanghai). */
export function exportMapPng(input: Omit<ExportInput, 'title'> & { readonly areaName: string }): void {
  const date = shanghaiDate(Date.now());
  const { areaName, ...rest } = input;
  downloadCanvas(renderMapCanvas({ ...rest, title: `${areaName} 案件分布图（${date}）` }), `案件分布图-${date}.png`);
}

export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): void {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, 'image/png');
}

/**
 * Drawing clusters, single points and the heat map onto a 2D canvas. Pure drawing: the caller gives
 * the items already projected to canvas pixels. Used by the map layer and by the PNG export.
 */
import { POINT_CLASSES } from './pointStyles';

export interface DrawnItem {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly count: number;
  readonly classes: readonly number[];
}

const COLORS = POINT_CLASSES.map((c) => c.color);

export function clusterRadius(count: number): number {
  return count === 1 ? 6 : Math.min(30, 12 + 4.2 * Math.log10(count) * 1.6);
}

export function drawClusters(ctx: CanvasRenderingContext2D, items: readonly DrawnItem[]): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const it of items) {
    if (it.count === 1) {
      const k = it.classes.findIndex((v) => v > 0);
      ctx.beginPath();
      ctx.arc(it.x, it.y, it.r, 0, Math.PI * 2);
      ctx.fillStyle = COLORS[k] ?? COLORS[4]!;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      continue;
    }
    // A ring of status shares (overdue first, from 12 o'clock) around a white disc with the count.
    let start = -Math.PI / 2;
    const ring = Math.max(4, it.r * 0.32);
    for (let k = 0; k < it.classes.length; k++) {
      const share = (it.classes[k] ?? 0) / it.count;
      if (share <= 0) continue;
      const end = start + share * Math.PI * 2;
      ctx.beginPath();
      ctx.arc(it.x, it.y, it.r - ring / 2, start, end);
      ctx.lineWidth = ring;
      ctx.strokeStyle = COLORS[k]!;
      ctx.stroke();
      start = end;
    }
    ctx.beginPath();
    ctx.arc(it.x, it.y, it.r - ring, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(255,255,255,0.95)';
    ctx.fill();
    ctx.fillStyle = (it.classes[0] ?? 0) > 0 ? '#a3150f' : '#1d2733';
    ctx.font = `600 ${it.count >= 10000 ? 10 : 11}px "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`;
    ctx.fillText(formatCount(it.count), it.x, it.y + 0.5);
  }
}

export function formatCount(n: number): string {
  return n >= 10000 ? `${(n / 10000).toFixed(n >= 100000 ? 0 : 1)}万` : String(n);
}

let sprite: HTMLCanvasElement | null = null;
const SPRITE_R = 24;

function heatSprite(): HTMLCanvasElement {
  if (sprite) return sprite;
  sprite = document.createElement('canvas');
  sprite.width = sprite.height = SPRITE_R * 2;
  const g = sprite.getContext('2d')!;
  const grad = g.createRadialGradient(SPRITE_R, SPRITE_R, 0, SPRITE_R, SPRITE_R, SPRITE_R);
  grad.addColorStop(0, 'rgba(0,0,0,1)');
  grad.addColorStop(1, 'rgba(0,0,0,0)');
  g.fillStyle = grad;
  g.fillRect(0, 0, SPRITE_R * 2, SPRITE_R * 2);
  return sprite;
}

let palette: Uint8ClampedArray | null = null;

function heatPalette(): Uint8ClampedArray {
  if (palette) return palette;
  const c = document.createElement('canvas');
  c.width = 256;
  c.height = 1;
  const g = c.getContext('2d')!;
  const grad = g.createLinearGradient(0, 0, 256, 0);
  grad.addColorStop(0.0, 'rgba(49,130,189,0)');
  grad.addColorStop(0.2, '#3182bd');
  grad.addColorStop(0.45, '#31a354');
  grad.addColorStop(0.65, '#fecc5c');
  grad.addColorStop(0.85, '#fd8d3c');
  grad.addColorStop(1.0, '#bd0026');
  g.fillStyle = grad;
  g.fillRect(0, 0, 256, 1);
  palette = g.getImageData(0, 0, 256, 1).data;
  return palette;
}

/** Heat: each item adds a blurred disc weighted by its count (log-scaled), then alpha → colour. */
export function drawHeat(ctx: CanvasRenderingContext2D, items: readonly DrawnItem[], width: number, height: number): void {
  if (!items.length) return;
  const s = heatSprite();
  let max = 1;
  for (const it of items) max = Math.max(max, it.count);
  const scale = 1 / Math.log(1 + max);
  for (const it of items) {
    ctx.globalAlpha = Math.min(1, 0.12 + 0.88 * Math.log(1 + it.count) * scale);
    ctx.drawImage(s, it.x - SPRITE_R, it.y - SPRITE_R);
  }
  ctx.globalAlpha = 1;
  const img = ctx.getImageData(0, 0, width, height);
  const d = img.data;
  const p = heatPalette();
  for (let i = 3; i < d.length; i += 4) {
    const a = d[i]!;
    if (!a) continue;
    const o = a * 4;
    d[i - 3] = p[o]!;
    d[i - 2] = p[o + 1]!;
    d[i - 1] = p[o + 2]!;
    d[i] = Math.min(230, a * 1.4);
  }
  ctx.putImageData(img, 0, 0);
}

/**
 * A map picture of an area's grids and a period's cases as SVG: streets outlined, community grids
 * thin, case dots coloured by status at the end of the period (closed green, open blue, overdue red), as an
 * embedded PNG layer. Used by the printed weekly summary; no tiles, no browser needed.
 */
import type { Db } from '../open';
import type { GridGeometry } from '../types';
import { DotLayer } from './dotLayer';

interface Ring {
  points: [number, number][];
}

function ringsOf(g: GridGeometry): Ring[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flatMap((p) => p.map((r) => ({ points: r.map((c) => [c[0]!, c[1]!] as [number, number]) })));
}

export function renderAreaMapSvg(
  db: Db,
  input: { areaGridId: number; areaLevel: number; start: number; end: number; now: number; width?: number },
): string {
  const width = input.width ?? 680;
  const grids = db
    .prepare(
      `SELECT g.id, g.level, g.name, g.geometry, g.parent_id AS parentId FROM grids g
       WHERE g.level >= 2 ORDER BY g.level DESC, g.code`,
    )
    .all() as { id: number; level: number; name: string; geometry: string; parentId: number | null }[];
  const inArea = (g: { id: number; parentId: number | null; level: number }) =>
    input.areaLevel === 1 ||
    (input.areaLevel === 2 ? g.id === input.areaGridId || g.parentId === input.areaGridId : g.id === input.areaGridId);
  const shown = grids.filter(inArea);
  const area = db.prepare(`SELECT min_lon, min_lat, max_lon, max_lat, geometry FROM grids WHERE id = ?`).get(input.areaGridId) as {
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    geometry: string;
  };
  const kx = Math.cos((((area.min_lat + area.max_lat) / 2) * Math.PI) / 180);
  const spanX = (area.max_lon - area.min_lon) * kx;
  const spanY = area.max_lat - area.min_lat;
  const pad = 8;
  const scale = (width - 2 * pad) / spanX;
  const height = Math.round(spanY * scale + 2 * pad);
  const x = (lon: number) => (pad + (lon - area.min_lon) * kx * scale).toFixed(1);
  const y = (lat: number) => (pad + (area.max_lat - lat) * scale).toFixed(1);
  const path = (geometry: string) =>
    ringsOf(JSON.parse(geometry) as GridGeometry)
      .map((r) => 'M' + r.points.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join('L') + 'Z')
      .join('');

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#f7f9fc"/>`);
  for (const g of shown.filter((s) => s.level === 3)) {
    parts.push(`<path d="${path(g.geometry)}" fill="#ffffff" stroke="#b8c4d6" stroke-width="0.5"/>`);
  }
  for (const g of shown.filter((s) => s.level === 2)) {
    parts.push(`<path d="${path(g.geometry)}" fill="none" stroke="#3d5a80" stroke-width="1.2"/>`);
  }
  parts.push(`<path d="${path(area.geometry)}" fill="none" stroke="#1b2a41" stroke-width="2"/>`);

  // Cases are binned into small cells (a few thousand dots at most, however many cases there are): SQLite
  // answers each case's cell and state as one number, so no case row is built here. A cell is red when it
  // holds an overdue case, else blue when most of its cases are still open, else green; busier cells are
  // drawn stronger. 100,000 separate dots would be no clearer and far slower to print.
  const CELL = 3;
  const cols = Math.ceil(width / CELL);
  const at = Math.min(input.now, input.end);
  const cellStates = db
    .prepare(
      `SELECT (CAST((@pad + (@maxLat - lat) * @scale) / ${CELL} AS INTEGER) * @cols + CAST((@pad + (lon - @minLon) * @kx * @scale) / ${CELL} AS INTEGER)) * 4
         + CASE WHEN closed_at IS NOT NULL AND closed_at < @e THEN 0 WHEN due_at IS NOT NULL AND due_at < @at THEN 2 ELSE 1 END
       FROM incidents
       WHERE reported_at >= @s AND reported_at < @e AND duplicate_of IS NULL AND status NOT IN ('voided', 'rejected')
         AND lon IS NOT NULL AND lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat`,
    )
    .pluck()
    .all({ s: input.start, e: input.end, at, pad, kx, scale, cols, minLon: area.min_lon, maxLon: area.max_lon, minLat: area.min_lat, maxLat: area.max_lat }) as number[];
  const byCell = new Map<number, { cell: number; n: number; open: number; overdue: number }>();
  for (const v of cellStates) {
    const state = v % 4; // 0 closed by the end of the period, 1 open, 2 open and overdue
    const cell = (v - state) / 4;
    let c = byCell.get(cell);
    if (!c) byCell.set(cell, (c = { cell, n: 0, open: 0, overdue: 0 }));
    c.n++;
    if (state === 1) c.open++;
    else if (state === 2) c.overdue++;
  }
  const cells = [...byCell.values()].sort((a, b) => a.cell - b.cell);
  const busiest = Math.max(1, ...cells.map((c) => c.n));
  const rank = (c: { n: number; open: number; overdue: number }) => (c.overdue > 0 ? 2 : c.open * 2 > c.n ? 1 : 0);
  // Closed first, overdue last, so the cases that need attention are drawn on top. The dots are one raster
  // layer (three pixels to the unit, print resolution) under the street names: thousands of translucent
  // vector dots made the PDF several seconds slower to print.
  const dots = new DotLayer(width, height, 3);
  for (const c of [...cells].sort((a, b) => rank(a) - rank(b))) {
    const colour = c.overdue > 0 ? '#d64545' : c.open * 2 > c.n ? '#2f6fdb' : '#2e9e5b';
    const opacity = Number((0.35 + 0.6 * Math.sqrt(c.n / busiest)).toFixed(1));
    dots.circle((c.cell % cols) * CELL + CELL / 2, Math.floor(c.cell / cols) * CELL + CELL / 2, 1.6, colour, opacity);
  }
  if (cells.length) parts.push(`<image href="data:image/png;base64,${dots.png().toString('base64')}" x="0" y="0" width="${width}" height="${height}"/>`);
  for (const g of shown.filter((s) => s.level === 2 && input.areaLevel === 1)) {
    const rings = ringsOf(JSON.parse(g.geometry) as GridGeometry);
    const pts = rings[0]!.points;
    const cx = pts.reduce((n, p) => n + p[0], 0) / pts.length;
    const cy = pts.reduce((n, p) => n + p[1], 0) / pts.length;
    parts.push(
      `<text x="${x(cx)}" y="${y(cy)}" font-size="10" text-anchor="middle" fill="#1b2a41" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">${escapeXml(g.name.replace(/街道$/, ''))}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif">${parts.join('')}</svg>`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

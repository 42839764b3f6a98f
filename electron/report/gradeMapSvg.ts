/**
 * A choropleth of the district as SVG for the printed monthly report: each grid filled with the colour of
 * its assessment grade, streets outlined and named, grids without a grade left white. The projection is
 * the weekly summary's map (db/stats/mapSvg.ts): longitude scaled by the cosine of the middle latitude.
 */
import type { Db } from '../../db/open';
import type { GridGeometry } from '../../db/types';
import { escapeXml } from '../../db/stats/mapSvg';

type Point = [number, number];

function ringsOf(g: GridGeometry): Point[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flatMap((p) => p.map((r) => r.map((c) => [c[0]!, c[1]!] as Point)));
}

export interface GradeFill {
  readonly fill: string;
}

/**
 * `fills` by grid code: community grids (level 3) and streets (level 2). A street's fill shows where its
 * community grids have none (a scheme that scores streets only).
 */
export function renderGradeMapSvg(db: Db, fills: ReadonlyMap<string, GradeFill>, width = 680): string {
  const grids = db
    .prepare(`SELECT id, code, level, name, geometry, parent_id AS parentId FROM grids WHERE level >= 1 ORDER BY level, code`)
    .all() as { id: number; code: string; level: number; name: string; geometry: string; parentId: number | null }[];
  const district = grids.find((g) => g.level === 1);
  if (!district) return '';
  const bounds = db.prepare(`SELECT min_lon, min_lat, max_lon, max_lat FROM grids WHERE id = ?`).get(district.id) as {
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
  };
  const kx = Math.cos((((bounds.min_lat + bounds.max_lat) / 2) * Math.PI) / 180);
  const pad = 8;
  const scale = (width - 2 * pad) / ((bounds.max_lon - bounds.min_lon) * kx);
  const height = Math.round((bounds.max_lat - bounds.min_lat) * scale + 2 * pad);
  const x = (lon: number) => (pad + (lon - bounds.min_lon) * kx * scale).toFixed(1);
  const y = (lat: number) => (pad + (bounds.max_lat - lat) * scale).toFixed(1);
  const path = (rings: Point[][]) => rings.map((r) => 'M' + r.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join('L') + 'Z').join('');
  const codeById = new Map(grids.map((g) => [g.id, g.code]));

  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#f7f9fc"/>`];
  for (const g of grids.filter((s) => s.level === 2)) {
    const fill = fills.get(g.code)?.fill;
    if (fill) parts.push(`<path d="${path(ringsOf(JSON.parse(g.geometry) as GridGeometry))}" fill="${fill}" stroke="none"/>`);
  }
  for (const g of grids.filter((s) => s.level === 3)) {
    const own = fills.get(g.code)?.fill;
    const street = g.parentId !== null ? fills.get(codeById.get(g.parentId) ?? '')?.fill : undefined;
    const fill = own ?? (street ? 'none' : '#ffffff');
    parts.push(`<path d="${path(ringsOf(JSON.parse(g.geometry) as GridGeometry))}" fill="${fill}" stroke="#ffffff" stroke-width="0.6"/>`);
  }
  const labels: string[] = [];
  for (const g of grids.filter((s) => s.level === 2)) {
    const rings = ringsOf(JSON.parse(g.geometry) as GridGeometry);
    parts.push(`<path d="${path(rings)}" fill="none" stroke="#1b2a41" stroke-width="1.1"/>`);
    const pts = rings[0]!;
    const cx = pts.reduce((n, p) => n + p[0], 0) / pts.length;
    const cy = pts.reduce((n, p) => n + p[1], 0) / pts.length;
    labels.push(
      `<text x="${x(cx)}" y="${y(cy)}" font-size="10" text-anchor="middle" fill="#1b2a41" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">${escapeXml(g.name.replace(/街道$/, ''))}</text>`,
    );
  }
  parts.push(`<path d="${path(ringsOf(JSON.parse(district.geometry) as GridGeometry))}" fill="none" stroke="#1b2a41" stroke-width="2"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif">${parts.join('')}${labels.join('')}</svg>`;
}

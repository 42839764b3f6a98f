/**
 * A map picture of an area's grids and a period's cases as SVG: streets outlined, community grids
 * thin, case dots coloured by status at the end of the period (closed green, open blue, overdue red).
 * Used by the printed weekly summary; no tiles, no browser needed.
 */
import type { Db } from '../open';
import type { GridGeometry } from '../types';

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

  const cases = db
    .prepare(
      `SELECT i.lon, i.lat, i.closed_at AS closedAt, i.due_at AS dueAt FROM incidents i
       WHERE i.reported_at >= @s AND i.reported_at < @e AND i.duplicate_of IS NULL AND i.status NOT IN ('voided', 'rejected')
         AND i.lon IS NOT NULL AND i.lon BETWEEN @minLon AND @maxLon AND i.lat BETWEEN @minLat AND @maxLat`,
    )
    .all({ s: input.start, e: input.end, minLon: area.min_lon, maxLon: area.max_lon, minLat: area.min_lat, maxLat: area.max_lat }) as {
    lon: number;
    lat: number;
    closedAt: number | null;
    dueAt: number | null;
  }[];
  const at = Math.min(input.now, input.end);
  // Cases are binned into small cells (a few thousand dots at most, however many cases there are): a
  // cell is red when it holds an overdue case, else blue when most of its cases are still open, else
  // green; busier cells are drawn stronger. 100,000 separate dots would be no clearer and far slower to print.
  const CELL = 3;
  const cols = Math.ceil(width / CELL);
  const cells = new Map<number, { n: number; open: number; overdue: number }>();
  for (const c of cases) {
    const key = Math.floor(Number(y(c.lat)) / CELL) * cols + Math.floor(Number(x(c.lon)) / CELL);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { n: 0, open: 0, overdue: 0 }));
    cell.n++;
    if (!(c.closedAt !== null && c.closedAt < input.end)) {
      if (c.dueAt !== null && c.dueAt < at) cell.overdue++;
      else cell.open++;
    }
  }
  const busiest = Math.max(1, ...[...cells.values()].map((c) => c.n));
  const buckets = new Map<string, string[]>(); // "colour|opacity" → dots
  // Closed first, overdue last, so the cases that need attention are drawn on top.
  const entries = [...cells.entries()].sort(([, a], [, b]) => (a.overdue > 0 ? 2 : a.open * 2 > a.n ? 1 : 0) - (b.overdue > 0 ? 2 : b.open * 2 > b.n ? 1 : 0));
  for (const [key, cell] of entries) {
    const colour = cell.overdue > 0 ? '#d64545' : cell.open * 2 > cell.n ? '#2f6fdb' : '#2e9e5b';
    const opacity = (0.35 + 0.6 * Math.sqrt(cell.n / busiest)).toFixed(1);
    const cx = (key % cols) * CELL + CELL / 2;
    const cy = Math.floor(key / cols) * CELL + CELL / 2;
    const k = `${colour}|${opacity}`;
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(`M${cx - 1.6},${cy}a1.6,1.6 0 1,0 3.2,0a1.6,1.6 0 1,0 -3.2,0`);
  }
  for (const [k, dots] of buckets) {
    const [colour, opacity] = k.split('|');
    parts.push(`<path d="${dots.join('')}" fill="${colour}" fill-opacity="${opacity}"/>`);
  }
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

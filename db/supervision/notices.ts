/**
 * What the printed notices hold, in batch: 催办通知书 (cases chased in the stage they are in), 督办单 (cases
 * 督办 in the stage they are in) and 派遣单 (cases dispatched and not yet taken up, for their handlers): the
 * unit addressed, the case, the stage and its deadline, how late, and for a 派遣单 a map excerpt.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import type { GridGeometry } from '../types';
import { loadCalendar, workingMinutesBetween } from '../workingTime';
import { STAGE_CLOCK_COLUMNS, currentStage, type StageClockRow } from './ladder';
import { CLOCKED_STATUSES_SQL } from '../sql';
import { CLOCK_STAGE_LABELS } from '../domain/stages';
import { maskPhone } from '../domain/hotline';
import { escapeXml as esc } from '../stats/mapSvg';

import type { NoticeKind } from '../domain/notices';
export { NOTICE_KINDS, NOTICE_TITLES, type NoticeKind } from '../domain/notices';

export interface Notice {
  kind: NoticeKind;
  /** The unit (and person) the notice is addressed to. */
  unitName: string;
  personName: string | null;
  incidentId: number;
  caseNo: string;
  orderNo: string | null;
  categoryName: string;
  streetName: string | null;
  gridName: string | null;
  address: string | null;
  description: string;
  assigneeName: string | null;
  assigneePhone: string | null;
  /** The stage chased, its deadline, and how late at the time of printing (working minutes; 0 = not yet). */
  stageLabel: string | null;
  dueAt: number | null;
  lateMinutes: number;
  /** When the case was chased / 督办 / dispatched, and the note written then. */
  since: number;
  note: string | null;
  /** 派遣单: the case's grid and the point, drawn. */
  mapSvg: string | null;
  /** 12345 orders: the caller, the phone masked. */
  caller: string | null;
}

interface Row extends StageClockRow {
  id: number;
  case_no: string;
  order_no: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  category_name: string;
  grid_id: number | null;
  grid_name: string | null;
  street_name: string | null;
  address: string | null;
  description: string;
  assignee_name: string | null;
  assignee_phone: string | null;
  lon: number | null;
  lat: number | null;
}

/** The notices of a kind for the district or an area (a street or grid code), oldest first. */
export function noticeItems(db: Db, kind: NoticeKind, areaCode: string | undefined, now: number): Notice[] {
  let area = '';
  const params: Record<string, unknown> = {};
  if (areaCode) {
    const g = db.prepare(`SELECT id, level FROM grids WHERE code = ?`).get(areaCode) as { id: number; level: number } | undefined;
    if (!g) throw new AppError('not-found', `区域编码不存在：${areaCode}`);
    if (g.level === 2) area = 'AND i.grid_id IN (SELECT id FROM grids WHERE parent_id = @area)';
    else if (g.level === 3) area = 'AND i.grid_id = @area';
    if (g.level !== 1) params.area = g.id;
  }
  const action = kind === '催办' ? 'urge' : kind === '督办' ? 'supervise' : 'dispatch';
  const statuses = kind === '派遣' ? `('dispatched')` : CLOCKED_STATUSES_SQL;
  const rows = db
    .prepare(
      `SELECT i.id, i.case_no, h.order_no, h.caller_name, h.caller_phone, c.name AS category_name, i.grid_id, g.name AS grid_name,
              s.name AS street_name, i.address, i.description, p.name AS assignee_name, p.phone AS assignee_phone, i.lon, i.lat,
              ${STAGE_CLOCK_COLUMNS}
       FROM incidents i JOIN categories c ON c.id = i.category_id LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN grids s ON s.id = g.parent_id
       LEFT JOIN persons p ON p.id = i.assignee_id LEFT JOIN hotline_orders h ON h.incident_id = i.id
       WHERE i.status IN ${statuses} AND i.duplicate_of IS NULL ${area}
       ORDER BY i.id`,
    )
    .all(params) as Row[];
  const lastStep = db.prepare(
    `SELECT at, note, data FROM incident_events WHERE incident_id = ? AND action = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT 1`,
  );
  const cal = loadCalendar(db);
  const out: Notice[] = [];
  for (const r of rows) {
    const stage = currentStage(r);
    const start = stage?.start ?? r.dispatched_at ?? r.reported_at;
    const step = lastStep.get(r.id, action, start) as { at: number; note: string | null; data: string | null } | undefined;
    if (!step) continue;
    const data = step.data ? (JSON.parse(step.data) as { recipient?: { unitName?: string; personName?: string | null } }) : {};
    const late = stage && now > stage.dueAt ? Math.round(workingMinutesBetween(stage.dueAt, now, cal)) : 0;
    const unitName = kind === '派遣' ? (r.grid_name ?? '责任单位') : (data.recipient?.unitName ?? r.street_name ?? r.grid_name ?? '责任单位');
    const personName = kind === '派遣' ? r.assignee_name : (data.recipient?.personName ?? r.assignee_name);
    out.push({
      kind,
      unitName,
      personName,
      incidentId: r.id,
      caseNo: r.case_no,
      orderNo: r.order_no,
      categoryName: r.category_name,
      streetName: r.street_name,
      gridName: r.grid_name,
      address: r.address,
      description: r.description,
      assigneeName: r.assignee_name,
      assigneePhone: r.assignee_phone,
      stageLabel: stage ? CLOCK_STAGE_LABELS[stage.stage] : null,
      dueAt: stage?.dueAt ?? r.due_at,
      lateMinutes: late,
      since: step.at,
      note: step.note,
      mapSvg: kind === '派遣' && r.grid_id !== null ? caseMapSvg(db, r.grid_id, r.lon, r.lat) : null,
      caller: r.order_no ? [r.caller_name, maskPhone(r.caller_phone)].filter(Boolean).join(' ') || null : null,
    });
  }
  return out;
}

/** A map excerpt: the case's grid (its neighbours in the street faintly) and the case as a red dot. */
export function caseMapSvg(db: Db, gridId: number, lon: number | null, lat: number | null, width = 320, height = 170): string {
  const grid = db.prepare(`SELECT id, name, parent_id, geometry, min_lon, min_lat, max_lon, max_lat FROM grids WHERE id = ?`).get(gridId) as
    | { id: number; name: string; parent_id: number | null; geometry: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number }
    | undefined;
  if (!grid) return '';
  const neighbours = (grid.parent_id === null ? [] : db.prepare(`SELECT geometry FROM grids WHERE parent_id = ? AND id <> ?`).all(grid.parent_id, grid.id)) as { geometry: string }[];
  const margin = Math.max(grid.max_lon - grid.min_lon, grid.max_lat - grid.min_lat) * 0.15;
  const [x0, y0, x1, y1] = [grid.min_lon - margin, grid.min_lat - margin, grid.max_lon + margin, grid.max_lat + margin];
  const kx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  // Fit the grid in the box, centred, whatever its shape.
  const scale = Math.min(width / ((x1 - x0) * kx), height / (y1 - y0));
  const ox = (width - (x1 - x0) * kx * scale) / 2;
  const oy = (height - (y1 - y0) * scale) / 2;
  const x = (v: number) => (ox + (v - x0) * kx * scale).toFixed(1);
  const y = (v: number) => (oy + (y1 - v) * scale).toFixed(1);
  const path = (geometry: string) => {
    const g = JSON.parse(geometry) as GridGeometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polys.flatMap((p) => p.map((ring) => 'M' + ring.map((c) => `${x(c[0]!)},${y(c[1]!)}`).join('L') + 'Z')).join('');
  };
  const dot = lon !== null && lat !== null ? `<circle cx="${x(lon)}" cy="${y(lat)}" r="5" fill="#d64545" stroke="#fff" stroke-width="1.5"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="#f6f8fb"/>
${neighbours.map((n) => `<path d="${path(n.geometry)}" fill="none" stroke="#c9d3e0" stroke-width="0.8"/>`).join('')}
<path d="${path(grid.geometry)}" fill="#e8f0fc" stroke="#2f6fdb" stroke-width="1.6"/>
${dot}
<text x="6" y="16" font-size="11" fill="#3d5a80">${esc(grid.name)}</text>
</svg>`;
}

/**
 * The case list's view (filters and sort) as a query string in the hash, e.g.
 * `status=dispatched,handling&street=430102001000000&overdue=1&q=垃圾&sort=due_asc`, so a view can be
 * bookmarked, reopened and linked to from the map. Unknown or malformed parts are ignored.
 */
import {
  INCIDENT_STATUSES,
  type IncidentFilter,
  type IncidentSort,
  type IncidentSource,
  type IncidentStatus,
} from '../../../electron/contract';
import { CASE_ID_FILTER_LIMIT } from '../../../electron/contract/common';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { DAY_MS, parseDate } from '../../domain/time';

export interface CaseQuery {
  readonly statuses: readonly IncidentStatus[];
  /** A small class, or a big class standing for all its small classes. */
  readonly categoryId: number | null;
  readonly streetCode: string | null;
  readonly gridCode: string | null;
  readonly assignee: number | 'unassigned' | null;
  readonly sources: readonly IncidentSource[];
  readonly overdue: boolean;
  readonly dueWithinHours: number | null;
  /** Reported on or after this date (Shanghai), 'YYYY-MM-DD'. */
  readonly from: string | null;
  /** Reported on or before this date (Shanghai), 'YYYY-MM-DD'. */
  readonly to: string | null;
  readonly text: string;
  /** A rectangle drawn on the map, WGS-84 [minLon, minLat, maxLon, maxLat]. */
  readonly bbox: readonly [number, number, number, number] | null;
  /** Exactly these cases (a link from the cases behind a score), or null. */
  readonly ids: readonly number[] | null;
  readonly sort: IncidentSort;
}

export const SORTS: readonly { id: IncidentSort; label: string }[] = [
  { id: 'reported_desc', label: '上报时间（新→旧）' },
  { id: 'reported_asc', label: '上报时间（旧→新）' },
  { id: 'due_asc', label: '期限最近' },
  { id: 'case_no_desc', label: '案件编号' },
];

export const SOURCES: readonly IncidentSource[] = ['patrol', 'hotline', 'video', 'referral', 'import'];

export const EMPTY_QUERY: CaseQuery = {
  statuses: [],
  categoryId: null,
  streetCode: null,
  gridCode: null,
  assignee: null,
  sources: [],
  overdue: false,
  dueWithinHours: null,
  from: null,
  to: null,
  text: '',
  bbox: null,
  ids: null,
  sort: 'reported_desc',
};

const GRID_CODE = /^\d{15}$/;
const SORT_IDS = new Set<string>(SORTS.map((s) => s.id));

function positiveInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** A rectangle 'minLon,minLat,maxLon,maxLat' (WGS-84), or null when malformed. */
export function parseBbox(value: string | null | undefined): [number, number, number, number] | null {
  if (!value) return null;
  const n = value.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return null;
  const [minLon, minLat, maxLon, maxLat] = n as [number, number, number, number];
  const ok = minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon < maxLon && minLat < maxLat;
  return ok ? [minLon, minLat, maxLon, maxLat] : null;
}

/** Case ids 'id,id,…' (at most CASE_ID_FILTER_LIMIT, duplicates dropped), or null when none is valid. */
export function parseIds(value: string | null | undefined): number[] | null {
  if (!value) return null;
  const ids = [...new Set(value.split(',').map((v) => positiveInt(v)).filter((v): v is number => v !== null))].slice(0, CASE_ID_FILTER_LIMIT);
  return ids.length ? ids : null;
}

function readParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq >= 0 ? part.slice(0, eq) : part;
    const raw = eq >= 0 ? part.slice(eq + 1) : '';
    try {
      params.set(decodeURIComponent(key), decodeURIComponent(raw));
    } catch {
      // A malformed escape: skip this part.
    }
  }
  return params;
}

export function parseCaseQuery(query: string): CaseQuery {
  const p = readParams(query);
  const list = (key: string) => (p.get(key) ?? '').split(',').filter(Boolean);
  const statuses = list('status').filter((s): s is IncidentStatus => (INCIDENT_STATUSES as readonly string[]).includes(s));
  const sources = list('source').filter((s): s is IncidentSource => (SOURCES as readonly string[]).includes(s));
  const assigneeRaw = p.get('assignee');
  const due = positiveInt(p.get('due'));
  const street = p.get('street');
  const grid = p.get('grid');
  const from = p.get('from');
  const to = p.get('to');
  const sort = p.get('sort');
  return {
    statuses: INCIDENT_STATUSES.filter((s) => statuses.includes(s)),
    categoryId: positiveInt(p.get('cat')),
    streetCode: street && GRID_CODE.test(street) ? street : null,
    gridCode: grid && GRID_CODE.test(grid) ? grid : null,
    assignee: assigneeRaw === 'unassigned' ? 'unassigned' : positiveInt(assigneeRaw),
    sources: SOURCES.filter((s) => sources.includes(s)),
    overdue: p.get('overdue') === '1',
    dueWithinHours: due !== null && due <= 24 * 90 ? due : null,
    from: from && parseDate(from) !== null ? from : null,
    to: to && parseDate(to) !== null ? to : null,
    text: (p.get('q') ?? '').slice(0, TEXT_LIMITS.search),
    bbox: parseBbox(p.get('bbox')),
    ids: parseIds(p.get('ids')),
    sort: sort && SORT_IDS.has(sort) ? (sort as IncidentSort) : 'reported_desc',
  };
}

/** The query string for a view; the default view is the empty string. Keys in a fixed order. */
export function formatCaseQuery(q: CaseQuery): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${key}=${encodeURIComponent(value)}`);
  if (q.statuses.length) parts.push(`status=${q.statuses.join(',')}`);
  if (q.categoryId !== null) add('cat', String(q.categoryId));
  if (q.streetCode) add('street', q.streetCode);
  if (q.gridCode) add('grid', q.gridCode);
  if (q.assignee !== null) add('assignee', String(q.assignee));
  if (q.sources.length) parts.push(`source=${q.sources.join(',')}`);
  if (q.overdue) add('overdue', '1');
  if (q.dueWithinHours !== null) add('due', String(q.dueWithinHours));
  if (q.from) add('from', q.from);
  if (q.to) add('to', q.to);
  if (q.text.trim()) add('q', q.text.trim());
  if (q.bbox) parts.push(`bbox=${q.bbox.map((v) => Number(v.toFixed(6))).join(',')}`);
  if (q.ids?.length) parts.push(`ids=${q.ids.join(',')}`);
  if (q.sort !== 'reported_desc') add('sort', q.sort);
  return parts.join('&');
}

/** Whether the view filters anything (the sort alone does not count). */
export function hasFilters(q: CaseQuery): boolean {
  return formatCaseQuery({ ...q, sort: 'reported_desc' }) !== '';
}

/** The filter the server understands. */
export function toIncidentFilter(q: CaseQuery): IncidentFilter {
  const filter: IncidentFilter = {};
  if (q.statuses.length) filter.statuses = [...q.statuses];
  if (q.categoryId !== null) filter.categoryId = q.categoryId;
  if (q.gridCode) filter.gridCode = q.gridCode;
  else if (q.streetCode) filter.streetCode = q.streetCode;
  if (q.assignee !== null) filter.assignee = q.assignee;
  if (q.sources.length) filter.sources = [...q.sources];
  if (q.overdue) filter.overdue = true;
  if (q.dueWithinHours !== null) filter.dueWithinHours = q.dueWithinHours;
  const from = q.from ? parseDate(q.from) : null;
  const to = q.to ? parseDate(q.to) : null;
  if (from !== null) filter.reportedFrom = from;
  if (to !== null) filter.reportedTo = to + DAY_MS;
  const text = q.text.trim();
  if (text) filter.text = text;
  if (q.bbox) filter.bbox = [...q.bbox];
  if (q.ids?.length) filter.ids = [...q.ids];
  return filter;
}

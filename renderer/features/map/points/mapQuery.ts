/**
 * The map's view in the address: the case list's own filter parameters (status, cat, street, grid,
 * assignee, source, overdue, due, from, to, q), plus the map's bbox and display mode. The case list
 * reads the same string, so "在案件列表中查看" is the same query under #/cases.
 */
import { OPEN_STATUSES, type IncidentFilter } from '../../../../electron/contract';
import { formatCaseQuery, parseBbox, parseCaseQuery, toIncidentFilter, type CaseQuery } from '../../cases/caseQuery';
import type { PointsMode } from './incidentCanvasLayer';

export type Bbox4 = [number, number, number, number];

export interface MapQuery {
  readonly cases: CaseQuery;
  readonly bbox: Bbox4 | null;
  readonly mode: PointsMode;
}

export function parseMapQuery(query: string): MapQuery {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  return {
    // The rectangle is the map's own state (MapQuery.bbox); the case part carries none.
    cases: { ...parseCaseQuery(query), bbox: null },
    bbox: parseBbox(params.get('bbox')),
    mode: params.get('mode') === 'heat' ? 'heat' : 'clusters',
  };
}

export function formatBbox(b: Bbox4): string {
  return b.map((n) => n.toFixed(6)).join(',');
}

export function formatMapQuery(q: MapQuery): string {
  const parts = [formatCaseQuery({ ...q.cases, bbox: null })].filter(Boolean);
  if (q.bbox) parts.push(`bbox=${formatBbox(q.bbox)}`);
  if (q.mode === 'heat') parts.push('mode=heat');
  return parts.join('&');
}

/** The filter for map:points. With no status chosen the map shows the open cases. */
export function toPointsFilter(q: MapQuery): IncidentFilter {
  const filter = toIncidentFilter(q.cases);
  if (!filter.statuses?.length && !filter.overdue) filter.statuses = [...OPEN_STATUSES];
  if (q.bbox) filter.bbox = [...q.bbox];
  return filter;
}

/** The case list with the same filters (its own parameters, plus the rectangle). */
export function casesHrefFor(q: MapQuery): string {
  const parts = [formatCaseQuery({ ...q.cases, bbox: null })].filter(Boolean);
  if (q.bbox) parts.push(`bbox=${formatBbox(q.bbox)}`);
  return parts.length ? `#/cases?${parts.join('&')}` : '#/cases';
}

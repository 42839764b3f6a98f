/**
 * Links from a figure to the cases behind it, in the case list's own hash format (caseQuery.ts), so
 * the list opens with the right filters. The list filters by report date, status, area, category,
 * person and "overdue now"; figures it cannot reproduce exactly (closed in the week, due in the week)
 * are linked to the nearest view it can show, and the link's description says which.
 */
import type { Figures, IncidentStatus } from '../../../electron/contract';
import { EMPTY_QUERY, formatCaseQuery, type CaseQuery } from '../cases/caseQuery';
import { weekDates } from './isoWeek';

export interface AreaScope {
  readonly code: string;
  readonly level: 1 | 2 | 3;
}

export interface CaseLink {
  readonly hash: string;
  /** What the list will show, for the tooltip. */
  readonly description: string;
}

/** Statuses a case can have once registered (立案) and not voided. */
const REGISTERED_STATUSES: readonly IncidentStatus[] = ['registered', 'dispatched', 'handling', 'handled', 'closed', 'returned', 'hung'];

function areaPart(area: AreaScope | null): Partial<CaseQuery> {
  if (!area || area.level === 1) return {};
  return area.level === 2 ? { streetCode: area.code } : { gridCode: area.code };
}

function weekPart(week: string): Partial<CaseQuery> {
  const { monday, sunday } = weekDates(week);
  return { from: monday, to: sunday };
}

function link(parts: Partial<CaseQuery>, description: string): CaseLink {
  const query = formatCaseQuery({ ...EMPTY_QUERY, ...parts });
  return { hash: query ? `#/cases?${query}` : '#/cases', description };
}

/** The cases behind a headline figure of an area and week; null when the list cannot show them. */
export function figureLink(kind: keyof Figures, area: AreaScope | null, week: string): CaseLink | null {
  switch (kind) {
    case 'received':
      return link({ ...areaPart(area), ...weekPart(week) }, '本周上报的案件');
    case 'registered':
      return link({ ...areaPart(area), ...weekPart(week), statuses: REGISTERED_STATUSES }, '本周上报并已立案的案件');
    case 'closed':
    case 'closedOnTime':
      return link({ ...areaPart(area), ...weekPart(week), statuses: ['closed'] }, '本周上报且已结案的案件');
    case 'overdueOpen':
      return link({ ...areaPart(area), overdue: true, sort: 'due_asc' }, '当前超期未结的案件（按期限排序）');
    default:
      return null;
  }
}

/** A street or grid row: its cases reported in the week. */
export function unitLink(unit: AreaScope, week: string): CaseLink {
  return link({ ...areaPart(unit), ...weekPart(week) }, '本周上报的案件');
}

/** A street or grid's open overdue cases. */
export function unitOverdueLink(unit: AreaScope): CaseLink {
  return link({ ...areaPart(unit), overdue: true, sort: 'due_asc' }, '当前超期未结的案件');
}

export function categoryLink(categoryId: number, area: AreaScope | null, week: string): CaseLink {
  return link({ ...areaPart(area), ...weekPart(week), categoryId }, '本周上报的该类案件');
}

export function personLink(personId: number | null, week: string): CaseLink {
  return link({ assignee: personId ?? 'unassigned', ...weekPart(week) }, '本周上报、由其办理的案件');
}

export function personOverdueLink(personId: number | null): CaseLink {
  return link({ assignee: personId ?? 'unassigned', overdue: true, sort: 'due_asc' }, '其名下当前超期未结的案件');
}

export function caseLink(id: number): string {
  return `#/cases/${id}`;
}

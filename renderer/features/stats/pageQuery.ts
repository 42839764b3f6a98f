/**
 * The state the statistics and report pages keep in the address (`#/stats?week=2026-W47&area=…`), so
 * a view can be bookmarked, reopened and linked to. No week means the default week of the page.
 */
import { isIsoWeek } from '../../../db/domain/time';

export interface PageQuery {
  readonly week: string | null;
  /** A street or grid code; null for the whole district. */
  readonly area: string | null;
}

const AREA_RE = /^\d{15}$/;

/** Where the two pages live. */
export const STATS_PATH = '#/stats';
export const REPORT_PATH = '#/reports';

export function readPageQuery(query: URLSearchParams): PageQuery {
  const week = query.get('week');
  const area = query.get('area');
  return { week: isIsoWeek(week) ? week : null, area: area && AREA_RE.test(area) ? area : null };
}

/** A page's address with new state; the default week is left out, so the plain address follows the calendar. */
export function pageHash(path: string, state: PageQuery, defaultWeek: string): string {
  const params: string[] = [];
  if (state.week && state.week !== defaultWeek) params.push(`week=${state.week}`);
  if (state.area) params.push(`area=${state.area}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

/** The query part for a week and area, e.g. 'week=2026-W47&area=…' (the week always given). */
export function weekAreaQuery(week: string, area: string | null): string {
  return area ? `week=${week}&area=${area}` : `week=${week}`;
}

import type { IconName } from '../ui/Icon';

/**
 * Hash routes: #/map, #/map/<grid code>, #/cases, #/cases/<id>, #/cases/new, #/persons, #/import,
 * #/stats, #/reports, #/settings. Anything after '?' is the page's own state (the case list keeps its filters
 * there, so a view can be bookmarked, reopened, and linked to from the map). Unknown → the map.
 */
export type PageId = 'map' | 'cases' | 'persons' | 'import' | 'stats' | 'reports' | 'settings';

export interface Route {
  readonly page: PageId;
  /** The selected grid on the map page. */
  readonly gridCode: string | null;
  /** On the case page: the case open in the detail panel, or the form for a new case. */
  readonly caseId?: number | 'new';
  /** The query string after '?', without the '?'. */
  readonly query?: string;
}

export const PAGES: readonly { id: PageId; label: string; icon: IconName }[] = [
  { id: 'map', label: '地图', icon: 'map' },
  { id: 'cases', label: '案件', icon: 'cases' },
  { id: 'persons', label: '人员', icon: 'persons' },
  { id: 'import', label: '导入', icon: 'import' },
  { id: 'stats', label: '统计', icon: 'stats' },
  { id: 'reports', label: '周报', icon: 'report' },
  { id: 'settings', label: '设置', icon: 'settings' },
];

const PAGE_IDS = new Set<string>(PAGES.map((p) => p.id));

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const mark = raw.indexOf('?');
  const path = mark >= 0 ? raw.slice(0, mark) : raw;
  const query = mark >= 0 ? raw.slice(mark + 1) : '';
  const parts = path.split('/').filter(Boolean);
  const [page, arg] = parts;
  if (page === undefined || !PAGE_IDS.has(page)) return { page: 'map', gridCode: null };
  const gridCode = page === 'map' && arg !== undefined && /^\d{1,15}$/.test(arg) ? arg : null;
  const route: { page: PageId; gridCode: string | null; caseId?: number | 'new'; query?: string } = {
    page: page as PageId,
    gridCode,
  };
  if (page === 'cases' && arg !== undefined) {
    if (arg === 'new') route.caseId = 'new';
    else if (/^\d{1,12}$/.test(arg) && Number(arg) > 0) route.caseId = Number(arg);
  }
  if (query) route.query = query;
  return route;
}

export function hrefFor(route: Route): string {
  let path = `#/${route.page}`;
  if (route.page === 'map' && route.gridCode) path = `#/map/${route.gridCode}`;
  else if (route.page === 'cases' && route.caseId !== undefined) path = `#/cases/${route.caseId}`;
  return route.query ? `${path}?${route.query}` : path;
}

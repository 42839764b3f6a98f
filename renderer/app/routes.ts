import type { OperatorRole } from '../../db/domain/codes';
import { QUEUE_KINDS_BY_ROLE } from '../../db/domain/queue';
import type { IconName } from '../ui/Icon';
import { roleMayAssess } from '../domain/permissions';

/**
 * Hash routes: #/queue, #/map, #/map/<grid code>, #/cases, #/cases/<id>, #/cases/new, #/persons, #/import,
 * #/stats, #/assess, #/reports, #/settings. Anything after '?' is the page's own state (the case list keeps its filters
 * there, so a view can be bookmarked, reopened, and linked to from the map). Read alone, an unknown address is
 * the map; the shell sends an address that names no page of the logged-in operator to their home page
 * (shellRoute).
 */
export type PageId = 'queue' | 'map' | 'cases' | 'persons' | 'import' | 'stats' | 'patrol' | 'assess' | 'reports' | 'settings';

export interface Route {
  readonly page: PageId;
  /** The selected grid on the map page. */
  readonly gridCode: string | null;
  /** On the case page: the case open in the detail panel, or the form for a new case. */
  readonly caseId?: number | 'new';
  /** The query string after '?', without the '?'. */
  readonly query?: string;
}

export interface PageEntry {
  readonly id: PageId;
  readonly label: string;
  readonly icon: IconName;
}

export const PAGES: readonly PageEntry[] = [
  { id: 'queue', label: '我的待办', icon: 'inbox' },
  { id: 'map', label: '地图', icon: 'map' },
  { id: 'cases', label: '案件', icon: 'cases' },
  { id: 'persons', label: '人员', icon: 'persons' },
  { id: 'import', label: '导入', icon: 'import' },
  { id: 'stats', label: '统计', icon: 'stats' },
  { id: 'patrol', label: '巡查', icon: 'pin' },
  { id: 'assess', label: '考核', icon: 'award' },
  { id: 'reports', label: '周报', icon: 'report' },
  { id: 'settings', label: '设置', icon: 'settings' },
];

const PAGE_IDS = new Set<string>(PAGES.map((p) => p.id));

/** Whether a role works any list of 我的待办 (a manager's queue is empty by role). */
export function hasQueue(role: OperatorRole): boolean {
  return QUEUE_KINDS_BY_ROLE[role].length > 0;
}

/** The pages the side navigation offers a role: 我的待办 only to the roles that work lists, 考核 to those who may read it. */
export function pagesFor(role: OperatorRole): readonly PageEntry[] {
  return PAGES.filter((p) => (p.id !== 'queue' || hasQueue(role)) && (p.id !== 'assess' || roleMayAssess(role)));
}

/**
 * Where an operator starts: 我的待办 for the roles that work lists, the map for the others — and the map
 * for everyone while the district has no grids (it says where the grids come from).
 */
export function homePage(role: OperatorRole, hasGrids: boolean): PageId {
  return hasGrids && hasQueue(role) ? 'queue' : 'map';
}

/** The page an address names, or null (empty, unknown). */
export function pageOfHash(hash: string): PageId | null {
  const page = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return page !== undefined && PAGE_IDS.has(page) ? (page as PageId) : null;
}

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

/**
 * The route the shell shows a logged-in operator: the address's, unless it names no page (empty,
 * unknown) or a page their role is not offered (我的待办 for a manager) — then their home page. Links to
 * a page, a grid or a case always open what they name.
 */
export function shellRoute(hash: string, role: OperatorRole, hasGrids: boolean): Route {
  const page = pageOfHash(hash);
  if (page === null || !pagesFor(role).some((p) => p.id === page)) return { page: homePage(role, hasGrids), gridCode: null };
  return parseHash(hash);
}

export function hrefFor(route: Route): string {
  let path = `#/${route.page}`;
  if (route.page === 'map' && route.gridCode) path = `#/map/${route.gridCode}`;
  else if (route.page === 'cases' && route.caseId !== undefined) path = `#/cases/${route.caseId}`;
  return route.query ? `${path}?${route.query}` : path;
}

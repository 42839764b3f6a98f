import type { IconName } from '../ui/Icon';

/** Hash routes: #/map, #/map/<grid code>, #/cases, #/import, #/stats. Unknown → the map. */
export type PageId = 'map' | 'cases' | 'import' | 'stats';

export interface Route {
  readonly page: PageId;
  /** The selected grid on the map page. */
  readonly gridCode: string | null;
}

export const PAGES: readonly { id: PageId; label: string; icon: IconName }[] = [
  { id: 'map', label: '地图', icon: 'map' },
  { id: 'cases', label: '案件', icon: 'cases' },
  { id: 'import', label: '导入', icon: 'import' },
  { id: 'stats', label: '统计', icon: 'stats' },
];

const PAGE_IDS = new Set<string>(PAGES.map((p) => p.id));

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [page, arg] = parts;
  if (page === undefined || !PAGE_IDS.has(page)) return { page: 'map', gridCode: null };
  const gridCode = page === 'map' && arg !== undefined && /^\d{1,15}$/.test(arg) ? arg : null;
  return { page: page as PageId, gridCode };
}

export function hrefFor(route: Route): string {
  return route.page === 'map' && route.gridCode ? `#/map/${route.gridCode}` : `#/${route.page}`;
}

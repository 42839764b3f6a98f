/**
 * The address is the app's navigation state: `#/<page>[/<grid or case>][?<the page's own query>]`
 * (routes.ts). This module is the one way the renderer reads and writes it: a hook to read the route,
 * and functions to go to a route, to a hash as links write it, or to a new query on the same page.
 * Links (`<a href="#/…">`) need nothing from here; the browser follows them and the hook sees it.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { hrefFor, parseHash, type Route } from './routes';

export interface NavigateOptions {
  /** Replace the current history entry (typing in a search box) instead of adding one. */
  readonly replace?: boolean;
}

export type Navigate = (route: Route, options?: NavigateOptions) => void;

export interface UrlState {
  readonly route: Route;
  /** Go to a route. */
  readonly navigate: Navigate;
  /** Go to an address written as links write it ('#/cases?overdue=1'). */
  readonly goTo: (hash: string, options?: NavigateOptions) => void;
  /** Stay on the page (and its grid or case), with a new query after '?' ('' for none). */
  readonly setQuery: (query: string, options?: NavigateOptions) => void;
  /** Stay on the page and its query, with another grid selected (the map). */
  readonly setGrid: (gridCode: string | null, options?: NavigateOptions) => void;
}

// Writes made here tell the readers at once; changes from outside (links, back/forward) arrive as hashchange.
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('hashchange', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('hashchange', onChange);
  };
}

const readHash = () => window.location.hash;

/** The route of the address now. */
export function currentRoute(): Route {
  return parseHash(readHash());
}

export const navigate: Navigate = (route, options) => {
  const target = hrefFor(route);
  if (sameHash(readHash(), target)) return;
  if (options?.replace) window.history.replaceState(window.history.state, '', target);
  else window.location.hash = target;
  for (const listener of [...listeners]) listener();
};

export function goTo(hash: string, options?: NavigateOptions): void {
  navigate(parseHash(hash), options);
}

export function setQuery(query: string, options?: NavigateOptions): void {
  const { query: _old, ...route } = currentRoute();
  navigate(query ? { ...route, query } : route, options);
}

export function setGrid(gridCode: string | null, options?: NavigateOptions): void {
  navigate({ ...currentRoute(), page: 'map', gridCode }, options);
}

/** The route, re-read whenever the address changes. */
export function useUrlState(): UrlState {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  const route = useMemo(() => parseHash(hash), [hash]);
  return useMemo(() => ({ route, navigate, goTo, setQuery, setGrid }), [route]);
}

/** The browser may hand back the hash percent-encoded; compare what the two mean. */
function sameHash(current: string, target: string): boolean {
  if (current === target) return true;
  try {
    return decodeURI(current) === decodeURI(target);
  } catch {
    return false;
  }
}

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { hrefFor, parseHash, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export interface NavigateOptions {
  /** Replace the current history entry (typing in a search box) instead of adding one. */
  readonly replace?: boolean;
}

export type Navigate = (route: Route, options?: NavigateOptions) => void;

export function useHashRoute(): [Route, Navigate] {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  const route = useMemo(() => parseHash(hash), [hash]);
  const navigate = useCallback<Navigate>((next, options) => {
    const target = hrefFor(next);
    if (sameHash(window.location.hash, target)) return;
    if (options?.replace) {
      window.history.replaceState(window.history.state, '', target);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = target;
    }
  }, []);
  return [route, navigate];
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

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { hrefFor, parseHash, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  const route = useMemo(() => parseHash(hash), [hash]);
  const navigate = useCallback((next: Route) => {
    const target = hrefFor(next);
    if (window.location.hash !== target) window.location.hash = target;
  }, []);
  return [route, navigate];
}

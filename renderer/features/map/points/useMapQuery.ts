import { useCallback, useEffect, useState } from 'react';
import { formatMapQuery, parseMapQuery, type MapQuery } from './mapQuery';

function currentQuery(): string {
  const hash = window.location.hash;
  const mark = hash.indexOf('?');
  return mark >= 0 ? hash.slice(mark + 1) : '';
}

function currentPath(): string {
  const hash = window.location.hash || '#/map';
  const mark = hash.indexOf('?');
  return mark >= 0 ? hash.slice(0, mark) : hash;
}

/** The map's filters, read from and written to the address (#/map[/<grid>]?…). */
export function useMapQuery(): { query: MapQuery; setQuery: (next: MapQuery) => void; navigateGrid: (code: string | null) => void } {
  const [raw, setRaw] = useState(currentQuery);
  useEffect(() => {
    const update = () => setRaw(currentQuery());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  const query = parseMapQuery(raw);
  const setQuery = useCallback((next: MapQuery) => {
    const text = formatMapQuery(next);
    window.location.hash = text ? `${currentPath()}?${text}` : currentPath();
    setRaw(text);
  }, []);
  const navigateGrid = useCallback((code: string | null) => {
    const text = currentQuery();
    const path = code ? `#/map/${code}` : '#/map';
    window.location.hash = text ? `${path}?${text}` : path;
  }, []);
  return { query, setQuery, navigateGrid };
}

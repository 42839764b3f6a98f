import { useCallback, useMemo } from 'react';
import { useUrlState } from '../../../app/urlState';
import { formatMapQuery, parseMapQuery, type MapQuery } from './mapQuery';

/** The map's filters, read from and written to the address (#/map[/<grid>]?…), the grid kept. */
export function useMapQuery(): { query: MapQuery; setQuery: (next: MapQuery) => void } {
  const { route, setQuery } = useUrlState();
  const raw = route.query ?? '';
  const query = useMemo(() => parseMapQuery(raw), [raw]);
  const set = useCallback((next: MapQuery) => setQuery(formatMapQuery(next)), [setQuery]);
  return { query, setQuery: set };
}

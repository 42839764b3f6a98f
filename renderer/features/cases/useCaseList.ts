import { useCallback, useEffect, useRef, useState } from 'react';
import type { IncidentFilter, IncidentListItem, IncidentSort } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';

export const PAGE_SIZE = 100;

export interface CaseListState {
  readonly items: readonly IncidentListItem[];
  /** How many cases match (incidents:count); null until known. */
  readonly total: number | null;
  readonly hasMore: boolean;
  readonly isLoading: boolean;
  readonly error: ApiError | null;
  /** Fetch the next page (keyset cursor); ignored while a page is loading or at the end. */
  readonly loadMore: () => void;
  readonly reload: () => void;
  /** Put a changed case in place (after a step in the detail panel) without reloading the list. */
  readonly replaceItem: (item: IncidentListItem) => void;
}

interface Pages {
  readonly items: readonly IncidentListItem[];
  readonly cursor: string | null;
  readonly isDone: boolean;
}

/**
 * The case list for a filter and sort, page by page with the keyset cursor from incidents:list —
 * never everything at once. A new filter starts over; answers to an outdated request are dropped.
 */
export function useCaseList(filter: IncidentFilter, sort: IncidentSort): CaseListState {
  const api = useApi();
  const key = JSON.stringify({ filter, sort });
  const [generation, setGeneration] = useState(0);
  const [pages, setPages] = useState<Pages>({ items: [], cursor: null, isDone: false });
  const [total, setTotal] = useState<number | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  // The request currently allowed to write; anything else is outdated.
  const ticket = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    async (after: string | null, requestKey: string, myTicket: number) => {
      inFlight.current = true;
      setLoading(true);
      setError(null);
      const { filter: f, sort: s } = JSON.parse(requestKey) as { filter: IncidentFilter; sort: IncidentSort };
      try {
        const page = await api['incidents:list']({
          filter: f,
          sort: s,
          limit: PAGE_SIZE,
          ...(after ? { after } : {}),
        });
        if (ticket.current !== myTicket) return;
        setPages((prev) => ({
          items: after ? [...prev.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          isDone: page.nextCursor === null,
        }));
      } catch (e) {
        if (ticket.current === myTicket) setError(toApiError(e));
      } finally {
        if (ticket.current === myTicket) {
          inFlight.current = false;
          setLoading(false);
        }
      }
    },
    [api],
  );

  useEffect(() => {
    const myTicket = ++ticket.current;
    setPages({ items: [], cursor: null, isDone: false });
    setTotal(null);
    void fetchPage(null, key, myTicket);
    const { filter: f } = JSON.parse(key) as { filter: IncidentFilter };
    api['incidents:count']({ filter: f }).then(
      (n) => {
        if (ticket.current === myTicket) setTotal(n);
      },
      () => {
        // The count is a nicety; the list shows its own error.
      },
    );
  }, [api, key, generation, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || pages.isDone || pages.cursor === null || error) return;
    void fetchPage(pages.cursor, key, ticket.current);
  }, [pages, key, error, fetchPage]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const replaceItem = useCallback((item: IncidentListItem) => {
    setPages((prev) => {
      const index = prev.items.findIndex((i) => i.id === item.id);
      if (index < 0) return prev;
      const items = [...prev.items];
      items[index] = item;
      return { ...prev, items };
    });
  }, []);

  return {
    items: pages.items,
    total,
    hasMore: !pages.isDone,
    isLoading,
    error,
    loadMore,
    reload,
    replaceItem,
  };
}

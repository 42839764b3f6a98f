import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { IncidentFilter, IncidentListItem, IncidentPage, IncidentSort } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useCall } from '../../api/useCall';

export const PAGE_SIZE = 100;

export interface CaseListState {
  readonly items: readonly IncidentListItem[];
  /** How many cases match (incidents:count); null until known. */
  readonly total: number | null;
  readonly hasMore: boolean;
  /** The first page or the next one is on its way (a refresh in the background does not count). */
  readonly isLoading: boolean;
  readonly error: ApiError | null;
  /** Fetch the next page (keyset cursor); ignored while anything is loading, after a failure, or at the end. */
  readonly loadMore: () => void;
  /** After a failure: try the page that failed again. */
  readonly retry: () => void;
  /** Read the loaded pages again. */
  readonly reload: () => void;
}

/**
 * The case list for a filter and sort, page by page with the keyset cursor from incidents:list — never
 * everything at once. The pages live in the shared cache under 'incidents:list', so a write that
 * changes cases refreshes the pages loaded so far (each again from the top, with fresh cursors); a new
 * filter starts over.
 */
export function useCaseList(filter: IncidentFilter, sort: IncidentSort): CaseListState {
  const api = useApi();
  const query = useInfiniteQuery({
    queryKey: ['incidents:list', { filter, sort, limit: PAGE_SIZE }] as const,
    queryFn: ({ queryKey: [, input], pageParam }): Promise<IncidentPage> =>
      api['incidents:list']({ ...input, ...(pageParam ? { after: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: IncidentPage) => last.nextCursor ?? undefined,
  });
  const count = useCall('incidents:count', { filter }, { keepPrevious: false });

  const { data, isFetching, isFetchingNextPage, isPending, hasNextPage, fetchNextPage, refetch } = query;
  const items = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const failure = query.error;
  const error = useMemo(() => (failure && !isFetching ? toApiError(failure) : null), [failure, isFetching]);
  const nextPageFailed = query.isFetchNextPageError;

  const loadMore = useCallback(() => {
    // A page asked for during a refresh would cancel it; after a failure the table must not ask in a loop.
    if (isFetching || failure || !hasNextPage) return;
    void fetchNextPage();
  }, [isFetching, failure, hasNextPage, fetchNextPage]);
  const retry = useCallback(() => void (nextPageFailed ? fetchNextPage() : refetch()), [nextPageFailed, fetchNextPage, refetch]);
  const reload = useCallback(() => void refetch(), [refetch]);

  return {
    items,
    total: count.data ?? null,
    hasMore: data === undefined || hasNextPage,
    isLoading: isPending ? isFetching : isFetchingNextPage,
    error,
    loadMore,
    retry,
    reload,
  };
}

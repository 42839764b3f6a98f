import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { CallInput, CallName, CallOutput } from '../../electron/contract';
import { callKey, refreshAfter, type WriteMeta } from './cache';
import { type ApiError, toApiError } from './client';
import { useApi } from './useApi';

export interface CallState<T> {
  /** The last value received; kept while a reload (or, unless told otherwise, a new input) is in flight. */
  readonly data: T | undefined;
  /** The last failure, cleared while the call is tried again. */
  readonly error: ApiError | null;
  /** A request for this call is in flight. */
  readonly isLoading: boolean;
  /** Ask again now (a retry button, a refresh button). Writes refresh the reads they affect by themselves. */
  readonly reload: () => void;
}

export interface CallOptions {
  readonly enabled?: boolean;
  /** Show the previous input's answer until the new one arrives (default true). */
  readonly keepPrevious?: boolean;
  /**
   * Ask again every so many milliseconds, also while the window is hidden (what changes with the clock
   * alone, as 我的待办's deadlines do). Writes refresh the call as always.
   */
  readonly pollMs?: number;
}

/**
 * One read from the shared cache, keyed by the call and its input (compared by value): components that
 * ask the same question share one request and one answer, and every write that changes what the call
 * reads refreshes it (see cache.ts).
 */
export function useCall<K extends CallName>(name: K, input: CallInput<K>, options: CallOptions = {}): CallState<CallOutput<K>> {
  const api = useApi();
  const query = useQuery({
    queryKey: callKey(name, input),
    queryFn: ({ queryKey }) => (api[name] as (input: unknown) => Promise<CallOutput<K>>)(queryKey[1]),
    enabled: options.enabled ?? true,
    ...(options.pollMs ? { refetchInterval: options.pollMs, refetchIntervalInBackground: true } : {}),
    ...(options.keepPrevious === false ? {} : { placeholderData: keepPreviousData }),
  });
  const { refetch, isFetching } = query;
  const failure = query.error;
  const error = useMemo(() => (failure && !isFetching ? toApiError(failure) : null), [failure, isFetching]);
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data, error, isLoading: isFetching, reload };
}

/**
 * A write: calls the host and, once it succeeded, refreshes every cached read whose topics the call
 * changes (a conflict refreshes them too: what the page showed was out of date). Resolves to the
 * call's answer, rejects with its error, as the client does.
 */
export function useWrite<K extends CallName>(name: K): (input: CallInput<K>) => Promise<CallOutput<K>> {
  const api = useApi();
  const meta: WriteMeta = { call: name };
  const { mutateAsync } = useMutation({
    mutationFn: (input: CallInput<K>) => (api[name] as (input: CallInput<K>) => Promise<CallOutput<K>>)(input),
    meta,
  });
  return mutateAsync;
}

/**
 * Refreshes what a call changed, for changes the page learns of later than the call's answer: an import
 * job that ends, or a write sent in many chunks that should refresh the views once at the end.
 */
export function useRefreshAfter(): (name: CallName) => Promise<void> {
  const client = useQueryClient();
  return useCallback((name: CallName) => refreshAfter(client, name), [client]);
}

/** Puts an answer a write returned into the cache (the step's result shows at once; the refresh confirms it). */
export function useSetCallData(): <K extends CallName>(name: K, input: CallInput<K>, data: CallOutput<K>) => void {
  const client = useQueryClient();
  return useCallback(
    <K extends CallName>(name: K, input: CallInput<K>, data: CallOutput<K>) => {
      client.setQueryData(callKey(name, input), data);
    },
    [client],
  );
}

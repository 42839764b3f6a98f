import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient, IncidentFilter } from '../../../../electron/contract';
import type { ByteChunks } from '../../../../electron/contract/mapPointsWire';
import { callKey } from '../../../api/cache';
import { type ApiError, toApiError } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { prepareClusterWorker, startClusterBuild } from './clusterBuilder';
import type { ClusterIndex } from './clusterIndex';

const PROGRESS_EVERY_MS = 250;

export interface PointsState {
  readonly index: ClusterIndex | null;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
  /** Points received so far by the load in flight (null: none in flight, or nothing received yet). */
  readonly received: number | null;
}

/**
 * The located cases matching a filter, streamed from the host and clustered in a worker as they arrive;
 * kept in the shared cache under map:points, so every write that changes cases refreshes them (the
 * previous index stays on the map until the new one is built).
 */
export function useIncidentPoints(filter: IncidentFilter): PointsState {
  const api = useApi();
  const [received, setReceived] = useState<{ key: string; count: number } | null>(null);
  const key = useMemo(() => JSON.stringify(filter), [filter]);
  // A few updates a second are enough for the count on the bar, and spare the page a render per chunk
  // (the latest count always shows: one update at the end of each quiet spell).
  const progress = useRef<{ at: number; timer: ReturnType<typeof setTimeout> | null; latest: number }>({ at: 0, timer: null, latest: 0 });
  const onProgress = useCallback(
    (count: number) => {
      const p = progress.current;
      p.latest = count;
      if (p.timer) return;
      const wait = Math.max(0, p.at + PROGRESS_EVERY_MS - performance.now());
      p.timer = setTimeout(() => {
        p.timer = null;
        p.at = performance.now();
        setReceived({ key, count: p.latest });
      }, wait);
    },
    [key],
  );
  useEffect(() => () => clearTimeout(progress.current.timer ?? undefined), []);
  // Before the query's own effect: the worker loads while the request is on its way.
  useEffect(prepareClusterWorker, []);
  const query = useQuery({
    queryKey: callKey('map:points', { filter }),
    queryFn: ({ signal }) => loadPoints(api, filter, signal, onProgress),
    placeholderData: keepPreviousData,
  });
  const { isFetching, error: failure, data } = query;
  const error = useMemo(() => (failure && !isFetching ? toApiError(failure) : null), [failure, isFetching]);
  return useMemo(
    () => ({ index: data ?? null, error, isLoading: isFetching, received: isFetching && received?.key === key ? received.count : null }),
    [data, error, isFetching, received, key],
  );
}

/** Reads the streamed answer into a cluster build, chunk by chunk; stops both when the load is dropped. */
export async function loadPoints(api: ApiClient, filter: IncidentFilter, signal: AbortSignal, onProgress?: (received: number) => void): Promise<ClusterIndex> {
  const build = startClusterBuild(onProgress);
  let chunks: ByteChunks | null = null;
  const stop = () => {
    build.abort();
    void chunks?.cancel();
  };
  signal.addEventListener('abort', stop);
  try {
    chunks = await api['map:points']({ filter });
    for (let bytes = await chunks.read(); bytes !== null; bytes = await chunks.read()) {
      if (signal.aborted) throw new Error('已取消');
      build.push(bytes);
    }
    return await build.finish();
  } catch (e) {
    stop();
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

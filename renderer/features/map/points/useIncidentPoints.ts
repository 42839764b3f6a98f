import { useEffect, useMemo, useState } from 'react';
import type { IncidentFilter } from '../../../../electron/contract';
import { type ApiError, toApiError } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { buildClusterIndex, type ClusterIndex } from './clusterIndex';
import { decodePoints } from './pointsCodec';

export interface PointsState {
  readonly index: ClusterIndex | null;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
}

/** The located cases matching a filter, decoded and clustered; an outdated answer is dropped. */
export function useIncidentPoints(filter: IncidentFilter): PointsState {
  const api = useApi();
  const key = JSON.stringify(filter);
  const [state, setState] = useState<PointsState>({ index: null, error: null, isLoading: true });
  useEffect(() => {
    let isCurrent = true;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    api['map:points']({ filter: JSON.parse(key) as IncidentFilter }).then(
      (payload) => {
        if (!isCurrent) return;
        try {
          setState({ index: buildClusterIndex(decodePoints(payload)), error: null, isLoading: false });
        } catch (e) {
          setState({ index: null, error: toApiError(e), isLoading: false });
        }
      },
      (e: unknown) => {
        if (isCurrent) setState((s) => ({ ...s, error: toApiError(e), isLoading: false }));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, key]);
  return useMemo(() => state, [state]);
}

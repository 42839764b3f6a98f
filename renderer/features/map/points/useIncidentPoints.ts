import { useMemo } from 'react';
import type { IncidentFilter } from '../../../../electron/contract';
import { type ApiError, toApiError } from '../../../api/client';
import { useCall } from '../../../api/useCall';
import { buildClusterIndex, type ClusterIndex } from './clusterIndex';
import { decodePoints } from './pointsCodec';

export interface PointsState {
  readonly index: ClusterIndex | null;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
}

/** The located cases matching a filter, decoded and clustered; refreshed with every write that changes cases. */
export function useIncidentPoints(filter: IncidentFilter): PointsState {
  const points = useCall('map:points', { filter });
  const built = useMemo(() => {
    if (!points.data) return { index: null, error: null };
    try {
      return { index: buildClusterIndex(decodePoints(points.data)), error: null };
    } catch (e) {
      return { index: null, error: toApiError(e) };
    }
  }, [points.data]);
  return useMemo(
    () => ({ index: built.index, error: points.error ?? built.error, isLoading: points.isLoading }),
    [built, points.error, points.isLoading],
  );
}

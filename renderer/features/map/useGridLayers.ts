import { useMemo } from 'react';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';
import { toGridLayers, type GridLayers } from './gridLayers';

/** Every grid polygon of the district, ready for a map. */
export function useGridLayers(): { layers: GridLayers | null; error: ApiError | null; reload: () => void } {
  const geometry = useCall('grids:geometry', {});
  const layers = useMemo(() => (geometry.data ? toGridLayers(geometry.data) : null), [geometry.data]);
  return { layers, error: geometry.error, reload: geometry.reload };
}

import { useEffect, useState } from 'react';
import type { CoordinateSystem, GridLocation } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';

export interface GridLookup {
  /** The answer for the current point; null while there is no point or no answer yet. */
  readonly location: GridLocation | null;
  readonly isLoading: boolean;
  readonly error: ApiError | null;
}

/** The grid containing a point, looked up shortly after the point stops changing. */
export function useGridLookup(point: { lon: number; lat: number; crs: CoordinateSystem } | null, delayMs = 250): GridLookup {
  const api = useApi();
  const key = point ? `${point.lon},${point.lat},${point.crs}` : '';
  const [answer, setAnswer] = useState<{ key: string; location: GridLocation | null; error: ApiError | null } | null>(null);

  useEffect(() => {
    if (!key) return;
    let isCurrent = true;
    const [lon, lat, crs] = key.split(',') as [string, string, CoordinateSystem];
    const timer = window.setTimeout(() => {
      api['grids:locate']({ lon: Number(lon), lat: Number(lat), crs }).then(
        (location) => isCurrent && setAnswer({ key, location, error: null }),
        (e: unknown) => isCurrent && setAnswer({ key, location: null, error: toApiError(e) }),
      );
    }, delayMs);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [api, key, delayMs]);

  const isAnswered = key !== '' && answer?.key === key;
  return {
    location: isAnswered ? answer.location : null,
    isLoading: key !== '' && !isAnswered,
    error: isAnswered ? answer.error : null,
  };
}

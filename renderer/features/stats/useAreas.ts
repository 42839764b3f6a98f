import { useMemo } from 'react';
import type { Grid } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';

export interface Areas {
  readonly district: Grid | null;
  readonly streets: readonly Grid[];
  readonly gridsByStreet: ReadonlyMap<string, readonly Grid[]>;
  readonly byCode: ReadonlyMap<string, Grid>;
  readonly isLoading: boolean;
  readonly error: ApiError | null;
  readonly reload: () => void;
}

/** The district, its streets and their community grids, for the area pickers. */
export function useAreas(): Areas {
  const grids = useCall('grids:list', {});
  const parts = useMemo(() => {
    const list = grids.data ?? [];
    const gridsByStreet = new Map<string, Grid[]>();
    for (const g of list) {
      if (g.level !== 3 || !g.parentCode) continue;
      const siblings = gridsByStreet.get(g.parentCode) ?? [];
      siblings.push(g);
      gridsByStreet.set(g.parentCode, siblings);
    }
    return {
      district: list.find((g) => g.level === 1) ?? null,
      streets: list.filter((g) => g.level === 2),
      gridsByStreet,
      byCode: new Map(list.map((g) => [g.code, g])),
    };
  }, [grids.data]);
  return { ...parts, isLoading: grids.isLoading, error: grids.error, reload: grids.reload };
}

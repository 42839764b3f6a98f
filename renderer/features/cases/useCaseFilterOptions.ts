import { useMemo } from 'react';
import type { Category, Grid, PersonSummary } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';

export interface CaseFilterOptions {
  readonly categories: readonly Category[];
  readonly categoryById: ReadonlyMap<number, Category>;
  readonly bigClasses: readonly Category[];
  readonly smallByParent: ReadonlyMap<number, readonly Category[]>;
  readonly streets: readonly Grid[];
  readonly gridsByStreet: ReadonlyMap<string, readonly Grid[]>;
  readonly gridByCode: ReadonlyMap<string, Grid>;
  readonly persons: readonly PersonSummary[];
  readonly error: ApiError | null;
  readonly reload: () => void;
}

/** The lists the filters choose from: categories, streets and grids, persons. */
export function useCaseFilterOptions(): CaseFilterOptions {
  const categories = useCall('categories:list', {});
  const grids = useCall('grids:list', {});
  const persons = useCall('persons:list', {});

  const categoryParts = useMemo(() => {
    const list = categories.data ?? [];
    const smallByParent = new Map<number, Category[]>();
    for (const c of list) {
      if (c.level === 2 && c.parentId !== null) {
        const siblings = smallByParent.get(c.parentId) ?? [];
        siblings.push(c);
        smallByParent.set(c.parentId, siblings);
      }
    }
    return {
      categories: list,
      categoryById: new Map(list.map((c) => [c.id, c])),
      bigClasses: list.filter((c) => c.level === 1),
      smallByParent,
    };
  }, [categories.data]);

  const gridParts = useMemo(() => {
    const list = grids.data ?? [];
    const gridsByStreet = new Map<string, Grid[]>();
    for (const g of list) {
      if (g.level === 3 && g.parentCode) {
        const siblings = gridsByStreet.get(g.parentCode) ?? [];
        siblings.push(g);
        gridsByStreet.set(g.parentCode, siblings);
      }
    }
    return {
      streets: list.filter((g) => g.level === 2),
      gridsByStreet,
      gridByCode: new Map(list.map((g) => [g.code, g])),
    };
  }, [grids.data]);

  const { reload: reloadCategories } = categories;
  const { reload: reloadGrids } = grids;
  const { reload: reloadPersons } = persons;
  return {
    ...categoryParts,
    ...gridParts,
    persons: persons.data ?? [],
    error: categories.error ?? grids.error ?? persons.error,
    reload: () => {
      reloadCategories();
      reloadGrids();
      reloadPersons();
    },
  };
}

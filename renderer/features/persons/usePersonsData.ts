import { useMemo } from 'react';
import type { PersonSummary, PersonWorkload } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';

export interface PersonRow {
  readonly person: PersonSummary;
  readonly workload: PersonWorkload | null;
}

export interface PersonsData {
  readonly rows: readonly PersonRow[] | undefined;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
  readonly reload: () => void;
}

/** Persons with their duties and their workload, joined by id. */
export function usePersonsData(): PersonsData {
  const persons = useCall('persons:list', {});
  const workload = useCall('persons:workload', {});
  const rows = useMemo(() => {
    if (!persons.data) return undefined;
    const byId = new Map((workload.data ?? []).map((w) => [w.personId, w]));
    return persons.data.map((person) => ({ person, workload: byId.get(person.id) ?? null }));
  }, [persons.data, workload.data]);
  const { reload: reloadPersons } = persons;
  const { reload: reloadWorkload } = workload;
  return {
    rows,
    error: persons.error ?? workload.error,
    isLoading: persons.isLoading || workload.isLoading,
    reload: () => {
      reloadPersons();
      reloadWorkload();
    },
  };
}

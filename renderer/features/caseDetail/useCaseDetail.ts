import { useCallback, useState } from 'react';
import type { IncidentDetail } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';

export interface CaseDetailState {
  /** The case, or undefined while the one asked for is loading (a previous case is never shown for it). */
  readonly detail: IncidentDetail | undefined;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
  readonly reload: () => void;
  /** Show the case as a step returned it, without another round trip. */
  readonly update: (detail: IncidentDetail) => void;
}

export function useCaseDetail(id: number): CaseDetailState {
  const call = useCall('incidents:get', { id });
  // A newer copy from a step; dropped as soon as the call answers again.
  const [local, setLocal] = useState<{ base: IncidentDetail | undefined; detail: IncidentDetail } | null>(null);
  const loaded = local && local.base === call.data && local.detail.id === id ? local.detail : call.data;
  const detail = loaded?.id === id ? loaded : undefined;
  const base = call.data;
  const update = useCallback((next: IncidentDetail) => setLocal({ base, detail: next }), [base]);
  return { detail, error: call.error, isLoading: call.isLoading, reload: call.reload, update };
}

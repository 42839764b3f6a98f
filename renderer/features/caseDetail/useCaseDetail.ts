import type { IncidentDetail } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';

export interface CaseDetailState {
  /** The case, or undefined while the one asked for is loading (a previous case is never shown for it). */
  readonly detail: IncidentDetail | undefined;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
  readonly reload: () => void;
}

/** One case from the cache: a step's answer shows at once (useCaseStep), every write touching cases refreshes it. */
export function useCaseDetail(id: number): CaseDetailState {
  const call = useCall('incidents:get', { id });
  const detail = call.data?.id === id ? call.data : undefined;
  return { detail, error: call.error, isLoading: call.isLoading, reload: call.reload };
}

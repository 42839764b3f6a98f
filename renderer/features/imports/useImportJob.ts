import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJobStatus } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useRefreshAfter } from '../../api/useCall';

export const POLL_MS = 300;

/** The call that started a job of each kind: what it writes, once the job ends, is in the contract. */
const STARTED_BY = { incidents: 'imports:start', grids: 'grids:import' } as const;

/**
 * Follows an import job by polling its progress until it ends; cancel asks the host to roll back. When
 * the job ends, every view of what it may have written (cases, batches, grids) is refreshed.
 */
export function useImportJob(onFinished?: (status: ImportJobStatus) => void) {
  const api = useApi();
  const refreshAfter = useRefreshAfter();
  const [status, setStatus] = useState<ImportJobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const end = useCallback(
    (ended: ImportJobStatus) => {
      void refreshAfter(STARTED_BY[ended.kind]);
      finished.current?.(ended);
    },
    [refreshAfter],
  );

  useEffect(() => {
    if (!status || status.state !== 'running') return;
    const timer = window.setTimeout(() => {
      api['imports:progress']({ jobId: status.jobId }).then(
        (next) => {
          setStatus(next);
          if (next.state !== 'running') end(next);
        },
        (e: unknown) => setError(toApiError(e)),
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [api, status, end]);

  const follow = useCallback((start: ImportJobStatus) => {
    setError(null);
    setStatus(start);
    if (start.state !== 'running') end(start);
  }, [end]);

  const cancel = useCallback(async () => {
    if (!status) return;
    try {
      const ended = await api['imports:cancel']({ jobId: status.jobId });
      setStatus(ended);
      // A job that finished just before the cancel arrived has written its rows.
      if (ended.state !== 'running') end(ended);
    } catch (e) {
      setError(toApiError(e));
    }
  }, [api, status, end]);

  const reset = useCallback(() => {
    setStatus(null);
    setError(null);
  }, []);

  return { status, error, follow, cancel, reset, setError };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJobStatus } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';

export const POLL_MS = 300;

/** Follows an import job by polling its progress until it ends; cancel asks the host to roll back. */
export function useImportJob(onFinished?: (status: ImportJobStatus) => void) {
  const api = useApi();
  const [status, setStatus] = useState<ImportJobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    if (!status || status.state !== 'running') return;
    const timer = window.setTimeout(() => {
      api['imports:progress']({ jobId: status.jobId }).then(
        (next) => {
          setStatus(next);
          if (next.state !== 'running') finished.current?.(next);
        },
        (e: unknown) => setError(toApiError(e)),
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [api, status]);

  const follow = useCallback((start: ImportJobStatus) => {
    setError(null);
    setStatus(start);
    if (start.state !== 'running') finished.current?.(start);
  }, []);

  const cancel = useCallback(async () => {
    if (!status) return;
    try {
      setStatus(await api['imports:cancel']({ jobId: status.jobId }));
    } catch (e) {
      setError(toApiError(e));
    }
  }, [api, status]);

  const reset = useCallback(() => {
    setStatus(null);
    setError(null);
  }, []);

  return { status, error, follow, cancel, reset, setError };
}

import { useCallback, useState } from 'react';
import type { BulkResult, IncidentListItem, WorkflowAction } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useRefreshAfter } from '../../api/useCall';

/** Cases per call: small enough to show progress, large enough to be quick. */
export const BULK_CHUNK = 50;

export interface BulkProgress {
  readonly done: number;
  readonly total: number;
}

export interface BulkState {
  readonly progress: BulkProgress | null;
  readonly result: BulkResult | null;
  readonly run: (
    rows: readonly IncidentListItem[],
    step: { action: WorkflowAction; note?: string; assigneeId?: number },
  ) => Promise<BulkResult>;
  readonly reset: () => void;
}

/**
 * One step on many cases through incidents:bulk-transition, in chunks so the screen can show
 * progress. Every case succeeds or fails on its own; a chunk that cannot be sent at all marks its
 * cases failed with the reason, and the run stops there. The views of cases are refreshed once, when
 * the run ends, not after every chunk.
 */
export function useBulkTransition(): BulkState {
  const api = useApi();
  const refreshAfter = useRefreshAfter();
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);

  const run = useCallback<BulkState['run']>(
    async (rows, step) => {
      const total: BulkResult = { done: [], failed: [] };
      setResult(null);
      setProgress({ done: 0, total: rows.length });
      for (let start = 0; start < rows.length; start += BULK_CHUNK) {
        const chunk = rows.slice(start, start + BULK_CHUNK);
        try {
          const answer = await api['incidents:bulk-transition']({
            items: chunk.map((r) => ({ incidentId: r.id, expectedVersion: r.version })),
            action: step.action,
            ...(step.note ? { note: step.note } : {}),
            ...(step.assigneeId !== undefined ? { assigneeId: step.assigneeId } : {}),
          });
          total.done.push(...answer.done);
          total.failed.push(...answer.failed);
        } catch (e) {
          const message = toApiError(e).message;
          for (const r of rows.slice(start)) total.failed.push({ incidentId: r.id, message });
          break;
        } finally {
          setProgress({ done: Math.min(start + chunk.length, rows.length), total: rows.length });
        }
      }
      setResult(total);
      void refreshAfter('incidents:bulk-transition');
      return total;
    },
    [api, refreshAfter],
  );

  const reset = useCallback(() => {
    setProgress(null);
    setResult(null);
  }, []);

  return { progress, result, run, reset };
}

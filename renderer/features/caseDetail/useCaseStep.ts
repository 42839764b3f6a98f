import { useCallback, useState } from 'react';
import { CALLBACK_RESULT_LABELS, STATUS_LABELS, TRANSITIONS, type Account, type CallbackResult, type IncidentDetail, type WorkflowAction } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useSetCallData, useWrite } from '../../api/useCall';
import { useToast } from '../../ui/useToast';

export interface StepInput {
  readonly note?: string;
  readonly assigneeId?: number;
  /** dispatch: the responsible unit (alone: any handler of the unit may 签收 the case). */
  readonly unitId?: number;
  readonly requestedDueAt?: number;
  /** 12345 orders: the reply to the citizen (办结, or the handler's draft at 处置反馈). */
  readonly reply?: string;
  /** 12345 orders: the callback's result (回访). */
  readonly callbackResult?: CallbackResult;
}

export interface CaseStep {
  /** The step running now, for the busy state of its button. */
  readonly running: WorkflowAction | null;
  /** Runs a step; resolves to the error when it failed (the dialog shows it), null when it worked. */
  readonly run: (action: WorkflowAction, input?: StepInput) => Promise<ApiError | null>;
}

/**
 * One workflow step on the case shown, at the version shown. The case the step returns shows at once;
 * the cache then refreshes every view of cases (the list, the grid tree, the map, the statistics). A
 * 'conflict' (someone else changed the case, or its state no longer allows the step) refreshes them
 * too, so the desk shows what is true now.
 */
export function useCaseStep(detail: IncidentDetail | undefined, operator: Account | null): CaseStep {
  const transition = useWrite('incidents:transition');
  const callback = useWrite('hotline:callback');
  const setCallData = useSetCallData();
  const toast = useToast();
  const [running, setRunning] = useState<WorkflowAction | null>(null);

  const run = useCallback<CaseStep['run']>(
    async (action, input = {}) => {
      // A callback goes through hotline:callback whatever its result: the host takes 不满意 as 重办.
      const isCallback = action === 'callback' || action === 'callback_redo';
      const result = isCallback ? (input.callbackResult ?? (action === 'callback_redo' ? 'dissatisfied' : undefined)) : undefined;
      const label = TRANSITIONS[result === 'dissatisfied' ? 'callback_redo' : action].label;
      if (!detail || !operator) {
        const error = toApiError(new Error('请先登录'));
        toast.show({ tone: 'error', text: `${label}未执行`, detail: error.message });
        return error;
      }
      setRunning(action);
      try {
        const note = input.note?.trim() ? { note: input.note.trim() } : {};
        const next =
          isCallback && result
            ? await callback({ incidentId: detail.id, expectedVersion: detail.version, result, ...note })
            : await transition({
                incidentId: detail.id,
                action,
                expectedVersion: detail.version,
                ...note,
                ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
                ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
                ...(input.requestedDueAt !== undefined ? { requestedDueAt: input.requestedDueAt } : {}),
                ...(input.reply?.trim() ? { reply: input.reply.trim() } : {}),
              });
        setCallData('incidents:get', { id: next.id }, next);
        const moved = next.status !== detail.status ? `，现为「${STATUS_LABELS[next.status]}」` : '';
        const done = result ? `已记录「${CALLBACK_RESULT_LABELS[result]}」` : '已完成';
        toast.show({ tone: 'success', text: `${label}：${done}`, detail: `案件 ${next.caseNo}${moved}` });
        return null;
      } catch (e) {
        const error = toApiError(e);
        toast.show({ tone: 'error', text: `${label}未执行`, detail: error.message });
        return error;
      } finally {
        setRunning(null);
      }
    },
    [transition, callback, setCallData, toast, detail, operator],
  );

  return { running, run };
}

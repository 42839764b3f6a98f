import { useCallback, useEffect, useMemo, useState } from 'react';
import { TRANSITIONS, type WorkflowAction } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { actionOffers } from '../../domain/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from '../session/useOperator';
import { CallbackDialog } from '../hotline/CallbackDialog';
import { ActionDialog } from './ActionDialog';
import { actionForKey, needsDialog } from './actionKeys';
import { CaseDetailView } from './CaseDetailView';
import { fileToBase64 } from './photoFile';
import { useCaseDetail } from './useCaseDetail';
import { useCaseStep, type StepInput } from './useCaseStep';
import './caseDetail.css';

interface CaseDetailPanelProps {
  readonly id: number;
  readonly onClose: () => void;
  readonly onOpenCase: (id: number) => void;
}

/** Whether a key press belongs to a form field (and so is not a shortcut). */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The right-hand case panel: data, the step being run, the step dialog, the shortcuts. */
export function CaseDetailPanel({ id, onClose, onOpenCase }: CaseDetailPanelProps) {
  const addPhoto = useWrite('attachments:add');
  const { operator } = useOperator();
  const state = useCaseDetail(id);
  const { detail, reload } = state;
  const step = useCaseStep(detail, operator);
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);

  useEffect(() => setDialog(null), [id]);

  const offers = useMemo(() => (detail ? actionOffers(detail, operator) : []), [detail, operator]);
  const allowed = useMemo(() => offers.filter((o) => o.check.isAllowed).map((o) => o.action), [offers]);
  const order = detail?.hotline ?? null;
  const isOrder = order !== null;
  // A callback on an order has its own dialog (the result as choices); every other step the generic one.
  const isCallbackDialog = isOrder && (dialog === 'callback' || dialog === 'callback_redo');

  const trigger = useCallback(
    (action: WorkflowAction) => {
      if (needsDialog(action, TRANSITIONS[action].needsReason, isOrder)) setDialog(action);
      else void step.run(action);
    },
    [step, isOrder],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || document.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'Escape') {
        onClose();
        return;
      }
      if (step.running) return;
      const action = actionForKey(e, allowed);
      if (action) {
        e.preventDefault();
        trigger(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allowed, trigger, onClose, step.running]);

  const submitDialog = async (input: StepInput, photo: File | null): Promise<ApiError | null> => {
    if (!dialog || !detail) return null;
    if (photo && operator) {
      try {
        await addPhoto({
          incidentId: detail.id,
          stage: 'after',
          fileName: photo.name,
          dataBase64: await fileToBase64(photo),
        });
      } catch (e) {
        return toApiError(e);
      }
    }
    const error = await step.run(dialog, input);
    if (!error || error.kind === 'conflict') setDialog(null);
    return error;
  };

  return (
    <aside className="gd-casepanel" aria-label="案件详情">
      {detail ? (
        <CaseDetailView
          detail={detail}
          operator={operator}
          offers={offers}
          running={step.running}
          onAction={trigger}
          onClose={onClose}
          onReload={reload}
          onOpenCase={onOpenCase}
          isReloading={state.isLoading}
        />
      ) : (
        <div className="gd-casepanel__state">
          <div className="gd-casepanel__bar">
            <span />
            <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="关闭详情" title="关闭（Esc）">
              <Icon name="close" size={14} />
            </button>
          </div>
          {state.error ? <ErrorNotice error={state.error} action="读取案件" onRetry={reload} /> : <Spinner label="正在读取案件…" />}
        </div>
      )}
      {dialog && detail && order && isCallbackDialog && (
        <CallbackDialog
          detail={detail}
          order={order}
          title={TRANSITIONS[dialog].label}
          initialResult={dialog === 'callback_redo' ? 'dissatisfied' : null}
          onSubmit={(input) => submitDialog(input, null)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog && detail && !isCallbackDialog && (
        <ActionDialog action={dialog} detail={detail} onSubmit={submitDialog} onCancel={() => setDialog(null)} />
      )}
    </aside>
  );
}

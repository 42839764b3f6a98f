import { useState } from 'react';
import {
  CALLBACK_RESULTS,
  CALLBACK_RESULT_LABELS,
  MAX_CALLBACK_ATTEMPTS,
  TRANSITIONS,
  UNREACHABLE_LABEL,
  type CallbackResult,
  type HotlineOrderView,
  type IncidentDetail,
} from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { formatDateTime } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { TextField } from '../../ui/TextField';
import './hotline.css';

interface CallbackDialogProps {
  readonly detail: IncidentDetail;
  readonly order: HotlineOrderView;
  /** 回访, or 回访不满意（重办） (which starts with 不满意 chosen). */
  readonly title: string;
  readonly initialResult?: CallbackResult | null;
  /** Records the callback; resolves to its error (shown here) or null. */
  readonly onSubmit: (input: { callbackResult: CallbackResult; note?: string }) => Promise<ApiError | null>;
  readonly onCancel: () => void;
}

/**
 * 回访: the citizen's verdict on a closed order. 满意 / 基本满意 end the callback; 不满意 sends the order back
 * to be handled again (重办) and needs the reason; 未接通 is counted, and after the last allowed attempt the
 * citizen counts as unreachable.
 */
export function CallbackDialog({ detail, order, title, initialResult = null, onSubmit, onCancel }: CallbackDialogProps) {
  const [result, setResult] = useState<CallbackResult | null>(initialResult);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ result?: string; note?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const attempt = order.callbackAttempts + 1;
  const isLastAttempt = attempt >= MAX_CALLBACK_ATTEMPTS;
  const isRedo = result === 'dissatisfied';

  const submit = async () => {
    const next: typeof problems = {};
    if (result === null) next.result = '请选择回访结果';
    if (isRedo && !note.trim()) next.note = '请填写市民不满意的原因：将随工单退回处置人重办';
    setProblems(next);
    if (next.result || next.note || result === null) return;
    setBusy(true);
    setFailure(null);
    const error = await onSubmit({ callbackResult: result, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (error && error.kind !== 'conflict') setFailure(error);
  };

  return (
    <Dialog
      title={title}
      subtitle={
        <>
          案件 <span className="gd-mono">{detail.caseNo}</span> · 工单 <span className="gd-mono">{order.orderNo}</span>
          {order.callerName ? ` · 来电人 ${order.callerName}` : ''}
        </>
      }
      onClose={isBusy ? undefined : onCancel}
      size="small"
      footer={
        <>
          <button type="button" className="gd-button" onClick={onCancel} disabled={isBusy}>
            取消
          </button>
          <BusyButton className={`gd-button ${isRedo ? 'gd-button--danger' : 'gd-button--accent'}`} isBusy={isBusy} onClick={() => void submit()}>
            确定回访
          </BusyButton>
        </>
      }
    >
      <form
        className="gd-callback"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {order.reply && (
          <div className="gd-callback__reply">
            <span className="gd-muted">办结答复{order.repliedAt !== null ? `（${formatDateTime(order.repliedAt)}）` : ''}：</span>
            {order.reply}
          </div>
        )}
        <fieldset className={`gd-callback__results${problems.result ? ' has-error' : ''}`}>
          <legend>
            回访结果<span className="gd-field__required" aria-hidden="true">*</span>
          </legend>
          <div className="gd-callback__choices">
            {CALLBACK_RESULTS.map((r) => (
              <label key={r} className={`gd-callback__choice gd-callback__choice--${r}${result === r ? ' is-chosen' : ''}`}>
                <input type="radio" name="gd-callback-result" value={r} checked={result === r} onChange={() => setResult(r)} />
                {CALLBACK_RESULT_LABELS[r]}
              </label>
            ))}
          </div>
          {problems.result && (
            <div className="gd-field__error" role="alert">
              {problems.result}
            </div>
          )}
        </fieldset>
        {result === 'unreachable' && (
          <p className="gd-callback__hint" role="status">
            本次为第 {attempt} 次未接通（最多 {MAX_CALLBACK_ATTEMPTS} 次）。
            {isLastAttempt
              ? `这是最后一次：记录后回访结束，市民记为「${UNREACHABLE_LABEL}」。`
              : `还可再回访 ${MAX_CALLBACK_ATTEMPTS - attempt} 次；第 ${MAX_CALLBACK_ATTEMPTS} 次仍未接通即记为「${UNREACHABLE_LABEL}」。`}
          </p>
        )}
        {isRedo && (
          <p className="gd-callback__hint gd-callback__hint--redo" role="status">
            市民不满意：工单将按「{TRANSITIONS.callback_redo.label}」退回处置人{detail.assigneeName ? ` ${detail.assigneeName} ` : ''}重新办理，处置期限重新计算，办结后再次回访。
          </p>
        )}
        <TextField
          id="gd-callback-note"
          label={isRedo ? '不满意原因' : '回访记录'}
          limit="note"
          multiline
          rows={3}
          isRequired={isRedo}
          error={problems.note}
          value={note}
          placeholder={isRedo ? '例如：市民反映垃圾仍未清运' : '选填：市民的原话或补充情况，将记入案件日志'}
          onChange={setNote}
        />
        {failure && (
          <div className="gd-callback__error">
            <ErrorNotice error={failure} action={title} />
          </div>
        )}
      </form>
    </Dialog>
  );
}

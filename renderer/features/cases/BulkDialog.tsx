import { useState } from 'react';
import { TRANSITIONS, type BulkResult, type Account, type IncidentListItem, type PersonSummary, type WorkflowAction } from '../../../electron/contract';
import { canTakeOnRow } from '../../domain/permissions';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/useToast';
import { PersonSelect } from '../persons/PersonSelect';
import { useBulkTransition } from './useBulkTransition';

interface BulkDialogProps {
  readonly action: WorkflowAction;
  readonly selected: readonly IncidentListItem[];
  readonly operator: Account;
  readonly persons: readonly PersonSummary[];
  /** The run finished (or the dialog was closed after it): the list should reload. */
  readonly onFinished: (result: BulkResult | null) => void;
  readonly onCancel: () => void;
}

const DEFAULT_ASSIGNEE = 'default';

/** Confirm a step for many cases, collect its reason or assignee, run it with progress, list failures. */
export function BulkDialog({ action, selected, operator, persons, onFinished, onCancel }: BulkDialogProps) {
  const rule = TRANSITIONS[action];
  const rows = selected.filter((row) => canTakeOnRow(action, row, operator));
  const skipped = selected.length - rows.length;
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState(DEFAULT_ASSIGNEE);
  const [problem, setProblem] = useState<string | null>(null);
  const bulk = useBulkTransition();
  const toast = useToast();
  const isRunning = bulk.progress !== null && bulk.result === null;
  const caseNo = new Map(selected.map((r) => [r.id, r.caseNo]));

  const start = async () => {
    if (rule.needsReason && !note.trim()) {
      setProblem(`请填写${rule.label}的理由`);
      return;
    }
    setProblem(null);
    const result = await bulk.run(rows, {
      action,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(action === 'dispatch' && assignee !== DEFAULT_ASSIGNEE ? { assigneeId: Number(assignee) } : {}),
    });
    toast.show({
      tone: result.failed.length ? 'error' : 'success',
      text: `批量${rule.label}：成功 ${result.done.length} 件${result.failed.length ? `，失败 ${result.failed.length} 件` : ''}`,
    });
    if (result.failed.length === 0) onFinished(result);
  };

  const result = bulk.result;
  return (
    <Dialog
      title={`批量${rule.label}`}
      subtitle={
        result
          ? `成功 ${result.done.length} 件，失败 ${result.failed.length} 件`
          : `将对 ${rows.length} 件案件执行「${rule.label}」${skipped ? `（另有 ${skipped} 件状态或权限不符，将跳过）` : ''}`
      }
      onClose={isRunning ? undefined : result ? () => onFinished(result) : onCancel}
      footer={
        result ? (
          <button type="button" className="gd-button gd-button--accent" onClick={() => onFinished(result)}>
            完成
          </button>
        ) : (
          <>
            <button type="button" className="gd-button" onClick={onCancel} disabled={isRunning}>
              取消
            </button>
            <BusyButton
              className={`gd-button ${action === 'void' || action === 'reject' ? 'gd-button--danger' : 'gd-button--accent'}`}
              isBusy={isRunning}
              disabled={rows.length === 0}
              onClick={() => void start()}
            >
              {rule.label} {rows.length} 件
            </BusyButton>
          </>
        )
      }
    >
      {bulk.progress && <ProgressBar label="已处理" done={bulk.progress.done} total={bulk.progress.total} />}
      {result ? (
        result.failed.length > 0 ? (
          <div className="gd-bulkresult">
            <div className="gd-bulkresult__title">以下案件未能{rule.label}：</div>
            <table className="gd-bulkresult__table" aria-label="失败的案件">
              <tbody>
                {result.failed.map((f) => (
                  <tr key={f.incidentId}>
                    <td className="gd-mono">{caseNo.get(f.incidentId) ?? f.incidentId}</td>
                    <td>{f.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>全部完成。</p>
        )
      ) : (
        !isRunning && (
          <>
            {action === 'dispatch' && (
              <Field label="处置责任人" htmlFor="gd-bulk-assignee" hint="默认：派给各案件所在网格对应类别的在岗人员">
                <PersonSelect
                  id="gd-bulk-assignee"
                  label="处置责任人"
                  persons={persons}
                  activeOnly
                  value={assignee}
                  onChange={setAssignee}
                  leading={<option value={DEFAULT_ASSIGNEE}>按网格默认责任人</option>}
                />
              </Field>
            )}
            {(rule.needsReason || action === 'dispatch') && (
              <TextField
                id="gd-bulk-note"
                label={rule.needsReason ? '理由' : '说明'}
                limit="note"
                multiline
                isRequired={rule.needsReason}
                error={problem}
                value={note}
                onChange={setNote}
                placeholder={rule.needsReason ? `必填：${rule.label}的理由，将记入每件案件的日志` : '选填'}
              />
            )}
            {!rule.needsReason && action !== 'dispatch' && <p>确认后逐件执行，每件案件单独成功或失败。</p>}
          </>
        )
      )}
    </Dialog>
  );
}

import { useState } from 'react';
import type { PersonSummary } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/useToast';
import { PersonSelect } from './PersonSelect';

interface ReassignDialogProps {
  readonly from: PersonSummary;
  readonly openCount: number;
  readonly persons: readonly PersonSummary[];
  readonly onDone: (moved: number) => void;
  readonly onCancel: () => void;
}

/** 批量转派: every open case of one person to another, confirmed first, logged on each case. */
export function ReassignDialog({ from, openCount, persons, onDone, onCancel }: ReassignDialogProps) {
  const reassign = useWrite('persons:reassign');
  const toast = useToast();
  const [toId, setToId] = useState('');
  const [note, setNote] = useState('');
  const [isConfirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const to = persons.find((p) => String(p.id) === toId);

  const next = () => {
    if (!to) return setProblem('请选择接收案件的人员');
    setProblem(null);
    setConfirming(true);
  };

  const run = async () => {
    if (!to) return;
    setBusy(true);
    setFailure(null);
    try {
      const { moved } = await reassign({
        fromPersonId: from.id,
        toPersonId: to.id,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      toast.show({ tone: 'success', text: `已转派 ${moved.length} 件案件`, detail: `${from.name} → ${to.name}` });
      onDone(moved.length);
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="批量转派"
      subtitle={`把 ${from.name} 名下的全部在办案件转给另一人`}
      size="small"
      onClose={isBusy ? undefined : onCancel}
      footer={
        isConfirming ? (
          <>
            <button type="button" className="gd-button" onClick={() => setConfirming(false)} disabled={isBusy}>
              返回
            </button>
            <BusyButton className="gd-button gd-button--accent" isBusy={isBusy} onClick={() => void run()}>
              确认转派
            </BusyButton>
          </>
        ) : (
          <>
            <button type="button" className="gd-button" onClick={onCancel}>
              取消
            </button>
            <button type="button" className="gd-button gd-button--accent" onClick={next} disabled={openCount === 0}>
              下一步
            </button>
          </>
        )
      }
    >
      {isConfirming && to ? (
        <div className="gd-reassign__confirm" role="alert">
          将 <strong>{from.name}</strong> 的 <strong>{openCount}</strong> 件在办案件全部转派给 <strong>{to.name}</strong>？
          <div className="gd-muted">每件案件的办理记录中都会留下转派记录。</div>
        </div>
      ) : openCount === 0 ? (
        <p>{from.name} 目前没有在办案件，无需转派。</p>
      ) : (
        <>
          <p className="gd-reassign__lead">
            {from.name} 目前有 <strong>{openCount}</strong> 件在办案件。
          </p>
          <Field label="转派给" isRequired error={problem} htmlFor="gd-reassign-to">
            <PersonSelect
              id="gd-reassign-to"
              label="转派给"
              persons={persons.filter((p) => p.id !== from.id)}
              activeOnly
              value={toId}
              onChange={setToId}
              leading={<option value="">请选择…</option>}
            />
          </Field>
          <TextField
            id="gd-reassign-note"
            label="说明"
            limit="note"
            multiline
            value={note}
            placeholder={`选填，默认记为“由${from.name}转派给…”`}
            onChange={setNote}
          />
        </>
      )}
      {failure && <ErrorNotice error={failure} action="批量转派" />}
    </Dialog>
  );
}

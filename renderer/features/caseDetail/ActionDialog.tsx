import { useState } from 'react';
import { TRANSITIONS, type IncidentDetail, type WorkflowAction } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { useCall } from '../../api/useCall';
import { mayCall } from '../../domain/permissions';
import { useOperator } from '../session/useOperator';
import { UnitSelect } from '../units/UnitSelect';
import '../units/units.css';
import { formatDateTime, parseLocalDateTime, toLocalDateTimeValue, DAY_MS } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { TextField } from '../../ui/TextField';
import { CALLBACK_LIMIT_TEXT } from '../hotline/callbackLimit';
import { PersonSelect } from '../persons/PersonSelect';
import type { StepInput } from './useCaseStep';

interface ActionDialogProps {
  readonly action: WorkflowAction;
  readonly detail: IncidentDetail;
  /** Runs the step; resolves to its error (shown here) or null. */
  readonly onSubmit: (input: StepInput, photo: File | null) => Promise<ApiError | null>;
  readonly onCancel: () => void;
}

const REASON_HINTS: Partial<Record<WorkflowAction, string>> = {
  reject: '例如：不属于城市管理范围、信息不全无法核实',
  return: '例如：不属于本人负责的网格或类别',
  verify_fail: '例如：现场仍有垃圾未清运',
  extend_request: '例如：需协调相关单位，现场施工未完成',
  extend_deny: '例如：现有期限内可以完成',
  hang: '例如：涉及历史遗留问题，需上级协调',
  void: '例如：重复录入、误报',
  return_request: '例如：诉求地点不在本区，应由其他区办理',
  return_deny: '例如：经核实属于本区职责，请继续办理',
  callback_redo: '例如：市民反映垃圾仍未清运',
};

/** The small form a step needs: a reason, an assignee, a new deadline, or a note and a photo. */
export function ActionDialog({ action, detail, onSubmit, onCancel }: ActionDialogProps) {
  const rule = TRANSITIONS[action];
  const order = detail.hotline ?? null;
  // 12345 orders: the reply to the citizen, required at 办结, a draft at 处置反馈 (the verifier may change it).
  const asksReply = order !== null && (action === 'verify_pass' || action === 'handle');
  const needsReply = order !== null && action === 'verify_pass';
  const [note, setNote] = useState('');
  const [reply, setReply] = useState(() => order?.reply ?? '');
  const [assignee, setAssignee] = useState<string | null>(null);
  // 派遣 to a person (the unit follows: theirs) or to a unit alone (its handlers 签收).
  const [target, setTarget] = useState<'person' | 'unit'>('person');
  const [unitId, setUnitId] = useState('');
  const [due, setDue] = useState(() => toLocalDateTimeValue(Math.max(detail.dueAt ?? Date.now(), Date.now()) + DAY_MS));
  const [photo, setPhoto] = useState<File | null>(null);
  const [problems, setProblems] = useState<{ note?: string; assignee?: string; due?: string; reply?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const isDispatch = action === 'dispatch';
  const gridCode = detail.gridCode;
  const gridPersons = useCall('persons:list', { gridCode: gridCode ?? '', activeOnly: true }, { enabled: isDispatch && gridCode !== null });
  const allPersons = useCall('persons:list', { activeOnly: true }, { enabled: isDispatch });
  const fallback = useCall(
    'incidents:default-assignee',
    { gridCode: gridCode ?? '', categoryId: detail.categoryId },
    { enabled: isDispatch && gridCode !== null },
  );
  const chosenAssignee = assignee ?? (fallback.data ? String(fallback.data.id) : '');
  const { operator } = useOperator();
  const withUnits = isDispatch && mayCall('units:list', operator);
  const units = useCall('units:list', { activeOnly: true }, { enabled: withUnits });
  const toUnit = withUnits && target === 'unit';
  const chosenPerson = (allPersons.data ?? []).find((p) => String(p.id) === chosenAssignee) ?? (gridPersons.data ?? []).find((p) => String(p.id) === chosenAssignee);
  const chosenUnit = (units.data ?? []).find((u) => String(u.id) === unitId);

  const submit = async () => {
    const next: typeof problems = {};
    if (rule.needsReason && !note.trim()) next.note = `请填写${rule.label}的理由`;
    if (needsReply && !reply.trim()) next.reply = '请填写答复内容：12345 工单办结须答复市民办理结果';
    if (isDispatch && !toUnit && !chosenAssignee) next.assignee = '请选择处置责任人';
    if (toUnit && !unitId) next.assignee = '请选择责任单位';
    const requestedDueAt = action === 'extend_request' ? parseLocalDateTime(due) : null;
    if (action === 'extend_request') {
      if (requestedDueAt === null) next.due = '请填写新的期限';
      else if (detail.dueAt !== null && requestedDueAt <= detail.dueAt) next.due = `新期限须晚于现有期限 ${formatDateTime(detail.dueAt)}`;
    }
    setProblems(next);
    if (next.note || next.assignee || next.due || next.reply) return;
    setBusy(true);
    setFailure(null);
    const error = await onSubmit(
      {
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(isDispatch && !toUnit ? { assigneeId: Number(chosenAssignee) } : {}),
        ...(toUnit ? { unitId: Number(unitId) } : {}),
        ...(requestedDueAt !== null ? { requestedDueAt } : {}),
        ...(asksReply && reply.trim() ? { reply: reply.trim() } : {}),
      },
      photo,
    );
    setBusy(false);
    if (error && error.kind !== 'conflict') setFailure(error);
  };

  const isDanger = action === 'void' || action === 'reject' || action === 'verify_fail' || action === 'return_deny' || action === 'callback_redo';
  const pendingReturn = action === 'return_approve' || action === 'return_deny' ? (order?.pendingReturn ?? null) : null;
  return (
    <Dialog
      title={rule.label}
      subtitle={
        <>
          案件 <span className="gd-mono">{detail.caseNo}</span> · {detail.categoryName}
          {detail.gridName ? ` · ${detail.gridName}` : ''}
        </>
      }
      onClose={isBusy ? undefined : onCancel}
      size="small"
      footer={
        <>
          <button type="button" className="gd-button" onClick={onCancel} disabled={isBusy}>
            取消
          </button>
          <BusyButton className={`gd-button ${isDanger ? 'gd-button--danger' : 'gd-button--accent'}`} isBusy={isBusy} onClick={() => void submit()}>
            确定{rule.label}
          </BusyButton>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {withUnits && (
          <div className="gd-segmented gd-dispatchtarget" role="group" aria-label="派遣对象">
            <button type="button" className="gd-segmented__item" aria-pressed={target === 'person'} onClick={() => setTarget('person')}>
              派给人员
            </button>
            <button type="button" className="gd-segmented__item" aria-pressed={target === 'unit'} onClick={() => setTarget('unit')}>
              派给单位
            </button>
          </div>
        )}
        {toUnit && (
          <Field
            label="责任单位"
            isRequired
            htmlFor="gd-step-unit"
            error={problems.assignee}
            hint={
              chosenUnit
                ? `${chosenUnit.name}的处置人员在「我的待办」中看到本案，先签收者成为处置责任人（在岗 ${chosenUnit.persons} 人）`
                : '案件派到单位，由单位内的处置人员签收'
            }
          >
            <UnitSelect
              id="gd-step-unit"
              label="责任单位"
              units={units.data ?? []}
              value={unitId}
              placeholder={units.data ? '请选择…' : '正在读取单位…'}
              onChange={setUnitId}
            />
          </Field>
        )}
        {isDispatch && !toUnit && (
          <Field
            label="处置责任人"
            isRequired
            htmlFor="gd-step-assignee"
            error={problems.assignee}
            hint={
              chosenPerson?.unitName && chosenAssignee !== String(fallback.data?.id ?? '')
                ? `责任单位：${chosenPerson.unitName}`
                : fallback.data
                ? `默认：${fallback.data.name}（该网格对应类别的在岗人员）${chosenPerson?.unitName ? `，责任单位：${chosenPerson.unitName}` : ''}`
                : gridCode
                  ? fallback.isLoading
                    ? '正在查找网格在岗人员…'
                    : '该网格当前没有对应类别的在岗人员，请手动选择'
                  : '案件没有所属网格，请手动选择'
            }
          >
            <PersonSelect
              id="gd-step-assignee"
              label="处置责任人"
              persons={allPersons.data ?? []}
              activeOnly
              value={chosenAssignee}
              onChange={setAssignee}
              featured={{ label: `${detail.gridName ?? '本网格'} 在岗人员`, persons: gridPersons.data ?? [], ...(gridCode ? { gridCode } : {}) }}
              leading={<option value="">{allPersons.data ? '请选择…' : '正在读取人员…'}</option>}
            />
          </Field>
        )}
        {pendingReturn && (
          <div className="gd-stepdialog__context">
            <strong>{pendingReturn.requestedBy}</strong> 于 {formatDateTime(pendingReturn.requestedAt)} 申请退单
            {pendingReturn.reason && <div>理由：{pendingReturn.reason}</div>}
            {action === 'return_approve' && <div className="gd-muted">批准后工单退回 12345 平台，不再在本区办理；回传平台表将记为退单。</div>}
          </div>
        )}
        {asksReply && (
          <TextField
            id="gd-step-reply"
            label="答复内容"
            limit="description"
            multiline
            rows={4}
            isRequired={needsReply}
            error={problems.reply}
            value={reply}
            placeholder={needsReply ? '答复市民的办理结果，如：经现场核实，垃圾已于当日清运完毕' : '选填：拟写答复市民的办理结果，核查结案时可修改'}
            hint={needsReply ? `将回传 12345 平台；办结后 ${CALLBACK_LIMIT_TEXT}内回访市民` : undefined}
            onChange={setReply}
          />
        )}
        {action === 'extend_request' && (
          <Field
            label="申请的新期限"
            isRequired
            htmlFor="gd-step-due"
            error={problems.due}
            hint={detail.dueAt !== null ? `现有期限：${formatDateTime(detail.dueAt)}` : undefined}
          >
            <input id="gd-step-due" type="datetime-local" className="gd-input" value={due} onChange={(e) => setDue(e.target.value)} />
          </Field>
        )}
        <TextField
          id="gd-step-note"
          label={rule.needsReason ? '理由' : action === 'handle' ? '处置情况' : '说明'}
          limit="note"
          multiline
          isRequired={rule.needsReason}
          error={problems.note}
          value={note}
          placeholder={rule.needsReason ? (REASON_HINTS[action] ?? '必填') : '选填，将记入案件日志'}
          onChange={setNote}
        />
        {action === 'handle' && (
          <Field label="处置后照片" htmlFor="gd-step-photo" hint="选填：JPEG、PNG、GIF 或 WebP，最大 20 MB">
            <input
              id="gd-step-photo"
              type="file"
              accept="image/jpeg,image/png,image/gif,image/webp"
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            />
          </Field>
        )}
        {failure && (
          <div className="gd-stepdialog__error">
            <ErrorNotice error={failure} action={rule.label} />
          </div>
        )}
      </form>
    </Dialog>
  );
}

import { useState } from 'react';
import { UNIT_CODE_MAX, UNIT_KINDS, UNIT_KIND_LABELS, UNIT_NAME_MAX, type UnitKind, type UnitSummary } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/useToast';
import { UnitSelect } from './UnitSelect';

interface UnitDialogProps {
  /** The unit edited, or null for a new one. */
  readonly unit: UnitSummary | null;
  readonly units: readonly UnitSummary[];
  readonly onSaved: (id: number) => void;
  readonly onCancel: () => void;
}

const KIND_OPTIONS = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

/** A unit's code, name, kind, parent, street and phone; the host refuses duplicates with a reason shown here. */
export function UnitDialog({ unit, units, onSaved, onCancel }: UnitDialogProps) {
  const save = useWrite('units:save');
  const streets = useCall('grids:list', { level: 2 });
  const toast = useToast();
  const [code, setCode] = useState(unit?.code ?? '');
  const [name, setName] = useState(unit?.name ?? '');
  const [kind, setKind] = useState<UnitKind | ''>(unit?.kind ?? '');
  const [parentId, setParentId] = useState(unit?.parentId ? String(unit.parentId) : '');
  const [streetCode, setStreetCode] = useState(unit?.streetCode ?? '');
  const [phone, setPhone] = useState(unit?.phone ?? '');
  const [problems, setProblems] = useState<{ code?: string; name?: string; kind?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    const next: typeof problems = {};
    if (!code.trim()) next.code = '请填写单位编码';
    else if (!/^[0-9A-Za-z_-]{1,30}$/.test(code.trim())) next.code = '只能由字母、数字、“-”和“_”组成，最多 30 个字符';
    if (!name.trim()) next.name = '请填写单位名称';
    if (!kind) next.kind = '请选择单位类型';
    setProblems(next);
    if (next.code || next.name || next.kind || !kind) return;
    setBusy(true);
    setFailure(null);
    try {
      const { id } = await save({
        ...(unit ? { id: unit.id } : {}),
        code: code.trim(),
        name: name.trim(),
        kind,
        parentId: parentId ? Number(parentId) : null,
        streetCode: streetCode || null,
        phone: phone.trim() || null,
      });
      toast.show({ tone: 'success', text: unit ? `已保存：${name.trim()}` : `已新建责任单位：${name.trim()}` });
      onSaved(id);
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={unit ? '编辑责任单位' : '新建责任单位'}
      subtitle={unit ? <span className="gd-mono">{unit.code}</span> : '派遣案件、归属人员、考核的对象'}
      size="small"
      onClose={isBusy ? undefined : onCancel}
      footer={
        <>
          <button type="button" className="gd-button" onClick={onCancel} disabled={isBusy}>
            取消
          </button>
          <BusyButton className="gd-button gd-button--accent" isBusy={isBusy} onClick={() => void submit()}>
            {unit ? '保存' : '新建'}
          </BusyButton>
        </>
      }
    >
      <form
        className="gd-unitform"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="gd-unitform__row">
          <Field label="单位编码" htmlFor="gd-unit-code" isRequired error={problems.code}>
            <input id="gd-unit-code" className="gd-input gd-mono" maxLength={UNIT_CODE_MAX} value={code} placeholder="如 CG001" onChange={(e) => setCode(e.target.value)} />
          </Field>
          <SelectField<UnitKind>
            id="gd-unit-kind"
            label="单位类型"
            isRequired
            error={problems.kind}
            value={kind}
            placeholder="请选择…"
            options={KIND_OPTIONS}
            onChange={setKind}
          />
        </div>
        <Field label="单位名称" htmlFor="gd-unit-name" isRequired error={problems.name}>
          <input
            id="gd-unit-name"
            className="gd-input"
            maxLength={UNIT_NAME_MAX}
            value={name}
            placeholder="如：芙蓉区城管执法大队文艺路中队"
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label="上级单位" htmlFor="gd-unit-parent" hint="如执法中队的上级为城管执法大队">
          <UnitSelect id="gd-unit-parent" label="上级单位" units={units} value={parentId} placeholder="无（区级单位）" excludeId={unit?.id} onChange={setParentId} />
        </Field>
        <div className="gd-unitform__row">
          <SelectField
            id="gd-unit-street"
            label="负责街道"
            value={streetCode}
            placeholder="全区"
            options={(streets.data ?? []).map((g) => ({ value: g.code, label: g.name }))}
            onChange={setStreetCode}
          />
          <TextField id="gd-unit-phone" label="联系电话" limit="phone" value={phone} onChange={setPhone} />
        </div>
        {failure && <ErrorNotice error={failure} action={unit ? '保存责任单位' : '新建责任单位'} />}
      </form>
    </Dialog>
  );
}

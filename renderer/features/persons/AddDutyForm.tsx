import { useState } from 'react';
import { DUTY_ROLES, type Category, type DutyRole, type Grid } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { formatDate } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { useToast } from '../../ui/useToast';

interface AddDutyFormProps {
  /** The person given the duty; with `unitId`, the duty names that unit instead. */
  readonly personId: number;
  readonly unitId?: number;
  readonly personName: string;
  readonly streets: readonly Grid[];
  readonly gridsByStreet: ReadonlyMap<string, readonly Grid[]>;
  readonly bigClasses: readonly Category[];
  readonly onAdded: () => void;
  readonly onCancel: () => void;
}

const ROLE_OPTIONS = DUTY_ROLES.map((r) => ({ value: r, label: DUTY_ROLE_LABELS[r] }));

/** 定人定点定责定岗: a duty in a grid, for all or one big class, from a date. */
export function AddDutyForm({ personId, unitId, personName, streets, gridsByStreet, bigClasses, onAdded, onCancel }: AddDutyFormProps) {
  const addPersonDuty = useWrite('persons:add-duty');
  const addUnitDuty = useWrite('units:add-duty');
  const toast = useToast();
  const [gridCode, setGridCode] = useState('');
  const [role, setRole] = useState<DutyRole>('grid_worker');
  const [bigCode, setBigCode] = useState('');
  const [validFrom, setValidFrom] = useState(() => formatDate(Date.now()));
  const [validTo, setValidTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const gridGroups = streets.map((s) => ({ label: s.name, options: (gridsByStreet.get(s.code) ?? []).map((g) => ({ value: g.code, label: g.name })) }));
  const bigClassOptions = bigClasses.filter((c) => c.kind === 'event').map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));

  const submit = async () => {
    if (!gridCode) return setProblem('请选择网格');
    if (!validFrom) return setProblem('请填写开始日期');
    if (validTo && validTo < validFrom) return setProblem('结束日期不能早于开始日期');
    setProblem(null);
    setBusy(true);
    setFailure(null);
    try {
      const duty = { gridCode, role, categoryBigCode: bigCode || null, validFrom, validTo: validTo || null };
      await (unitId !== undefined ? addUnitDuty({ unitId, ...duty }) : addPersonDuty({ personId, ...duty }));
      toast.show({ tone: 'success', text: `已为${personName}添加岗位`, detail: DUTY_ROLE_LABELS[role] });
      onAdded();
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="gd-dutyform"
      aria-label="添加岗位"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <SelectField
        id="gd-duty-grid"
        label="网格"
        isRequired
        isSmall
        error={problem}
        placeholder="请选择社区网格…"
        options={gridGroups}
        value={gridCode}
        onChange={setGridCode}
      />
      <div className="gd-dutyform__row">
        <SelectField id="gd-duty-role" label="岗位" isSmall options={ROLE_OPTIONS} value={role} onChange={setRole} />
        <SelectField id="gd-duty-big" label="负责类别" isSmall placeholder="全部类别" options={bigClassOptions} value={bigCode} onChange={setBigCode} />
      </div>
      <div className="gd-dutyform__row">
        <Field label="开始日期" htmlFor="gd-duty-from">
          <input id="gd-duty-from" type="date" className="gd-input gd-input--small" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </Field>
        <Field label="结束日期" htmlFor="gd-duty-to" hint="不填表示长期">
          <input id="gd-duty-to" type="date" className="gd-input gd-input--small" value={validTo} onChange={(e) => setValidTo(e.target.value)} />
        </Field>
      </div>
      {failure && <ErrorNotice error={failure} action="添加岗位" />}
      <div className="gd-dutyform__buttons">
        <button type="button" className="gd-button gd-button--small" onClick={onCancel}>
          取消
        </button>
        <BusyButton type="submit" className="gd-button gd-button--small gd-button--accent" isBusy={isBusy}>
          添加岗位
        </BusyButton>
      </div>
    </form>
  );
}

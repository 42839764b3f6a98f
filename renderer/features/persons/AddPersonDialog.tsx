import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { mayCall } from '../../domain/permissions';
import { Field } from '../../ui/Field';
import { useOperator } from '../session/useOperator';
import { UnitSelect } from '../units/UnitSelect';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { TextField } from '../../ui/TextField';
import { useToast } from '../../ui/useToast';

/** A new responsible person: name, phone, unit (责任单位; free text where units cannot be read). Duties are added afterwards. */
export function AddPersonDialog({ onAdded, onCancel }: { onAdded: (id: number) => void; onCancel: () => void }) {
  const createPerson = useWrite('persons:create');
  const toast = useToast();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [organization, setOrganization] = useState('');
  const { operator } = useOperator();
  const withUnits = mayCall('units:list', operator);
  const units = useCall('units:list', { activeOnly: true }, { enabled: withUnits });
  const [unitId, setUnitId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    if (!name.trim()) return setProblem('请填写姓名');
    setProblem(null);
    setBusy(true);
    setFailure(null);
    try {
      const { id } = await createPerson({
        name: name.trim(),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(!withUnits && organization.trim() ? { organization: organization.trim() } : {}),
        ...(withUnits && unitId ? { unitId: Number(unitId) } : {}),
      });
      toast.show({ tone: 'success', text: `已添加人员：${name.trim()}`, detail: '可在右侧为其添加岗位' });
      onAdded(id);
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="添加人员"
      size="small"
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="gd-button" onClick={onCancel}>
            取消
          </button>
          <BusyButton className="gd-button gd-button--accent" isBusy={isBusy} onClick={() => void submit()}>
            添加
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
        <TextField id="gd-person-name" label="姓名" limit="name" isRequired error={problem} value={name} onChange={setName} />
        <TextField id="gd-person-phone" label="电话" limit="phone" value={phone} onChange={setPhone} />
        {withUnits ? (
          <Field label="所属单位" htmlFor="gd-person-unit" hint="派遣到单位的案件，单位内的处置人员可签收">
            <UnitSelect
              id="gd-person-unit"
              label="所属单位"
              units={units.data ?? []}
              value={unitId}
              placeholder={units.data ? '未指定' : '正在读取单位…'}
              onChange={setUnitId}
            />
          </Field>
        ) : (
          <TextField
            id="gd-person-org"
            label="单位"
            limit="organization"
            value={organization}
            placeholder="如：文艺路街道城管执法中队"
            onChange={setOrganization}
          />
        )}
        {failure && <ErrorNotice error={failure} action="添加人员" />}
      </form>
    </Dialog>
  );
}

import { useState } from 'react';
import type { Account, DutySummary } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { canEditReferenceData, mayCall } from '../../domain/permissions';
import { UnitSelect } from '../units/UnitSelect';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { formatDate } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/useToast';
import type { CaseFilterOptions } from '../cases/useCaseFilterOptions';
import { AddDutyForm } from './AddDutyForm';
import type { PersonRow } from './usePersonsData';

interface PersonPanelProps {
  readonly row: PersonRow;
  readonly operator: Account | null;
  readonly options: CaseFilterOptions;
  readonly onReassign: () => void;
  readonly onClose: () => void;
}

/** A duty as listed; `id` is there once persons:list returns it (needed to end the duty). */
type ListedDuty = DutySummary & { readonly id?: number };

/** One person: contact, duties (add / end), workload, activate or deactivate, reassign. Changes refresh the list through the cache. */
export function PersonPanel({ row, operator, options, onReassign, onClose }: PersonPanelProps) {
  const setPersonActive = useWrite('persons:set-active');
  const endPersonDuty = useWrite('persons:end-duty');
  const setPersonUnit = useWrite('persons:set-unit');
  const toast = useToast();
  const { person, workload } = row;
  const canEdit = canEditReferenceData(operator);
  const [isAddingDuty, setAddingDuty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const editTitle = canEdit ? undefined : '需监督员或管理员操作';
  const units = useCall('units:list', {}, { enabled: mayCall('units:list', operator) });

  const changeUnit = async (value: string) => {
    const unitId = value ? Number(value) : null;
    setBusy('unit');
    try {
      await setPersonUnit({ personId: person.id, unitId });
      const name = units.data?.find((u) => u.id === unitId)?.name;
      toast.show({ tone: 'success', text: name ? `${person.name}已归入${name}` : `${person.name}已移出所属单位` });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能调整所属单位', detail: toApiError(e).message });
    } finally {
      setBusy(null);
    }
  };

  const setActive = async (isActive: boolean) => {
    setBusy('active');
    try {
      await setPersonActive({ personId: person.id, isActive });
      toast.show({ tone: 'success', text: `${person.name}已${isActive ? '启用' : '停用'}` });
    } catch (e) {
      toast.show({ tone: 'error', text: `未能${isActive ? '启用' : '停用'}${person.name}`, detail: toApiError(e).message });
    } finally {
      setBusy(null);
    }
  };

  const endDuty = async (duty: ListedDuty) => {
    if (duty.id === undefined) return;
    setBusy(`duty-${duty.id}`);
    try {
      await endPersonDuty({ dutyId: duty.id, validTo: formatDate(Date.now()) });
      toast.show({ tone: 'success', text: '岗位已结束', detail: `${DUTY_ROLE_LABELS[duty.role]} · ${duty.gridName}（记录保留）` });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能结束岗位', detail: toApiError(e).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="gd-personpanel" aria-label="人员详情">
      <header className="gd-personpanel__head">
        <div>
          <h2>{person.name}</h2>
          <div className="gd-muted">
            {person.unitName ?? person.organization ?? '未填单位'}
            {person.phone ? ` · ${person.phone}` : ''}
          </div>
        </div>
        <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="关闭人员详情">
          <Icon name="close" size={14} />
        </button>
      </header>
      <dl className="gd-personpanel__load">
        <div>
          <dt>在办</dt>
          <dd>{workload?.open ?? 0}</dd>
        </div>
        <div className={workload && workload.overdue > 0 ? 'is-overdue' : ''}>
          <dt>超期</dt>
          <dd>{workload?.overdue ?? 0}</dd>
        </div>
        <div>
          <dt>本周结案</dt>
          <dd>{workload?.closedThisWeek ?? 0}</dd>
        </div>
      </dl>
      <div className="gd-personpanel__actions">
        <button
          type="button"
          className="gd-button gd-button--small"
          disabled={!canEdit || !workload || workload.open === 0}
          title={editTitle ?? (workload?.open ? undefined : '没有在办案件')}
          onClick={onReassign}
        >
          批量转派…
        </button>
        <BusyButton
          className={`gd-button gd-button--small${person.isActive ? ' gd-button--danger' : ''}`}
          isBusy={busy === 'active'}
          disabled={!canEdit}
          title={editTitle}
          onClick={() => void setActive(!person.isActive)}
        >
          {person.isActive ? '停用' : '启用'}
        </BusyButton>
        {!person.isActive && <span className="gd-tag">已停用：不再接收派遣</span>}
      </div>

      {units.data && (
        <section className="gd-personpanel__section gd-personpanel__unit" aria-label="所属单位">
          <h3>所属单位</h3>
          <UnitSelect
            id="gd-personpanel-unit"
            label="所属单位"
            className="gd-select gd-select--small"
            units={units.data}
            value={person.unitId ? String(person.unitId) : ''}
            placeholder="未指定"
            isDisabled={!canEdit || busy === 'unit'}
            onChange={(v) => void changeUnit(v)}
          />
        </section>
      )}

      <section className="gd-personpanel__section" aria-label="当前岗位">
        <h3>
          当前岗位 <span className="gd-muted">（{person.duties.length}）</span>
        </h3>
        {person.duties.length === 0 ? (
          <p className="gd-muted">没有有效的岗位。</p>
        ) : (
          <ul className="gd-duties">
            {(person.duties as readonly ListedDuty[]).map((d, k) => (
              <li key={`${d.gridCode}-${d.role}-${k}`} className="gd-duties__item">
                <span className="gd-tag gd-tag--info">{DUTY_ROLE_LABELS[d.role]}</span>
                <span className="gd-duties__grid">
                  {d.gridName}
                  <span className="gd-mono gd-muted">{d.gridCode}</span>
                </span>
                <span className="gd-duties__dates">
                  {d.categoryBigCode ? `类别 ${d.categoryBigCode} · ` : ''}
                  {d.validFrom} 起{d.validTo ? `，至 ${d.validTo}` : ''}
                </span>
                {d.id !== undefined && canEdit && (
                  <BusyButton className="gd-button gd-button--small" isBusy={busy === `duty-${d.id}`} onClick={() => void endDuty(d)}>
                    结束
                  </BusyButton>
                )}
              </li>
            ))}
          </ul>
        )}
        {isAddingDuty ? (
          <AddDutyForm
            personId={person.id}
            personName={person.name}
            streets={options.streets}
            gridsByStreet={options.gridsByStreet}
            bigClasses={options.bigClasses}
            onAdded={() => setAddingDuty(false)}
            onCancel={() => setAddingDuty(false)}
          />
        ) : (
          <button type="button" className="gd-button gd-button--small" disabled={!canEdit} title={editTitle} onClick={() => setAddingDuty(true)}>
            <Icon name="plus" size={13} />
            添加岗位
          </button>
        )}
      </section>
    </aside>
  );
}

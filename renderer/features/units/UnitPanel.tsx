import { useState } from 'react';
import { UNIT_KIND_LABELS, type UnitSummary } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { formatDate } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/useToast';
import type { CaseFilterOptions } from '../cases/useCaseFilterOptions';
import { AddDutyForm } from '../persons/AddDutyForm';

interface UnitPanelProps {
  readonly unit: UnitSummary;
  readonly canEdit: boolean;
  readonly options: CaseFilterOptions;
  /** 停用 / 启用 under way. */
  readonly isBusy: boolean;
  readonly onEdit: () => void;
  readonly onToggle: () => void;
  readonly onClose: () => void;
}

/** One unit: what it is, its staff and open cases, and the grids it answers for (its own duties: add, end). */
export function UnitPanel({ unit, canEdit, options, isBusy, onEdit, onToggle, onClose }: UnitPanelProps) {
  const endDuty = useWrite('persons:end-duty');
  const toast = useToast();
  const [isAdding, setAdding] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);

  const end = async (dutyId: number, label: string) => {
    setBusy(dutyId);
    try {
      await endDuty({ dutyId, validTo: formatDate(Date.now()) });
      toast.show({ tone: 'success', text: '岗位已结束', detail: `${label}（记录保留）` });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能结束岗位', detail: toApiError(e).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="gd-personpanel" aria-label="单位详情">
      <header className="gd-personpanel__head">
        <div>
          <h2>{unit.name}</h2>
          <div className="gd-muted">
            <span className="gd-mono">{unit.code}</span> · {UNIT_KIND_LABELS[unit.kind]} · {unit.streetName ?? '全区'}
            {unit.parentName ? ` · 上级：${unit.parentName}` : ''}
          </div>
        </div>
        <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="关闭单位详情">
          <Icon name="close" size={14} />
        </button>
      </header>
      <dl className="gd-personpanel__load">
        <div>
          <dt>在岗人员</dt>
          <dd>{unit.persons}</dd>
        </div>
        <div>
          <dt>在办案件</dt>
          <dd>{unit.openCases}</dd>
        </div>
        <div>
          <dt>负责网格</dt>
          <dd>{new Set(unit.duties.map((d) => d.gridCode)).size}</dd>
        </div>
      </dl>
      {canEdit && (
        <div className="gd-personpanel__actions">
          <button type="button" className="gd-button gd-button--small" onClick={onEdit}>
            编辑…
          </button>
          <BusyButton className={`gd-button gd-button--small${unit.active ? ' gd-button--danger' : ''}`} isBusy={isBusy} onClick={onToggle}>
            {unit.active ? '停用' : '启用'}
          </BusyButton>
          {!unit.active && <span className="gd-tag">已停用：不再接收派遣</span>}
        </div>
      )}
      <section className="gd-personpanel__section" aria-label="单位岗位">
        <h3>
          单位岗位 <span className="gd-muted">（{unit.duties.length}）</span>
        </h3>
        <p className="gd-muted gd-unitpanel__hint">网格内没有对应的在岗人员时，案件派遣到负责该网格的单位，由单位内的处置人员签收。</p>
        {unit.duties.length === 0 ? (
          <p className="gd-muted">没有有效的单位岗位。</p>
        ) : (
          <ul className="gd-duties">
            {unit.duties.map((d) => {
              const label = `${DUTY_ROLE_LABELS[d.role]} · ${d.gridName}`;
              return (
                <li key={d.id} className="gd-duties__item">
                  <span className="gd-tag gd-tag--info">{DUTY_ROLE_LABELS[d.role]}</span>
                  <span className="gd-duties__grid">
                    {d.gridName}
                    <span className="gd-mono gd-muted">{d.gridCode}</span>
                  </span>
                  <span className="gd-duties__dates">
                    {d.categoryBigCode ? `类别 ${d.categoryBigCode} · ` : ''}
                    {d.validFrom} 起{d.validTo ? `，至 ${d.validTo}` : ''}
                  </span>
                  {canEdit && (
                    <BusyButton className="gd-button gd-button--small" isBusy={busy === d.id} aria-label={`结束${label}`} onClick={() => void end(d.id, label)}>
                      结束
                    </BusyButton>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {isAdding ? (
          <AddDutyForm
            personId={0}
            unitId={unit.id}
            personName={unit.name}
            streets={options.streets}
            gridsByStreet={options.gridsByStreet}
            bigClasses={options.bigClasses}
            onAdded={() => setAdding(false)}
            onCancel={() => setAdding(false)}
          />
        ) : (
          canEdit &&
          unit.active && (
            <button type="button" className="gd-button gd-button--small" onClick={() => setAdding(true)}>
              <Icon name="plus" size={13} />
              添加岗位
            </button>
          )
        )}
      </section>
    </aside>
  );
}

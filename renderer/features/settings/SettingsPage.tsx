import { useState } from 'react';
import { canEditReferenceData } from '../../domain/permissions';
import { useOperator } from '../operators/useOperator';
import { CalendarSettings } from './CalendarSettings';
import { CategorySettings } from './CategorySettings';
import './settings.css';

type SettingsTab = 'calendar' | 'categories';

const TABS: readonly { id: SettingsTab; label: string }[] = [
  { id: 'calendar', label: '工作日历' },
  { id: 'categories', label: '案件类别与时限' },
];

/** 设置: the working calendar (deadlines count working time) and the category table with its limits. */
export function SettingsPage() {
  const [tab, setTab] = useState<SettingsTab>('calendar');
  const { operator } = useOperator();
  const canEdit = canEditReferenceData(operator);
  return (
    <div className="gd-settings">
      <header className="gd-pagehead">
        <h1>设置</h1>
        <div className="gd-settings__tabs" role="tablist" aria-label="设置项">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`gd-settings-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`gd-settings-panel-${t.id}`}
              className="gd-settings__tab"
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="gd-pagehead__spacer" />
        {!canEdit && <span className="gd-muted">只读：修改设置需监督员或管理员</span>}
      </header>
      <div className="gd-settings__body" role="tabpanel" id={`gd-settings-panel-${tab}`} aria-labelledby={`gd-settings-tab-${tab}`}>
        {tab === 'calendar' ? <CalendarSettings canEdit={canEdit} /> : <CategorySettings canEdit={canEdit} />}
      </div>
    </div>
  );
}

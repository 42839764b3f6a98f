import type { CallName } from '../../../electron/contract';
import { useUrlState } from '../../app/urlState';
import { mayCall, rolesFor } from '../../domain/permissions';
import { BackupSettings } from '../backup/BackupSettings';
import { OperatorsSettings } from '../operators/OperatorsSettings';
import { useOperator } from '../session/useOperator';
import { SettingsLogPage } from '../settingsLog/SettingsLogPage';
import { CalendarSettings } from './CalendarSettings';
import { CategorySettings } from './CategorySettings';
import { SecuritySettings } from './SecuritySettings';
import { HostModeSettings } from './HostModeSettings';
import { DeskConnectionSettings } from './DeskConnectionSettings';
import { detectTransport } from '../../api/client';
import { SupervisionSettings } from './SupervisionSettings';
import './settings.css';

type SettingsTab = 'calendar' | 'categories' | 'supervision' | 'operators' | 'security' | 'log' | 'backup' | 'host' | 'desk';

interface TabSpec {
  readonly id: SettingsTab;
  readonly label: string;
  /** The call whose access decides whether the tab is offered. */
  readonly call: CallName;
  /** The call whose access decides whether the tab's content can be changed. */
  readonly edit?: CallName;
  /** Offered in GridDesk's own window only. */
  readonly desktopOnly?: boolean;
}

const TABS: readonly TabSpec[] = [
  { id: 'calendar', label: '工作日历', call: 'calendar:get', edit: 'calendar:set-day' },
  { id: 'categories', label: '案件类别与时限', call: 'categories:list', edit: 'categories:update' },
  { id: 'supervision', label: '催办督办', call: 'supervision:ladders', edit: 'supervision:set-ladder' },
  { id: 'operators', label: '操作员', call: 'operators:accounts' },
  { id: 'security', label: '安全', call: 'security:set' },
  { id: 'log', label: '设置记录', call: 'settings:log' },
  { id: 'backup', label: '备份', call: 'backup:status' },
  { id: 'host', label: '多席位', call: 'host:status' },
  { id: 'desk', label: '连接到主机', call: 'desk:connect', desktopOnly: true },
];

const isTab = (value: string | null): value is SettingsTab => TABS.some((t) => t.id === value);

/**
 * 设置: the working calendar, the category table and the 催办督办 rules for everyone (each changed by the
 * roles the host lets), and the administrators' pages — operators, security, the settings log (managers
 * read it too), backups — offered by role. The tab is in the address (#/settings?tab=log). A tab addressed
 * by someone it is not offered to still opens: the host refuses what the role may not do, and the page
 * shows which role is needed.
 */
export function SettingsPage() {
  const { route, setQuery } = useUrlState();
  const { operator } = useOperator();
  const asked = new URLSearchParams(route.query ?? '').get('tab');
  const tab: SettingsTab = isTab(asked) ? asked : 'calendar';
  const offered = TABS.filter((t) => (mayCall(t.call, operator) && (!t.desktopOnly || detectTransport() === 'electron')) || t.id === tab);
  const spec = TABS.find((t) => t.id === tab)!;
  const canEdit = spec.edit ? mayCall(spec.edit, operator) : true;

  return (
    <div className="gd-settings">
      <header className="gd-pagehead">
        <h1>设置</h1>
        <div className="gd-settings__tabs" role="tablist" aria-label="设置项">
          {offered.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`gd-settings-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`gd-settings-panel-${t.id}`}
              className="gd-settings__tab"
              onClick={() => setQuery(t.id === 'calendar' ? '' : `tab=${t.id}`)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="gd-pagehead__spacer" />
        {spec.edit && !canEdit && <span className="gd-muted">只读：修改{spec.label}需{rolesFor(spec.edit)}</span>}
      </header>
      <div className="gd-settings__body" role="tabpanel" id={`gd-settings-panel-${tab}`} aria-labelledby={`gd-settings-tab-${tab}`}>
        {renderTab()}
      </div>
    </div>
  );

  function renderTab() {
    switch (tab) {
      case 'calendar':
        return <CalendarSettings canEdit={canEdit} />;
      case 'categories':
        return <CategorySettings canEdit={canEdit} />;
      case 'supervision':
        return <SupervisionSettings />;
      case 'operators':
        return <OperatorsSettings />;
      case 'security':
        return <SecuritySettings />;
      case 'log':
        return <SettingsLogPage />;
      case 'backup':
        return <BackupSettings />;
      case 'host':
        return <HostModeSettings />;
      case 'desk':
        return <DeskConnectionSettings />;
    }
  }
}

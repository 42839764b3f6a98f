import { useEffect, useMemo, useState } from 'react';
import type { SettingsLogEntry } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { useCall } from '../../api/useCall';
import { mayCall } from '../../domain/permissions';
import { DAY_MS, formatDateTime, parseDate } from '../../domain/time';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Select } from '../../ui/SelectField';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from '../session/useOperator';
import { SETTINGS_ACTION_LABELS, actionLabel } from './actionLabel';
import { describeChange } from './describeChange';
import { LoginLog } from './LoginLog';
import './settingsLog.css';

const PAGE = 100;
const MAX_LIMIT = 1000;

type View = 'settings' | 'logins';

/** 设置记录: every administrative change with who, when, what and the value before and after; 登录记录 beside it. */
export function SettingsLogPage() {
  const { operator } = useOperator();
  const canSeeLogins = mayCall('settings:login-log', operator);
  const [view, setView] = useState<View>('settings');
  return (
    <div className="gd-settingslog">
      {canSeeLogins && (
        <div className="gd-segmented gd-settingslog__views" role="group" aria-label="记录">
          <button type="button" className="gd-segmented__item" aria-pressed={view === 'settings'} onClick={() => setView('settings')}>
            设置记录
          </button>
          <button type="button" className="gd-segmented__item" aria-pressed={view === 'logins'} onClick={() => setView('logins')}>
            登录记录
          </button>
        </div>
      )}
      {view === 'logins' && canSeeLogins ? <LoginLog /> : <SettingsLog />}
    </div>
  );
}

interface Filters {
  readonly action: string;
  readonly operatorId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

const NO_FILTERS: Filters = { action: '', operatorId: '', from: '', to: '', text: '' };

function SettingsLog() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const operators = useCall('operators:list', {});

  // Typing filters after a pause, not on every key.
  useEffect(() => {
    const timer = window.setTimeout(() => setFilters((f) => (f.text === text.trim() ? f : { ...f, text: text.trim() })), 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  const from = filters.from ? parseDate(filters.from) : null;
  const toDay = filters.to ? parseDate(filters.to) : null;
  const rangeProblem = from !== null && toDay !== null && toDay < from ? '结束日期早于开始日期' : null;
  const input = {
    limit,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.operatorId ? { operatorId: Number(filters.operatorId) } : {}),
    ...(from !== null ? { from } : {}),
    ...(toDay !== null ? { to: toDay + DAY_MS } : {}),
    ...(filters.text ? { text: filters.text } : {}),
  };
  const log = useCall('settings:log', input, { enabled: rangeProblem === null });

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setLimit(PAGE);
  };
  const isFiltered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) || text !== '';

  const actionOptions = useMemo(() => Object.keys(SETTINGS_ACTION_LABELS).map((a) => ({ value: a, label: actionLabel(a) })), []);
  const operatorOptions = useMemo(
    () => (operators.data ?? []).map((o) => ({ value: String(o.id), label: `${o.name}（${OPERATOR_ROLE_LABELS[o.role]}${o.isActive ? '' : '，已停用'}）` })),
    [operators.data],
  );

  const items = log.data?.items ?? [];
  const total = log.data?.total ?? 0;

  return (
    <section className="gd-settings__card gd-settingslog__card" aria-label="设置记录">
      <div className="gd-settingslog__filters" role="search" aria-label="筛选设置记录">
        <Select label="操作" isSmall placeholder="全部操作" options={actionOptions} value={filters.action} onChange={(v) => change({ action: v })} />
        <Select label="操作员" isSmall placeholder="全部操作员" options={operatorOptions} value={filters.operatorId} onChange={(v) => change({ operatorId: v })} />
        <span className="gd-settingslog__range">
          <input type="date" className="gd-input gd-input--small" aria-label="开始日期" value={filters.from} onChange={(e) => change({ from: e.target.value })} />
          <span className="gd-muted">至</span>
          <input type="date" className="gd-input gd-input--small" aria-label="结束日期" value={filters.to} onChange={(e) => change({ to: e.target.value })} />
        </span>
        <input
          type="search"
          className="gd-input gd-input--small gd-settingslog__text"
          aria-label="搜索对象、操作员或说明"
          placeholder="搜索对象、操作员或说明"
          maxLength={TEXT_LIMITS.search}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setLimit(PAGE);
          }}
        />
        {isFiltered && (
          <button
            type="button"
            className="gd-linkbutton"
            onClick={() => {
              setFilters(NO_FILTERS);
              setText('');
              setLimit(PAGE);
            }}
          >
            清除筛选
          </button>
        )}
        <span className="gd-pagehead__spacer" />
        {log.data && (
          <span className="gd-muted gd-settingslog__count">
            {items.length < total ? `显示最近 ${items.length} 条，共 ${total} 条` : `共 ${total} 条`}
          </span>
        )}
      </div>
      {rangeProblem ? (
        <p className="gd-settingslog__problem" role="alert">
          {rangeProblem}
        </p>
      ) : log.error ? (
        <ErrorNotice error={log.error} action="读取设置记录" onRetry={log.reload} />
      ) : !log.data ? (
        <Spinner label="正在读取设置记录…" />
      ) : items.length === 0 ? (
        <p className="gd-empty">{isFiltered ? '没有符合条件的记录。' : '还没有设置记录。'}</p>
      ) : (
        <>
          <table className="gd-table gd-logtable" aria-label="设置记录列表">
            <thead>
              <tr>
                <th>时间</th>
                <th>操作员</th>
                <th>操作</th>
                <th>对象</th>
                <th>变更（修改前 → 修改后）</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <LogRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
          {items.length < total && limit < MAX_LIMIT && (
            <div className="gd-settingslog__more">
              <button type="button" className="gd-button gd-button--small" disabled={log.isLoading} onClick={() => setLimit((l) => Math.min(MAX_LIMIT, l + PAGE))}>
                {log.isLoading ? '正在读取…' : '显示更多'}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function LogRow({ entry }: { entry: SettingsLogEntry }) {
  const lines = describeChange(entry.action, entry.before, entry.after);
  return (
    <tr data-log-id={entry.id}>
      <td className="gd-mono gd-logtable__time">{formatDateTime(entry.at)}</td>
      <td className="gd-logtable__who">{entry.actorName}</td>
      <td className="gd-logtable__action">
        <span className="gd-logtable__action-label">{actionLabel(entry.action)}</span>
      </td>
      <td className="gd-logtable__target">{entry.target}</td>
      <td className="gd-logtable__change">
        {lines.length === 0 ? (
          <span className="gd-muted">—</span>
        ) : (
          <ul className="gd-change">
            {lines.map((line, i) => (
              <li key={i} className="gd-change__line">
                {line.label && <span className="gd-change__label">{line.label}</span>}
                <span className="gd-change__values">
                  {line.before !== null && <span className="gd-change__before">{line.before}</span>}
                  {line.before !== null && line.after !== null && (
                    <span className="gd-change__arrow" aria-label="改为">
                      →
                    </span>
                  )}
                  {line.after !== null ? (
                    <span className={line.before === null ? 'gd-change__new' : 'gd-change__after'}>{line.after}</span>
                  ) : (
                    <span className="gd-muted">（已移除）</span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {entry.note && <div className="gd-logtable__note">说明：{entry.note}</div>}
      </td>
    </tr>
  );
}

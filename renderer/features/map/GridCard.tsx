import { useMemo } from 'react';
import { OPEN_STATUSES, type GridTreeNode, type NamedFigures } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { mayCall } from '../../domain/permissions';
import { useOperator } from '../session/useOperator';

const LEVEL_LABEL: Record<GridTreeNode['level'], string> = { 1: '区', 2: '街道', 3: '社区网格' };

interface GridCardProps {
  readonly node: GridTreeNode;
  readonly parentName: string | null;
  /** This week's figures of this grid or street (stats:week), null while loading or absent. */
  readonly week: NamedFigures | null;
  readonly weekLabel: string | null;
  readonly onClose: () => void;
  /** Keep only this grid's cases on the map. */
  readonly onFilterMap: (code: string, level: GridTreeNode['level']) => void;
}

function rate(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** 网格名片: persons and units on duty, open and overdue cases, this week's figures, and the way into the case list. */
export function GridCard({ node, parentName, week, weekLabel, onClose, onFilterMap }: GridCardProps) {
  const persons = useCall('persons:list', { gridCode: node.code, activeOnly: true }, { enabled: node.level === 3 });
  const onDuty = useMemo(
    () =>
      (persons.data ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        phone: p.phone,
        roles: [...new Set(p.duties.filter((d) => d.gridCode === node.code).map((d) => DUTY_ROLE_LABELS[d.role]))],
      })),
    [persons.data, node.code],
  );
  // 定责 to a department: the units whose own duties cover this grid (a dispatch with nobody on duty goes there).
  const { operator } = useOperator();
  const canReadUnits = mayCall('units:list', operator);
  const units = useCall('units:list', { activeOnly: true }, { enabled: node.level === 3 && canReadUnits });
  const unitsOnDuty = useMemo(() => {
    const out: { key: string; name: string; phone: string | null; roles: string[] }[] = [];
    for (const u of units.data ?? []) {
      const duties = u.duties.filter((d) => d.gridCode === node.code);
      if (duties.length === 0) continue;
      const roles = duties.map((d) => `${DUTY_ROLE_LABELS[d.role]}${d.categoryBigCode ? `（类别 ${d.categoryBigCode}）` : ''}`);
      out.push({ key: `u${u.id}`, name: u.name, phone: u.phone, roles: [...new Set(roles)] });
    }
    // Then the units the persons on duty here belong to.
    const listed = new Set(out.map((u) => u.name));
    const staff = new Map<string, string[]>();
    for (const p of persons.data ?? []) {
      if (!p.unitName || listed.has(p.unitName) || !p.duties.some((d) => d.gridCode === node.code)) continue;
      staff.set(p.unitName, [...(staff.get(p.unitName) ?? []), p.name]);
    }
    for (const [name, names] of staff) out.push({ key: `p${name}`, name, phone: null, roles: [`${names.join('、')} 所属`] });
    return out;
  }, [units.data, persons.data, node.code]);
  return (
    <section className="gd-selcard gd-gridcard" aria-label="当前选择">
      <header className="gd-selcard__head">
        <span className="gd-selcard__level">{LEVEL_LABEL[node.level]}</span>
        <h2 className="gd-selcard__name">{node.name}</h2>
        <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="取消选择" title="取消选择">
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="gd-selcard__meta">
        编码 <span className="gd-mono">{node.code}</span>
        {parentName && <> · 属 {parentName}</>}
      </div>
      <dl className="gd-selcard__counts">
        <div>
          <dt>在办</dt>
          <dd>{node.openIncidents}</dd>
        </div>
        <div className={node.overdueIncidents > 0 ? 'is-overdue' : undefined}>
          <dt>超期未结</dt>
          <dd>{node.overdueIncidents}</dd>
        </div>
        <div>
          <dt>累计案件</dt>
          <dd>{node.totalIncidents}</dd>
        </div>
      </dl>
      {week && (
        <div className="gd-gridcard__week" aria-label="本周">
          <div className="gd-gridcard__subhead">本周{weekLabel ? <span className="gd-muted gd-gridcard__period">{weekLabel}</span> : null}</div>
          <dl className="gd-gridcard__figures">
            <div><dt>受理</dt><dd>{week.received}</dd></div>
            <div><dt>应结案</dt><dd>{week.due}</dd></div>
            <div><dt>结案</dt><dd>{week.closed}</dd></div>
            <div><dt>按期结案率</dt><dd>{rate(week.onTimeRate)}</dd></div>
          </dl>
        </div>
      )}
      {node.level === 3 && (
        <OnDutyList label="在岗人员" isLoading={persons.isLoading && !persons.data} items={onDuty.map((p) => ({ key: String(p.id), ...p }))} empty="暂无在岗人员" />
      )}
      {node.level === 3 && canReadUnits && (
        <OnDutyList label="责任单位" className="gd-gridcard__units" isLoading={units.isLoading && !units.data} items={unitsOnDuty} empty="暂无责任单位" />
      )}
      <div className="gd-selcard__links">
        <a href={casesHref(node, '')}>显示这些案件</a>
        <a href={casesHref(node, `status=${OPEN_STATUSES.join(',')}`)}>查看在办案件</a>
        <a href={casesHref(node, 'overdue=1&sort=due_asc')}>查看超期案件</a>
        {node.level > 1 && (
          <button type="button" className="gd-linkbutton" onClick={() => onFilterMap(node.code, node.level)}>
            地图只看此处
          </button>
        )}
      </div>
    </section>
  );
}

interface OnDutyItem {
  readonly key: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly phone: string | null;
}

/** One part of the card's 定人定责: who (or which unit) answers for the grid, in what role, and how to call them. */
function OnDutyList({ label, className, isLoading, items, empty }: { label: string; className?: string; isLoading: boolean; items: readonly OnDutyItem[]; empty: string }) {
  return (
    <div className={`gd-gridcard__persons${className ? ` ${className}` : ''}`} aria-label={label}>
      <div className="gd-gridcard__subhead">{label}</div>
      {isLoading ? (
        <Spinner label="正在读取…" />
      ) : items.length ? (
        <ul>
          {items.map((p) => (
            <li key={p.key}>
              <span className="gd-gridcard__person">{p.name}</span>
              <span className="gd-muted">{p.roles.join('、')}</span>
              {p.phone && <span className="gd-mono gd-gridcard__phone">{p.phone}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <div className="gd-muted">{empty}</div>
      )}
    </div>
  );
}

/** The case list filtered to this street or grid (the district: no place filter). */
export function casesHref(node: Pick<GridTreeNode, 'code' | 'level'>, filter: string): string {
  const place = node.level === 2 ? `street=${node.code}` : node.level === 3 ? `grid=${node.code}` : '';
  const q = [place, filter].filter(Boolean).join('&');
  return q ? `#/cases?${q}` : '#/cases';
}

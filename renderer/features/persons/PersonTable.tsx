import type { DutySummary } from '../../../electron/contract';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import type { PersonRow } from './usePersonsData';

interface PersonTableProps {
  readonly rows: readonly PersonRow[];
  readonly selectedId: number | null;
  readonly onSelect: (id: number) => void;
}

function dutySummary(duties: readonly DutySummary[]): string {
  const first = duties[0];
  if (!first) return '—';
  const text = `${DUTY_ROLE_LABELS[first.role]} · ${first.gridName}`;
  return duties.length > 1 ? `${text} 等 ${duties.length} 个岗位` : text;
}

/** Persons with duties and workload; a click selects one for the panel. */
export function PersonTable({ rows, selectedId, onSelect }: PersonTableProps) {
  return (
    <div className="gd-persontable__scroll">
      <table className="gd-persontable" aria-label="人员列表">
        <thead>
          <tr>
            <th>姓名</th>
            <th>单位</th>
            <th>电话</th>
            <th>当前岗位</th>
            <th className="gd-num">在办</th>
            <th className="gd-num">超期</th>
            <th className="gd-num">本周结案</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ person, workload }) => (
            <tr
              key={person.id}
              className={`${person.id === selectedId ? 'is-selected' : ''}${person.isActive ? '' : ' is-inactive'}`}
              aria-selected={person.id === selectedId}
              onClick={() => onSelect(person.id)}
            >
              <td>
                <button type="button" className="gd-persontable__name" onClick={() => onSelect(person.id)}>
                  {person.name}
                </button>
              </td>
              <td className="gd-persontable__muted">{person.unitName ?? person.organization ?? '—'}</td>
              <td className="gd-mono gd-persontable__muted">{person.phone ?? '—'}</td>
              <td className="gd-persontable__duty" title={person.duties.map((d) => `${DUTY_ROLE_LABELS[d.role]} · ${d.gridName}`).join('\n')}>
                {dutySummary(person.duties)}
              </td>
              <td className="gd-num">{workload?.open ?? 0}</td>
              <td className={`gd-num${workload && workload.overdue > 0 ? ' gd-tone--overdue' : ''}`}>{workload?.overdue ?? 0}</td>
              <td className="gd-num">{workload?.closedThisWeek ?? 0}</td>
              <td>{person.isActive ? <span className="gd-tag gd-tag--info">在岗</span> : <span className="gd-tag">已停用</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className="gd-empty">没有符合条件的人员。</div>}
    </div>
  );
}

import type { StatsReport } from '../../../electron/contract';
import { formatDateTime } from '../../domain/time';
import { NoticesButton } from '../notices/NoticesButton';
import { Panel } from './Panel';
import { caseLink, figureLink } from './caseLinks';

interface OverduePanelProps {
  readonly report: StatsReport;
  readonly week: string;
  readonly onNavigate: (hash: string) => void;
}

const SHOWN = 8;

function overdueText(hours: number): string {
  return hours >= 24 ? `${(hours / 24).toFixed(1)} 天` : `${hours.toFixed(1)} 小时`;
}

/** The cases most overdue at the end of the week, to chase first. */
export function OverduePanel({ report, week, onNavigate }: OverduePanelProps) {
  const items = [...report.overdueList].sort((a, b) => b.overdueHours - a.overdueHours).slice(0, SHOWN);
  const all = figureLink('overdueOpen', { code: report.area.code, level: report.area.level }, week);
  return (
    <Panel
      title="超期未结案件"
      note={report.overdueList.length ? `共 ${report.overdueList.length >= 200 ? '200+' : report.overdueList.length} 件，最久的 ${items.length} 件` : undefined}
      tools={
        <>
          {all && report.overdueList.length > 0 && (
            <button type="button" className="gd-linkbutton gd-stats-more" onClick={() => onNavigate(all.hash)}>
              在案件中查看
            </button>
          )}
          <NoticesButton areaCode={report.area.level === 1 ? null : report.area.code} isSmall />
        </>
      }
    >
      {items.length === 0 ? (
        <div className="gd-stats-empty">本周末没有超期未结案件。</div>
      ) : (
        <ul className="gd-overdue">
          {items.map((o) => (
            <li key={o.id}>
              <button type="button" className="gd-overdue__row" title={`打开案件 ${o.caseNo}`} onClick={() => onNavigate(caseLink(o.id))}>
                <span className="gd-overdue__main">
                  <span className="gd-overdue__no gd-mono">{o.caseNo}</span>
                  <span className="gd-overdue__cat">{o.categoryName}</span>
                </span>
                <span className="gd-overdue__where">
                  {[o.streetName, o.gridName].filter(Boolean).join(' · ')}
                  {o.assigneeName ? ` · ${o.assigneeName}` : ' · 未分配'}
                </span>
                <span className="gd-overdue__late" title={`处置期限 ${formatDateTime(o.dueAt)}`}>
                  超期 {overdueText(o.overdueHours)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

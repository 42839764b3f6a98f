import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { casesLinkForDates } from './assessLinks';
import { HEADLINE_METRICS, changeOf, formatMetric } from '../stats/figures';
import { monthDates, monthTitle, shiftMonth } from './month';
import '../stats/stats.css';

interface MonthCardsProps {
  readonly month: string;
  readonly onNavigate: (hash: string) => void;
}

const SHOWN = new Set(['received', 'registered', 'due', 'closed', 'overdueOpen', 'closureRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'avgHandlingHours']);

/** The month's headline figures (the statistics over the calendar month), each against the month before. */
export function MonthCards({ month, onNavigate }: MonthCardsProps) {
  const dates = monthDates(month);
  const before = monthDates(shiftMonth(month, -1));
  const figures = useCall('stats:period', { from: dates.first, to: dates.last });
  const previous = useCall('stats:period', { from: before.first, to: before.last });
  if (figures.error) return <ErrorNotice error={figures.error} action="统计本月指标" onRetry={figures.reload} />;
  const totals = figures.data?.totals;
  const prior = previous.data?.totals ?? null;
  if (!totals) return null;
  const received = casesLinkForDates(dates.first, dates.last);
  return (
    <div className="gd-kpis gd-assess-kpis" aria-label={`${monthTitle(month)}指标`} role="group">
      {HEADLINE_METRICS.filter((m) => SHOWN.has(m.key)).map((m) => {
        const value = totals[m.key];
        const was = prior ? prior[m.key] : null;
        const change = changeOf(m.kind, m.direction, value, was);
        const isAlert = m.key === 'overdueOpen' && typeof value === 'number' && value > 0;
        return (
          <div key={m.key} className={`gd-kpi${isAlert ? ' is-alert' : ''}`} role="group" aria-label={m.label}>
            <div className="gd-kpi__label" title={m.hint.replace(/本周/g, '本月')}>
              {m.label}
            </div>
            {m.key === 'received' ? (
              <button type="button" className="gd-kpi__value gd-kpi__value--link" title="查看本月上报的案件" onClick={() => onNavigate(received)}>
                {formatMetric(m.kind, value)}
              </button>
            ) : (
              <div className="gd-kpi__value">
                {formatMetric(m.kind, value)}
                {m.kind === 'hours' && value !== null && <span className="gd-kpi__unit">小时</span>}
              </div>
            )}
            <div className={`gd-kpi__change is-${change.tone}`} title={`上月：${formatMetric(m.kind, was ?? null)}`}>
              <span className="gd-visually-hidden">{change.spoken.replace(/上周/g, '上月')}</span>
              <span aria-hidden="true">{change.text.replace(/上周/g, '上月')}</span>
            </div>
          </div>
        );
      })}
    </div>
  );
}

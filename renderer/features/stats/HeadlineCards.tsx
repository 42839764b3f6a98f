import type { Figures } from '../../../electron/contract';
import { figureLink, type AreaScope } from './caseLinks';
import { HEADLINE_METRICS, changeOf, formatCount, formatMetric } from './figures';

interface HeadlineCardsProps {
  readonly totals: Figures;
  readonly previous: Figures | null;
  readonly area: AreaScope;
  readonly week: string;
  readonly onNavigate: (hash: string) => void;
}

/** This week's headline figures, each with its change from last week (green good, red bad). */
export function HeadlineCards({ totals, previous, area, week, onNavigate }: HeadlineCardsProps) {
  return (
    <div className="gd-kpis">
      {HEADLINE_METRICS.map((m) => {
        const value = totals[m.key];
        const before = previous ? previous[m.key] : null;
        const change = changeOf(m.kind, m.direction, value, before);
        const link = figureLink(m.key, area, week);
        const shown = formatMetric(m.kind, value);
        const isAlert = m.key === 'overdueOpen' && typeof value === 'number' && value > 0;
        const body = (
          <>
            {shown}
            {m.kind === 'hours' && value !== null && <span className="gd-kpi__unit">小时</span>}
          </>
        );
        return (
          <div key={m.key} className={`gd-kpi${isAlert ? ' is-alert' : ''}`} role="group" aria-label={m.label}>
            <div className="gd-kpi__label" title={m.hint}>
              {m.label}
            </div>
            {link ? (
              <button type="button" className="gd-kpi__value gd-kpi__value--link" title={`查看${link.description}`} onClick={() => onNavigate(link.hash)}>
                {body}
              </button>
            ) : (
              <div className="gd-kpi__value">{body}</div>
            )}
            <div
              className={`gd-kpi__change is-${change.tone}`}
              title={`上周：${formatMetric(m.kind, before ?? null)}${m.kind === 'hours' && before !== null ? ' 小时' : ''}`}
            >
              <span className="gd-visually-hidden">{change.spoken}</span>
              <span aria-hidden="true">{change.text}</span>
            </div>
          </div>
        );
      })}
      <div className="gd-kpi gd-kpi--more" role="group" aria-label="其他">
        <div className="gd-kpi__label">其他</div>
        <dl className="gd-kpi__list">
          <div>
            <dt>超期结案</dt>
            <dd>{formatCount(totals.closedLate)}</dd>
          </div>
          <div>
            <dt>返工</dt>
            <dd>{formatCount(totals.rework)}</dd>
          </div>
          <div>
            <dt>延期</dt>
            <dd>{formatCount(totals.extended)}</dd>
          </div>
          <div>
            <dt>挂账</dt>
            <dd>{formatCount(totals.hung)}</dd>
          </div>
          <div>
            <dt>自行处置</dt>
            <dd>{formatCount(totals.fixedOnSpot)}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}

import type { StatsReport } from '../../../electron/contract';
import { Panel } from './Panel';
import { cleanupWording, formatCount } from './figures';

/** 清理成效: closed cases counted by their cleanup label (清理垃圾堆物 N 处 …). */
export function CleanupPanel({ report }: { report: StatsReport }) {
  return (
    <Panel title="清理成效" note="本周结案">
      {report.cleanup.length === 0 ? (
        <div className="gd-stats-empty">本周没有已结案的清理类案件。</div>
      ) : (
        <ul className="gd-cleanup">
          {report.cleanup.map((c) => {
            const { verb, unit } = cleanupWording(c.label);
            const parts = report.byCategory.filter((k) => k.cleanupLabel === c.label && k.closed > 0);
            return (
              <li key={c.label} title={parts.map((k) => `${k.name} ${formatCount(k.closed)}`).join('，')}>
                <span className="gd-cleanup__label">
                  {verb}
                  {c.label}
                </span>
                <span className="gd-cleanup__value">{formatCount(c.count)}</span>
                <span className="gd-cleanup__unit">{unit}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

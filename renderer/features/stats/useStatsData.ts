import { useCallback } from 'react';
import { useCall } from '../../api/useCall';

/** Weeks in the trend chart, ending with the chosen week. */
export const TREND_WEEKS = 12;

/** The week's report, the trend up to it and the counting rules; `reload` counts everything again. */
export function useStatsData(week: string, area: string | null) {
  const scope = area ? { areaCode: area } : {};
  const report = useCall('stats:week', { week, ...scope });
  const trend = useCall('stats:trend', { weeks: TREND_WEEKS, until: week, ...scope });
  const rules = useCall('stats:rules', {});
  const { reload: reloadReport } = report;
  const { reload: reloadTrend } = trend;
  const { reload: reloadRules } = rules;
  const reload = useCallback(() => {
    reloadRules();
    reloadReport();
    reloadTrend();
  }, [reloadRules, reloadReport, reloadTrend]);
  return { report, trend, rules, reload };
}

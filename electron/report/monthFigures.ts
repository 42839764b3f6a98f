/**
 * A month's headline figures for the monthly report (月报): the same statistics the weekly summary reads
 * (db/stats: totals, streets, grids, categories, persons, stages, 12345 orders, chasing), over a calendar
 * month instead of an ISO week, with the month before for comparison and the months before it as a trend.
 */
import type { Db } from '../../db/open';
import { toFigures, type Figures } from '../../db/stats/indicators';
import { queryDailyTotals } from '../../db/stats/daily';
import { COUNTING_RULES } from '../../db/stats/rules';
import { areaGridIdsOf, buildStatsReport, countingRuleOf, resolveArea, type StatsReport } from '../../db/stats/summary';
import { parseMonth, shiftMonth, type MonthRange } from './monthPeriod';

export interface MonthTrendPoint {
  readonly month: string;
  readonly totals: Figures;
}

export interface MonthFigures {
  readonly month: MonthRange;
  readonly report: StatsReport;
  /** The `trendMonths` months ending with this one, oldest first. */
  readonly trend: MonthTrendPoint[];
}

/** 2026年11月（2026-11-01 至 2026-11-30） */
export function monthLabel(m: MonthRange): string {
  return `${m.name}（${m.first} 至 ${m.last}）`;
}

export function monthFigures(db: Db, input: { month: string; areaCode?: string | undefined; now: number; trendMonths?: number }): MonthFigures {
  const month = parseMonth(input.month);
  const prev = parseMonth(shiftMonth(month.month, -1));
  const report = buildStatsReport(db, {
    period: month,
    label: monthLabel(month),
    previous: { period: prev, label: monthLabel(prev) },
    areaCode: input.areaCode,
    now: input.now,
  });
  const ruleId = countingRuleOf(db);
  const ids = areaGridIdsOf(db, resolveArea(db, input.areaCode));
  const count = input.trendMonths ?? 6;
  const months = Array.from({ length: count }, (_, k) => parseMonth(shiftMonth(month.month, k - count + 1)));
  const totals = queryDailyTotals(db, months.map((m) => ({ start: m.start, end: m.end, asOf: input.now })), ruleId, ids);
  return { month, report, trend: months.map((m, k) => ({ month: m.month, totals: toFigures(totals[k]!, COUNTING_RULES[ruleId]) })) };
}

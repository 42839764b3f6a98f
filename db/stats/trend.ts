import type { Db } from '../open';
import { toFigures, type Figures } from './indicators';
import { queryDailyTotals } from './daily';
import { parseIsoWeek, previousWeek } from './period';
import { COUNTING_RULES } from './rules';
import { areaGridIdsOf, countingRuleOf, resolveArea } from './summary';

export interface TrendPoint {
  week: string;
  start: number;
  end: number;
  totals: Figures;
}

/** Headline figures for the `weeks` ISO weeks ending with `until`, oldest first; a week not over yet as of `now`. */
export function weeklyTrend(db: Db, input: { weeks: number; until: string; areaCode?: string | undefined; now: number }): TrendPoint[] {
  const ids = areaGridIdsOf(db, resolveArea(db, input.areaCode));
  const ruleId = countingRuleOf(db);
  const weeks: string[] = [input.until];
  while (weeks.length < input.weeks) weeks.unshift(previousWeek(weeks[0]!));
  const periods = weeks.map((week) => parseIsoWeek(week));
  const totals = queryDailyTotals(db, periods.map((p) => ({ ...p, asOf: input.now })), ruleId, ids);
  return periods.map((p, k) => ({ week: p.week, start: p.start, end: p.end, totals: toFigures(totals[k]!, COUNTING_RULES[ruleId]) }));
}

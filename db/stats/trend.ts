import type { Db } from '../open';
import { queryGroups, sumAll, toFigures, type Figures } from './indicators';
import { parseIsoWeek, previousWeek } from './period';
import { COUNTING_RULES } from './rules';
import { countingRuleOf, resolveArea } from './summary';

export interface TrendPoint {
  week: string;
  start: number;
  end: number;
  totals: Figures;
}

/** Headline figures for the `weeks` ISO weeks ending with `until`, oldest first. */
export function weeklyTrend(db: Db, input: { weeks: number; until: string; areaCode?: string | undefined }): TrendPoint[] {
  const area = resolveArea(db, input.areaCode);
  const ids =
    area.level === 1
      ? null
      : area.level === 3
        ? [area.id]
        : (db.prepare(`SELECT id FROM grids WHERE parent_id = ? AND level = 3`).all(area.id) as { id: number }[]).map((r) => r.id);
  const ruleId = countingRuleOf(db);
  const weeks: string[] = [input.until];
  while (weeks.length < input.weeks) weeks.unshift(previousWeek(weeks[0]!));
  return weeks.map((week) => {
    const p = parseIsoWeek(week);
    return { week: p.week, start: p.start, end: p.end, totals: toFigures(sumAll(queryGroups(db, p, ruleId, ids)), COUNTING_RULES[ruleId]) };
  });
}

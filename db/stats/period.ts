/**
 * Statistics periods: ISO weeks and date ranges as [start, end) instants, Asia/Shanghai. The week and
 * offset arithmetic is db/domain/time.ts's; these wrappers turn its answers into the store's errors.
 */
import { AppError } from '../errors';
import {
  DATE_PATTERN,
  addDays,
  isoWeekProblem,
  isoWeekRange,
  shanghaiMidnight,
  shiftWeek,
  type IsoWeekRange,
} from '../domain/time';

/** The ISO week containing an instant, and ISO 8601 with +08:00 for reports: the domain's own. */
export { isoWeekOf, shanghaiIso } from '../domain/time';

/** Monday 00:00 to the next Monday 00:00, Asia/Shanghai, of an ISO week '2017-W25'. */
export function parseIsoWeek(week: string): IsoWeekRange {
  const problem = isoWeekProblem(week);
  if (problem) throw new AppError('invalid-input', problem);
  return isoWeekRange(week);
}

/** The week before. */
export function previousWeek(week: string): string {
  return shiftWeek(parseIsoWeek(week).week, -1);
}

/** Local date range 'YYYY-MM-DD'..'YYYY-MM-DD' (inclusive) → [start, end) instants. */
export function parseDateRange(from: string, to: string): { start: number; end: number } {
  if (!DATE_PATTERN.test(from) || !DATE_PATTERN.test(to)) throw new AppError('invalid-input', `日期格式应为 YYYY-MM-DD：${from} – ${to}`);
  if (to < from) throw new AppError('invalid-input', `结束日期早于开始日期：${from} – ${to}`);
  return { start: shanghaiMidnight(from), end: shanghaiMidnight(addDays(to, 1)) };
}

/**
 * ISO weeks ('2026-W48') as the statistics and report pages write them. The week arithmetic and the
 * Shanghai offset are facts of db/domain/time.ts; this module only words them for the page.
 */
import { isoWeekRange } from '../../../db/domain/time';

/** Monday and Sunday of a valid week, 'YYYY-MM-DD'. */
export function weekDates(week: string): { monday: string; sunday: string } {
  const { monday, sunday } = isoWeekRange(week);
  return { monday, sunday };
}

/** '2026 年第 48 周' */
export function weekTitle(week: string): string {
  return `${week.slice(0, 4)} 年第 ${Number(week.slice(6))} 周`;
}

/** '11月23日—11月29日' (the year is in the title). */
export function weekSpan(week: string): string {
  const { monday, sunday } = weekDates(week);
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${md(monday)}—${md(sunday)}`;
}

/** 'W48' for chart axes. */
export function weekShort(week: string): string {
  return week.slice(5);
}

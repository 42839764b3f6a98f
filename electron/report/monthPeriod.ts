/**
 * Calendar months as statistics periods: 'YYYY-MM' → [first day 00:00, first day of the next month 00:00),
 * Asia/Shanghai, so a month is counted from the same daily sums as a week.
 */
import { AppError } from '../../db/domain/errors';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../db/domain/time';
import { MONTH_HINT, MONTH_PATTERN } from '../../db/domain/assess';

export { MONTH_HINT, MONTH_PATTERN };

export interface MonthRange {
  /** 'YYYY-MM' */
  readonly month: string;
  readonly year: number;
  /** 1–12 */
  readonly number: number;
  /** First and last local dates, 'YYYY-MM-DD'. */
  readonly first: string;
  readonly last: string;
  /** [start, end) instants. */
  readonly start: number;
  readonly end: number;
  /** 2026年11月 */
  readonly name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parseMonth(month: string): MonthRange {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new AppError('invalid-input', `${MONTH_HINT}：${month}`);
  const year = Number(m[1]);
  const number = Number(m[2]);
  const first = `${year}-${pad(number)}-01`;
  const next = number === 12 ? `${year + 1}-01-01` : `${year}-${pad(number + 1)}-01`;
  return {
    month,
    year,
    number,
    first,
    last: addDays(next, -1),
    start: shanghaiMidnight(first),
    end: shanghaiMidnight(next),
    name: `${year}年${number}月`,
  };
}

/** The month containing an instant (Shanghai). */
export function monthOf(ms: number): string {
  return shanghaiDate(ms).slice(0, 7);
}

/** The month `by` months away. */
export function shiftMonth(month: string, by: number): string {
  const { year, number } = parseMonth(month);
  const index = year * 12 + (number - 1) + by;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The last complete month before an instant: the month a monthly report is made for by default. */
export function lastCompleteMonth(ms: number): string {
  return shiftMonth(monthOf(ms), -1);
}

/** Calendar months for the page's pickers: 'YYYY-MM', Asia/Shanghai. */
import { shanghaiDate } from '../../../db/domain/time';

const pad = (n: number) => String(n).padStart(2, '0');

export function monthOf(ms: number): string {
  return shanghaiDate(ms).slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** 2026年10月 */
export function monthTitle(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** The first and last dates of a month, 'YYYY-MM-DD'. */
export function monthDates(month: string): { first: string; last: string } {
  const next = shiftMonth(month, 1);
  const lastDay = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${pad(lastDay)}` };
}

import { addDays, isoWeekday } from '../../../db/domain/time';

/** How the coverage page cuts time: one day, the ISO week (Monday–Sunday) or the calendar month of a date. */
export type PeriodKind = 'day' | 'week' | 'month';

export const PERIOD_KINDS: readonly { id: PeriodKind; label: string }[] = [
  { id: 'day', label: '日' },
  { id: 'week', label: '周' },
  { id: 'month', label: '月' },
];

export interface Period {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The period of a kind that holds a date (Asia/Shanghai local dates). */
export function periodOf(kind: PeriodKind, date: string): Period {
  if (kind === 'day') return { from: date, to: date, label: date };
  if (kind === 'week') {
    const monday = addDays(date, 1 - isoWeekday(date));
    const sunday = addDays(monday, 6);
    return { from: monday, to: sunday, label: `${monday} 至 ${sunday}` };
  }
  const first = `${date.slice(0, 8)}01`;
  return { from: first, to: monthEnd(date), label: `${date.slice(0, 4)} 年 ${Number(date.slice(5, 7))} 月` };
}

/** The date one period before or after (same kind). */
export function shiftPeriod(kind: PeriodKind, date: string, by: number): string {
  if (kind === 'day') return addDays(date, by);
  if (kind === 'week') return addDays(date, 7 * by);
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export const km = (m: number) => (m / 1000).toFixed(m >= 100_000 ? 0 : 1);
export const hours = (ms: number) => (ms / 3_600_000).toFixed(1);
export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * Times as the desk shows and reads them. The facts (Asia/Shanghai is UTC+8 all year, calendar dates,
 * ISO weeks) live in db/domain/time.ts; this module only formats and parses for the page's controls.
 */
import { HOUR_MS, MINUTE_MS, isValidDate, isoWeekday, shanghaiDate, shanghaiDateTime, shanghaiMidnight } from '../../db/domain/time';

export { DAY_MS } from '../../db/domain/time';

/** 'YYYY-MM-DD' of an instant in Shanghai. */
export const formatDate = shanghaiDate;

/** 'YYYY-MM-DD HH:mm' of an instant in Shanghai. */
export const formatDateTime = shanghaiDateTime;

/** A typed date 'YYYY-MM-DD' as the instant of its midnight in Shanghai; null for anything that is not a real date. */
export function parseDate(date: string): number | null {
  return isValidDate(date) ? shanghaiMidnight(date) : null;
}

/** The value of an <input type="datetime-local"> ('YYYY-MM-DDTHH:mm') read as Shanghai time. */
export function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const day = parseDate(m[1]!);
  if (day === null) return null;
  return day + Number(m[2]) * HOUR_MS + Number(m[3]) * MINUTE_MS;
}

/** An instant as the value of an <input type="datetime-local">, in Shanghai time. */
export function toLocalDateTimeValue(ms: number): string {
  return formatDateTime(ms).replace(' ', 'T');
}

/** A span as the desk says it: '45分钟', '3小时20分', '2天5小时'. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (total < 60) return `${total}分钟`;
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const minutes = total % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  return minutes > 0 ? `${hours}小时${minutes}分` : `${hours}小时`;
}

export type DeadlineTone = 'overdue' | 'soon' | 'ok' | 'none';

export interface DeadlineState {
  readonly tone: DeadlineTone;
  /** '剩余 3小时20分', '超期 2天5小时', or '' when there is no running deadline. */
  readonly text: string;
}

/** Within this much of the deadline a case counts as due soon (amber). */
export const DUE_SOON_MS = 4 * HOUR_MS;

/** Where a case stands against its deadline; only open cases have a running clock. */
export function deadlineState(dueAt: number | null, isOpen: boolean, now: number): DeadlineState {
  if (dueAt === null || !isOpen) return { tone: 'none', text: '' };
  const left = dueAt - now;
  if (left < 0) return { tone: 'overdue', text: `超期 ${formatDuration(-left)}` };
  return { tone: left <= DUE_SOON_MS ? 'soon' : 'ok', text: `剩余 ${formatDuration(left)}` };
}

/** Weekday names, Sunday first (as calendar grids are drawn). */
export const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const;

/** '周一' … '周日' of a 'YYYY-MM-DD' date. */
export function weekdayLabel(date: string): string {
  if (!isValidDate(date)) return '';
  return `周${WEEKDAYS[isoWeekday(date) % 7]}`;
}

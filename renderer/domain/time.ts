/**
 * Times as the desk reads them: Asia/Shanghai wall clock (UTC+8 all year, no daylight saving), so a
 * fixed offset gives the same answer on every PC whatever its own time zone.
 */
const OFFSET_MS = 8 * 3_600_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

function shifted(ms: number): Date {
  return new Date(ms + OFFSET_MS);
}

/** 'YYYY-MM-DD' of an instant in Shanghai. */
export function formatDate(ms: number): string {
  const d = shifted(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:mm' of an instant in Shanghai. */
export function formatDateTime(ms: number): string {
  const d = shifted(ms);
  return `${formatDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Midnight (Shanghai) starting a 'YYYY-MM-DD' date, as epoch ms; null for anything else. */
export function shanghaiMidnight(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS;
  return formatDate(ms) === date ? ms : null;
}

/** The value of an <input type="datetime-local"> ('YYYY-MM-DDTHH:mm') read as Shanghai time. */
export function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const day = shanghaiMidnight(m[1]!);
  if (day === null) return null;
  return day + Number(m[2]) * HOUR + Number(m[3]) * MINUTE;
}

/** An instant as the value of an <input type="datetime-local">, in Shanghai time. */
export function toLocalDateTimeValue(ms: number): string {
  return formatDateTime(ms).replace(' ', 'T');
}

/** A span as the desk says it: '45分钟', '3小时20分', '2天5小时'. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / MINUTE));
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
export const DUE_SOON_MS = 4 * HOUR;

/** Where a case stands against its deadline; only open cases have a running clock. */
export function deadlineState(dueAt: number | null, isOpen: boolean, now: number): DeadlineState {
  if (dueAt === null || !isOpen) return { tone: 'none', text: '' };
  const left = dueAt - now;
  if (left < 0) return { tone: 'overdue', text: `超期 ${formatDuration(-left)}` };
  return { tone: left <= DUE_SOON_MS ? 'soon' : 'ok', text: `剩余 ${formatDuration(left)}` };
}

export const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const;

/** '周一' … '周日' of a 'YYYY-MM-DD' date. */
export function weekdayLabel(date: string): string {
  const ms = shanghaiMidnight(date);
  if (ms === null) return '';
  return `周${WEEKDAYS[shifted(ms).getUTCDay()]}`;
}

export { DAY as DAY_MS };

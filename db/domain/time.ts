/**
 * Time as the district reads it: Asia/Shanghai wall clock (UTC+8 all year, no daylight saving), so a
 * fixed offset gives the same answer on every PC whatever its own time zone. Calendar dates are
 * 'YYYY-MM-DD'; ISO weeks are '2026-W48' (Monday 00:00 to the next Monday 00:00, Shanghai time).
 *
 * The one home of the +8 h offset and of ISO-week arithmetic, for the store, the host and the page.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai is UTC+8 with no daylight saving time. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 'YYYY-Www', as written in inputs, URLs and reports. */
export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
export const ISO_WEEK_HINT = '周次格式应为 YYYY-Www（例如 2017-W25）';
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a local date 'YYYY-MM-DD' (RangeError for anything else). */
export function dayIndexOfDate(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date 'YYYY-MM-DD': ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The local date 'YYYY-MM-DD' of a day index. */
export function dateOfDayIndex(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday; day index 0 (1970-01-01) was a Thursday. */
export function isoWeekdayOfDayIndex(dayIndex: number): number {
  return ((((dayIndex + 3) % 7) + 7) % 7) + 1;
}

/** The Shanghai day index (days since 1970-01-01 local) of an instant. */
export function shanghaiDayIndex(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai local date 'YYYY-MM-DD' of an instant. */
export function shanghaiDate(ms: number): string {
  return dateOfDayIndex(shanghaiDayIndex(ms));
}

/** The instant of 00:00 Asia/Shanghai on a local date 'YYYY-MM-DD' (RangeError for anything else). */
export function shanghaiMidnight(date: string): number {
  return dayIndexOfDate(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Minutes since local midnight, Shanghai, of an instant. */
export function shanghaiMinuteOfDay(ms: number): number {
  return Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);
}

/** 'YYYY-MM-DD HH:mm' of an instant in Shanghai. */
export function shanghaiDateTime(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${shanghaiDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** ISO 8601 with the +08:00 offset, for reports and exports. */
export function shanghaiIso(ms: number): string {
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The instant of a Shanghai wall-clock time given by its parts (month 1–12). */
export function shanghaiInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - SHANGHAI_OFFSET_MS;
}

/** ISO day of week of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return isoWeekdayOfDayIndex(dayIndexOfDate(date));
}

/** Adds whole days to a local date 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  return dateOfDayIndex(dayIndexOfDate(date) + days);
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date;
}

// ── ISO weeks ──

function mondayOfWeek1(year: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** Number of ISO weeks in a year (52 or 53). */
export function isoWeeksInYear(year: number): number {
  const jan1 = isoWeekday(`${year}-01-01`);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (isLeap && jan1 === 3) ? 53 : 52;
}

/** The ISO week 'YYYY-Www' of a local date. */
export function isoWeekOfDate(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date)); // the ISO year is the year of the week's Thursday
  const year = Number(thursday.slice(0, 4));
  const n = Math.floor((dayIndexOfDate(date) - dayIndexOfDate(mondayOfWeek1(year))) / 7) + 1;
  return `${year}-W${pad(n)}`;
}

/** The ISO week containing an instant (Asia/Shanghai). */
export function isoWeekOf(ms: number): string {
  return isoWeekOfDate(shanghaiDate(ms));
}

/** Why a 'YYYY-Www' string is not a week GridDesk accepts (years 2000–2100), or null when it is. */
export function isoWeekProblem(week: string): string | null {
  const m = ISO_WEEK_PATTERN.exec(week.trim());
  if (!m) return `${ISO_WEEK_HINT}，收到：${week}`;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 2000 || year > 2100) return `年份超出范围（2000–2100）：${week}`;
  if (n < 1 || n > isoWeeksInYear(year)) return `${year} 年没有第 ${n} 周（共 ${isoWeeksInYear(year)} 周）：${week}`;
  return null;
}

export function isIsoWeek(value: string | null | undefined): value is string {
  return typeof value === 'string' && isoWeekProblem(value) === null;
}

export interface IsoWeekRange {
  readonly week: string;
  /** Monday 00:00 and the next Monday 00:00, Shanghai, as instants. */
  readonly start: number;
  readonly end: number;
  readonly monday: string;
  readonly sunday: string;
}

/** The span of a valid ISO week (RangeError otherwise: callers check with isoWeekProblem first). */
export function isoWeekRange(week: string): IsoWeekRange {
  const problem = isoWeekProblem(week);
  if (problem) throw new RangeError(problem);
  const m = ISO_WEEK_PATTERN.exec(week.trim())!;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const monday = addDays(mondayOfWeek1(year), (n - 1) * 7);
  const start = shanghaiMidnight(monday);
  return { week: `${year}-W${pad(n)}`, start, end: start + 7 * DAY_MS, monday, sunday: addDays(monday, 6) };
}

/** The week `by` weeks later (negative: earlier). */
export function shiftWeek(week: string, by: number): string {
  return isoWeekOfDate(addDays(isoWeekRange(week).monday, by * 7));
}

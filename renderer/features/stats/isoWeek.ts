/**
 * ISO weeks ('2026-W48': Monday 00:00 to Sunday 24:00) in Asia/Shanghai time, the periods every figure
 * and report uses. Shanghai has no daylight saving, so a fixed +08:00 offset gives the same week on
 * every PC whatever its own time zone.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** UTC midnight of a calendar date, used as a plain day counter. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

function formatDay(utcMidnight: number): string {
  const d = new Date(utcMidnight);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO week of a calendar day given as its UTC midnight. */
function weekOfDay(utcMidnight: number): string {
  const weekday = new Date(utcMidnight).getUTCDay() || 7;
  const thursday = utcMidnight + (4 - weekday) * DAY_MS; // the ISO year is the year of the week's Thursday
  const year = new Date(thursday).getUTCFullYear();
  const n = Math.floor((thursday - dayNumber(year, 1, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${pad(n)}`;
}

function mondayOfWeek1(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  return jan4 - (weekday - 1) * DAY_MS;
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return Number(weekOfDay(dayNumber(year, 12, 28)).slice(6));
}

export function isIsoWeek(value: string | null | undefined): value is string {
  const m = WEEK_RE.exec(value ?? '');
  if (!m) return false;
  const year = Number(m[1]);
  const n = Number(m[2]);
  return year >= 2000 && year <= 2100 && n >= 1 && n <= weeksInYear(year);
}

/** The ISO week containing an instant, in Shanghai. */
export function isoWeekOf(ms: number): string {
  const local = new Date(ms + OFFSET_MS);
  return weekOfDay(dayNumber(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()));
}

function mondayDay(week: string): number {
  const m = WEEK_RE.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  return mondayOfWeek1(Number(m[1])) + (Number(m[2]) - 1) * 7 * DAY_MS;
}

/** Monday and Sunday of a week, 'YYYY-MM-DD'. */
export function weekDates(week: string): { monday: string; sunday: string } {
  const monday = mondayDay(week);
  return { monday: formatDay(monday), sunday: formatDay(monday + 6 * DAY_MS) };
}

/** The week `by` weeks later (negative: earlier). */
export function shiftWeek(week: string, by: number): string {
  return weekOfDay(mondayDay(week) + by * 7 * DAY_MS);
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

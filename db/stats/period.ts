import { AppError } from '../errors';
import { addDays, isoWeekday, shanghaiDate, shanghaiMidnight } from '../domain/time';

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DAY = 86_400_000;

/** Number of ISO weeks in a year (52 or 53). */
export function isoWeeksInYear(year: number): number {
  const jan1 = isoWeekday(`${year}-01-01`);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (isLeap && jan1 === 3) ? 53 : 52;
}

/** Monday 00:00 to the next Monday 00:00, Asia/Shanghai, of an ISO week '2017-W25'. */
export function parseIsoWeek(week: string): { start: number; end: number; week: string; monday: string; sunday: string } {
  const m = WEEK_RE.exec(week.trim());
  if (!m) throw new AppError('invalid-input', `周次格式应为 YYYY-Www（例如 2017-W25），收到：${week}`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 2000 || year > 2100) throw new AppError('invalid-input', `年份超出范围（2000–2100）：${week}`);
  if (n < 1 || n > isoWeeksInYear(year)) {
    throw new AppError('invalid-input', `${year} 年没有第 ${n} 周（共 ${isoWeeksInYear(year)} 周）：${week}`);
  }
  const jan4 = `${year}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const monday = addDays(week1Monday, (n - 1) * 7);
  const start = shanghaiMidnight(monday);
  return { start, end: start + 7 * DAY, week: `${year}-W${String(n).padStart(2, '0')}`, monday, sunday: addDays(monday, 6) };
}

/** The ISO week containing an instant (Asia/Shanghai). */
export function isoWeekOf(ms: number): string {
  const date = shanghaiDate(ms);
  const thursday = addDays(date, 4 - isoWeekday(date)); // the ISO year is the year of the week's Thursday
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const n = Math.floor((shanghaiMidnight(date) - shanghaiMidnight(week1Monday)) / (7 * DAY)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** The week before. */
export function previousWeek(week: string): string {
  return isoWeekOf(parseIsoWeek(week).start - DAY);
}

/** Local date range 'YYYY-MM-DD'..'YYYY-MM-DD' (inclusive) → [start, end) instants. */
export function parseDateRange(from: string, to: string): { start: number; end: number } {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!re.test(from) || !re.test(to)) throw new AppError('invalid-input', `日期格式应为 YYYY-MM-DD：${from} – ${to}`);
  if (to < from) throw new AppError('invalid-input', `结束日期早于开始日期：${from} – ${to}`);
  return { start: shanghaiMidnight(from), end: shanghaiMidnight(addDays(to, 1)) };
}

/** ISO 8601 with the +08:00 offset, for reports. */
export function shanghaiIso(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

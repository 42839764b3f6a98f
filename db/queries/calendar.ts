import { AppError } from '../errors';
import type { Db } from '../open';
import { validateWorkingPeriods, type CalendarDayKind, type WorkingPeriod, loadCalendar } from '../workingTime';
import { isValidDate } from '../domain/time';
import { setSetting } from './settings';

export interface CalendarDayEntry {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface CalendarView {
  periods: WorkingPeriod[];
  days: CalendarDayEntry[];
}

/** The working periods and the exception days of one year (holidays and 调休 working days). */
export function getCalendar(db: Db, year: number): CalendarView {
  const days = db
    .prepare(`SELECT date, kind, name FROM calendar_days WHERE date >= ? AND date <= ? ORDER BY date`)
    .all(`${year}-01-01`, `${year}-12-31`) as CalendarDayEntry[];
  return { periods: loadCalendar(db).periods, days };
}

/** Marks a date as a holiday or a 调休 working day, or clears it back to the normal week (kind null). */
export function setCalendarDay(db: Db, input: { date: string; kind: CalendarDayKind | null; name?: string | undefined }): void {
  if (!isValidDate(input.date)) throw new AppError('invalid-input', `日期无效：${input.date}（应为 YYYY-MM-DD 的真实日期）`);
  if (input.kind === null) {
    db.prepare(`DELETE FROM calendar_days WHERE date = ?`).run(input.date);
    return;
  }
  db.prepare(
    `INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)
     ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
  ).run(input.date, input.kind, input.name?.trim() ?? '');
}

export function setWorkingPeriods(db: Db, periods: WorkingPeriod[], now: number): void {
  try {
    validateWorkingPeriods(periods);
  } catch (e) {
    throw new AppError('invalid-input', `工作时段无效：${(e as Error).message}`);
  }
  setSetting(db, 'working_hours', periods, now);
}

/** One date's entry in the calendar (holiday or 调休 working day), or null for a normal day. */
export function getCalendarDay(db: Db, date: string): { kind: CalendarDayKind; name: string } | null {
  return (db.prepare(`SELECT kind, name FROM calendar_days WHERE date = ?`).get(date) as { kind: CalendarDayKind; name: string } | undefined) ?? null;
}

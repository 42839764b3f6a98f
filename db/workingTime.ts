import type { Db } from './open';
import type { LimitUnit } from './types';
import { DAY_MS, MINUTE_MS, SHANGHAI_OFFSET_MS, dayIndexOfDate, isoWeekdayOfDayIndex, shanghaiDayIndex } from './domain/time';

/**
 * Working-time arithmetic for deadlines (处置时限) in working hours and working days.
 *
 * Timestamps are epoch milliseconds (UTC). Working hours are Asia/Shanghai local time, which is
 * UTC+8 all year (no daylight saving), so local clock times are found by shifting by +8 h; Intl is
 * not used. Every loop steps per working period and per day, never per minute: a call costs a few
 * dozen iterations even for a 20-working-day limit.
 */

export interface WorkingPeriod {
  /** 'HH:MM', local time. */
  start: string;
  /** 'HH:MM', local time, after start. */
  end: string;
}

export type CalendarDayKind = 'holiday' | 'workday';

export interface WorkingCalendar {
  /** The working periods of every working day, e.g. 08:30–12:00 and 14:30–17:30. */
  periods: WorkingPeriod[];
  /** Exceptions to the Monday–Friday week by local date 'YYYY-MM-DD': official holidays and 调休 make-up days. */
  exceptions: Map<string, CalendarDayKind>;
}

export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '17:30' },
];

const MINUTE = MINUTE_MS;
const DAY = DAY_MS;

/** A calendar with the default working periods and no exceptions (plain Monday–Friday). */
export function defaultWorkingCalendar(exceptions: Map<string, CalendarDayKind> = new Map()): WorkingCalendar {
  return { periods: DEFAULT_WORKING_PERIODS.map((p) => ({ ...p })), exceptions };
}

/**
 * Whether a local date is a working day: Monday–Friday unless marked 'holiday', or any day marked
 * 'workday' (调休, usually a Saturday or Sunday worked in exchange for a holiday).
 * Accepts a local date 'YYYY-MM-DD' or an instant (epoch ms).
 */
export function isWorkingDay(date: string | number, cal: WorkingCalendar): boolean {
  const dayIndex = typeof date === 'number' ? shanghaiDayIndex(date) : dayIndexOfDate(date);
  return compile(cal).isWorking(dayIndex);
}

interface CompiledCalendar {
  /** Working periods as [start, end) offsets in ms from local midnight, sorted, not overlapping. */
  periods: readonly (readonly [number, number])[];
  /** Working milliseconds in one working day. */
  dayMs: number;
  isWorking(dayIndex: number): boolean;
}

interface CacheEntry {
  periods: WorkingPeriod[];
  exceptions: Map<string, CalendarDayKind>;
  exceptionCount: number;
  compiled: CompiledCalendar;
}

/** Compiled form per calendar object; rebuilt when the calendar's members are replaced or resized. */
const cache = new WeakMap<WorkingCalendar, CacheEntry>();

function compile(cal: WorkingCalendar): CompiledCalendar {
  const hit = cache.get(cal);
  if (
    hit &&
    hit.periods === cal.periods &&
    hit.exceptions === cal.exceptions &&
    hit.exceptionCount === cal.exceptions.size
  ) {
    return hit.compiled;
  }
  const periods = parsePeriods(cal.periods);
  const exceptions = new Map<number, CalendarDayKind>();
  for (const [date, kind] of cal.exceptions) exceptions.set(dayIndexOfDate(date), kind);
  const compiled: CompiledCalendar = {
    periods,
    dayMs: periods.reduce((sum, [s, e]) => sum + (e - s), 0),
    isWorking(dayIndex) {
      const kind = exceptions.get(dayIndex);
      if (kind === 'holiday') return false;
      if (kind === 'workday') return true;
      return isoWeekdayOfDayIndex(dayIndex) <= 5;
    },
  };
  cache.set(cal, { periods: cal.periods, exceptions: cal.exceptions, exceptionCount: cal.exceptions.size, compiled });
  return compiled;
}

const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

function parseTime(value: string): number {
  const m = TIME_RE.exec(value);
  if (!m) throw new RangeError(`not a time 'HH:MM': ${value}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new RangeError(`not a time 'HH:MM': ${value}`);
  return minutes * MINUTE;
}

function parsePeriods(list: readonly WorkingPeriod[]): [number, number][] {
  const periods = list.map((p): [number, number] => [parseTime(p.start), parseTime(p.end)]);
  periods.sort((a, b) => a[0] - b[0]);
  let previousEnd = 0;
  for (const [start, end] of periods) {
    if (end <= start) throw new RangeError('a working period must end after it starts');
    if (start < previousEnd) throw new RangeError('working periods must not overlap');
    previousEnd = end;
  }
  if (periods.length === 0) throw new RangeError('at least one working period is needed');
  return periods;
}

/** Validates a list of working periods (throws RangeError naming the problem). */
export function validateWorkingPeriods(list: readonly WorkingPeriod[]): void {
  parsePeriods(list);
}

/** Working minutes in one working day (390 with the default periods). */
export function workingMinutesPerDay(cal: WorkingCalendar): number {
  return compile(cal).dayMs / MINUTE;
}

/** A limit expressed in working minutes. */
export function limitToWorkingMinutes(value: number, unit: LimitUnit, cal: WorkingCalendar): number {
  return unit === 'wh' ? value * 60 : value * workingMinutesPerDay(cal);
}

/**
 * The instant when `value` working hours ('wh') or working days ('wd') have elapsed from `startMs`.
 *
 * Only time inside the working periods of working days counts. A start outside working time begins
 * counting at the next working period; a deadline that falls exactly on the end of a period is that
 * end (e.g. 12:00), not the start of the next period. Fractional values are allowed (1/6 wh = 10 min).
 *
 * Working days use the same rule scaled: N working days = N × (working minutes per working day) of
 * working time. Dispatched on Monday 10:00, 1 wd is due on Tuesday 10:00; dispatched on Friday
 * 16:00, 1 wd is due on the next working day at 16:00. The result is rounded to the millisecond.
 */
export function addWorkingTime(startMs: number, value: number, unit: LimitUnit, cal: WorkingCalendar): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(value)) throw new RangeError('working time needs finite numbers');
  if (value < 0) throw new RangeError('working time to add must not be negative');
  const c = compile(cal);
  let remaining = unit === 'wh' ? value * 3_600_000 : value * c.dayMs;
  const local = startMs + SHANGHAI_OFFSET_MS;
  let day = Math.floor(local / DAY);
  let timeOfDay = local - day * DAY;
  if (remaining === 0) return startMs;
  for (;;) {
    if (c.isWorking(day)) {
      for (const [start, end] of c.periods) {
        if (timeOfDay >= end) continue;
        const begin = timeOfDay > start ? timeOfDay : start;
        const available = end - begin;
        if (remaining <= available) {
          return Math.round(day * DAY + begin + remaining - SHANGHAI_OFFSET_MS);
        }
        remaining -= available;
        timeOfDay = end;
      }
    }
    day += 1;
    timeOfDay = 0;
  }
}

/**
 * Working minutes between two instants (time inside working periods of working days).
 * Negative when `bMs` is before `aMs`. For any start s and value v ≥ 0:
 * workingMinutesBetween(s, addWorkingTime(s, v, 'wh', cal), cal) = 60 v (to the millisecond).
 */
export function workingMinutesBetween(aMs: number, bMs: number, cal: WorkingCalendar): number {
  if (bMs < aMs) return -workingMinutesBetween(bMs, aMs, cal);
  const c = compile(cal);
  const localA = aMs + SHANGHAI_OFFSET_MS;
  const localB = bMs + SHANGHAI_OFFSET_MS;
  const firstDay = Math.floor(localA / DAY);
  const lastDay = Math.floor(localB / DAY);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!c.isWorking(day)) continue;
    const dayStart = day * DAY;
    const from = day === firstDay ? localA - dayStart : 0;
    const to = day === lastDay ? localB - dayStart : DAY;
    if (from === 0 && to === DAY) {
      total += c.dayMs;
      continue;
    }
    for (const [start, end] of c.periods) {
      const s = from > start ? from : start;
      const e = to < end ? to : end;
      if (e > s) total += e - s;
    }
  }
  return total / MINUTE;
}

/**
 * The working calendar stored in the database: exceptions from `calendar_days` and the working
 * periods from the setting `working_hours` (a JSON array of {start, end}); the default periods
 * when the setting is missing or malformed.
 */
export function loadCalendar(db: Db): WorkingCalendar {
  const rows = db.prepare(`SELECT date, kind FROM calendar_days ORDER BY date`).all() as {
    date: string;
    kind: CalendarDayKind;
  }[];
  const exceptions = new Map<string, CalendarDayKind>();
  for (const r of rows) exceptions.set(r.date, r.kind);
  const setting = db.prepare(`SELECT value FROM settings WHERE key = 'working_hours'`).get() as
    | { value: string }
    | undefined;
  let periods = DEFAULT_WORKING_PERIODS.map((p) => ({ ...p }));
  if (setting) {
    try {
      const parsed = JSON.parse(setting.value) as unknown;
      if (
        Array.isArray(parsed) &&
        parsed.every(
          (p): p is WorkingPeriod =>
            typeof p === 'object' && p !== null && typeof p.start === 'string' && typeof p.end === 'string',
        )
      ) {
        const candidate = parsed.map((p) => ({ start: p.start, end: p.end }));
        validateWorkingPeriods(candidate);
        periods = candidate;
      }
    } catch {
      // A malformed setting falls back to the default periods rather than breaking every deadline.
    }
  }
  return { periods, exceptions };
}

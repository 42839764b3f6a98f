import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { defaultCalendarExceptions } from '../../db/defaults/calendar';
import { createRng } from '../../db/demo/random';
import {
  addWorkingTime,
  defaultWorkingCalendar,
  isWorkingDay,
  loadCalendar,
  workingMinutesBetween,
  workingMinutesPerDay,
  type WorkingCalendar,
} from '../../db/workingTime';
import { shanghaiDate, shanghaiMidnight } from '../../db/domain/time';
import { tempDir } from '../helpers/tmp';

/** Shanghai local time → epoch ms ('2026-10-09T16:30'). */
const sh = (local: string): number => Date.parse(`${local}:00+08:00`);
/** Epoch ms → Shanghai local 'YYYY-MM-DDTHH:MM' (seconds must be zero). */
const local = (ms: number): string => {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  expect(iso.slice(16)).toBe(':00.000Z');
  return iso.slice(0, 16);
};

const cal: WorkingCalendar = defaultWorkingCalendar(defaultCalendarExceptions());

describe('working days', () => {
  it('counts Monday–Friday, skips weekends and official holidays, and counts 调休 make-up days', () => {
    expect(isWorkingDay('2026-11-23', cal)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-21', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22', cal)).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // 国庆
    expect(isWorkingDay('2026-10-07', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday worked (调休)
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday worked (调休)
    expect(isWorkingDay('2026-02-16', cal)).toBe(false); // 春节, a Monday
    expect(isWorkingDay(sh('2026-10-10T09:00'), cal)).toBe(true); // an instant works too
  });

  it('gives the Asia/Shanghai date of an instant, whatever the UTC date', () => {
    expect(shanghaiDate(Date.parse('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
    expect(shanghaiDate(Date.parse('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    expect(shanghaiMidnight('2026-11-25')).toBe(Date.parse('2026-11-24T16:00:00Z'));
  });

  it('has 390 working minutes in a default day (08:30–12:00, 14:30–17:30)', () => {
    expect(workingMinutesPerDay(cal)).toBe(390);
  });
});

describe('addWorkingTime in working hours', () => {
  it('runs over the weekend', () => {
    // Friday 16:00 + 4 wh: 1.5 h on Friday, 2.5 h from Monday 08:30.
    expect(local(addWorkingTime(sh('2026-11-20T16:00'), 4, 'wh', cal))).toBe('2026-11-23T11:00');
  });

  it('skips the 国庆 holiday week of 2026', () => {
    // Wednesday 30 September 16:30 + 2 wh: 1 h that day, then 1 October–7 October off.
    expect(local(addWorkingTime(sh('2026-09-30T16:30'), 2, 'wh', cal))).toBe('2026-10-08T09:30');
  });

  it('counts a 调休 Saturday (and Sunday) as a working day', () => {
    expect(local(addWorkingTime(sh('2026-10-09T17:00'), 1, 'wh', cal))).toBe('2026-10-10T09:00');
    expect(local(addWorkingTime(sh('2026-09-19T10:00'), 1, 'wh', cal))).toBe('2026-09-20T09:30');
    // Without the calendar the same Saturday is a day off.
    expect(local(addWorkingTime(sh('2026-10-09T17:00'), 1, 'wh', defaultWorkingCalendar()))).toBe('2026-10-12T09:00');
  });

  it('starts before, within and after working hours', () => {
    expect(local(addWorkingTime(sh('2026-11-23T07:00'), 1, 'wh', cal))).toBe('2026-11-23T09:30');
    expect(local(addWorkingTime(sh('2026-11-23T10:00'), 3, 'wh', cal))).toBe('2026-11-23T15:30');
    expect(local(addWorkingTime(sh('2026-11-23T12:30'), 1, 'wh', cal))).toBe('2026-11-23T15:30'); // lunch break
    expect(local(addWorkingTime(sh('2026-11-23T18:00'), 1, 'wh', cal))).toBe('2026-11-24T09:30');
    expect(local(addWorkingTime(sh('2026-11-21T10:00'), 1, 'wh', cal))).toBe('2026-11-23T09:30'); // Saturday
  });

  it('ends a deadline that fills a period exactly at the period end', () => {
    expect(local(addWorkingTime(sh('2026-11-23T08:30'), 3.5, 'wh', cal))).toBe('2026-11-23T12:00');
    expect(local(addWorkingTime(sh('2026-11-23T08:30'), 6.5, 'wh', cal))).toBe('2026-11-23T17:30');
  });

  it('takes fractional hours: 10 minutes for urgent dispatch, half an hour over lunch', () => {
    expect(local(addWorkingTime(sh('2026-11-23T09:00'), 1 / 6, 'wh', cal))).toBe('2026-11-23T09:10');
    expect(local(addWorkingTime(sh('2026-11-23T11:45'), 0.5, 'wh', cal))).toBe('2026-11-23T14:45');
    expect(addWorkingTime(sh('2026-11-23T09:00'), 0, 'wh', cal)).toBe(sh('2026-11-23T09:00'));
  });

  it('refuses negative or non-finite amounts', () => {
    expect(() => addWorkingTime(sh('2026-11-23T09:00'), -1, 'wh', cal)).toThrow(RangeError);
    expect(() => addWorkingTime(Number.NaN, 1, 'wh', cal)).toThrow(RangeError);
  });
});

describe('addWorkingTime in working days', () => {
  it('adds a working day as a full day of working time: Monday 10:00 → Tuesday 10:00', () => {
    expect(local(addWorkingTime(sh('2026-11-23T10:00'), 1, 'wd', cal))).toBe('2026-11-24T10:00');
    expect(local(addWorkingTime(sh('2026-11-20T16:00'), 1, 'wd', cal))).toBe('2026-11-23T16:00');
    expect(local(addWorkingTime(sh('2026-11-21T11:00'), 1, 'wd', cal))).toBe('2026-11-23T17:30'); // from Saturday
  });

  it('skips holidays and counts make-up days in multi-day limits', () => {
    expect(local(addWorkingTime(sh('2026-09-30T10:00'), 1, 'wd', cal))).toBe('2026-10-08T10:00');
    // 5 wd from Wednesday 7 October 2026 (a holiday): Oct 8, 9, 10 (调休 Saturday), 12, 13.
    expect(local(addWorkingTime(sh('2026-10-07T09:00'), 5, 'wd', cal))).toBe('2026-10-13T17:30');
    // 20 wd (私搭乱建) from Monday 2 November 2026 09:00: four plain weeks later, same time of day.
    expect(local(addWorkingTime(sh('2026-11-02T09:00'), 20, 'wd', cal))).toBe('2026-11-30T09:00');
  });
});

describe('workingMinutesBetween', () => {
  it('counts working minutes only, negative when the order is reversed', () => {
    expect(workingMinutesBetween(sh('2026-11-20T16:00'), sh('2026-11-23T11:00'), cal)).toBe(240);
    expect(workingMinutesBetween(sh('2026-11-23T11:00'), sh('2026-11-20T16:00'), cal)).toBe(-240);
    expect(workingMinutesBetween(sh('2026-10-01T00:00'), sh('2026-10-08T00:00'), cal)).toBe(0);
    expect(workingMinutesBetween(sh('2026-11-23T00:00'), sh('2026-11-30T00:00'), cal)).toBe(5 * 390);
    expect(workingMinutesBetween(sh('2026-11-23T12:10'), sh('2026-11-23T14:20'), cal)).toBe(0);
  });

  it('is the inverse of addWorkingTime for many random starts and amounts (seeded)', () => {
    const rng = createRng(42, 'working-time-property');
    const from = sh('2025-01-01T00:00');
    const to = sh('2027-12-01T00:00');
    for (let i = 0; i < 3000; i++) {
      const start = Math.floor(rng.uniform(from, to));
      const hours = rng.chance(0.2) ? rng.int(0, 8) : rng.uniform(0, 60);
      const end = addWorkingTime(start, hours, 'wh', cal);
      expect(end).toBeGreaterThanOrEqual(start);
      expect(Math.abs(workingMinutesBetween(start, end, cal) - hours * 60)).toBeLessThan(1e-4);
      const days = rng.int(1, 20);
      const endDays = addWorkingTime(start, days, 'wd', cal);
      expect(workingMinutesBetween(start, endDays, cal)).toBe(days * 390);
      // Monotonic: more working time never ends earlier.
      expect(addWorkingTime(start, hours + 0.25, 'wh', cal)).toBeGreaterThan(end);
    }
  });

  it('is fast enough for a million cases: stepping per period and day, never per minute', () => {
    const start = sh('2026-03-02T09:00');
    const t0 = performance.now();
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += addWorkingTime(start + i * 60_000, (i % 20) + 1, 'wd', cal);
    expect(sink).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('loadCalendar', () => {
  it('reads the holidays and the working hours stored in the database', () => {
    const { db } = openDatabase(path.join(tempDir(), 'cal.sqlite'));
    seedDefaults(db, 0);
    const loaded = loadCalendar(db);
    expect(loaded.periods).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ]);
    expect(loaded.exceptions.get('2026-10-01')).toBe('holiday');
    expect(loaded.exceptions.get('2026-10-10')).toBe('workday');
    expect(isWorkingDay('2026-10-10', loaded)).toBe(true);

    db.prepare(`UPDATE settings SET value = ? WHERE key = 'working_hours'`).run(
      JSON.stringify([{ start: '09:00', end: '17:00' }]),
    );
    db.prepare(`INSERT INTO calendar_days (date, kind, name) VALUES ('2026-11-23', 'holiday', '测试')`).run();
    const edited = loadCalendar(db);
    expect(workingMinutesPerDay(edited)).toBe(480);
    expect(local(addWorkingTime(sh('2026-11-20T16:00'), 2, 'wh', edited))).toBe('2026-11-24T10:00');

    db.prepare(`UPDATE settings SET value = ? WHERE key = 'working_hours'`).run(JSON.stringify([{ start: '17:00', end: '09:00' }]));
    expect(workingMinutesPerDay(loadCalendar(db))).toBe(390); // malformed: the default periods
    db.close();
  });
});

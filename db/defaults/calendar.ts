import { addDays } from '../domain/time';
import type { CalendarDayKind } from '../workingTime';

/**
 * China's official holidays and 调休 make-up working days, as arranged each year by the General
 * Office of the State Council (国务院办公厅关于…部分节假日安排的通知). Shipped as the starting
 * calendar; it is editable in the app, and each new year's list is added there when published.
 */

export interface CalendarDay {
  date: string; // 'YYYY-MM-DD', Asia/Shanghai
  kind: CalendarDayKind;
  name: string;
}

interface Festival {
  name: string;
  /** First and last day off, inclusive. */
  from: string;
  to: string;
  /** Weekend days worked in exchange (调休上班). */
  workdays?: readonly string[];
}

const FESTIVALS: readonly Festival[] = [
  // 2025
  { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
  { name: '春节', from: '2025-01-28', to: '2025-02-04', workdays: ['2025-01-26', '2025-02-08'] },
  { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
  { name: '劳动节', from: '2025-05-01', to: '2025-05-05', workdays: ['2025-04-27'] },
  { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
  { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', workdays: ['2025-09-28', '2025-10-11'] },
  // 2026
  { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
  { name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14', '2026-02-28'] },
  { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
  { name: '劳动节', from: '2026-05-01', to: '2026-05-05', workdays: ['2026-05-09'] },
  { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
  { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
  { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-09-20', '2026-10-10'] },
  // 2027: expected arrangement from the festival dates and the 2025 rules, to be confirmed (and
  // edited in the app) when the State Council publishes the 2027 notice.
  { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
  { name: '春节', from: '2027-02-05', to: '2027-02-13', workdays: ['2027-02-14', '2027-02-20'] },
  { name: '清明节', from: '2027-04-03', to: '2027-04-05' },
  { name: '劳动节', from: '2027-05-01', to: '2027-05-05', workdays: ['2027-05-08'] },
  { name: '端午节', from: '2027-06-09', to: '2027-06-09' },
  { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
  { name: '国庆节', from: '2027-10-01', to: '2027-10-07', workdays: ['2027-09-26', '2027-10-09'] },
];

/** Every holiday and make-up working day of the shipped calendar, sorted by date. */
export function defaultCalendarDays(): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (const f of FESTIVALS) {
    for (let d = f.from; d <= f.to; d = addDays(d, 1)) days.push({ date: d, kind: 'holiday', name: f.name });
    for (const w of f.workdays ?? []) days.push({ date: w, kind: 'workday', name: `${f.name}调休上班` });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The shipped calendar as the exceptions map of a WorkingCalendar. */
export function defaultCalendarExceptions(): Map<string, CalendarDayKind> {
  return new Map(defaultCalendarDays().map((d) => [d.date, d.kind]));
}

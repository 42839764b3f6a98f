import { AppError } from '../errors';
import { defaultCalendarExceptions } from '../defaults/calendar';
import { defaultSmallClasses } from '../defaults/categories';
import { defaultWorkingCalendar } from '../workingTime';
import { addDays, DAY_MS, HOUR_MS, isoWeekday, isValidDate, shanghaiDateTime, shanghaiIso, shanghaiMidnight } from '../domain/time';
import type { WorkingCalendar } from '../workingTime';
import { buildDistrictGrids } from './district';
import type { DemoGrid } from './district';
import { generateIncidents } from './incidents';
import type { DemoCategory, DemoIncident } from './incidents';
import { buildStaff } from './people';
import type { DemoStaff } from './people';

/**
 * The demo district, generated from a seed: grids, people, duties, operators and a stream of
 * incidents over the 12 ISO weeks (Monday–Sunday, Asia/Shanghai) ending with the week that
 * contains `until`. Pure: the same options give the same data on every machine; the wall clock is
 * never read. The generation instant is 00:00 on `until` (Asia/Shanghai), so the data ends the
 * night before and nothing lies in the caller's future — or `asOf`, an instant on `until` (the desk
 * loading the demo passes the moment it does so: the district has worked up to then, and a deadline
 * of this morning is not left open as if nobody had come to work).
 */

export const DEFAULT_DEMO_SEED = 20170822;
export const DEFAULT_DEMO_INCIDENTS = 20_000;
export const DEMO_WEEKS = 12;
export const MAX_DEMO_INCIDENTS = 5_000_000;

export interface DemoOptions {
  seed: number;
  /** Asia/Shanghai date 'YYYY-MM-DD' the data runs up to (exclusive). */
  until: string;
  /** The generation instant, on `until` (Asia/Shanghai); default 00:00 on `until`. */
  asOf?: number | undefined;
  incidents: number;
  /** Working calendar for deadlines; default: the shipped holiday calendar. */
  calendar?: WorkingCalendar;
  /** Small classes with their limits; default: the shipped category table. */
  categories?: readonly DemoCategory[];
}

export interface DemoPeriod {
  /** Monday of the first of the 12 weeks. */
  periodStart: string;
  /** The generation instant: 00:00 Asia/Shanghai on `until`, or the `asOf` given. */
  asOfMs: number;
  /** The generation instant as an ISO string with the +08:00 offset. */
  generatedAt: string;
}

export interface DemoDistrict extends DemoPeriod {
  seed: number;
  until: string;
  grids: DemoGrid[];
  staff: DemoStaff;
  categories: readonly DemoCategory[];
  calendar: WorkingCalendar;
  /** When the grids and people were set up: the evening before the period starts. */
  setupAt: number;
  /** The cases asked for; the day of an `asOf` keeps only those reported before it, so the stream may hold fewer. */
  incidentCount: number;
  /** A fresh stream of the incidents, in report order; call again to replay. */
  incidents(): Generator<DemoIncident>;
}

export function demoPeriod(until: string, asOf?: number): DemoPeriod {
  const monday = addDays(until, 1 - isoWeekday(until));
  const asOfMs = asOf ?? shanghaiMidnight(until);
  return {
    periodStart: addDays(monday, -7 * (DEMO_WEEKS - 1)),
    asOfMs,
    generatedAt: shanghaiIso(asOfMs),
  };
}

export function validateDemoOptions(options: { seed: number; until: string; incidents: number; asOf?: number | undefined }): void {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new AppError('invalid-input', `演示数据种子必须是 0 到 4294967295 之间的整数：${options.seed}`);
  }
  if (!isValidDate(options.until)) {
    throw new AppError('invalid-input', `演示数据截止日期格式应为 YYYY-MM-DD：${options.until}`);
  }
  if (!Number.isInteger(options.incidents) || options.incidents < 0 || options.incidents > MAX_DEMO_INCIDENTS) {
    throw new AppError('invalid-input', `演示案件数量必须是 0 到 ${MAX_DEMO_INCIDENTS} 之间的整数：${options.incidents}`);
  }
  const { asOf } = options;
  if (asOf !== undefined) {
    const midnight = shanghaiMidnight(options.until);
    if (!Number.isInteger(asOf) || asOf < midnight || asOf >= midnight + DAY_MS) {
      const when = Number.isFinite(asOf) ? shanghaiDateTime(asOf) : String(asOf);
      throw new AppError('invalid-input', `演示数据的生成时刻必须在截止日期 ${options.until} 当天：${when}`);
    }
  }
}

/** The shipped category table's small classes, in the form the generator uses. */
export function defaultDemoCategories(): DemoCategory[] {
  return defaultSmallClasses().map((c) => ({
    kind: c.kind,
    code: c.code,
    name: c.name,
    handlingLimit: c.handlingLimit,
    handlingUnit: c.handlingUnit,
    dispatchLimit: c.dispatchLimit,
    dispatchUnit: 'wh' as const,
    verifyLimit: c.verifyLimit,
    verifyUnit: 'wh' as const,
    isUrgent: c.isUrgent,
  }));
}

export function generateDemoDistrict(options: DemoOptions): DemoDistrict {
  validateDemoOptions(options);
  const { seed, until, incidents: incidentCount } = options;
  const period = demoPeriod(until, options.asOf);
  const calendar = options.calendar ?? defaultWorkingCalendar(defaultCalendarExceptions());
  const categories = options.categories ?? defaultDemoCategories();
  if (incidentCount > 0 && !categories.some((c) => c.kind === 'event')) {
    throw new AppError('invalid-input', '没有可用的事件类别，无法生成演示案件');
  }
  const grids = buildDistrictGrids(seed);
  const staff = buildStaff(seed, grids, period.periodStart);
  const setupAt = shanghaiMidnight(period.periodStart) - 6 * HOUR_MS;
  return {
    ...period,
    seed,
    until,
    grids,
    staff,
    categories,
    calendar,
    setupAt,
    incidentCount,
    incidents: () =>
      generateIncidents({
        seed,
        total: incidentCount,
        periodStart: period.periodStart,
        asOfMs: period.asOfMs,
        grids,
        staff,
        categories,
        calendar,
      }),
  };
}

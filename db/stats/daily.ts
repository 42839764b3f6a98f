/**
 * Indicators from the daily tables (migration 0080) plus a small query-time part:
 * - summed per day: received, registered, fixed on the spot, closed, on time, late, rework, handling time
 *   (whole ISO weeks of a period from their week sums, migration 0130; the days at its edges day by day);
 * - extensions approved and cases hung in the period, from their per-day sums (migration 0130);
 * - at query time, from indexed rows: cases still open at the period's end with a deadline before it
 *   (due in the period but not closed in it; open overdue).
 * The result is identical to the row-level reference (indicatorSql), which tests check on demo data.
 */
import type { Db } from '../open';
import { prepared } from '../queries/prepared';
import { rebuildSql } from '../migrations/0080-create-daily-statistics';
import { addCounts, deadlineCut, emptyCounts, type Counts, type Period } from './indicators';
import { COUNTING_RULES, type CountingRule, type CountingRuleId } from './rules';
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDayIndex } from '../domain/time';
import { DAILY_COUNTERS, hungSql, rebuildEventRollupsSql, rebuildOpenDueSql, refreshWeeklySql, weekOfDaySql } from '../migrations/0130-statistics-rollups';

/** The daily tables' day number of an instant at a Shanghai midnight (the periods they answer start and end at one). */
const dayOf = (ms: number) => (ms + SHANGHAI_OFFSET_MS) / DAY_MS;

export interface GridCategoryRow {
  gridId: number | null;
  categoryId: number;
  counts: Counts;
}

export interface GridPersonRow {
  gridId: number | null;
  assigneeId: number | null;
  counts: Counts;
}

/** Runs `work` with the triggers of the sums tables (migration 0130) paused, as they were before after it. */
function withRollupsPaused(db: Db, work: () => void): void {
  const was = db.prepare(`SELECT rollups_paused FROM stats_control`).pluck().get() as number;
  db.prepare(`UPDATE stats_control SET rollups_paused = 1`).run();
  work();
  db.prepare(`UPDATE stats_control SET rollups_paused = ?`).run(was);
}

/** Rebuilds both daily tables from the cases, and their week sums from them. */
export function rebuildDailyStats(db: Db): void {
  withRollupsPaused(db, () => {
    db.exec(rebuildSql('stats_daily_grid'));
    db.exec(rebuildSql('stats_daily_person'));
    db.exec(refreshWeeklySql(true));
  });
}

/**
 * Pauses the daily triggers (inside the caller's transaction) for a bulk write that adds its cases to the
 * daily tables itself. Meanwhile the weeks it touches are only marked; ending the pause re-sums them.
 */
export function pauseDailyStats(db: Db, paused: boolean): void {
  db.prepare(`UPDATE stats_control SET bulk = ?`).run(paused ? 1 : 0);
  if (!paused) db.exec(refreshWeeklySql());
}

/**
 * During a pause (pauseDailyStats): runs `work`, which writes to the daily tables and returns the days it
 * wrote, with the week-sum triggers off, then marks those days' weeks as the triggers would have, so ending
 * the pause re-sums them. The triggers mark a week for every row written (~3 µs a row, seconds at a million).
 */
export function writeDailyDays(db: Db, work: () => readonly number[]): void {
  let days: readonly number[] = [];
  withRollupsPaused(db, () => {
    days = work();
  });
  prepared(
    db,
    `INSERT INTO stats_weekly_dirty (week) SELECT DISTINCT ${weekOfDaySql('value')} FROM json_each(?) WHERE true ON CONFLICT (week) DO NOTHING`,
  ).run(JSON.stringify(days));
}

/** Rebuilds every statistics table from the cases and their events: the daily and weekly tables and the event sums (migration 0130). */
export function rebuildStatistics(db: Db): void {
  withRollupsPaused(db, () => {
    db.exec(rebuildSql('stats_daily_grid'));
    db.exec(rebuildSql('stats_daily_person'));
    db.exec(rebuildEventRollupsSql());
    db.exec(rebuildOpenDueSql());
    db.exec(refreshWeeklySql(true));
  });
}

/**
 * Runs a bulk load with every statistics trigger paused (the daily tables' and the event sums'), then
 * rebuilds the tables once (same transaction).
 */
export function withDailyStatsPaused<T>(db: Db, load: () => T): T {
  return db.transaction(() => {
    db.prepare(`UPDATE stats_control SET bulk = 1, rollups_paused = 1`).run();
    const result = load();
    db.prepare(`UPDATE stats_control SET bulk = 0, rollups_paused = 0`).run();
    rebuildStatistics(db);
    return result;
  }).immediate();
}

export function isDayAligned(period: Period): boolean {
  return (period.start + SHANGHAI_OFFSET_MS) % DAY_MS === 0 && (period.end + SHANGHAI_OFFSET_MS) % DAY_MS === 0;
}

/**
 * A period of whole days as the sums tables answer it: its whole ISO weeks [weekFrom, weekTo) from the week
 * sums, the days before the first and after the last of them from the daily rows.
 */
export function periodParts(period: Period): { dayFrom: number; dayTo: number; weekFrom: number; weekTo: number; headTo: number; tailFrom: number } {
  const dayFrom = dayOf(period.start);
  const dayTo = dayOf(period.end);
  const weekFrom = Math.ceil((dayFrom + 3) / 7);
  const weekTo = Math.floor((dayTo + 3) / 7);
  if (weekFrom >= weekTo) return { dayFrom, dayTo, weekFrom: 0, weekTo: 0, headTo: dayTo, tailFrom: dayTo };
  return { dayFrom, dayTo, weekFrom, weekTo, headTo: 7 * weekFrom - 3, tailFrom: 7 * weekTo - 3 };
}

/** The day sums and their week sums (migrations 0080, 0130); 'category' has no grid (the district only). */
const SUMS_TABLES = {
  grid: ['stats_daily_grid', 'stats_weekly_grid'],
  category: ['stats_daily_grid', 'stats_weekly_category'],
  person: ['stats_daily_person', 'stats_weekly_person'],
  events: ['stats_events_daily', 'stats_events_weekly'],
} as const;

/**
 * The rows of a day-sums table (or its week sums) covering a period: clean whole weeks from the week
 * sums, the edge days and any week marked dirty (being re-summed after a bulk write) from the daily rows.
 * Parameters: @weekFrom, @weekTo, @dayFrom, @headTo, @tailFrom, @dayTo (and @area when `area` is given).
 */
export function periodRowsSql(table: keyof typeof SUMS_TABLES, columns: string, area: string): string {
  if (table === 'category' && area) throw new Error('the class week sums have no grid');
  const [daily, weekly] = SUMS_TABLES[table];
  return `
    SELECT ${columns} FROM ${weekly} WHERE week >= @weekFrom AND week < @weekTo AND week NOT IN (SELECT week FROM stats_weekly_dirty) ${area}
    UNION ALL SELECT ${columns} FROM ${daily} WHERE day >= @dayFrom AND day < @headTo ${area}
    UNION ALL SELECT ${columns} FROM ${daily} WHERE day >= @tailFrom AND day < @dayTo ${area}
    UNION ALL SELECT ${columns} FROM stats_weekly_dirty d JOIN ${daily} ON day >= d.week * 7 - 3 AND day < d.week * 7 + 4
      WHERE d.week >= @weekFrom AND d.week < @weekTo ${area}`;
}

const COUNTER_LIST = DAILY_COUNTERS.join(', ');

const DAILY_SUMS = `sum(received) AS received, sum(registered) AS registered, sum(fixed_on_spot) AS fixedOnSpot, sum(closed) AS closed,
    sum(closed_on_time) AS closedOnTime, sum(closed_late) AS closedLate, sum(rework) AS rework, sum(closed_extended) AS closedExtended,
    sum(closed_on_time_extended) AS closedOnTimeExtended, sum(handling_ms) AS handlingMs, sum(handling_count) AS handlingCount`;

interface DailyRow {
  gridId: number;
  key: number;
  received: number;
  registered: number;
  fixedOnSpot: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  rework: number;
  closedExtended: number;
  closedOnTimeExtended: number;
  handlingMs: number;
  handlingCount: number;
}

/** The counts of summed daily rows under a rule (the query-time part is added to them). */
function fromDaily(r: Omit<DailyRow, 'gridId' | 'key'>, rule: CountingRule): Counts {
  const c = emptyCounts();
  c.received = r.received;
  c.registered = r.registered;
  c.fixedOnSpot = r.fixedOnSpot;
  c.closed = r.closed;
  c.closedOnTime = r.closedOnTime - (rule.excludesExtended ? r.closedOnTimeExtended : 0);
  c.closedLate = r.closedLate;
  c.rework = r.rework;
  c.due = r.closed - (rule.excludesExtended ? r.closedExtended : 0);
  c.handlingMsSum = r.handlingMs;
  c.handlingCount = r.handlingCount;
  return c;
}

interface LiveRow {
  gridId: number | null;
  categoryId: number;
  assigneeId: number | null;
  dueOpen: number;
  overdueOpen: number;
  extended: number;
  hung: number;
}


export function queryDailyStats(
  db: Db,
  period: Period,
  ruleId: CountingRuleId,
  areaGridIds: number[] | null,
): { grid: GridCategoryRow[]; person: GridPersonRow[] } {
  const rule = COUNTING_RULES[ruleId];
  const area = areaGridIds ? `AND grid_id IN (SELECT value FROM json_each(@area))` : '';
  const params = { ...periodParts(period), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) };
  const sums = DAILY_SUMS;
  const gridDaily = prepared(db, `SELECT grid_id AS gridId, category_id AS key, ${sums} FROM (${periodRowsSql('grid', `grid_id, category_id, ${COUNTER_LIST}`, area)}) GROUP BY grid_id, category_id`)
    .all(params) as DailyRow[];
  const personDaily = prepared(db, `SELECT grid_id AS gridId, assignee_id AS key, ${sums} FROM (${periodRowsSql('person', `grid_id, assignee_id, ${COUNTER_LIST}`, area)}) GROUP BY grid_id, assignee_id`)
    .all(params) as DailyRow[];

  const live = liveRows(db, period, rule, areaGridIds);

  const addLive = (c: Counts, l: LiveRow) => {
    c.due += l.dueOpen;
    c.overdueOpen += l.overdueOpen;
    c.extended += l.extended;
    c.hung += l.hung;
  };

  const grid = new Map<string, GridCategoryRow>();
  for (const r of gridDaily) {
    grid.set(`${r.gridId}:${r.key}`, { gridId: r.gridId || null, categoryId: r.key, counts: fromDaily(r, rule) });
  }
  const person = new Map<string, GridPersonRow>();
  for (const r of personDaily) {
    person.set(`${r.gridId}:${r.key}`, { gridId: r.gridId || null, assigneeId: r.key || null, counts: fromDaily(r, rule) });
  }
  for (const l of live) {
    const gk = `${l.gridId ?? 0}:${l.categoryId}`;
    let g = grid.get(gk);
    if (!g) grid.set(gk, (g = { gridId: l.gridId, categoryId: l.categoryId, counts: emptyCounts() }));
    addLive(g.counts, l);
    const pk = `${l.gridId ?? 0}:${l.assigneeId ?? 0}`;
    let p = person.get(pk);
    if (!p) person.set(pk, (p = { gridId: l.gridId, assigneeId: l.assigneeId, counts: emptyCounts() }));
    addLive(p.counts, l);
  }
  return { grid: [...grid.values()], person: [...person.values()] };
}

/** What the query-time part answers: rows by grid × class × person, sums by each of the three, or the totals. */
type LiveShape = 'rows' | 'dims' | 'total';

/**
 * The query-time part: cases registered and still open at the end of P with a deadline before it (due in
 * P but not closed in it; open overdue), and extensions approved / cases hung in P (their per-day sums).
 *
 * The open cases come as rows `open_rows(grid_id, category_id, assignee_id, due_in_p, hung, ever_extended, n)`
 * (n cases each; hung: on the hang list at the end of P):
 *  - cases open now with a deadline before the counting day: from their sums by deadline day (migration
 *    0130), as they stand on the hang list now, corrected for the few whose standing changed since the end
 *    of P (a hang or unhang at or after it);
 *  - cases open now with a deadline on the counting day before the counting instant (a period not over
 *    yet), and cases closed after P with a deadline before its end (closed late), case by case.
 * The rule that leaves extended cases out needs each case's extensions: it reads every open case.
 */
function liveQuery(db: Db, period: Period, rule: CountingRule, areaGridIds: number[] | null, shape: LiveShape): unknown[] {
  const c = deadlineCut(period);
  const countingDay = Math.floor(dayOf(c));
  const params = {
    s: period.start,
    e: period.end,
    c,
    dayFrom: dayOf(period.start),
    dayTo: dayOf(period.end),
    countingDay,
    countingDayStart: countingDay * DAY_MS - SHANGHAI_OFFSET_MS,
    ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}),
  };
  const area = areaGridIds ? `AND grid_id IN (SELECT value FROM json_each(@area))` : '';
  const iArea = areaGridIds ? `AND i.grid_id IN (SELECT value FROM json_each(@area))` : '';
  const counted = `i.duplicate_of IS NULL AND i.status <> 'voided' AND (i.registered_at IS NOT NULL OR i.is_fixed_on_spot = 1) ${iArea}`;
  const hungAtEnd = (id: string) => hungSql(id, '@e').replace('FROM incident_events h', 'FROM incident_events h INDEXED BY incident_events_hang');
  const key = `coalesce(i.grid_id, 0), i.category_id, coalesce(i.assignee_id, 0)`;
  // Open now, counted in the sums (deadline before the counting day), and on the hang list then otherwise than now.
  const movedOpen = `i.closed_at IS NULL AND i.due_at IS NOT NULL AND (i.due_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS} < @countingDay AND ${counted}
           AND ${hungSql('i.id', null)} <> ${hungAtEnd('i.id')}`;
  const movedCte = `moved(id) AS MATERIALIZED (
         SELECT DISTINCT incident_id FROM incident_events INDEXED BY incident_events_hang_at WHERE action IN ('hang', 'unhang') AND at >= @e
       )`;
  // Case by case: those whose hang list standing changed since the end of P (as they stand now, taken back;
  // as they stood then), those due on the counting day before the counting instant, those closed late after P.
  const openCasesCte = `open_cases(grid_id, category_id, assignee_id, due_in_p, hung, ever_extended, n) AS MATERIALIZED (
         SELECT ${key}, i.due_at >= @s, ${hungSql('i.id', null)}, 0, -1 FROM moved CROSS JOIN incidents i ON i.id = moved.id WHERE ${movedOpen}
         UNION ALL
         SELECT ${key}, i.due_at >= @s, ${hungAtEnd('i.id')}, 0, 1 FROM moved CROSS JOIN incidents i ON i.id = moved.id WHERE ${movedOpen}
         UNION ALL
         SELECT ${key}, i.due_at >= @s, ${hungAtEnd('i.id')}, 0, 1
         FROM incidents i WHERE i.closed_at IS NULL AND i.due_at >= @countingDayStart AND i.due_at < @c AND ${counted}
         UNION ALL
         SELECT ${key}, i.due_at >= @s, ${hungAtEnd('i.id')}, 0, 1
         FROM incidents i INDEXED BY incidents_closed_late WHERE i.closed_at >= @e AND i.due_at < @c AND i.closed_at > i.due_at AND ${counted}
       )`;
  const openRows = rule.excludesExtended
    ? `open_rows(grid_id, category_id, assignee_id, due_in_p, hung, ever_extended, n) AS MATERIALIZED (
         SELECT ${key}, i.due_at >= @s, ${hungAtEnd('i.id')},
           EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.action = 'extend_approve' AND e.at < @e), 1
         FROM incidents i WHERE i.closed_at IS NULL AND i.due_at < @c AND ${counted}
         UNION ALL
         SELECT ${key}, i.due_at >= @s, ${hungAtEnd('i.id')},
           EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.action = 'extend_approve' AND e.at < @e), 1
         FROM incidents i INDEXED BY incidents_closed_late WHERE i.closed_at >= @e AND i.due_at < @c AND i.closed_at > i.due_at AND ${counted}
       )`
    : `${movedCte},
       ${openCasesCte},
       open_rows(grid_id, category_id, assignee_id, due_in_p, hung, ever_extended, n) AS MATERIALIZED (
         ${
           areaGridIds || shape === 'rows'
             ? `SELECT grid_id, category_id, assignee_id, due_day >= @dayFrom, hung, 0, n FROM stats_open_due WHERE due_day < @countingDay ${area}`
             : // The district's totals: by deadline day alone.
               `SELECT 0, 0, 0, due_day >= @dayFrom, hung, 0, n FROM stats_open_days WHERE due_day < @countingDay`
         }
         UNION ALL SELECT * FROM open_cases
       )`;
  const fastDistrictDims = !rule.excludesExtended && !areaGridIds && shape === 'dims';
  const head = `WITH ${openRows}`;
  const excluded = rule.excludesHung ? 'hung' : '0';
  const dueOpen = `coalesce(sum(CASE WHEN due_in_p AND NOT ${excluded} AND NOT ever_extended THEN n ELSE 0 END), 0)`;
  const overdueOpen = `coalesce(sum(CASE WHEN NOT ${excluded} THEN n ELSE 0 END), 0)`;
  // Cases with an extension approved / put on the hang list in P: the events of its days less the pairs of
  // one case's events both in P (migration 0130).
  const extended = `sum(CASE WHEN day2 < 0 THEN extended WHEN day2 >= @dayFrom THEN -extended ELSE 0 END)`;
  const hung = `sum(CASE WHEN day2 < 0 THEN hung WHEN day2 >= @dayFrom THEN -hung ELSE 0 END)`;
  const cases = `stats_case_events WHERE day >= @dayFrom AND day < @dayTo ${area}`;
  if (shape === 'total') {
    return prepared(
      db,
      `${head}
       SELECT ${dueOpen} AS dueOpen, ${overdueOpen} AS overdueOpen,
         (SELECT coalesce(${extended}, 0) FROM ${cases}) AS extended, (SELECT coalesce(${hung}, 0) FROM ${cases}) AS hung
       FROM open_rows`,
    ).all(params);
  }
  if (shape === 'rows') {
    return prepared(
      db,
      `${head}
       SELECT nullif(grid_id, 0) AS gridId, category_id AS categoryId, nullif(assignee_id, 0) AS assigneeId, ${dueOpen} AS dueOpen, ${overdueOpen} AS overdueOpen,
         0 AS extended, 0 AS hung
       FROM open_rows GROUP BY grid_id, category_id, assignee_id HAVING dueOpen <> 0 OR overdueOpen <> 0
       UNION ALL
       SELECT nullif(grid_id, 0), category_id, nullif(assignee_id, 0), 0, 0, ${extended} AS extended, ${hung} AS hung
       FROM ${cases} GROUP BY grid_id, category_id, assignee_id HAVING extended <> 0 OR hung <> 0`,
    ).all(params);
  }
  // By grid, by small class and by person, each straight from the open cases and the day sums: a few
  // hundred rows instead of thousands.
  const open = `${dueOpen} AS dueOpen, ${overdueOpen} AS overdueOpen, 0 AS extended, 0 AS hung`;
  const events = `0, 0, ${extended}, ${hung}`;
  const caseEvents = `
       UNION ALL SELECT 'grid', grid_id, ${events} FROM ${cases} GROUP BY grid_id
       UNION ALL SELECT 'category', category_id, ${events} FROM ${cases} GROUP BY category_id
       UNION ALL SELECT 'person', assignee_id, ${events} FROM ${cases} GROUP BY assignee_id`;
  if (fastDistrictDims) {
    // The district's open cases by each key: all deadline days from the keys' sums, less those due from the
    // counting day on, plus (for 应结案) those due in P before it — read from the deadline-day sums of the
    // recent days only — and the case-by-case rows.
    const ok = `CASE WHEN ${excluded} THEN 0 ELSE n END`;
    const rows = prepared(
      db,
      `WITH ${movedCte}, ${openCasesCte}
         SELECT CASE dim WHEN 0 THEN 'grid' WHEN 1 THEN 'category' ELSE 'person' END AS dim, key, 0 AS dueOpen, sum(${ok}) AS overdueOpen, 0 AS extended, 0 AS hung
         FROM stats_open_keys GROUP BY dim, key
         UNION ALL SELECT 'grid', grid_id, ${open} FROM open_cases GROUP BY grid_id
         UNION ALL SELECT 'category', category_id, ${open} FROM open_cases GROUP BY category_id
         UNION ALL SELECT 'person', assignee_id, ${open} FROM open_cases GROUP BY assignee_id`,
    ).all(params) as DimRow[];
    return [...rows, ...recentAndCaseEvents(db, params, rule.excludesHung)];
  }
  return prepared(
    db,
    `${head}
     SELECT 'grid' AS dim, grid_id AS key, ${open} FROM open_rows GROUP BY grid_id
     UNION ALL SELECT 'category', category_id, ${open} FROM open_rows GROUP BY category_id
     UNION ALL SELECT 'person', assignee_id, ${open} FROM open_rows GROUP BY assignee_id
     ${caseEvents}`,
  ).all(params);
}

/** How many overdue cases the reports list, most overdue first. */
export const OVERDUE_LIST_LIMIT = 200;

/** A row of the query-time part by one key (grid, small class or person). */
interface DimRow {
  dim: 'grid' | 'category' | 'person';
  key: number;
  dueOpen: number;
  overdueOpen: number;
  extended: number;
  hung: number;
}

const DIMS = ['grid', 'category', 'person'] as const;

/**
 * The district's recent deadline days (open cases due from the period's first day or the counting day on:
 * those before the counting day are due in P, those from it on are not yet overdue) and the period's 延期 /
 * 挂账 sums (the day's events less the pairs of one case both in P), each read once and summed by grid,
 * small class and person here: the same sums as three GROUP BYs of the same rows, which sort them three times.
 */
function recentAndCaseEvents(db: Db, params: { dayFrom: number; dayTo: number; countingDay: number }, excludesHung: boolean): DimRow[] {
  const sums = DIMS.map(() => new Map<number, DimRow>());
  const at = (d: number, key: number): DimRow => {
    let r = sums[d]!.get(key);
    if (!r) sums[d]!.set(key, (r = { dim: DIMS[d]!, key, dueOpen: 0, overdueOpen: 0, extended: 0, hung: 0 }));
    return r;
  };
  const recent = prepared(db, `SELECT grid_id, category_id, assignee_id, due_day, hung, n FROM stats_open_due WHERE due_day >= min(@dayFrom, @countingDay)`)
    .raw(true)
    .all(params) as number[][];
  for (const [grid, category, person, dueDay, hung, n] of recent) {
    const ok = excludesHung && hung ? 0 : n!;
    if (dueDay! < params.countingDay) {
      at(0, grid!).dueOpen += ok;
      at(1, category!).dueOpen += ok;
      at(2, person!).dueOpen += ok;
    } else {
      at(0, grid!).overdueOpen -= ok;
      at(1, category!).overdueOpen -= ok;
      at(2, person!).overdueOpen -= ok;
    }
  }
  const events = prepared(db, `SELECT grid_id, category_id, assignee_id, day2, extended, hung FROM stats_case_events WHERE day >= @dayFrom AND day < @dayTo`)
    .raw(true)
    .all(params) as number[][];
  for (const [grid, category, person, day2, extended, hung] of events) {
    const sign = day2! < 0 ? 1 : day2! >= params.dayFrom ? -1 : 0;
    for (const r of [at(0, grid!), at(1, category!), at(2, person!)]) {
      r.extended += sign * extended!;
      r.hung += sign * hung!;
    }
  }
  return sums.flatMap((m) => [...m.values()]);
}

function liveRows(db: Db, period: Period, rule: CountingRule, areaGridIds: number[] | null): LiveRow[] {
  return liveQuery(db, period, rule, areaGridIds, 'rows') as LiveRow[];
}

/**
 * Totals only, for periods of whole days (the weekly trend): a week's sums (or the days of a period that
 * is not whole weeks) per period, plus the query-time part.
 */
export function queryDailyTotals(db: Db, periods: readonly Period[], ruleId: CountingRuleId, areaGridIds: number[] | null): Counts[] {
  const rule = COUNTING_RULES[ruleId];
  const area = areaGridIds ? `AND grid_id IN (SELECT value FROM json_each(@area))` : '';
  const totals = prepared(
    db,
    `SELECT sum(received) AS received, sum(registered) AS registered, sum(fixed_on_spot) AS fixedOnSpot, sum(closed) AS closed,
       sum(closed_on_time) AS closedOnTime, sum(closed_late) AS closedLate, sum(rework) AS rework, sum(closed_extended) AS closedExtended,
       sum(closed_on_time_extended) AS closedOnTimeExtended, sum(handling_ms) AS handlingMs, sum(handling_count) AS handlingCount
     FROM (${periodRowsSql(area ? 'grid' : 'category', COUNTER_LIST, area)})`,
  );
  return periods.map((period) => {
    const r = totals.get({ ...periodParts(period), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) }) as Partial<DailyRow>;
    const c = emptyCounts();
    c.received = r.received ?? 0;
    c.registered = r.registered ?? 0;
    c.fixedOnSpot = r.fixedOnSpot ?? 0;
    c.closed = r.closed ?? 0;
    c.closedOnTime = (r.closedOnTime ?? 0) - (rule.excludesExtended ? (r.closedOnTimeExtended ?? 0) : 0);
    c.closedLate = r.closedLate ?? 0;
    c.rework = r.rework ?? 0;
    c.due = (r.closed ?? 0) - (rule.excludesExtended ? (r.closedExtended ?? 0) : 0);
    c.handlingMsSum = r.handlingMs ?? 0;
    c.handlingCount = r.handlingCount ?? 0;
    const l = liveQuery(db, period, rule, areaGridIds, 'total')[0] as Omit<LiveRow, 'gridId' | 'categoryId' | 'assigneeId'>;
    c.due += l.dueOpen;
    c.overdueOpen += l.overdueOpen;
    c.extended += l.extended;
    c.hung += l.hung;
    return c;
  });
}

/** A period's figures summed by grid (0: none), by small class and by person (0: unassigned), and in all. */
export interface Breakdown {
  total: Counts;
  byGrid: Map<number, Counts>;
  byCategory: Map<number, Counts>;
  byPerson: Map<number, Counts>;
}

/**
 * The same figures as queryDailyStats, summed by grid, by small class and by person in SQL, so a report
 * reads a few hundred rows instead of every grid × class and grid × person (whole days only).
 */
export function queryDailyBreakdown(db: Db, period: Period, ruleId: CountingRuleId, areaGridIds: number[] | null): Breakdown {
  const rule = COUNTING_RULES[ruleId];
  const area = areaGridIds ? `AND grid_id IN (SELECT value FROM json_each(@area))` : '';
  const params = { ...periodParts(period), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) };
  const sums = DAILY_SUMS;
  const stored = prepared(
    db,
    // By grid from the grid × person sums (each case adds the same to both tables, under its grid), by
    // class from the class sums (an area's from its grids' grid × class sums), by person.
    `SELECT 'grid' AS dim, grid_id AS key, ${sums} FROM (${periodRowsSql('person', `grid_id, ${COUNTER_LIST}`, area)}) GROUP BY grid_id
     UNION ALL SELECT 'category', category_id, ${sums} FROM (${periodRowsSql(area ? 'grid' : 'category', `category_id, ${COUNTER_LIST}`, area)}) GROUP BY category_id
     UNION ALL SELECT 'person', assignee_id, ${sums} FROM (${periodRowsSql('person', `assignee_id, ${COUNTER_LIST}`, area)}) GROUP BY assignee_id`,
  ).all(params) as (DailyRow & { dim: 'grid' | 'category' | 'person' })[];
  const out: Breakdown = { total: emptyCounts(), byGrid: new Map(), byCategory: new Map(), byPerson: new Map() };
  const mapOf = { grid: out.byGrid, category: out.byCategory, person: out.byPerson };
  for (const r of stored) mapOf[r.dim].set(r.key, fromDaily(r, rule));
  const live = liveQuery(db, period, rule, areaGridIds, 'dims') as (Omit<LiveRow, 'gridId' | 'categoryId' | 'assigneeId'> & {
    dim: 'grid' | 'category' | 'person';
    key: number;
  })[];
  for (const l of live) {
    const map = mapOf[l.dim];
    let c = map.get(l.key);
    if (!c) map.set(l.key, (c = emptyCounts()));
    c.due += l.dueOpen;
    c.overdueOpen += l.overdueOpen;
    c.extended += l.extended;
    c.hung += l.hung;
  }
  // Every case has a small class: the classes add up to the whole.
  for (const c of out.byCategory.values()) addCounts(out.total, c);
  return out;
}

/** The columns of a case that decide its contributions to the daily tables. */
export interface DailyCaseFacts {
  reported_at: number;
  registered_at: number | null;
  closed_at: number | null;
  due_at: number | null;
  dispatched_at: number | null;
  status: string;
  duplicate_of: number | null;
  grid_id: number | null;
  category_id: number;
  assignee_id: number | null;
  rework_count: number;
  extension_count: number;
  is_fixed_on_spot: number;
}

type Counters = [number, number, number, number, number, number, number, number, number, number, number];
const COUNTER_NAMES = ['received', 'registered', 'fixed_on_spot', 'closed', 'closed_on_time', 'closed_late', 'rework', 'closed_extended', 'closed_on_time_extended', 'handling_ms', 'handling_count'] as const;

/**
 * Sums the contributions of cases written while the triggers are paused, in memory, and adds them to the
 * daily tables in one pass at the end — the same rules as the triggers of migration 0080 (tests hold the
 * two to the same result). A bulk load of a million cases then costs a few thousand upserts.
 */
export class DailyAccumulator {
  private readonly grid = new Map<string, Counters>();
  private readonly person = new Map<string, Counters>();

  add(c: DailyCaseFacts): void {
    if (c.duplicate_of !== null || c.status === 'voided') return;
    const g = c.grid_id ?? 0;
    const bump = (d: number, values: Partial<Record<(typeof COUNTER_NAMES)[number], number>>) => {
      for (const [map, key] of [
        [this.grid, `${d}:${g}:${c.category_id}`],
        [this.person, `${d}:${g}:${c.assignee_id ?? 0}`],
      ] as const) {
        let row = map.get(key);
        if (!row) map.set(key, (row = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        COUNTER_NAMES.forEach((name, k) => (row![k] = row![k]! + (values[name] ?? 0)));
      }
    };
    bump(shanghaiDayIndex(c.reported_at), { received: 1, registered: c.is_fixed_on_spot, fixed_on_spot: c.is_fixed_on_spot });
    if (c.registered_at !== null) bump(shanghaiDayIndex(c.registered_at), { registered: 1 });
    if (c.closed_at !== null) {
      const onTime = c.due_at === null || c.closed_at <= c.due_at ? 1 : 0;
      const extended = c.extension_count > 0 ? 1 : 0;
      bump(shanghaiDayIndex(c.closed_at), {
        closed: 1,
        closed_on_time: onTime,
        closed_late: c.due_at !== null && c.closed_at > c.due_at ? 1 : 0,
        rework: c.rework_count > 0 ? 1 : 0,
        closed_extended: extended,
        closed_on_time_extended: onTime && extended,
        handling_ms: c.dispatched_at !== null ? c.closed_at - c.dispatched_at : 0,
        handling_count: c.dispatched_at !== null ? 1 : 0,
      });
    }
  }

  /** Adds everything summed so far to the daily tables and starts again. */
  flush(db: Db): void {
    for (const [table, map, keyCols] of [
      ['stats_daily_grid', this.grid, 'grid_id, category_id'],
      ['stats_daily_person', this.person, 'grid_id, assignee_id'],
    ] as const) {
      const upsert = db.prepare(
        `INSERT INTO ${table} (day, ${keyCols}, ${COUNTER_NAMES.join(', ')}) VALUES (?, ?, ?, ${COUNTER_NAMES.map(() => '?').join(', ')})
         ON CONFLICT (day, ${keyCols}) DO UPDATE SET ${COUNTER_NAMES.map((n) => `${n} = ${n} + excluded.${n}`).join(', ')}`,
      );
      for (const [key, counters] of map) upsert.run(...key.split(':').map(Number), ...counters);
      map.clear();
    }
  }
}

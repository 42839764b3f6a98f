/**
 * The event log's figures of a period from the per-day sums of migration 0130 (stage clocks, 12345 orders,
 * 催办 / 督办), by grid × responsible person — the same numbers the row-by-row queries of stages.ts,
 * hotline.ts and supervision.ts give (tests/db/statsRollups.test.ts compares them on demo data after every
 * kind of write). Only for periods of whole days (weeks and date ranges always are).
 */
import type { Db } from '../open';
import { prepared } from '../queries/prepared';
import { rebuildEventRollupsSql } from '../migrations/0130-statistics-rollups';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../domain/time';
import { CASE_STAGES, type CaseStage } from '../domain/stages';
import type { Period } from './indicators';
import { periodParts, periodRowsSql } from './daily';
import { EVENT_COUNTERS } from '../migrations/0130-statistics-rollups';

/** The figures of one grid × person (null: none) in a period. */
export interface EventFigures {
  gridId: number | null;
  assigneeId: number | null;
  /** Stages finished in the period (due), of those by the deadline (onTime), and due in it but finished after it. */
  stages: Record<CaseStage, { finished: number; onTime: number; finishedAfter: number }>;
  hotline: {
    received: number;
    acknowledged: number;
    acknowledgedOnTime: number;
    handled: number;
    closed: number;
    closedOnTime: number;
    satisfied: number;
    dissatisfied: number;
    unreachable: number;
    returnedToPlatform: number;
  };
  supervision: { warnings: number; urges: number; manualUrges: number; supervisions: number; supervisedCases: number };
}

/** The day number of an instant at a Shanghai midnight. */
const dayOf = (ms: number) => (ms + SHANGHAI_OFFSET_MS) / DAY_MS;

/** Recomputes the event sums from the whole log (a bulk load, a repair). */
export function rebuildEventRollups(db: Db): void {
  db.exec(rebuildEventRollupsSql());
}

/** Rows as arrays, read by column position (objects with thirty named sums cost more than the SQL). */
const rawRows = (db: Db, sql: string) => prepared(db, sql).raw(true);

const STAGE_SUMS = CASE_STAGES.map((s) => `sum(${s}_due) AS ${s}_due, sum(${s}_on_time) AS ${s}_on_time`).join(', ');
/** The 12345 sums, in the order queryEventFigures reads them. */
const HOTLINE_COLUMNS = ['received', 'acknowledged', 'acknowledged_on_time', 'handled', 'closed', 'closed_on_time', 'satisfied', 'dissatisfied', 'unreachable', 'returned'] as const;
const HOTLINE_SUMS = HOTLINE_COLUMNS.map((c) => `sum(hotline_${c}) AS hotline_${c}`).join(', ');
/** Where the 12345 sums start in a row of the daily statement: after grid, person and two per stage. */
const DAILY_HOTLINE_AT = 2 + 2 * CASE_STAGES.length;
const SUPERVISION_COLUMNS = ['warnings', 'urges', 'manual_urges', 'supervisions'] as const;
const SUPERVISION_SUMS = SUPERVISION_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ');
/** The same counters unsummed, in the same order (a short period's rows are summed by queryEventFigures itself). */
const COUNTER_COLUMNS = [
  ...CASE_STAGES.flatMap((s) => [`${s}_due`, `${s}_on_time`]),
  ...HOTLINE_COLUMNS.map((c) => `hotline_${c}`),
  ...SUPERVISION_COLUMNS,
].join(', ');
/** The pair sums, in the order queryEventFigures reads them (then one late-after sum per stage). */
const PAIR_COLUMNS = ['acknowledged', 'acknowledged_on_time', 'handled', 'closed', 'closed_on_time', 'supervised'] as const;
const PAIR_SUMS = PAIR_COLUMNS
  .map((c) => `sum(CASE WHEN day2 >= @from THEN ${c}_pairs ELSE 0 END) AS ${c}_pairs`)
  .join(', ');
const LATE_SUMS = CASE_STAGES.map((s) => `sum(CASE WHEN day2 >= @to THEN ${s}_late_after ELSE 0 END) AS ${s}_late_after`).join(', ');

/** The period's figures by grid × person, from the per-day sums. */
export function queryEventFigures(db: Db, period: Period, areaGridIds: number[] | null): EventFigures[] {
  const area = areaGridIds ? 'AND grid_id IN (SELECT value FROM json_each(@area))' : '';
  const params = { from: dayOf(period.start), to: dayOf(period.end), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) };
  // Whole weeks from the week sums, the edge days from the day sums. Rows as arrays: columns DAILY_COLUMNS.
  // A week or less (a few thousand rows at most) is summed in the loop below as it is read: SQLite's GROUP BY
  // would sort the rows first; a longer period is summed there (a year: ~52 weeks of rows).
  const parts = periodParts(period);
  const rows = `FROM (${periodRowsSql('events', `grid_id, assignee_id, ${EVENT_COUNTERS.map(([name]) => name).join(', ')}`, area)})`;
  const daily = rawRows(
    db,
    parts.dayTo - parts.dayFrom <= 7
      ? `SELECT grid_id AS gridId, assignee_id AS assigneeId, ${COUNTER_COLUMNS} ${rows}`
      : `SELECT grid_id AS gridId, assignee_id AS assigneeId, ${STAGE_SUMS}, ${HOTLINE_SUMS}, ${SUPERVISION_SUMS} ${rows} GROUP BY grid_id, assignee_id`,
  ).all({ ...parts, ...(areaGridIds ? { area: params.area } : {}) }) as number[][];
  // Pairs with both events in the period (the later one's day in it, the earlier's not before it), and
  // stages due in it (by the deadline's day) finished on a day after it. Columns SPAN_COLUMNS.
  const spans = rawRows(
    db,
    `SELECT grid_id AS gridId, assignee_id AS assigneeId, ${PAIR_SUMS}, ${LATE_SUMS}
     FROM stats_events_spans WHERE day >= @from AND day < @to ${area} GROUP BY grid_id, assignee_id`,
  ).all(params) as number[][];

  // One entry per grid × person; the key packs both ids (grid ids are far below 2^21).
  const out = new Map<number, EventFigures>();
  const entry = (gridId: number, assigneeId: number): EventFigures => {
    const key = gridId * 4_294_967_296 + assigneeId;
    let f = out.get(key);
    if (!f) {
      f = {
        gridId: gridId || null,
        assigneeId: assigneeId || null,
        stages: { dispatch: { finished: 0, onTime: 0, finishedAfter: 0 }, handling: { finished: 0, onTime: 0, finishedAfter: 0 }, verification: { finished: 0, onTime: 0, finishedAfter: 0 } },
        hotline: { received: 0, acknowledged: 0, acknowledgedOnTime: 0, handled: 0, closed: 0, closedOnTime: 0, satisfied: 0, dissatisfied: 0, unreachable: 0, returnedToPlatform: 0 },
        supervision: { warnings: 0, urges: 0, manualUrges: 0, supervisions: 0, supervisedCases: 0 },
      };
      out.set(key, f);
    }
    return f;
  };
  const H = DAILY_HOTLINE_AT;
  const V = H + HOTLINE_COLUMNS.length;
  for (const r of daily) {
    const f = entry(r[0]!, r[1]!);
    for (let k = 0; k < CASE_STAGES.length; k++) {
      const stage = f.stages[CASE_STAGES[k]!];
      stage.finished += r[2 + 2 * k]!;
      stage.onTime += r[3 + 2 * k]!;
    }
    const h = f.hotline;
    h.received += r[H]!;
    h.acknowledged += r[H + 1]!;
    h.acknowledgedOnTime += r[H + 2]!;
    h.handled += r[H + 3]!;
    h.closed += r[H + 4]!;
    h.closedOnTime += r[H + 5]!;
    h.satisfied += r[H + 6]!;
    h.dissatisfied += r[H + 7]!;
    h.unreachable += r[H + 8]!;
    h.returnedToPlatform += r[H + 9]!;
    const v = f.supervision;
    v.warnings += r[V]!;
    v.urges += r[V + 1]!;
    v.manualUrges += r[V + 2]!;
    v.supervisions += r[V + 3]!;
    v.supervisedCases += r[V + 3]!;
  }
  const L = 2 + PAIR_COLUMNS.length;
  for (const r of spans) {
    const f = entry(r[0]!, r[1]!);
    for (let k = 0; k < CASE_STAGES.length; k++) f.stages[CASE_STAGES[k]!].finishedAfter += r[L + k]!;
    const h = f.hotline;
    h.acknowledged -= r[2]!;
    h.acknowledgedOnTime -= r[3]!;
    h.handled -= r[4]!;
    h.closed -= r[5]!;
    h.closedOnTime -= r[6]!;
    f.supervision.supervisedCases -= r[7]!;
  }
  return [...out.values()];
}

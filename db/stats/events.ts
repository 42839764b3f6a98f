/**
 * The event log's figures of a period from the per-day sums of migration 0130 (stage clocks, 12345 orders,
 * 催办 / 督办), by grid × responsible person — the same numbers the row-by-row queries of stages.ts,
 * hotline.ts and supervision.ts give (tests/db/statsRollups.test.ts compares them on demo data after every
 * kind of write). Only for periods of whole days (weeks and date ranges always are).
 */
import type { Db } from '../open';
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

interface DailySums {
  gridId: number;
  assigneeId: number;
  [counter: string]: number;
}

const statements = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
function prepared(db: Db, sql: string): ReturnType<Db['prepare']> {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

const STAGE_SUMS = CASE_STAGES.map((s) => `sum(${s}_due) AS ${s}_due, sum(${s}_on_time) AS ${s}_on_time`).join(', ');
const HOTLINE_SUMS = [
  'received',
  'acknowledged',
  'acknowledged_on_time',
  'handled',
  'closed',
  'closed_on_time',
  'satisfied',
  'dissatisfied',
  'unreachable',
  'returned',
]
  .map((c) => `sum(hotline_${c}) AS hotline_${c}`)
  .join(', ');
const SUPERVISION_SUMS = ['warnings', 'urges', 'manual_urges', 'supervisions'].map((c) => `sum(${c}) AS ${c}`).join(', ');
const PAIR_SUMS = ['acknowledged', 'acknowledged_on_time', 'handled', 'closed', 'closed_on_time', 'supervised']
  .map((c) => `sum(CASE WHEN day2 >= @from THEN ${c}_pairs ELSE 0 END) AS ${c}_pairs`)
  .join(', ');
const LATE_SUMS = CASE_STAGES.map((s) => `sum(CASE WHEN day2 >= @to THEN ${s}_late_after ELSE 0 END) AS ${s}_late_after`).join(', ');

/** The period's figures by grid × person, from the per-day sums. */
export function queryEventFigures(db: Db, period: Period, areaGridIds: number[] | null): EventFigures[] {
  const area = areaGridIds ? 'AND grid_id IN (SELECT value FROM json_each(@area))' : '';
  const params = { from: dayOf(period.start), to: dayOf(period.end), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) };
  // Whole weeks from the week sums, the edge days from the day sums.
  const daily = prepared(
    db,
    `SELECT grid_id AS gridId, assignee_id AS assigneeId, ${STAGE_SUMS}, ${HOTLINE_SUMS}, ${SUPERVISION_SUMS}
     FROM (${periodRowsSql('events', `grid_id, assignee_id, ${EVENT_COUNTERS.map(([name]) => name).join(', ')}`, area)}) GROUP BY grid_id, assignee_id`,
  ).all({ ...periodParts(period), ...(areaGridIds ? { area: params.area } : {}) }) as DailySums[];
  // Pairs with both events in the period (the later one's day in it, the earlier's not before it), and
  // stages due in it (by the deadline's day) finished on a day after it.
  const spans = prepared(
    db,
    `SELECT grid_id AS gridId, assignee_id AS assigneeId, ${PAIR_SUMS}, ${LATE_SUMS}
     FROM stats_events_spans WHERE day >= @from AND day < @to ${area} GROUP BY grid_id, assignee_id`,
  ).all(params) as DailySums[];

  const out = new Map<string, EventFigures>();
  const entry = (gridId: number, assigneeId: number): EventFigures => {
    const key = `${gridId}:${assigneeId}`;
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
  for (const r of daily) {
    const f = entry(r.gridId, r.assigneeId);
    for (const s of CASE_STAGES) {
      f.stages[s].finished += r[`${s}_due`]!;
      f.stages[s].onTime += r[`${s}_on_time`]!;
    }
    const h = f.hotline;
    h.received += r.hotline_received!;
    h.acknowledged += r.hotline_acknowledged!;
    h.acknowledgedOnTime += r.hotline_acknowledged_on_time!;
    h.handled += r.hotline_handled!;
    h.closed += r.hotline_closed!;
    h.closedOnTime += r.hotline_closed_on_time!;
    h.satisfied += r.hotline_satisfied!;
    h.dissatisfied += r.hotline_dissatisfied!;
    h.unreachable += r.hotline_unreachable!;
    h.returnedToPlatform += r.hotline_returned!;
    const v = f.supervision;
    v.warnings += r.warnings!;
    v.urges += r.urges!;
    v.manualUrges += r.manual_urges!;
    v.supervisions += r.supervisions!;
    v.supervisedCases += r.supervisions!;
  }
  for (const r of spans) {
    const f = entry(r.gridId, r.assigneeId);
    for (const s of CASE_STAGES) f.stages[s].finishedAfter += r[`${s}_late_after`]!;
    const h = f.hotline;
    h.acknowledged -= r.acknowledged_pairs!;
    h.acknowledgedOnTime -= r.acknowledged_on_time_pairs!;
    h.handled -= r.handled_pairs!;
    h.closed -= r.closed_pairs!;
    h.closedOnTime -= r.closed_on_time_pairs!;
    f.supervision.supervisedCases -= r.supervised_pairs!;
  }
  return [...out.values()];
}

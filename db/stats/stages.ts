/**
 * Stage timeliness from the event log: 按时派遣率, 按时处置率, 按时核查率 and the stages that went late,
 * for any period and area, by grid and person (streets and the district are sums of those rows).
 *
 * Every stage instance either finished — its finishing event carries `data.clock = {stage, dueAt, onTime}`
 * — or is still open, its deadline on the case (dispatch_due_at, due_at, verify_due_at). For a period
 * P = [start, end):
 *   应完成 due     stages finished in P, plus stages whose deadline fell in P and that were not finished
 *                 by the end of P (finished later, or still open and past the deadline now);
 *   按时 onTime    stages finished in P by their deadline;
 *   超时 late      due − onTime: finished in P after the deadline, or unfinished past a deadline in P.
 * A stage cut short (the case returned, hung or voided before finishing it) is not counted; duplicates and
 * voided cases never are. The person of a stage is the case's responsible person (as for every figure).
 */
import type { Db } from '../open';
import { CASE_STAGES, STAGE_FINISHING_ACTIONS, STAGE_STATUSES, type CaseStage } from '../domain/stages';
import { codeList } from '../sql';
import { INCIDENT_STATUSES } from '../domain/codes';
import { COUNTED_CASE, type Period } from './indicators';
import { isDayAligned } from './daily';
import { queryEventFigures, type EventFigures } from './events';

export interface StageCounts {
  due: number;
  onTime: number;
  late: number;
}

export interface StageFigures extends StageCounts {
  /** onTime ÷ due (null when nothing was due). */
  onTimeRate: number | null;
}

export type StagesBlock = Record<CaseStage, StageFigures>;

export interface StageRow {
  gridId: number | null;
  assigneeId: number | null;
  stage: CaseStage;
  due: number;
  onTime: number;
}

/** The sentence printed with the counting rule. */
export const STAGE_RULE_TEXT =
  '环节时效：派遣、处置、核查各环节按类别时限（工作时间）计时；应完成数＝本期内完成的环节及期限在本期内但期末仍未完成的环节，按时数＝本期内在期限内完成的环节，超时数＝应完成数－按时数；按时派遣率、按时处置率、按时核查率＝按时数÷应完成数；退回、挂账、作废而中止的环节不计。';

const FINISHING = codeList(CASE_STAGES.flatMap((s) => [...STAGE_FINISHING_ACTIONS[s]]), undefined, '操作');

/**
 * One row per grid × person × stage, with additive counts (only rows with a stage due): for whole days
 * from the per-day sums (`figures`, when the caller already read them) and the stages still open.
 */
export function queryStageRows(db: Db, period: Period, areaGridIds: number[] | null, now: number, figures?: readonly EventFigures[]): StageRow[] {
  if (!isDayAligned(period)) return queryStageRowsFromLog(db, period, areaGridIds, now);
  const rows = new Map<string, StageRow>();
  const add = (gridId: number | null, assigneeId: number | null, stage: CaseStage, due: number, onTime: number) => {
    const key = `${gridId ?? 0}:${assigneeId ?? 0}:${stage}`;
    const r = rows.get(key);
    if (r) {
      r.due += due;
      r.onTime += onTime;
    } else rows.set(key, { gridId, assigneeId, stage, due, onTime });
  };
  for (const f of figures ?? queryEventFigures(db, period, areaGridIds)) {
    for (const s of CASE_STAGES) add(f.gridId, f.assigneeId, s, f.stages[s].finished + f.stages[s].finishedAfter, f.stages[s].onTime);
  }
  for (const r of openStages(db, period, areaGridIds, now)) add(r.gridId, r.assigneeId, r.stage, r.due, 0);
  return [...rows.values()].filter((r) => r.due > 0);
}

/** Stages still open now whose deadline fell in the period (before now). */
function openStages(db: Db, period: Period, areaGridIds: number[] | null, now: number): { gridId: number | null; assigneeId: number | null; stage: CaseStage; due: number }[] {
  const area = areaGridIds ? 'AND grid_id IN (SELECT value FROM json_each(@area))' : '';
  const statuses = (stage: CaseStage) => codeList(STAGE_STATUSES[stage], INCIDENT_STATUSES, '状态');
  const counted = `duplicate_of IS NULL AND status <> 'voided' ${area}`;
  return db
    .prepare(
      `SELECT gridId, assigneeId, stage, count(*) AS due FROM (
         SELECT grid_id AS gridId, assignee_id AS assigneeId, 'dispatch' AS stage FROM incidents
         WHERE status IN ${statuses('dispatch')} AND dispatch_due_at >= @s AND dispatch_due_at < @cut AND ${counted}
         UNION ALL
         SELECT grid_id, assignee_id, 'handling' FROM incidents WHERE status IN ${statuses('handling')} AND due_at >= @s AND due_at < @cut AND ${counted}
         UNION ALL
         SELECT grid_id, assignee_id, 'verification' FROM incidents
         WHERE status IN ${statuses('verification')} AND verify_due_at >= @s AND verify_due_at < @cut AND ${counted}
       ) GROUP BY gridId, assigneeId, stage`,
    )
    .all({ s: period.start, cut: Math.min(period.end, now), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) }) as {
    gridId: number | null;
    assigneeId: number | null;
    stage: CaseStage;
    due: number;
  }[];
}

/**
 * Every stage instance of the period, one row `(id, stage, on_time)` per case and stage counted due:
 * finished in P (on_time from its clock), due in P and finished after it, or still open past a deadline
 * in P. Parameters @s, @e, @cut (the period's end, or now when earlier). The assessment counts its
 * 按时派遣率, 按时处置率 and 按时核查率 by object from the same rows. The finishing events are read from
 * their two covering indexes (migration 0180), named here: in a larger statement the planner otherwise
 * picked the event table by moment (a row and its JSON per event) or the wrong one of the two.
 */
export function stageInstancesSql(): string {
  const statuses = (stage: CaseStage) => codeList(STAGE_STATUSES[stage], INCIDENT_STATUSES, '状态');
  return `fin(id, stage, on_time) AS (
         SELECT incident_id, json_extract(data, '$.clock.stage'), json_extract(data, '$.clock.onTime')
         FROM incident_events INDEXED BY incident_events_stage_finished
         WHERE action IN ${FINISHING} AND at >= @s AND at < @e AND json_extract(data, '$.clock.dueAt') IS NOT NULL
         UNION ALL
         SELECT incident_id, json_extract(data, '$.clock.stage'), 0
         FROM incident_events INDEXED BY incident_events_stage_due
         WHERE json_extract(data, '$.clock.dueAt') >= @s AND json_extract(data, '$.clock.dueAt') < @e AND at >= @e
           AND action IN ${FINISHING}
         UNION ALL
         SELECT id, 'dispatch', 0 FROM incidents WHERE status IN ${statuses('dispatch')} AND dispatch_due_at >= @s AND dispatch_due_at < @cut
         UNION ALL
         SELECT id, 'handling', 0 FROM incidents WHERE status IN ${statuses('handling')} AND due_at >= @s AND due_at < @cut
         UNION ALL
         SELECT id, 'verification', 0 FROM incidents WHERE status IN ${statuses('verification')} AND verify_due_at >= @s AND verify_due_at < @cut
       )`;
}

/** The stage rows of the stages GridDesk knows (STAGE_CASE_FILTER without its case: for readers that check the case apart). */
export const STAGE_KNOWN = `fin.stage IN ${codeList(CASE_STAGES)}`;
/** Which stage rows count: cases not duplicates nor voided, stages GridDesk knows. */
export const STAGE_CASE_FILTER = `${COUNTED_CASE} AND ${STAGE_KNOWN}`;

/** The same rows counted from the event log row by row (any period; the reference the sums are held to). */
export function queryStageRowsFromLog(db: Db, period: Period, areaGridIds: number[] | null, now: number): StageRow[] {
  const area = areaGridIds ? 'AND i.grid_id IN (SELECT value FROM json_each(@area))' : '';
  const rows = db
    .prepare(
      `WITH ${stageInstancesSql()}
       SELECT i.grid_id AS gridId, i.assignee_id AS assigneeId, fin.stage AS stage, count(*) AS due, sum(fin.on_time = 1) AS onTime
       FROM fin JOIN incidents i ON i.id = fin.id
       WHERE ${STAGE_CASE_FILTER} ${area}
       GROUP BY i.grid_id, i.assignee_id, fin.stage`,
    )
    .all({
      s: period.start,
      e: period.end,
      cut: Math.min(period.end, now),
      ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}),
    }) as StageRow[];
  return rows.map((r) => ({ ...r, due: Number(r.due), onTime: Number(r.onTime ?? 0) }));
}

export function emptyStageCounts(): Record<CaseStage, StageCounts> {
  return { dispatch: { due: 0, onTime: 0, late: 0 }, handling: { due: 0, onTime: 0, late: 0 }, verification: { due: 0, onTime: 0, late: 0 } };
}

/** Sums stage rows by a key (rows whose key is undefined are skipped). */
export function sumStagesBy<K>(rows: readonly StageRow[], key: (r: StageRow) => K | undefined): Map<K, Record<CaseStage, StageCounts>> {
  const out = new Map<K, Record<CaseStage, StageCounts>>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    let acc = out.get(k);
    if (!acc) out.set(k, (acc = emptyStageCounts()));
    const c = acc[r.stage];
    c.due += r.due;
    c.onTime += r.onTime;
    c.late += r.due - r.onTime;
  }
  return out;
}

export function toStagesBlock(c: Record<CaseStage, StageCounts> | undefined): StagesBlock {
  const counts = c ?? emptyStageCounts();
  const one = (s: CaseStage): StageFigures => ({ ...counts[s], onTimeRate: counts[s].due > 0 ? counts[s].onTime / counts[s].due : null });
  return { dispatch: one('dispatch'), handling: one('handling'), verification: one('verification') };
}

export function hasStages(c: Record<CaseStage, StageCounts>): boolean {
  return CASE_STAGES.some((s) => c[s].due > 0);
}

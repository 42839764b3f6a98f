/**
 * The 12345 figures of a period and an area, from the event log (the rule below is printed on reports):
 * the district report's "签收工单 N 件，办理工单 N 件，结案工单 N 件，按时办结率 X%，满意率 Y%".
 */
import type { Db } from '../open';
import type { Period } from './indicators';
import { isDayAligned } from './daily';
import { queryEventFigures, type EventFigures } from './events';

export interface HotlineFigures {
  /** 接收工单: orders whose call (来电/受理时间) falls in the period. */
  received: number;
  /** 签收工单: orders acknowledged in the period, and of those by the 签收 limit. */
  acknowledged: number;
  acknowledgedOnTime: number;
  /** 办理工单: orders reported handled (处置反馈) in the period. */
  handled: number;
  /** 结案工单: orders closed (办结) in the period, and of those by their handling deadline. */
  closed: number;
  closedOnTime: number;
  /** 回访数: callbacks that reached the citizen (满意, 基本满意, 不满意) in the period. */
  callbacks: number;
  /** 满意 + 基本满意 */
  satisfied: number;
  dissatisfied: number;
  /** 无法联系: orders given up after the third unanswered call in the period. */
  unreachable: number;
  /** 不满意重办 in the period. */
  reopened: number;
  /** 退单 approved in the period. */
  returnedToPlatform: number;
  /** 按时签收率 = acknowledgedOnTime ÷ acknowledged. */
  acknowledgedOnTimeRate: number | null;
  /** 按时办结率 = closedOnTime ÷ closed. */
  onTimeRate: number | null;
  /** 满意率 = satisfied ÷ callbacks (满意 + 基本满意 ÷ 回访成功). */
  satisfactionRate: number | null;
  /** 退单率 = returnedToPlatform ÷ received. */
  returnRate: number | null;
}

/** How each figure is counted: printed with the counting rule. */
export const HOTLINE_RULE_TEXT =
  '12345 工单：接收工单＝来电时间在本期内的工单；签收工单＝本期内签收的工单，按时签收率＝其中在签收时限内签收的÷签收工单；办理工单＝本期内处置反馈的工单；结案工单＝本期内办结（核查通过并答复）的工单，按时办结率＝其中在办理期限（类别处置时限与平台办理时限取早者，含批准的延期）内办结的÷结案工单；回访数＝本期内回访成功（满意、基本满意、不满意）的次数，满意率＝（满意＋基本满意）÷回访数；无法联系＝本期内第 3 次未接通的工单；不满意重办数、退单数按本期内发生的次数计，退单率＝退单数÷接收工单；同一工单在本期内多次办理、办结只计一次；不满意重办的工单在综合指标中以最后一次办结计结案；作废、重复工单不计。';

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** A 回访 event that found the citizen satisfied (满意 or 基本满意), over the event's data column. */
export function hotlineSatisfiedSql(data = 'data'): string {
  return `json_extract(${data}, '$.result') IN ('satisfied', 'basic')`;
}

/** The figures of the area: for whole days from the per-day sums (`figures`, when the caller already read them). */
export function hotlineFigures(db: Db, period: Period, areaGridIds: number[] | null, figures?: readonly EventFigures[]): HotlineFigures {
  if (!isDayAligned(period)) return hotlineFiguresFromLog(db, period, areaGridIds);
  const t = { received: 0, acknowledged: 0, acknowledgedOnTime: 0, handled: 0, closed: 0, closedOnTime: 0, satisfied: 0, dissatisfied: 0, unreachable: 0, returnedToPlatform: 0 };
  for (const f of figures ?? queryEventFigures(db, period, areaGridIds)) {
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += f.hotline[k];
  }
  return withRates(t);
}

/** The same figures counted from the event log row by row (any period; the reference the sums are held to). */
export function hotlineFiguresFromLog(db: Db, period: Period, areaGridIds: number[] | null): HotlineFigures {
  const area = areaGridIds ? 'AND i.grid_id IN (SELECT value FROM json_each(@area))' : '';
  const params = { s: period.start, e: period.end, ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) };
  const counted = `i.duplicate_of IS NULL AND i.status <> 'voided' ${area}`;
  const received = db
    .prepare(`SELECT count(*) FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id WHERE i.reported_at >= @s AND i.reported_at < @e AND ${counted}`)
    .pluck()
    .get(params) as number;
  const r = db
    .prepare(
      `WITH ev AS MATERIALIZED (
         SELECT e.incident_id AS id, e.action, e.data, e.at, e.id AS eid FROM incident_events e
         JOIN hotline_orders h ON h.incident_id = e.incident_id JOIN incidents i ON i.id = e.incident_id
         WHERE e.action IN ('acknowledge', 'handle', 'verify_pass', 'callback', 'callback_redo', 'return_approve')
           AND e.at >= @s AND e.at < @e AND ${counted}
       ),
       last_close AS (
         SELECT id, data FROM (SELECT id, data, row_number() OVER (PARTITION BY id ORDER BY at DESC, eid DESC) AS rn FROM ev WHERE action = 'verify_pass')
         WHERE rn = 1
       )
       SELECT
         (SELECT count(DISTINCT id) FROM ev WHERE action = 'acknowledge') AS acknowledged,
         (SELECT count(DISTINCT id) FROM ev WHERE action = 'acknowledge' AND json_extract(data, '$.clock.onTime') = 1) AS acknowledgedOnTime,
         (SELECT count(DISTINCT id) FROM ev WHERE action = 'handle') AS handled,
         (SELECT count(*) FROM last_close) AS closed,
         (SELECT count(*) FROM last_close WHERE coalesce(json_extract(data, '$.closure.onTime'), 1) = 1) AS closedOnTime,
         (SELECT count(*) FROM ev WHERE action = 'callback' AND ${hotlineSatisfiedSql()}) AS satisfied,
         (SELECT count(*) FROM ev WHERE action = 'callback_redo') AS dissatisfied,
         (SELECT count(*) FROM ev WHERE action = 'callback' AND json_extract(data, '$.result') = 'unreachable' AND json_extract(data, '$.final') = 1) AS unreachable,
         (SELECT count(*) FROM ev WHERE action = 'return_approve') AS returnedToPlatform`,
    )
    .get(params) as {
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
  return withRates({ received, ...r });
}

function withRates(r: Omit<HotlineFigures, 'callbacks' | 'reopened' | 'acknowledgedOnTimeRate' | 'onTimeRate' | 'satisfactionRate' | 'returnRate'>): HotlineFigures {
  const callbacks = r.satisfied + r.dissatisfied;
  return {
    received: r.received,
    acknowledged: r.acknowledged,
    acknowledgedOnTime: r.acknowledgedOnTime,
    handled: r.handled,
    closed: r.closed,
    closedOnTime: r.closedOnTime,
    callbacks,
    satisfied: r.satisfied,
    dissatisfied: r.dissatisfied,
    unreachable: r.unreachable,
    reopened: r.dissatisfied,
    returnedToPlatform: r.returnedToPlatform,
    acknowledgedOnTimeRate: rate(r.acknowledgedOnTime, r.acknowledged),
    onTimeRate: rate(r.closedOnTime, r.closed),
    satisfactionRate: rate(r.satisfied, callbacks),
    returnRate: rate(r.returnedToPlatform, r.received),
  };
}

/** A rate as the seed's sentence writes it: "100%", "93.72%". */
export function sentencePercent(v: number | null): string {
  if (v === null) return '—';
  const p = Math.round(v * 10_000) / 100;
  return `${Number.isInteger(p) ? p.toFixed(0) : String(p)}%`;
}

/** The district report's sentence, written from the figures. */
export function hotlineSentence(h: HotlineFigures): string {
  return `签收工单 ${h.acknowledged} 件，办理工单 ${h.handled} 件，结案工单 ${h.closed} 件，按时办结率 ${sentencePercent(h.onTimeRate)}，满意率 ${sentencePercent(h.satisfactionRate)}`;
}

/**
 * The indicators (综合评价) for a period and an area, computed in one SQL pass over the cases that
 * touch the period and their event log, grouped by grid × small class × person; streets, the district,
 * categories and persons are sums of those rows, so street rows always add up to the district.
 *
 * Definitions (period P = [start, end), Asia/Shanghai; see rules.ts for the rule-dependent parts):
 * 受理 received       reported in P
 * 立案 registered     registered in P (a case fixed on the spot: when reported)
 * 应结案 due          registered, and closed in P, or its deadline falls in P and it was not closed before P
 *                    (less the rule's exclusions)
 * 结案 closed         closed in P
 * 按期结案            closed in P by its deadline (the deadline as extended by approvals)
 * 超期结案            closed in P after its deadline
 * 超期未结            at the end of P: registered, not closed, past its deadline (hung cases per rule)
 * A period not over yet (this week) is counted as of now: a deadline still ahead is not yet due, nor overdue
 * (as for the stage figures).
 * 返工 rework         closed in P after failing verification at least once
 * 延期 extended       an extension approved in P
 * 挂账 hung           put on the hang list in P
 * 自行处置            fixed on the spot, reported in P
 * 平均处置时长         closed in P: mean hours from dispatch to closure
 */
import { registeredOpenSql } from '../sql';
import type { Db } from '../open';
import { COUNTING_RULES, type CountingRule, type CountingRuleId } from './rules';
import { HOUR_MS } from '../domain/time';

/** The additive figures, in the order reports print them. */
const FIGURE_COUNTS = [
  'received',
  'registered',
  'due',
  'closed',
  'closedOnTime',
  'overdueOpen',
  'closedLate',
  'rework',
  'extended',
  'hung',
  'fixedOnSpot',
] as const;
type FigureCount = (typeof FIGURE_COUNTS)[number];

export type Figures = Record<FigureCount, number> & {
  closureRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  extensionRate: number | null;
  avgHandlingHours: number | null;
};

/** Raw additive counts; rates are derived from these only after summing. */
type Counts = Record<FigureCount | 'handlingMsSum' | 'handlingCount', number>;

const COUNT_KEYS: readonly (keyof Counts)[] = [...FIGURE_COUNTS, 'handlingMsSum', 'handlingCount'];

export interface GroupRow {
  gridId: number | null;
  categoryId: number;
  assigneeId: number | null;
  counts: Counts;
}

export interface Period {
  start: number;
  end: number;
  /** The instant the figures are counted at, for a period not over yet: deadlines after it are not yet due. */
  asOf?: number;
}

/** Deadlines before this instant count as due: the period's end, or the counting instant when earlier. */
export function deadlineCut(period: Period): number {
  return period.asOf === undefined ? period.end : Math.min(period.end, period.asOf);
}

export function emptyCounts(): Counts {
  // A literal (one shape for every Counts): the statistics make and add thousands of these per report.
  return {
    received: 0,
    registered: 0,
    due: 0,
    closed: 0,
    closedOnTime: 0,
    overdueOpen: 0,
    closedLate: 0,
    rework: 0,
    extended: 0,
    hung: 0,
    fixedOnSpot: 0,
    handlingMsSum: 0,
    handlingCount: 0,
  };
}

/** Adds `from` into `into`. */
export function addCounts(into: Counts, from: Counts): void {
  into.received += from.received;
  into.registered += from.registered;
  into.due += from.due;
  into.closed += from.closed;
  into.closedOnTime += from.closedOnTime;
  into.overdueOpen += from.overdueOpen;
  into.closedLate += from.closedLate;
  into.rework += from.rework;
  into.extended += from.extended;
  into.hung += from.hung;
  into.fixedOnSpot += from.fixedOnSpot;
  into.handlingMsSum += from.handlingMsSum;
  into.handlingCount += from.handlingCount;
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function toFigures(c: Counts, rule: CountingRule): Figures {
  const counts = Object.fromEntries(FIGURE_COUNTS.map((k) => [k, c[k]])) as Record<FigureCount, number>;
  return {
    ...counts,
    closureRate: rate(c.closed, c.due),
    onTimeRate: rate(c.closedOnTime, rule.onTimeDenominator === 'due' ? c.due : c.closed),
    reworkRate: rate(c.rework, c.closed),
    extensionRate: rate(c.extended, c.registered),
    avgHandlingHours: c.handlingCount > 0 ? c.handlingMsSum / c.handlingCount / HOUR_MS : null,
  };
}

/**
 * The cases behind the figures: `WITH … b AS MATERIALIZED (…)`, one row of b per case that touches the
 * period, with the state it needs; `caseFlagsSql` says which figure each row of b counts in. The
 * assessment (db/assess) counts its figures by street, grid, unit and person from the same two pieces.
 * `extraColumns` adds columns of the case (`i.`) to b. `countedOnly` is for callers that keep only the rows
 * counted in some figure (the assessment): of the cases closed since the period began it takes those closed
 * in it and those closed after it past a deadline in it (open and overdue at its end, from the closed-late
 * index); any other case closed after the period counts in no figure (neither received, registered nor due
 * in it, not open at its end, no extension or hang in it unless another branch brings it).
 */
export function indicatorCasesSql(rule: CountingRule, hasArea: boolean, extraColumns = '', countedOnly = false): string {
  return `
    ${periodEventSetsSql(rule)},
    cand(id) AS MATERIALIZED (
      ${candidateConditions(countedOnly)
        .map((c) => `SELECT id FROM incidents WHERE ${c}`)
        .join('\n      UNION ')}
      UNION SELECT id FROM ext_p
      UNION SELECT id FROM hang_p
    ),
    b AS MATERIALIZED (
      SELECT ${caseColumnsSql(extraColumns)}
      FROM cand CROSS JOIN incidents i ON i.id = cand.id
      WHERE ${COUNTED_CASE}
        ${hasArea ? 'AND i.grid_id IN (SELECT value FROM json_each(@area))' : ''}
    )`;
}

/** A case that counts at all: not a duplicate, not voided (over a row `i` of incidents). */
export const COUNTED_CASE = `i.duplicate_of IS NULL AND i.status <> 'voided'`;

/**
 * The rows of indicatorCasesSql(rule, false, extraColumns, true) — the same b, case for case — from one scan of
 * the covering index incidents_assess (migration 0220) over the ids in [@lo, @hi), the candidate conditions
 * written as one test per case instead of a union of index searches. For readers that need most of a long
 * period's cases (the assessment's month: at 1,000,000 cases the union of searches alone took ~0.6 s, its
 * rows looked up in the wide table ~0.4 s more).
 */
export function indicatorCaseScanSql(rule: CountingRule, extraColumns = ''): string {
  const cand = [...candidateConditions(true), 'i.id IN ext_p', 'i.id IN hang_p'].map((c) => `(${c})`).join(' OR ');
  return `
    ${periodEventSetsSql(rule)},
    b AS MATERIALIZED (
      SELECT ${caseColumnsSql(extraColumns)}
      FROM incidents i INDEXED BY incidents_assess
      WHERE i.id >= @lo AND i.id < @hi AND ${COUNTED_CASE} AND (${cand})
    )`;
}

/** The moments of the period's extensions and hangs (and, under a rule excluding extended cases, every extension before its end). */
function periodEventSetsSql(rule: CountingRule): string {
  return `WITH ext_p(id) AS MATERIALIZED (
      SELECT DISTINCT incident_id FROM incident_events WHERE action = 'extend_approve' AND at >= @s AND at < @e
    ),
    hang_p(id) AS MATERIALIZED (
      SELECT DISTINCT incident_id FROM incident_events WHERE action = 'hang' AND at >= @s AND at < @e
    ),
    ext_ever(id) AS MATERIALIZED (
      ${rule.excludesExtended ? "SELECT DISTINCT incident_id FROM incident_events WHERE action = 'extend_approve' AND at < @e" : 'SELECT NULL WHERE 0'}
    )`;
}

/**
 * The cases of incidents touching period P besides its extensions and hangs (any one condition): reported,
 * registered or due in it, closed since it began (countedOnly: closed in it, or closed after it past a deadline in it),
 * or open with a deadline before its end.
 */
function candidateConditions(countedOnly: boolean): string[] {
  return [
    'reported_at >= @s AND reported_at < @e',
    'registered_at >= @s AND registered_at < @e',
    'due_at >= @s AND due_at < @e',
    ...(countedOnly ? ['closed_at >= @s AND closed_at < @e', 'closed_at > due_at AND closed_at >= @e AND due_at < @e'] : ['closed_at >= @s']),
    'closed_at IS NULL AND due_at < @e',
  ];
}

/**
 * b's columns over a row `i` of incidents. The state at the period's end (status_at_end) is looked up in the event
 * log only where a figure reads it: for a case not closed by then whose deadline falls before the cut (@c) — 应结案
 * (the rule's hung exclusion) and 超期未结 read it only then; NULL for every other open case.
 */
function caseColumnsSql(extraColumns: string): string {
  return `i.id, i.grid_id, i.category_id, i.assignee_id, i.reported_at, i.registered_at, i.dispatched_at,
             i.due_at, i.closed_at, i.is_fixed_on_spot, i.rework_count,${extraColumns ? ` ${extraColumns},` : ''}
             CASE WHEN i.closed_at < @e THEN 'closed'
               WHEN i.due_at < @c THEN
                 (SELECT e.to_status FROM incident_events e WHERE e.incident_id = i.id AND e.at < @e
                   ORDER BY e.at DESC, e.id DESC LIMIT 1)
             END AS status_at_end,
             i.id IN ext_p AS extended_in_p,
             i.id IN ext_ever AS ever_extended,
             i.id IN hang_p AS hung_in_p`;
}

/** For each additive figure, the SQL condition (or, for the handling sums, value) over a row of b. */
export function caseFlagsSql(rule: CountingRule): Record<keyof Counts, string> {
  const inP = (col: string) => `(${col} >= @s AND ${col} < @e)`;
  const isRegistered = `(b.registered_at IS NOT NULL OR b.is_fixed_on_spot = 1)`;
  const hungAtEnd = rule.excludesHung ? `b.status_at_end = 'hung'` : '0';
  const extendedExcluded = rule.excludesExtended ? `b.ever_extended` : '0';
  // Due: closed in P, or deadline in P and not already closed before P began.
  const inDue = `(${isRegistered} AND (${inP('b.closed_at')} OR (b.due_at >= @s AND b.due_at < @c AND (b.closed_at IS NULL OR b.closed_at >= @s))) AND NOT (${hungAtEnd}) AND NOT (${extendedExcluded}))`;
  return {
    received: inP('b.reported_at'),
    registered: `${inP('b.registered_at')} OR (b.is_fixed_on_spot = 1 AND ${inP('b.reported_at')})`,
    due: inDue,
    closed: inP('b.closed_at'),
    closedOnTime: `${inP('b.closed_at')} AND ${inDue} AND (b.due_at IS NULL OR b.closed_at <= b.due_at)`,
    closedLate: `${inP('b.closed_at')} AND b.due_at IS NOT NULL AND b.closed_at > b.due_at`,
    overdueOpen: `${isRegistered} AND b.due_at < @c AND (b.closed_at IS NULL OR b.closed_at >= @e)
          AND b.status_at_end IN ${registeredOpenSql(!rule.excludesHung)}`,
    rework: `${inP('b.closed_at')} AND b.rework_count > 0`,
    extended: 'b.extended_in_p',
    hung: 'b.hung_in_p',
    fixedOnSpot: `b.is_fixed_on_spot = 1 AND ${inP('b.reported_at')}`,
    handlingMsSum: `CASE WHEN ${inP('b.closed_at')} AND b.dispatched_at IS NOT NULL THEN b.closed_at - b.dispatched_at ELSE 0 END`,
    handlingCount: `${inP('b.closed_at')} AND b.dispatched_at IS NOT NULL`,
  };
}

/**
 * The SQL behind every figure: one row per (grid, small class, assignee) with additive counts.
 * `areaGridIds` limits it to the community grids of an area (null = everywhere).
 */
export function indicatorSql(rule: CountingRule, hasArea: boolean): string {
  const f = caseFlagsSql(rule);
  return `${indicatorCasesSql(rule, hasArea)}
    SELECT b.grid_id AS gridId, b.category_id AS categoryId, b.assignee_id AS assigneeId,
      ${COUNT_KEYS.map((k) => `sum(${f[k]}) AS ${k}`).join(',\n      ')}
    FROM b
    GROUP BY b.grid_id, b.category_id, b.assignee_id`;
}

export function queryGroups(db: Db, period: Period, ruleId: CountingRuleId, areaGridIds: number[] | null): GroupRow[] {
  const rule = COUNTING_RULES[ruleId];
  const rows = db
    .prepare(indicatorSql(rule, areaGridIds !== null))
    .all({ s: period.start, e: period.end, c: deadlineCut(period), ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) }) as ({
    gridId: number | null;
    categoryId: number;
    assigneeId: number | null;
  } & Counts)[];
  return rows.map((r) => {
    const counts = emptyCounts();
    for (const k of COUNT_KEYS) counts[k] = Number(r[k] ?? 0);
    return { gridId: r.gridId, categoryId: r.categoryId, assigneeId: r.assigneeId, counts };
  });
}

/** Sums group rows by a key; rows whose key is undefined are skipped. */
export function sumBy<R extends { counts: Counts }, K>(rows: readonly R[], key: (r: R) => K | undefined): Map<K, Counts> {
  const out = new Map<K, Counts>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    let acc = out.get(k);
    if (!acc) out.set(k, (acc = emptyCounts()));
    addCounts(acc, r.counts);
  }
  return out;
}

export function sumAll(rows: readonly { counts: Counts }[]): Counts {
  const acc = emptyCounts();
  for (const r of rows) addCounts(acc, r.counts);
  return acc;
}

export type { Counts };

import type { Migration } from './types';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../domain/time';
import { CASE_STAGES, STAGE_FINISHING_ACTIONS } from '../domain/stages';

/**
 * The event log's figures summed per day, as migration 0080 sums the cases' own: the stage clocks
 * (按时派遣 / 处置 / 核查), the 12345 orders (签收, 办理, 结案, 回访, 退单) and 催办 / 督办, per day × grid ×
 * responsible person. Without them a week of statistics read every event of the week and its case
 * (half a million events at a million cases: seconds); a year, every event.
 *
 * Every figure is attributed, as the statistics always did, to the case's grid and person *now* and counts
 * only while the case is neither a duplicate nor voided. So the sums move with the case:
 *  - an event appended adds its own contribution (stats_events_on_event);
 *  - a case that changes grid, person, report time or whether it counts moves all its contributions
 *    (stats_events_on_case); a case that becomes a 12345 order gains the order's (stats_events_on_order).
 *
 * Figures that count cases rather than events (签收 / 办理 / 结案工单, 督办件数: "count each order once in the
 * period") are the events in the period less the pairs of consecutive same-kind events of one case that
 * both fall in it (events of one case in a period are consecutive in time, so k of them make k − 1 such
 * pairs). The pairs are kept in stats_events_spans by (day of the later, day of the earlier) and recomputed
 * for the case whenever one of its events of that kind is appended; 按时办结 is the last closure's: the
 * on-time closures less those followed by another closure in the period.
 *
 * A stage due in a period but finished after it (late) is kept there too, by (deadline day, finish day):
 * only stages finished on a later day than their deadline can be such, a few percent of them.
 *
 * The case figures' 延期 and 挂账 (cases with an extension approved / hung in the period) are summed the same
 * way by day × grid × small class × person (stats_case_events), and an index of the hang / unhang events
 * answers who was on the hang list at the end of a period.
 *
 * Further down: the week sums of migration 0080's daily tables and of the event sums (a year reads ~52
 * weeks of rows), and the sums of the cases open now by deadline day (the open and overdue cases at the end
 * of a period). Stages still open and the few cases whose state at the end of a period differs from these
 * are read at query time from indexed rows (db/stats/).
 *
 * `stats_control.rollups_paused = 1` pauses these triggers for a bulk load that rebuilds everything after
 * (the demo loader); the import's own pause (`bulk`) leaves them on: its events are reports, which
 * contribute nothing, and its 12345 orders are counted as they are written.
 *
 * Any change to which events count, or how → update the queries in db/stats/ (events.ts) with it;
 * tests/db/statsRollups.test.ts holds the sums to the row-by-row figures after every kind of write.
 */
const DAY = String(DAY_MS);
const SHIFT = String(SHANGHAI_OFFSET_MS);

const quote = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const FINISHING = quote(CASE_STAGES.flatMap((s) => [...STAGE_FINISHING_ACTIONS[s]]));
const HOTLINE_ACTIONS = ['acknowledge', 'handle', 'verify_pass', 'callback', 'callback_redo', 'return_approve'];
const SUPERVISION_ACTIONS = ['warn', 'urge', 'supervise'];
/** The actions whose events contribute anything. */
export const ROLLUP_ACTIONS: readonly string[] = [
  ...new Set([...CASE_STAGES.flatMap((s) => [...STAGE_FINISHING_ACTIONS[s]]), ...HOTLINE_ACTIONS, ...SUPERVISION_ACTIONS]),
];
/** The actions whose events are counted once per case in a period (the pairs). */
const CHAIN_ACTIONS = ['acknowledge', 'handle', 'verify_pass', 'supervise'];

type Part = 'stages' | 'hotline' | 'supervision';
const ALL_PARTS: readonly Part[] = ['stages', 'hotline', 'supervision'];

/** The facts of one event row `e` the sums need. */
const facts = (e: string) => `${e}.incident_id AS incident_id, ${e}.id AS id, ${e}.at AS at, ${e}.action AS action,
    (${e}.at + ${SHIFT}) / ${DAY} AS day,
    json_extract(${e}.data, '$.clock.stage') AS stage, json_extract(${e}.data, '$.clock.dueAt') AS due,
    json_extract(${e}.data, '$.clock.onTime') AS on_time, coalesce(json_extract(${e}.data, '$.closure.onTime'), 1) AS closure_on_time,
    json_extract(${e}.data, '$.result') AS result, json_extract(${e}.data, '$.final') AS final, (${e}.operator_id IS NOT NULL) AS manual`;

const stageFinished = `action IN (${FINISHING}) AND due IS NOT NULL`;
const dueDay = `CAST((due + ${SHIFT}) / ${DAY} AS INTEGER)`;

/** The per-day counters: name, which part, and which events (of a source's rows) count. */
export const EVENT_COUNTERS: readonly (readonly [string, Part, string])[] = [
  ...CASE_STAGES.flatMap((s) => [
    [`${s}_due`, 'stages', `${stageFinished} AND stage = '${s}'`] as const,
    [`${s}_on_time`, 'stages', `${stageFinished} AND stage = '${s}' AND on_time = 1`] as const,
  ]),
  ['hotline_received', 'hotline', '0'], // a case, not an event: written apart (receivedUpsert)
  ['hotline_acknowledged', 'hotline', `hl AND action = 'acknowledge'`],
  ['hotline_acknowledged_on_time', 'hotline', `hl AND action = 'acknowledge' AND on_time = 1`],
  ['hotline_handled', 'hotline', `hl AND action = 'handle'`],
  ['hotline_closed', 'hotline', `hl AND action = 'verify_pass'`],
  ['hotline_closed_on_time', 'hotline', `hl AND action = 'verify_pass' AND closure_on_time = 1`],
  ['hotline_satisfied', 'hotline', `hl AND action = 'callback' AND result IN ('satisfied', 'basic')`],
  ['hotline_dissatisfied', 'hotline', `hl AND action = 'callback_redo'`],
  ['hotline_unreachable', 'hotline', `hl AND action = 'callback' AND result = 'unreachable' AND final = 1`],
  ['hotline_returned', 'hotline', `hl AND action = 'return_approve'`],
  ['warnings', 'supervision', `action = 'warn'`],
  ['urges', 'supervision', `action = 'urge'`],
  ['manual_urges', 'supervision', `action = 'urge' AND manual`],
  ['supervisions', 'supervision', `action = 'supervise'`],
];

/** The pair kinds: the chain of same-kind events of one case, in time order. */
const CHAINS: readonly (readonly [kind: string, part: Part, events: string])[] = [
  ['acknowledged', 'hotline', `hl AND action = 'acknowledge'`],
  ['acknowledged_on_time', 'hotline', `hl AND action = 'acknowledge' AND on_time = 1`],
  ['handled', 'hotline', `hl AND action = 'handle'`],
  ['closed', 'hotline', `hl AND action = 'verify_pass'`],
  ['supervised', 'supervision', `action = 'supervise'`],
];

/** Counters of stats_events_spans: pairs (day of the later event, day2 of the earlier), and late stages (day: deadline, day2: finished). */
export const SPAN_COUNTERS: readonly (readonly [string, Part, string])[] = [
  ['acknowledged_pairs', 'hotline', `kind = 'acknowledged'`],
  ['acknowledged_on_time_pairs', 'hotline', `kind = 'acknowledged_on_time'`],
  ['handled_pairs', 'hotline', `kind = 'handled'`],
  ['closed_pairs', 'hotline', `kind = 'closed'`],
  // An on-time closure followed by another in the period: not the last, so not the order's 按时办结.
  ['closed_on_time_pairs', 'hotline', `kind = 'closed' AND prev_on_time = 1`],
  ['supervised_pairs', 'supervision', `kind = 'supervised'`],
  ...CASE_STAGES.map((s) => [`${s}_late_after`, 'stages', `kind = 'late:${s}'`] as const),
];

const counterColumns = (names: readonly string[]) => names.map((n) => `${n} INTEGER NOT NULL DEFAULT 0`).join(',\n        ');
const addOnConflict = (names: readonly string[]) => names.map((n) => `${n} = ${n} + excluded.${n}`).join(', ');

/**
 * A source of event rows: `(SELECT <facts>, g, a, hl FROM …)` — g and a the grid and person the sums go to
 * (0 for none), hl whether the case is a 12345 order.
 */
export interface EventSource {
  readonly sql: string;
  /** A WITH clause the statement starts with (a source read several times, computed once). */
  readonly cte?: string;
}

/** Adds (sign 1) or takes away (−1) the per-day counters of a source's events. */
export function dailyUpsert(source: EventSource, sign: 1 | -1, parts: readonly Part[] = ALL_PARTS): string {
  const s = sign === 1 ? '' : '-';
  const counters = EVENT_COUNTERS.filter(([name, part]) => parts.includes(part) && name !== 'hotline_received');
  const names = counters.map(([name]) => name);
  return `
    ${source.cte ?? ''}
    INSERT INTO stats_events_daily (day, grid_id, assignee_id, ${names.join(', ')})
    SELECT day, g, a, ${counters.map(([, , when]) => `${s}count(*) FILTER (WHERE ${when})`).join(', ')}
    FROM ${source.sql} AS src WHERE true
    GROUP BY day, g, a HAVING count(*) FILTER (WHERE ${counters.map(([, , when]) => `(${when})`).join(' OR ')}) > 0
    ON CONFLICT (day, grid_id, assignee_id) DO UPDATE SET ${addOnConflict(names)};`;
}

/** Adds or takes away the pairs (and, with 'stages', the late stages) of a source's events. */
export function spansUpsert(source: EventSource, sign: 1 | -1, parts: readonly Part[] = ALL_PARTS, what: 'pairs' | 'late' | 'both' = 'both'): string {
  const s = sign === 1 ? '' : '-';
  const chains = CHAINS.filter(([, part]) => parts.includes(part));
  const withLate = parts.includes('stages') && what !== 'pairs';
  const withPairs = chains.length > 0 && what !== 'late';
  if (!withLate && !withPairs) return '';
  const counters = SPAN_COUNTERS.filter(([name, part]) => parts.includes(part) && (name.endsWith('_late_after') ? withLate : withPairs));
  const names = counters.map(([name]) => name);
  const branches: string[] = [];
  if (withLate) {
    branches.push(`SELECT ${dueDay} AS day, day AS day2, g, a, 'late:' || stage AS kind, 0 AS prev_on_time
      FROM ${source.sql} AS src WHERE ${stageFinished} AND stage IN (${quote(CASE_STAGES)}) AND day > ${dueDay}`);
  }
  if (withPairs) {
    branches.push(`SELECT day, prev_day AS day2, g, a, kind, prev_on_time FROM (
        SELECT day, g, a, kind, lag(day) OVER chain AS prev_day, lag(closure_on_time) OVER chain AS prev_on_time
        FROM (${chains.map(([kind, , when]) => `SELECT incident_id, id, at, day, g, a, closure_on_time, '${kind}' AS kind FROM ${source.sql} AS src WHERE ${when}`).join('\n          UNION ALL ')})
        WINDOW chain AS (PARTITION BY incident_id, kind ORDER BY at, id)
      ) WHERE prev_day IS NOT NULL`);
  }
  return `
    ${source.cte ?? ''}
    INSERT INTO stats_events_spans (day, day2, grid_id, assignee_id, ${names.join(', ')})
    SELECT day, day2, g, a, ${counters.map(([, , when]) => `${s}count(*) FILTER (WHERE ${when})`).join(', ')}
    FROM (${branches.join('\n      UNION ALL ')}) WHERE true
    GROUP BY day, day2, g, a
    ON CONFLICT (day, day2, grid_id, assignee_id) DO UPDATE SET ${addOnConflict(names)};`;
}

/**
 * 接收工单: a counted case that is a 12345 order, on the day it was reported. `c` is a row of incidents
 * (NEW or OLD in a trigger), or an alias read by `id` when given.
 */
function receivedUpsert(c: string, sign: 1 | -1, id?: string): string {
  return `
    INSERT INTO stats_events_daily (day, grid_id, assignee_id, hotline_received)
    SELECT (${c}.reported_at + ${SHIFT}) / ${DAY}, coalesce(${c}.grid_id, 0), coalesce(${c}.assignee_id, 0), ${sign}
    ${id ? `FROM incidents ${c} WHERE ${c}.id = ${id} AND` : 'WHERE'} ${c}.duplicate_of IS NULL AND ${c}.status <> 'voided'
      AND EXISTS (SELECT 1 FROM hotline_orders h WHERE h.incident_id = ${c}.id)
    ON CONFLICT (day, grid_id, assignee_id) DO UPDATE SET hotline_received = hotline_received + excluded.hotline_received;`;
}

const RELEVANT = quote(ROLLUP_ACTIONS);
const COUNTED = (c: string) => `${c}.duplicate_of IS NULL AND ${c}.status <> 'voided'`;
const isOrder = (idExpr: string) => `EXISTS (SELECT 1 FROM hotline_orders h WHERE h.incident_id = ${idExpr})`;

/**
 * Ends a source: `LIMIT -1` (no limit) keeps SQLite from folding the source into the aggregate over it, so
 * each event's JSON is read once per row, not once per counter that tests it.
 */
const ONCE = 'LIMIT -1';

/** The events (of `actions`) of one case as it stands (a row `c` of incidents: NEW or OLD in a trigger), if it counts. */
function caseEvents(c: string, actions: string, hl = isOrder(`${c}.id`)): EventSource {
  return {
    sql: `(SELECT ${facts('e')}, coalesce(${c}.grid_id, 0) AS g, ${c}.category_id AS k, coalesce(${c}.assignee_id, 0) AS a, ${hl} AS hl
      FROM incident_events e WHERE e.incident_id = ${c}.id AND e.action IN (${actions}) AND ${COUNTED(c)} ${ONCE})`,
  };
}

/** Events joined to their (counted) case. */
function joinedEvents(where: string, hl = isOrder('i.id')): EventSource {
  return {
    sql: `(SELECT ${facts('e')}, coalesce(i.grid_id, 0) AS g, i.category_id AS k, coalesce(i.assignee_id, 0) AS a, ${hl} AS hl
      FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE ${where} AND ${COUNTED('i')} ${ONCE})`,
  };
}

/**
 * 延期 and 挂账 of the case figures (migration 0080's tables have them computed at query time): cases with an
 * extension approved / put on the hang list in the period, by day × grid × small class × person. Rows with
 * day2 = −1 count the day's events; rows with day2 ≥ 0 the pairs of consecutive same-kind events of a case
 * (day the later's, day2 the earlier's), as for the 12345 figures.
 */
const CASE_ACTIONS = quote(['extend_approve', 'hang']);

function caseEventsUpsert(source: EventSource, sign: 1 | -1, what: 'events' | 'pairs'): string {
  const s = sign === 1 ? '' : '-';
  const rows =
    what === 'events'
      ? `SELECT day, -1 AS day2, g, k, a, action FROM ${source.sql} AS src WHERE true`
      : `SELECT day, prev_day AS day2, g, k, a, action FROM (
           SELECT day, g, k, a, action, lag(day) OVER (PARTITION BY incident_id, action ORDER BY at, id) AS prev_day FROM ${source.sql} AS src
         ) WHERE prev_day IS NOT NULL`;
  return `
    INSERT INTO stats_case_events (day, day2, grid_id, category_id, assignee_id, extended, hung)
    SELECT day, day2, g, k, a, ${s}count(*) FILTER (WHERE action = 'extend_approve'), ${s}count(*) FILTER (WHERE action = 'hang')
    FROM (${rows}) WHERE true GROUP BY day, day2, g, k, a
    ON CONFLICT (day, day2, grid_id, category_id, assignee_id) DO UPDATE SET extended = extended + excluded.extended, hung = hung + excluded.hung;`;
}

const RUNNING = `(SELECT rollups_paused FROM stats_control) = 0`;
const CASE_MOVED = `OLD.grid_id IS NOT NEW.grid_id OR OLD.category_id IS NOT NEW.category_id OR OLD.assignee_id IS NOT NEW.assignee_id
    OR OLD.reported_at IS NOT NEW.reported_at
    OR (${COUNTED('OLD')}) IS NOT (${COUNTED('NEW')})`;

export const EVENT_ROLLUP_TRIGGERS = `
  CREATE TRIGGER stats_events_on_event AFTER INSERT ON incident_events
  WHEN NEW.action IN (${RELEVANT}) AND ${RUNNING} BEGIN
    ${dailyUpsert(joinedEvents('e.id = NEW.id'), 1)}
    ${spansUpsert(joinedEvents('e.id = NEW.id'), 1, ALL_PARTS, 'late')}
  END;
  CREATE TRIGGER stats_events_on_chain_event AFTER INSERT ON incident_events
  WHEN NEW.action IN (${quote(CHAIN_ACTIONS)}) AND ${RUNNING} BEGIN
    ${spansUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${quote(CHAIN_ACTIONS)}) AND e.id <> NEW.id`), -1, ALL_PARTS, 'pairs')}
    ${spansUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${quote(CHAIN_ACTIONS)})`), 1, ALL_PARTS, 'pairs')}
  END;
  CREATE TRIGGER stats_events_on_case_event AFTER INSERT ON incident_events
  WHEN NEW.action IN (${CASE_ACTIONS}) AND ${RUNNING} BEGIN
    ${caseEventsUpsert(joinedEvents('e.id = NEW.id'), 1, 'events')}
    ${caseEventsUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${CASE_ACTIONS}) AND e.id <> NEW.id`), -1, 'pairs')}
    ${caseEventsUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${CASE_ACTIONS})`), 1, 'pairs')}
  END;
  CREATE TRIGGER stats_events_on_case AFTER UPDATE OF grid_id, category_id, assignee_id, duplicate_of, status, reported_at ON incidents
  WHEN (${CASE_MOVED}) AND ${RUNNING} BEGIN
    ${dailyUpsert(caseEvents('OLD', RELEVANT), -1)}
    ${spansUpsert(caseEvents('OLD', RELEVANT), -1)}
    ${receivedUpsert('OLD', -1)}
    ${caseEventsUpsert(caseEvents('OLD', CASE_ACTIONS), -1, 'events')}
    ${caseEventsUpsert(caseEvents('OLD', CASE_ACTIONS), -1, 'pairs')}
    ${dailyUpsert(caseEvents('NEW', RELEVANT), 1)}
    ${spansUpsert(caseEvents('NEW', RELEVANT), 1)}
    ${receivedUpsert('NEW', 1)}
    ${caseEventsUpsert(caseEvents('NEW', CASE_ACTIONS), 1, 'events')}
    ${caseEventsUpsert(caseEvents('NEW', CASE_ACTIONS), 1, 'pairs')}
  END;
  CREATE TRIGGER stats_events_on_order AFTER INSERT ON hotline_orders WHEN ${RUNNING} BEGIN
    ${dailyUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${RELEVANT})`, '1'), 1, ['hotline'])}
    ${spansUpsert(joinedEvents(`e.incident_id = NEW.incident_id AND e.action IN (${RELEVANT})`, '1'), 1, ['hotline'])}
    ${receivedUpsert('i', 1, 'NEW.incident_id')}
  END;`;


/**
 * Cases open now with a deadline, by deadline day × grid × small class × person and whether the case is on
 * the hang list (its last hang / unhang was a hang): the open cases overdue at the end of a period are
 * those of the days before it, less those closed since (few: closed late) and with the standing of the few
 * whose hang list standing changed since — read at query time (db/stats/daily.ts), instead of every open
 * case each time. Only cases that count and are registered (or fixed on the spot), as the figures take them.
 */
const OPEN_CASE = (c: string) =>
  `${c}.closed_at IS NULL AND ${c}.due_at IS NOT NULL AND ${c}.duplicate_of IS NULL AND ${c}.status <> 'voided'
   AND (${c}.registered_at IS NOT NULL OR ${c}.is_fixed_on_spot = 1)`;

/** Whether case `id` is on the hang list at `before` (all its events when null), leaving out event `except`. */
export function hungSql(id: string, before: string | null, except?: string): string {
  return `coalesce((SELECT h.action = 'hang' FROM incident_events h WHERE h.incident_id = ${id} AND h.action IN ('hang', 'unhang')
    ${before ? `AND h.at < ${before}` : ''} ${except ? `AND h.id <> ${except}` : ''} ORDER BY h.at DESC, h.id DESC LIMIT 1), 0)`;
}

function openUpsert(c: string, sign: 1 | -1, hung: string, from = ''): string {
  return `
    INSERT INTO stats_open_due (due_day, grid_id, category_id, assignee_id, hung, n)
    SELECT (${c}.due_at + ${SHIFT}) / ${DAY}, coalesce(${c}.grid_id, 0), ${c}.category_id, coalesce(${c}.assignee_id, 0), ${hung}, ${sign}
    ${from} ${from ? 'AND' : 'WHERE'} ${OPEN_CASE(c)}
    ON CONFLICT (due_day, grid_id, category_id, assignee_id, hung) DO UPDATE SET n = n + excluded.n;`;
}

export const OPEN_DUE_TRIGGERS = `
  CREATE TRIGGER stats_open_on_insert AFTER INSERT ON incidents
  WHEN NEW.due_at IS NOT NULL AND NEW.closed_at IS NULL AND ${RUNNING} BEGIN
    ${openUpsert('NEW', 1, hungSql('NEW.id', null))}
  END;
  CREATE TRIGGER stats_open_on_update
  AFTER UPDATE OF closed_at, due_at, status, duplicate_of, registered_at, is_fixed_on_spot, grid_id, category_id, assignee_id ON incidents
  WHEN ((OLD.due_at IS NOT NULL AND OLD.closed_at IS NULL) OR (NEW.due_at IS NOT NULL AND NEW.closed_at IS NULL)) AND ${RUNNING} BEGIN
    ${openUpsert('OLD', -1, hungSql('OLD.id', null))}
    ${openUpsert('NEW', 1, hungSql('NEW.id', null))}
  END;
  CREATE TRIGGER stats_open_on_hang AFTER INSERT ON incident_events
  WHEN NEW.action IN ('hang', 'unhang') AND ${RUNNING} BEGIN
    ${openUpsert('i', -1, hungSql('i.id', null, 'NEW.id'), 'FROM incidents i WHERE i.id = NEW.incident_id')}
    ${openUpsert('i', 1, hungSql('i.id', null), 'FROM incidents i WHERE i.id = NEW.incident_id')}
  END;`;

/**
 * The open cases' sums again, coarser, for the district: by deadline day alone, and by grid, by small class
 * and by person alone (dim 0, 1, 2) over every deadline day — a few hundred rows each. Kept from
 * stats_open_due by triggers.
 */
const OPEN_DIMS = [
  [0, 'grid_id'],
  [1, 'category_id'],
  [2, 'assignee_id'],
] as const;

function openDerivedTriggers(): string {
  const upserts = (row: 'NEW' | 'OLD', delta: string) => `
    INSERT INTO stats_open_days (due_day, hung, n) VALUES (${row}.due_day, ${row}.hung, ${delta})
    ON CONFLICT (due_day, hung) DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_open_keys (dim, key, hung, n) VALUES ${OPEN_DIMS.map(([dim, col]) => `(${dim}, ${row}.${col}, ${row}.hung, ${delta})`).join(', ')}
    ON CONFLICT (dim, key, hung) DO UPDATE SET n = n + excluded.n;`;
  return `
  CREATE TRIGGER stats_open_due_insert AFTER INSERT ON stats_open_due WHEN ${RUNNING} BEGIN ${upserts('NEW', 'NEW.n')} END;
  CREATE TRIGGER stats_open_due_update AFTER UPDATE ON stats_open_due WHEN ${RUNNING} BEGIN ${upserts('NEW', 'NEW.n - OLD.n')} END;
  CREATE TRIGGER stats_open_due_delete AFTER DELETE ON stats_open_due WHEN ${RUNNING} BEGIN ${upserts('OLD', '-OLD.n')} END;`;
}

/** Recomputes the open cases' sums from the cases. */
export function rebuildOpenDueSql(): string {
  return `
    DELETE FROM stats_open_due;
    WITH last_hang(incident_id, hung) AS MATERIALIZED (
      SELECT incident_id, action = 'hang' FROM (
        SELECT incident_id, action, lead(incident_id) OVER (ORDER BY incident_id, at, id) AS next_case
        FROM incident_events WHERE action IN ('hang', 'unhang'))
      WHERE next_case IS NOT incident_id
    )
    INSERT INTO stats_open_due (due_day, grid_id, category_id, assignee_id, hung, n)
    SELECT (i.due_at + ${SHIFT}) / ${DAY} AS due_day, coalesce(i.grid_id, 0) AS g, i.category_id, coalesce(i.assignee_id, 0) AS a, coalesce(h.hung, 0) AS hung_now, count(*)
    FROM incidents i LEFT JOIN last_hang h ON h.incident_id = i.id
    WHERE ${OPEN_CASE('i')}
    GROUP BY due_day, g, i.category_id, a, hung_now;
    DELETE FROM stats_open_days;
    INSERT INTO stats_open_days (due_day, hung, n) SELECT due_day, hung, sum(n) FROM stats_open_due GROUP BY due_day, hung;
    DELETE FROM stats_open_keys;
    ${OPEN_DIMS.map(([dim, col]) => `INSERT INTO stats_open_keys (dim, key, hung, n) SELECT ${dim}, ${col}, hung, sum(n) FROM stats_open_due GROUP BY ${col}, hung;`).join('\n    ')}`;
}

/** Recomputes the event sums from the whole log (after a bulk load, or to repair). */
export function rebuildEventRollupsSql(): string {
  // Every source read once, in table order, into a temporary table of its facts: the statements below then
  // read those instead of each going through the action index to the events again.
  const hotline = 'EXISTS (SELECT 1 FROM hotline_orders h WHERE h.incident_id = e.incident_id)';
  const once = (name: string, actions: string, hl: string): EventSource => ({
    sql: name,
    cte: `WITH ${name} AS MATERIALIZED ${joinedEvents(`+e.action IN (${actions})`, hl).sql}`,
  });
  const all = once('all_facts', RELEVANT, hotline);
  const chains = once('chain_facts', quote(CHAIN_ACTIONS), hotline);
  const finishing = once('finishing_facts', FINISHING, '0');
  const extendedOrHung = joinedEvents(`e.action IN (${CASE_ACTIONS})`, '0');
  return `
    DELETE FROM stats_events_daily;
    DELETE FROM stats_events_spans;
    DELETE FROM stats_case_events;
    ${caseEventsUpsert(extendedOrHung, 1, 'events')}
    ${caseEventsUpsert(extendedOrHung, 1, 'pairs')}
    ${dailyUpsert(all, 1)}
    INSERT INTO stats_events_daily (day, grid_id, assignee_id, hotline_received)
    SELECT (i.reported_at + ${SHIFT}) / ${DAY} AS day, coalesce(i.grid_id, 0) AS g, coalesce(i.assignee_id, 0) AS a, count(*)
    FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id WHERE ${COUNTED('i')}
    GROUP BY day, g, a
    ON CONFLICT (day, grid_id, assignee_id) DO UPDATE SET hotline_received = hotline_received + excluded.hotline_received;
    ${spansUpsert(finishing, 1, ['stages'], 'late')}
    ${spansUpsert(chains, 1, ['hotline', 'supervision'], 'pairs')}`;
}


/**
 * Week sums (ISO weeks: week = (day + 3) / 7 in days since 1970-01-01, Monday to Sunday) of migration
 * 0080's daily tables — by grid × person, and by small class alone (a district's classes without reading
 * every grid × class) — and of the event sums above, so a year reads ~52 weeks of rows instead of ~365
 * days of them. Kept by triggers on the daily tables: a delta per daily row changed; while the daily
 * triggers are paused (`bulk = 1`: a bulk import sums its cases into the daily tables itself) the week is
 * only marked in stats_weekly_dirty, and re-summed from the daily rows when the pause ends
 * (refreshWeeklySql). A reader takes a dirty week from the daily rows, so the answer never depends on the
 * refresh.
 */
export const DAILY_COUNTERS = [
  'received',
  'registered',
  'fixed_on_spot',
  'closed',
  'closed_on_time',
  'closed_late',
  'rework',
  'closed_extended',
  'closed_on_time_extended',
  'handling_ms',
  'handling_count',
] as const;

interface WeeklySpec {
  readonly daily: string;
  readonly weekly: string;
  /** The key after the week. */
  readonly keys: readonly string[];
  readonly counters: readonly string[];
}

export const WEEKLY_SPECS: readonly WeeklySpec[] = [
  { daily: 'stats_daily_grid', weekly: 'stats_weekly_grid', keys: ['grid_id', 'category_id'], counters: DAILY_COUNTERS },
  { daily: 'stats_daily_grid', weekly: 'stats_weekly_category', keys: ['category_id'], counters: DAILY_COUNTERS },
  { daily: 'stats_daily_person', weekly: 'stats_weekly_person', keys: ['grid_id', 'assignee_id'], counters: DAILY_COUNTERS },
  { daily: 'stats_events_daily', weekly: 'stats_events_weekly', keys: ['grid_id', 'assignee_id'], counters: EVENT_COUNTERS.map(([name]) => name) },
];

/** The ISO week of a daily table's day number. */
export const weekOfDaySql = (day: string) => `((${day} + 3) / 7)`;

function weeklyTriggers({ daily, weekly, keys, counters }: WeeklySpec): string {
  const delta = (row: 'NEW' | 'OLD' | 'NEW-OLD') => counters.map((c) => (row === 'NEW-OLD' ? `NEW.${c} - OLD.${c}` : row === 'OLD' ? `-OLD.${c}` : `NEW.${c}`)).join(', ');
  const upsert = (row: 'NEW' | 'OLD', values: string) => `
    INSERT INTO ${weekly} (week, ${keys.join(', ')}, ${counters.join(', ')})
    VALUES (${weekOfDaySql(`${row}.day`)}, ${keys.map((k) => `${row}.${k}`).join(', ')}, ${values})
    ON CONFLICT (week, ${keys.join(', ')}) DO UPDATE SET ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
  const dirty = (row: 'NEW' | 'OLD') => `
    INSERT INTO stats_weekly_dirty (week) SELECT ${weekOfDaySql(`${row}.day`)}
    WHERE NOT EXISTS (SELECT 1 FROM stats_weekly_dirty WHERE week = ${weekOfDaySql(`${row}.day`)});`;
  const live = `(SELECT rollups_paused = 0 AND bulk = 0 FROM stats_control)`;
  const paused = `(SELECT rollups_paused = 0 AND bulk = 1 FROM stats_control)`;
  return `
  CREATE TRIGGER ${weekly}_insert AFTER INSERT ON ${daily} WHEN ${live} BEGIN ${upsert('NEW', delta('NEW'))} END;
  CREATE TRIGGER ${weekly}_update AFTER UPDATE ON ${daily} WHEN ${live} BEGIN ${upsert('NEW', delta('NEW-OLD'))} END;
  CREATE TRIGGER ${weekly}_delete AFTER DELETE ON ${daily} WHEN ${live} BEGIN ${upsert('OLD', delta('OLD'))} END;
  CREATE TRIGGER ${weekly}_insert_paused AFTER INSERT ON ${daily} WHEN ${paused} BEGIN ${dirty('NEW')} END;
  CREATE TRIGGER ${weekly}_update_paused AFTER UPDATE ON ${daily} WHEN ${paused} BEGIN ${dirty('NEW')} END;
  CREATE TRIGGER ${weekly}_delete_paused AFTER DELETE ON ${daily} WHEN ${paused} BEGIN ${dirty('OLD')} END;`;
}

export const WEEKLY_TRIGGERS = WEEKLY_SPECS.map(weeklyTriggers).join('\n');

/** Re-sums the weeks marked dirty (all weeks when `all`) from the daily tables. */
export function refreshWeeklySql(all = false): string {
  const weeks = all ? '' : `WHERE ${weekOfDaySql('day')} IN (SELECT week FROM stats_weekly_dirty)`;
  return [
    ...WEEKLY_SPECS.map(
      ({ daily, weekly, keys, counters }) => `
    DELETE FROM ${weekly} ${all ? '' : 'WHERE week IN (SELECT week FROM stats_weekly_dirty)'};
    INSERT INTO ${weekly} (week, ${keys.join(', ')}, ${counters.join(', ')})
    SELECT ${weekOfDaySql('day')} AS week, ${keys.join(', ')}, ${counters.map((c) => `sum(${c})`).join(', ')}
    FROM ${daily} ${weeks} GROUP BY week, ${keys.join(', ')};`,
    ),
    'DELETE FROM stats_weekly_dirty;',
  ].join('\n');
}

export const migration0130: Migration = {
  version: 130,
  name: 'statistics-rollups',
  up(db) {
    db.exec(`
      ALTER TABLE stats_control ADD COLUMN rollups_paused INTEGER NOT NULL DEFAULT 0 CHECK (rollups_paused IN (0, 1));
      CREATE TABLE stats_events_daily (
        day INTEGER NOT NULL, -- days since 1970-01-01, Asia/Shanghai
        grid_id INTEGER NOT NULL, -- 0 = no grid
        assignee_id INTEGER NOT NULL, -- 0 = unassigned
        ${counterColumns(EVENT_COUNTERS.map(([n]) => n))},
        PRIMARY KEY (day, grid_id, assignee_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_events_spans (
        day INTEGER NOT NULL, -- pairs: the later event's day; late stages: the deadline's day
        day2 INTEGER NOT NULL, -- pairs: the earlier event's day (≤ day); late stages: the day finished (> day)
        grid_id INTEGER NOT NULL,
        assignee_id INTEGER NOT NULL,
        ${counterColumns(SPAN_COUNTERS.map(([n]) => n))},
        PRIMARY KEY (day, day2, grid_id, assignee_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_case_events (
        day INTEGER NOT NULL, -- the event's day (the later event's, for a pair)
        day2 INTEGER NOT NULL, -- −1: the day's events; else a pair's earlier day
        grid_id INTEGER NOT NULL,
        category_id INTEGER NOT NULL,
        assignee_id INTEGER NOT NULL,
        extended INTEGER NOT NULL DEFAULT 0,
        hung INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, day2, grid_id, category_id, assignee_id)
      ) STRICT, WITHOUT ROWID;
      -- Who is on the hang list at a moment: each case's last hang / unhang before it, read in case order from
      -- this small index (a few events in a thousand) without sorting.
      CREATE INDEX incident_events_hang ON incident_events(incident_id, at, id, action) WHERE action IN ('hang', 'unhang');
      -- Cases closed after their deadline (one in twelve): those still open and overdue at the end of a past
      -- period are among them, found without reading every case closed since.
      CREATE INDEX incidents_closed_late ON incidents(closed_at, due_at, duplicate_of, status, registered_at, is_fixed_on_spot, grid_id, category_id, assignee_id)
        WHERE closed_at > due_at;
      -- Whether a case had an extension approved before a moment (the rule that leaves extended cases out).
      CREATE INDEX incident_events_extension ON incident_events(incident_id, at) WHERE action = 'extend_approve';
      ${WEEKLY_SPECS.map(
        ({ weekly, keys, counters }) => `CREATE TABLE ${weekly} (
        week INTEGER NOT NULL, -- ISO weeks since 1970 (Monday = day 7·week − 3)
        ${keys.map((k) => `${k} INTEGER NOT NULL,`).join('\n        ')}
        ${counterColumns(counters)},
        PRIMARY KEY (week, ${keys.join(', ')})
      ) STRICT, WITHOUT ROWID;`,
      ).join('\n')}
      CREATE TABLE stats_weekly_dirty (week INTEGER PRIMARY KEY) STRICT;
      CREATE TABLE stats_open_due (
        due_day INTEGER NOT NULL, -- the deadline's day
        grid_id INTEGER NOT NULL,
        category_id INTEGER NOT NULL,
        assignee_id INTEGER NOT NULL,
        hung INTEGER NOT NULL, -- 1: on the hang list
        n INTEGER NOT NULL,
        PRIMARY KEY (due_day, grid_id, category_id, assignee_id, hung)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_open_days (due_day INTEGER NOT NULL, hung INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (due_day, hung)) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_open_keys (
        dim INTEGER NOT NULL, -- 0 grid, 1 small class, 2 person
        key INTEGER NOT NULL,
        hung INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (dim, key, hung)
      ) STRICT, WITHOUT ROWID;
      ${OPEN_DUE_TRIGGERS}
      ${openDerivedTriggers()}
      ${WEEKLY_TRIGGERS}
      ${EVENT_ROLLUP_TRIGGERS}
    `);
    // The sums of the history already there, with the triggers that would add them row by row paused.
    db.exec(`UPDATE stats_control SET rollups_paused = 1`);
    db.exec(rebuildEventRollupsSql());
    db.exec(rebuildOpenDueSql());
    db.exec(refreshWeeklySql(true));
    db.exec(`UPDATE stats_control SET rollups_paused = 0`);
  },
};

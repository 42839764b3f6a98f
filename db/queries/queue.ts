/**
 * 我的待办 — what the logged-in operator must do now, by role, sorted by time left: 12345 orders to 签收,
 * reports to register, cases to dispatch, to verify, callbacks due, extension and 退单 requests to decide
 * (supervisors and administrators); cases to verify (inspectors); their own cases (handlers). Each item
 * carries the deadline of what is to be done and whether it is late or close to it; the counts cover
 * everything, the items the most urgent first.
 */
import type { Db } from '../open';
import type { IncidentStatus, OperatorRole } from '../domain/codes';
import { QUEUE_KINDS, QUEUE_KINDS_BY_ROLE, type QueueKind, type QueueLevel } from '../domain/queue';
import { readSecurity } from '../trust/security';
import { STAGE_CLOCK_COLUMNS, currentStage, type StageClockRow } from '../supervision/ladder';
import { HOUR_MS } from '../domain/time';
import { STAGE_STATUSES } from '../domain/stages';
import { TRANSITIONS } from '../domain/workflow';
import { codeList } from '../sql';
import { prepared } from './prepared';

export interface QueueItem {
  kind: QueueKind;
  incidentId: number;
  caseNo: string;
  orderNo: string | null;
  status: IncidentStatus;
  categoryName: string;
  gridName: string | null;
  streetName: string | null;
  address: string | null;
  /** The first 80 characters. */
  description: string;
  assigneeName: string | null;
  /** The responsible unit (责任单位); a case dispatched to a unit has no assignee until one of its handlers 签收 it. */
  unitName?: string | null;
  /** When what is to be done is due (null: no clock, e.g. registering a report). */
  dueAt: number | null;
  /** dueAt − now; negative when late. */
  timeLeftMs: number | null;
  level: QueueLevel;
  /** The case was 督办. */
  supervised: boolean;
  /** When the item came into the list (the report, the request): the order of items without a deadline. */
  since: number;
  version: number;
}

export interface MyQueue {
  role: OperatorRole;
  personId: number | null;
  now: number;
  counts: Record<QueueKind, number> & { total: number; late: number; warning: number };
  items: QueueItem[];
}

interface Row extends StageClockRow {
  id: number;
  case_no: string;
  order_no: string | null;
  category_name: string;
  grid_name: string | null;
  street_name: string | null;
  address: string | null;
  description: string;
  assignee_name: string | null;
  unit_name: string | null;
  due: number | null;
  since: number;
  supervised_at: number | null;
  version: number;
  ladder_key: string | null;
  ladder_rung: number;
}

const COLUMNS = `i.id, i.case_no, h.order_no, c.name AS category_name, g.name AS grid_name, s.name AS street_name, i.address,
  substr(i.description, 1, 80) AS description, p.name AS assignee_name, un.name AS unit_name, i.supervised_at, i.version, i.ladder_key, i.ladder_rung,
  ${STAGE_CLOCK_COLUMNS}`;
const JOINS = `JOIN categories c ON c.id = i.category_id LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN grids s ON s.id = g.parent_id
  LEFT JOIN persons p ON p.id = i.assignee_id LEFT JOIN units un ON un.id = i.unit_id`;
/**
 * Where a list's rows come from. Callbacks due are found from the orders' own partial index (a few
 * hundred rows), not by walking every closed case (seconds at a million cases).
 */
const fromOf = (kind: QueueKind) =>
  kind === 'callback' ? `hotline_orders h CROSS JOIN incidents i ON i.id = h.incident_id` : `incidents i LEFT JOIN hotline_orders h ON h.incident_id = i.id`;

/** The last step of a kind of request on a case, e.g. the pending extension: `(…) = 'extend_request'`. */
const lastOf = (actions: string) =>
  `(SELECT e.action FROM incident_events e WHERE e.incident_id = i.id AND e.action IN (${actions}) ORDER BY e.at DESC, e.id DESC LIMIT 1)`;
const requestedAt = (action: string) => `(SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.action = '${action}')`;

/** Each list: its condition, its deadline and when an item came into it. */
const LISTS: Readonly<Record<QueueKind, { where: string; due: string; since: string }>> = {
  acknowledge: { where: `i.status = 'received'`, due: 'h.ack_due_at', since: 'coalesce(h.arrived_at, i.reported_at)' },
  register: { where: `i.status = 'reported'`, due: 'NULL', since: 'i.reported_at' },
  dispatch: { where: `i.status IN ${codeList(STAGE_STATUSES.dispatch)}`, due: 'i.dispatch_due_at', since: 'coalesce(i.stage_started_at, i.registered_at, i.reported_at)' },
  verify: { where: `i.status = 'handled'`, due: 'i.verify_due_at', since: 'coalesce(i.handled_at, i.reported_at)' },
  callback: {
    where: `i.status = 'closed' AND h.callback_due_at IS NOT NULL AND h.callback_result IS NULL`,
    due: 'h.callback_due_at',
    since: 'coalesce(i.closed_at, i.reported_at)',
  },
  extension: {
    where: `i.status IN ${codeList(STAGE_STATUSES.handling)} AND ${lastOf(`'extend_request', 'extend_approve', 'extend_deny'`)} = 'extend_request'`,
    due: 'i.due_at',
    since: requestedAt('extend_request'),
  },
  return: {
    where: `h.incident_id IS NOT NULL AND i.status IN ${codeList(TRANSITIONS.return_request.from)}
      AND ${lastOf(`'return_request', 'return_approve', 'return_deny'`)} = 'return_request'`,
    due: 'NULL',
    since: requestedAt('return_request'),
  },
  // A handler's own cases, and the cases dispatched to their unit that nobody has 签收 yet.
  mine: {
    where: `i.status IN ${codeList(STAGE_STATUSES.handling)} AND (i.assignee_id = @person
      OR (i.assignee_id IS NULL AND i.status = 'dispatched' AND i.unit_id = (SELECT pu.unit_id FROM persons pu WHERE pu.id = @person)))`,
    due: 'i.due_at',
    since: 'coalesce(i.dispatched_at, i.reported_at)',
  },
};

/** Within this of its deadline an item is flagged even before the ladder's 预警. */
const CLOSE_MS = HOUR_MS;

/** The steps that make a case the operator's own (separation of duties: not theirs to verify). */
const OWN_ACTIONS = `'report', 'fix_on_spot', 'accept', 'handle'`;

/** The request lists: which steps decide them, and the step that leaves a request pending. */
const REQUEST_STEPS = {
  extension: { actions: `'extend_request', 'extend_approve', 'extend_deny'`, request: 'extend_request' },
  return: { actions: `'return_request', 'return_approve', 'return_deny'`, request: 'return_request' },
} as const;
type RequestKind = keyof typeof REQUEST_STEPS;

/**
 * What a connection remembers between calls, all of it about the case events, which are only ever appended
 * (triggers refuse an update or a delete; a new event's id is above every committed one): the cases whose
 * last extension / 退单 step is a request, and per case the operators with a step that makes it their own
 * (separation of duties). Each call first reads the events appended since (by id, from the primary key), so what is
 * remembered is brought up to date before it is used (NOT INDEXED: the new events by their ids, never a pass
 * over an index of every step of a kind). A connection with uncommitted writes of its own (a
 * write transaction that may yet roll back) reads everything afresh instead.
 */
interface Remembered {
  requests: Partial<Record<RequestKind, { last: number; cases: Set<number> }>>;
  own: { last: number; byCase: Map<number, readonly number[]> } | null;
}
const remembered = new WeakMap<Db, Remembered>();

function rememberedOf(db: Db): Remembered | null {
  if (db.inTransaction && !db.readonly) return null;
  let r = remembered.get(db);
  if (!r) remembered.set(db, (r = { requests: {}, own: null }));
  return r;
}

const lastEventId = (db: Db) => prepared(db, `SELECT coalesce(max(id), 0) FROM incident_events`).pluck().get() as number;

/**
 * The cases whose last step of a request kind (by time, then id: as the list's condition orders them) is the
 * request — every case the list can hold, each then tested by the list's own condition; null: test them all.
 * Read whole once per connection (a pass over the request-step index), then only the cases with new steps.
 */
function pendingRequests(db: Db, kind: RequestKind): number[] | null {
  const r = rememberedOf(db);
  if (!r) return null;
  const { actions, request } = REQUEST_STEPS[kind];
  const top = lastEventId(db);
  let known = r.requests[kind];
  if (!known || top < known.last) {
    const cases = prepared(
      db,
      `SELECT incident_id FROM (SELECT incident_id, action, lead(incident_id) OVER (ORDER BY incident_id, at, id) AS next_case
         FROM incident_events WHERE action IN (${actions}))
       WHERE action = '${request}' AND (next_case IS NULL OR next_case <> incident_id)`,
    )
      .pluck()
      .all() as number[];
    r.requests[kind] = known = { last: top, cases: new Set(cases) };
  } else if (top > known.last) {
    const touched = prepared(db, `SELECT DISTINCT incident_id FROM incident_events NOT INDEXED WHERE id > ? AND action IN (${actions})`).pluck().all(known.last) as number[];
    const lastStep = prepared(db, `SELECT action FROM incident_events WHERE incident_id = ? AND action IN (${actions}) ORDER BY at DESC, id DESC LIMIT 1`).pluck();
    for (const id of touched) {
      if (lastStep.get(id) === request) known.cases.add(id);
      else known.cases.delete(id);
    }
    known.last = top;
  }
  return [...known.cases];
}

/** The matches less the cases with a step of the operator's own (report, fix on the spot, accept, handle). */
function withoutOwnCases<M extends { id: number }>(db: Db, operatorId: number, matches: M[]): M[] {
  const r = rememberedOf(db);
  if (!r) {
    const probe = prepared(db, `SELECT 1 FROM incident_events e WHERE e.incident_id = ? AND e.operator_id = ? AND e.action IN (${OWN_ACTIONS}) LIMIT 1`).pluck();
    return matches.filter((m) => probe.get(m.id, operatorId) === undefined);
  }
  // Per case, the operators with such a step: read once for any operator's list, then kept up to date.
  const top = lastEventId(db);
  if (!r.own || top < r.own.last || r.own.byCase.size > 200_000) r.own = { last: top, byCase: new Map() };
  else if (top > r.own.last) {
    const steps = prepared(db, `SELECT DISTINCT operator_id, incident_id FROM incident_events NOT INDEXED WHERE id > ? AND action IN (${OWN_ACTIONS}) AND operator_id IS NOT NULL`).all(
      r.own.last,
    ) as { operator_id: number; incident_id: number }[];
    for (const s of steps) {
      const operators = r.own.byCase.get(s.incident_id);
      if (operators && !operators.includes(s.operator_id)) r.own.byCase.set(s.incident_id, [...operators, s.operator_id]);
    }
    r.own.last = top;
  }
  const byCase = r.own.byCase;
  const operatorsOf = prepared(db, `SELECT DISTINCT operator_id FROM incident_events WHERE incident_id = ? AND action IN (${OWN_ACTIONS}) AND operator_id IS NOT NULL`).pluck();
  return matches.filter((m) => {
    let operators = byCase.get(m.id);
    if (!operators) byCase.set(m.id, (operators = operatorsOf.all(m.id) as number[]));
    return !operators.includes(operatorId);
  });
}

interface Match {
  id: number;
  due: number | null;
  since: number | null;
}

interface Entry {
  kind: QueueKind;
  m: Match;
  level: QueueLevel;
}

export function myQueue(db: Db, actor: { operatorId: number | null; role: OperatorRole; personId: number | null }, now: number, limit = 200): MyQueue {
  const kinds = QUEUE_KINDS_BY_ROLE[actor.role].filter((k) => k !== 'mine' || actor.personId !== null);
  // Separation of duties: a case this operator reported or handled is not theirs to verify (the steps are
  // looked up below, the assignee here).
  const separate = actor.operatorId !== null && readSecurity(db).separationOfDuties;
  const ownVerify = separate ? ` AND (i.assignee_id IS NULL OR i.assignee_id <> coalesce(@person, -1))` : '';
  const params: Record<string, unknown> = { person: actor.personId, operator: actor.operatorId, limit };
  const counts = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as MyQueue['counts'];
  counts.total = 0;
  counts.late = 0;
  counts.warning = 0;
  const used = (sql: string) => Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
  // Each list's condition is tested once: its matches (a few thousand at most) with their deadline give
  // the count and the late ones; its most urgent `limit` are the list's candidates for the page.
  const entries: Entry[] = [];
  for (const kind of kinds) {
    const list = LISTS[kind];
    let from = fromOf(kind);
    let where = `i.duplicate_of IS NULL AND ${list.where}${kind === 'verify' ? ownVerify : ''}`;
    if (kind === 'extension' || kind === 'return') {
      // Only the cases with a pending request are tested (a hundred, not every case in hand).
      const candidates = pendingRequests(db, kind);
      if (candidates) {
        from = `json_each(@${kind}Cases) AS pending CROSS JOIN ${from}`;
        where = `i.id = pending.value AND ${where}`;
        params[`${kind}Cases`] = JSON.stringify(candidates);
      }
    }
    const matchSql = `SELECT i.id, ${list.due} AS due, ${list.since} AS since FROM ${from} WHERE ${where}`;
    let matches = prepared(db, matchSql).all(used(matchSql)) as Match[];
    if (kind === 'verify' && separate) matches = withoutOwnCases(db, actor.operatorId!, matches);
    counts[kind] = matches.length;
    counts.total += matches.length;
    for (const m of matches) if (m.due !== null && m.due < now) counts.late += 1;
    // SQLite's order: (due IS NULL, due, since, id), NULL before any number.
    matches.sort((a, b) => (a.due === null ? 1 : 0) - (b.due === null ? 1 : 0) || nullFirst(a.due, b.due) || nullFirst(a.since, b.since) || a.id - b.id);
    for (const m of matches.slice(0, limit)) entries.push({ kind, m, level: levelOf(m.due, now) });
  }
  // A deadline more than an hour off is flagged only by the ladder's 预警 for the stage in hand: those few
  // cases are read for their stage clocks.
  const laddered = entries.filter((e) => e.level === 'normal' && e.m.due !== null);
  if (laddered.length) {
    const rows = prepared(
      db,
      `SELECT i.id, ${STAGE_CLOCK_COLUMNS}, i.ladder_key, i.ladder_rung FROM incidents i LEFT JOIN hotline_orders h ON h.incident_id = i.id
        WHERE i.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify([...new Set(laddered.map((e) => e.m.id))])) as (StageClockRow & { id: number; ladder_key: string | null; ladder_rung: number })[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of laddered) {
      const r = byId.get(e.m.id);
      const stage = r ? currentStage(r) : null;
      if (r && stage !== null && e.m.due === stage.dueAt && r.ladder_key === `${stage.stage}:${stage.dueAt}` && r.ladder_rung > 0) e.level = 'warning';
    }
  }
  counts.warning = entries.filter((e) => e.level === 'warning').length;
  // Every list's candidates in one order (the items' own), and only the page's are read with their columns.
  entries.sort(
    (a, b) =>
      (a.m.due === null ? 1 : 0) - (b.m.due === null ? 1 : 0) ||
      (a.m.due === null ? 0 : a.m.due - now) - (b.m.due === null ? 0 : b.m.due - now) ||
      (a.m.since as number) - (b.m.since as number) ||
      a.m.id - b.m.id,
  );
  const page = entries.slice(0, limit);
  const rowsByKind = new Map<QueueKind, Map<number, Row>>();
  for (const kind of kinds) {
    const ids = page.filter((e) => e.kind === kind).map((e) => e.m.id);
    if (!ids.length) continue;
    const list = LISTS[kind];
    const sql = `SELECT ${COLUMNS}, ${list.due} AS due, ${list.since} AS since FROM ${fromOf(kind)} ${JOINS} WHERE i.id IN (SELECT value FROM json_each(@ids))`;
    rowsByKind.set(kind, new Map((prepared(db, sql).all({ ...used(sql), ids: JSON.stringify(ids) }) as Row[]).map((r) => [r.id, r])));
  }
  const items: QueueItem[] = [];
  for (const e of page) {
    const r = rowsByKind.get(e.kind)?.get(e.m.id);
    if (r) items.push(toItem(e.kind, r, now, e.level));
  }
  return { role: actor.role, personId: actor.personId, now, counts, items };
}

/** The level a deadline gives by itself: late, under an hour left, or (to be checked against the ladder) normal. */
function levelOf(due: number | null, now: number): QueueLevel {
  if (due === null) return 'normal';
  const timeLeftMs = due - now;
  if (timeLeftMs < 0) return 'late';
  return timeLeftMs < CLOSE_MS ? 'warning' : 'normal';
}

function nullFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function toItem(kind: QueueKind, r: Row, now: number, level: QueueLevel): QueueItem {
  const timeLeftMs = r.due === null ? null : r.due - now;
  return {
    kind,
    incidentId: r.id,
    caseNo: r.case_no,
    orderNo: r.order_no,
    status: r.status,
    categoryName: r.category_name,
    gridName: r.grid_name,
    streetName: r.street_name,
    address: r.address,
    description: r.description,
    assigneeName: r.assignee_name,
    unitName: r.unit_name,
    dueAt: r.due,
    timeLeftMs,
    level,
    supervised: r.supervised_at !== null,
    since: r.since,
    version: r.version,
  };
}

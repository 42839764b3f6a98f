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

export function myQueue(db: Db, actor: { operatorId: number | null; role: OperatorRole; personId: number | null }, now: number, limit = 200): MyQueue {
  const kinds = QUEUE_KINDS_BY_ROLE[actor.role].filter((k) => k !== 'mine' || actor.personId !== null);
  // Separation of duties: a case this operator reported or handled is not theirs to verify.
  const ownVerify =
    actor.operatorId !== null && readSecurity(db).separationOfDuties
      ? ` AND NOT EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.operator_id = @operator AND e.action IN ('report', 'fix_on_spot', 'accept', 'handle'))
          AND (i.assignee_id IS NULL OR i.assignee_id <> coalesce(@person, -1))`
      : '';
  const params = { person: actor.personId, operator: actor.operatorId, limit };
  const counts = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as MyQueue['counts'];
  counts.total = 0;
  counts.late = 0;
  counts.warning = 0;
  const items: QueueItem[] = [];
  for (const kind of kinds) {
    const list = LISTS[kind];
    const where = `i.duplicate_of IS NULL AND ${list.where}${kind === 'verify' ? ownVerify : ''}`;
    const used = (sql: string) => Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
    // The list's condition is tested once: its matches (a few thousand at most) with their deadline give
    // the count and the late ones, and the most urgent `limit` of them are then read with their columns.
    const matchSql = `SELECT i.id, ${list.due} AS due, ${list.since} AS since FROM ${fromOf(kind)} WHERE ${where}`;
    const matches = db.prepare(matchSql).all(used(matchSql)) as Array<{ id: number; due: number | null; since: number | null }>;
    counts[kind] = matches.length;
    counts.total += matches.length;
    for (const m of matches) if (m.due !== null && m.due < now) counts.late += 1;
    if (!matches.length) continue;
    // SQLite's order: (due IS NULL, due, since, id), NULL before any number.
    matches.sort((a, b) => (a.due === null ? 1 : 0) - (b.due === null ? 1 : 0) || nullFirst(a.due, b.due) || nullFirst(a.since, b.since) || a.id - b.id);
    const top = matches.slice(0, limit);
    const sql = `SELECT ${COLUMNS}, ${list.due} AS due, ${list.since} AS since FROM ${fromOf(kind)} ${JOINS} WHERE i.id IN (SELECT value FROM json_each(@ids))`;
    const byId = new Map((db.prepare(sql).all({ ...used(sql), ids: JSON.stringify(top.map((m) => m.id)) }) as Row[]).map((r) => [r.id, r]));
    for (const m of top) {
      const r = byId.get(m.id);
      if (r) items.push(toItem(kind, r, now));
    }
  }
  counts.warning = items.filter((i) => i.level === 'warning').length;
  items.sort((a, b) => (a.dueAt === null ? 1 : 0) - (b.dueAt === null ? 1 : 0) || (a.timeLeftMs ?? 0) - (b.timeLeftMs ?? 0) || a.since - b.since || a.incidentId - b.incidentId);
  return { role: actor.role, personId: actor.personId, now, counts, items: items.slice(0, limit) };
}

function nullFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function toItem(kind: QueueKind, r: Row, now: number): QueueItem {
  const timeLeftMs = r.due === null ? null : r.due - now;
  let level: QueueLevel = 'normal';
  if (timeLeftMs !== null && timeLeftMs < 0) level = 'late';
  else if (timeLeftMs !== null) {
    // The ladder's 预警 for the stage in hand, or under an hour left.
    const stage = currentStage(r);
    const warned = stage !== null && r.due === stage.dueAt && r.ladder_key === `${stage.stage}:${stage.dueAt}` && r.ladder_rung > 0;
    if (warned || timeLeftMs < CLOSE_MS) level = 'warning';
  }
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

/**
 * The case event log (incident_events), written here and nowhere else: every step of every case —
 * reports, workflow transitions, duplicates, reassignments, photos, imports — is appended by this
 * module. The table's triggers refuse updates and deletes, so an event once written is history.
 *
 * Statements are prepared once per connection (./prepared.ts), so the bulk
 * writers — the field-log import, the demo loader — pay for the insert and nothing else.
 */
import type { Db } from '../open';
import { prepared } from './prepared';
import type { IncidentStatus } from '../domain/codes';
import { chainHead, eventHash, type ChainedFields } from '../trust/chain';

export interface NewEvent {
  incidentId: number;
  at: number;
  /** null: written without an operator (an import run from the command line, a boundary update). */
  operatorId: number | null;
  /** Kept as written even if the operator is later renamed. */
  actorName: string;
  /** A workflow action (db/domain/workflow.ts) or one of the other logged steps (eventLabel). */
  action: string;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus | null;
  note?: string | null | undefined;
  /** Stored as JSON. */
  data?: Readonly<Record<string, unknown>> | null | undefined;
}

/** The one column list of the log; every statement below starts with it. */
const INSERT_EVENT = `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, note, data, hash)`;

const APPEND_ONE = `${INSERT_EVENT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Events per statement where many are written at once (fewer statement runs, the same rows). */
const MANY_ROWS = 50;
const APPEND_MANY = `${INSERT_EVENT} VALUES ${Array.from({ length: MANY_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

/** The cases an import batch wrote from `first` on, for their report events. */
const IMPORTED_CASES = `SELECT id, CASE is_fixed_on_spot WHEN 1 THEN 'fix_on_spot' ELSE 'report' END AS action, status
  FROM incidents WHERE id >= @first AND import_batch_id = @batch ORDER BY id LIMIT 10000`;

/**
 * Appends one event, chained: its hash covers the previous event's hash and its own content (see
 * db/trust/chain.ts). Runs inside the caller's transaction, if any; returns the event's id.
 */
export function appendEvent(db: Db, e: NewEvent): number {
  return insertChained(db, e, chainHead(db)).id;
}

function insertChained(db: Db, e: NewEvent, previous: string): { id: number; hash: string } {
  const fields = chainedFields(e);
  const hash = eventHash(previous, fields);
  const r = prepared(db, APPEND_ONE).run(
    fields.incident_id,
    fields.at,
    fields.operator_id,
    fields.actor_name,
    fields.action,
    fields.from_status,
    fields.to_status,
    fields.note,
    fields.data,
    hash,
  );
  return { id: Number(r.lastInsertRowid), hash };
}

/**
 * For bulk writers inside one transaction (the demo loader): appends events carrying the chain's head in
 * memory instead of reading it back before each insert. Valid only while the caller's transaction holds
 * the write lock (no other connection can append in between).
 */
export function eventAppender(db: Db): (e: NewEvent) => number {
  if (!db.inTransaction) throw new Error('eventAppender needs an open write transaction');
  let previous = chainHead(db);
  return (e) => {
    const r = insertChained(db, e, previous);
    previous = r.hash;
    return r.id;
  };
}

/** Appends events in order (one prepared statement, the chain carried in memory). */
export function appendEvents(db: Db, events: Iterable<NewEvent>): number {
  let n = 0;
  let previous = chainHead(db);
  for (const e of events) {
    previous = insertChained(db, e, previous).hash;
    n++;
  }
  return n;
}

/** The fields of a new event as the chain hashes them and the log stores them. */
function chainedFields(e: NewEvent): ChainedFields {
  return {
    incident_id: e.incidentId,
    at: e.at,
    operator_id: e.operatorId,
    actor_name: e.actorName,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    note: e.note ?? null,
    data: e.data ? JSON.stringify(e.data) : null,
  };
}

/**
 * Writes events in order, chained after `previous`, MANY_ROWS to a statement: the same rows, hashes and ids as
 * one insert each. Returns the new head.
 */
function insertChainedMany(db: Db, events: readonly ChainedFields[], previous: string): string {
  for (let k = 0; k < events.length; k += MANY_ROWS) {
    const n = Math.min(MANY_ROWS, events.length - k);
    const values: unknown[] = new Array(n * 10);
    for (let j = 0; j < n; j++) {
      const f = events[k + j]!;
      previous = eventHash(previous, f);
      const o = j * 10;
      values[o] = f.incident_id;
      values[o + 1] = f.at;
      values[o + 2] = f.operator_id;
      values[o + 3] = f.actor_name;
      values[o + 4] = f.action;
      values[o + 5] = f.from_status;
      values[o + 6] = f.to_status;
      values[o + 7] = f.note;
      values[o + 8] = f.data;
      values[o + 9] = previous;
    }
    if (n === MANY_ROWS) prepared(db, APPEND_MANY).run(values);
    else for (let j = 0; j < n; j++) prepared(db, APPEND_ONE).run(values.slice(j * 10, j * 10 + 10));
  }
  return previous;
}

/**
 * Like eventAppender, for writers that gather events and write them a batch at a time (the field-log
 * import's duplicate flags): each call appends its events in order, chained after the previous call's.
 */
export function eventBatchAppender(db: Db): (events: readonly NewEvent[]) => void {
  if (!db.inTransaction) throw new Error('eventBatchAppender needs an open write transaction');
  let previous = chainHead(db);
  return (events) => {
    previous = insertChainedMany(db, events.map(chainedFields), previous);
  };
}

/**
 * The report event ('report', or 'fix_on_spot' for a case fixed on the spot) of every case written by
 * an import batch with id ≥ `firstId`, written after the rows so a rolled-back import leaves nothing.
 * Returns the number of events written.
 */
export function appendImportReportEvents(
  db: Db,
  input: { batchId: number; firstId: number; at: number; operatorId: number | null; actorName: string; note: string },
): number {
  const page = prepared(db, IMPORTED_CASES);
  const data = JSON.stringify({ batchId: input.batchId });
  let previous = chainHead(db);
  let written = 0;
  // Pages of 10,000 cases: memory stays flat at a million rows, and no statement writes while another iterates.
  for (let first = input.firstId; ; ) {
    const rows = page.all({ first, batch: input.batchId }) as { id: number; action: string; status: IncidentStatus }[];
    previous = insertChainedMany(
      db,
      rows.map((c) => ({ incident_id: c.id, at: input.at, operator_id: input.operatorId, actor_name: input.actorName, action: c.action, from_status: null, to_status: c.status, note: input.note, data })),
      previous,
    );
    written += rows.length;
    if (rows.length < 10_000) return written;
    first = rows[rows.length - 1]!.id + 1;
  }
}

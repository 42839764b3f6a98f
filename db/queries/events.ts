/**
 * The case event log (incident_events), written here and nowhere else: every step of every case —
 * reports, workflow transitions, duplicates, reassignments, photos, imports — is appended by this
 * module. The table's triggers refuse updates and deletes, so an event once written is history.
 *
 * Statements are prepared once per connection (a WeakMap keyed by the connection), so the bulk
 * writers — the field-log import, the demo loader — pay for the insert and nothing else.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import type { IncidentStatus } from '../domain/codes';

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
const INSERT_EVENT = `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, note, data)`;

const APPEND_ONE = `${INSERT_EVENT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The first event of every case an import batch wrote from `first` on: who imported it, from which batch. */
const APPEND_IMPORT_REPORTS = `${INSERT_EVENT}
  SELECT id, @at, @operator, @actor, CASE is_fixed_on_spot WHEN 1 THEN 'fix_on_spot' ELSE 'report' END, NULL, status,
         @note, json_object('batchId', @batch)
  FROM incidents WHERE id >= @first AND import_batch_id = @batch ORDER BY id`;

const statements = new WeakMap<Db, Map<string, Statement>>();

function prepared(db: Db, text: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let s = byText.get(text);
  if (!s) byText.set(text, (s = db.prepare(text)));
  return s;
}

/** Appends one event; returns its id. Runs inside the caller's transaction, if any. */
export function appendEvent(db: Db, e: NewEvent): number {
  const r = prepared(db, APPEND_ONE).run(
    e.incidentId,
    e.at,
    e.operatorId,
    e.actorName,
    e.action,
    e.fromStatus,
    e.toStatus,
    e.note ?? null,
    e.data ? JSON.stringify(e.data) : null,
  );
  return Number(r.lastInsertRowid);
}

/**
 * The report event ('report', or 'fix_on_spot' for a case fixed on the spot) of every case written by
 * an import batch with id ≥ `firstId`, in one statement: faster than one insert per case, and written
 * after the rows so a rolled-back import leaves nothing. Returns the number of events written.
 */
export function appendImportReportEvents(
  db: Db,
  input: { batchId: number; firstId: number; at: number; operatorId: number | null; actorName: string; note: string },
): number {
  return prepared(db, APPEND_IMPORT_REPORTS).run({
    at: input.at,
    operator: input.operatorId,
    actor: input.actorName,
    note: input.note,
    batch: input.batchId,
    first: input.firstId,
  }).changes;
}

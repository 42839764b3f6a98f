/**
 * The writing half of a field-log import, inside the caller's transaction: the batch row, every issue
 * (rejected rows with their cells, warnings), each accepted case — its number, the near-duplicate
 * check and flag, its photos, its daily statistics when a bulk load sums them in memory — and at the
 * end the report events, the indexes and the batch's figures. The figures are one small object:
 * accepted + rejected + duplicates = total.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import { AppError } from '../errors';
import type { CoordinateSystem, IncidentStatus, Operator } from '../types';
import { OPEN_STATUSES_SQL } from '../sql';
import { DAY_MS } from '../domain/time';
import { storeAttachment } from '../queries/attachments';
import { CaseNumberSequence } from '../queries/caseNumbers';
import { appendImportReportEvents, eventBatchAppender, type NewEvent } from '../queries/events';
import { pauseDailyStats } from '../stats/daily';
import { suspendIndexes, suspendInertTriggers, type SuspendedIndexes, type SuspendedTriggers } from './bulkMode';
import { FIELD_LABELS } from './fields';
import { ImportedDaily } from './importedDaily';
import { NearDuplicateIndex } from './nearDuplicates';
import type { CandidateCase, RowVerdict } from './rowValidator';
import type { ImportField, ImportFormat, RowIssue } from './types';

/** How many errors and warnings a result carries; all of them stay in import_issues. */
export const ISSUE_LIMIT = 1000;

/** Below this many rows an import always maintains the indexes row by row. */
const BULK_MIN_ROWS = 20_000;

/** How far back open cases are loaded for the near-duplicate check. */
const NEAR_LOOKBACK_DAYS = 400;

/** Cases per INSERT statement on the many-rows path: fewer statement runs, the same rows. */
const ROWS_PER_INSERT = 32;
/** Issues per INSERT statement when the gathered ones are written. */
const ISSUES_PER_INSERT = 50;

/** The columns of a case as an import writes it (one list for the one-row and the many-rows statements). */
const INCIDENT_COLUMNS = `case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat,
  grid_id, source, reporter, status, priority, reported_at, handled_at, is_fixed_on_spot, import_batch_id,
  external_id, stage_started_at, created_at, updated_at`;
const INCIDENT_PLACEHOLDERS = `(${Array.from({ length: 22 }, () => '?').join(', ')})`;

/** A row of the file as judged by the validator, ready to be written (or recorded as rejected). */
export interface JudgedRow {
  row: number;
  verdict: RowVerdict;
  /** The row's cells, kept with a rejection. */
  cells: readonly string[] | null;
}

/** A batch's figures, as its result and its import_batches row report them. */
export interface ImportCounts {
  /** Rows read plus GPX tracks. */
  total: number;
  accepted: number;
  rejected: number;
  /** Already in the database or earlier in the file. */
  duplicates: number;
  nearDuplicates: number;
  patrols: number;
  photos: number;
  errors: number;
  warnings: number;
}

export interface BatchStart {
  fileName: string;
  format: ImportFormat;
  crs: CoordinateSystem;
  operator: Operator | null;
  now: number;
  /** What the batch row's report starts with (mapping, encoding, sheet, headers). */
  report: Record<string, unknown>;
  /** Warnings about the file as a whole (row 0). */
  notes: readonly string[];
  estimatedRows: number;
  /** Rebuild indexes at the end; default: when the file is large against the table. */
  bulk?: boolean | undefined;
  /** Every row with statements of its own (see ImportParams.rowByRow). */
  rowByRow?: boolean | undefined;
  /** A latitude of the district (metres per degree of longitude for the near-duplicate cells). */
  latitude: number;
  /** Folder that photo names are relative to; null when the file came without its folder. */
  photoDir: string | null;
  /** Where photos are stored by content hash. */
  attachmentsDir: string;
  /** A 12345 export: when its orders' 签收 is due (their clock starts on arrival, now). */
  hotline?: { ackDueAt: number } | undefined;
}

export class BatchWriter {
  readonly counts: ImportCounts = { total: 0, accepted: 0, rejected: 0, duplicates: 0, nearDuplicates: 0, patrols: 0, photos: 0, errors: 0, warnings: 0 };
  /** The first ISSUE_LIMIT errors and warnings, for the result. */
  readonly errors: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];
  readonly batchId: number;
  /**
   * Where the writing thread's time went (ms), kept in the batch's report (phasesMs): writing the rows, then
   * at the end the report events, the daily sums, the set-aside triggers' check, the search index, the
   * indexes built again and the week sums. Waiting for the reading thread is in none of them.
   */
  readonly phasesMs = { rows: 0, events: 0, daily: 0, triggers: 0, search: 0, indexes: 0, weekly: 0 };

  private readonly actor: string;
  private readonly photoNote: string;
  private readonly insertIssue: Statement;
  private readonly insertIncident: Statement;
  private readonly insertMany = new Map<number, Statement>();
  private readonly insertIssues: Statement;
  /** Issues and duplicate flags gathered while rows are written, written in order a batch at a time. */
  private readonly pendingIssues: unknown[] = [];
  private readonly pendingFlags: NewEvent[] = [];
  private appendFlags: ((events: readonly NewEvent[]) => void) | null = null;
  /** A bulk load's event-log and daily-table triggers that do nothing for what it writes (see finish). */
  private readonly inertTriggers: SuspendedTriggers[] = [];
  private readonly firstEventId: number;
  private readonly linkPhoto: Statement;
  private readonly insertOrder: Statement;
  private readonly orderExists: Statement;
  private caseNumbers: CaseNumberSequence;
  private readonly near: NearDuplicateIndex;
  private readonly firstId: number;
  private readonly suspended: SuspendedIndexes | null;
  private readonly daily: ImportedDaily | null;

  /** Writes the batch row and the file's notes, and readies the statements (inside the caller's transaction). */
  constructor(
    private readonly db: Db,
    private readonly start: BatchStart,
  ) {
    this.batchId = Number(
      db
        .prepare(
          `INSERT INTO import_batches (file_name, format, source_crs, operator_id, started_at, status, report)
           VALUES (?, ?, ?, ?, ?, 'running', ?)`,
        )
        .run(start.fileName, start.format, start.crs, start.operator?.id ?? null, start.now, JSON.stringify(start.report)).lastInsertRowid,
    );
    this.actor = start.operator?.name ?? '批量导入';
    this.photoNote = `导入批次 #${this.batchId}（${start.fileName}）`;
    this.insertIssue = db.prepare(`INSERT INTO import_issues (batch_id, row_no, severity, field, reason, cells) VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertIssues = db.prepare(
      `INSERT INTO import_issues (batch_id, row_no, severity, field, reason, cells) VALUES ${Array.from({ length: ISSUES_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.firstEventId = ((db.prepare(`SELECT max(id) FROM incident_events`).pluck().get() as number | null) ?? 0) + 1;
    for (const note of start.notes) this.issue('warning', 0, null, note, null);

    // A large import rebuilds the secondary indexes at the end instead of updating them row by row.
    const existingCases = db.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number | null;
    this.firstId = (existingCases ?? 0) + 1;
    const useBulk = start.bulk ?? start.estimatedRows >= Math.max(BULK_MIN_ROWS, (existingCases ?? 0) / 2);
    this.suspended = useBulk ? suspendIndexes(db, ['incidents', 'incident_events'], 'incidents') : null;
    // The daily statistics get the batch's cases in one pass at the end rather than row by row.
    if (useBulk) pauseDailyStats(db, true);
    this.daily = useBulk ? new ImportedDaily() : null;
    if (useBulk) {
      // Triggers that would do nothing for anything this load writes are set aside for it: checked against a
      // row of each shape it writes now, and against every row it wrote when they are put back (finish).
      const events = (['reported', 'handled', 'received'] as const).flatMap((status) => [
        { action: 'report', from_status: null, to_status: status, data: JSON.stringify({ batchId: this.batchId }) },
        { action: 'fix_on_spot', from_status: null, to_status: status, data: JSON.stringify({ batchId: this.batchId }) },
        { action: 'flag_duplicate', from_status: status, to_status: status, data: JSON.stringify({ candidateId: 1, distanceM: 1, batchId: this.batchId }) },
      ]);
      const common = { incident_id: this.firstId, at: start.now, operator_id: start.operator?.id ?? null, actor_name: this.actor, note: '', hash: '' };
      this.inertTriggers.push(suspendInertTriggers(db, 'incident_events', events.map((e) => ({ ...common, ...e }))));
      const daily = { day: 0, grid_id: 0, category_id: 0, assignee_id: 0, received: 1, registered: 0, fixed_on_spot: 0 };
      this.inertTriggers.push(suspendInertTriggers(db, 'stats_daily_grid', [daily]), suspendInertTriggers(db, 'stats_daily_person', [daily]));
    }

    this.insertIncident = this.insertStatement(1);
    this.insertOrder = db.prepare(
      `INSERT INTO hotline_orders (incident_id, order_no, called_at, caller_name, caller_phone, demand_type, platform_due_at,
         arrived_at, ack_due_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_no) DO NOTHING`,
    );
    this.orderExists = db.prepare(`SELECT 1 FROM hotline_orders WHERE order_no = ?`).pluck();
    this.linkPhoto = db.prepare(
      `INSERT OR IGNORE INTO incident_attachments (incident_id, attachment_id, stage, added_at) VALUES (?, ?, 'report', ?)`,
    );
    this.caseNumbers = new CaseNumberSequence(db);
    this.near = new NearDuplicateIndex(start.latitude);
    for (const r of db
      .prepare(
        `SELECT id, case_no, category_id, lon, lat, reported_at FROM incidents
         WHERE status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND lon IS NOT NULL AND reported_at >= ?`,
      )
      .iterate(start.now - NEAR_LOOKBACK_DAYS * DAY_MS) as Iterable<{ id: number; case_no: string; category_id: number; lon: number; lat: number; reported_at: number }>) {
      this.near.add(r.category_id, { id: r.id, caseNo: r.case_no, t: r.reported_at, lon: r.lon, lat: r.lat });
    }
  }

  /** Records an issue (row 0: the whole file); the result keeps the first ISSUE_LIMIT of each kind. */
  issue(severity: 'error' | 'warning', row: number, field: ImportField | string | null, reason: string, cells: readonly string[] | null): void {
    const label = field && field in FIELD_LABELS ? FIELD_LABELS[field as ImportField] : field;
    const text = reason.length > 500 ? `${reason.slice(0, 497)}…` : reason;
    this.pendingIssues.push(this.batchId, row, severity, label, text, cells ? JSON.stringify(cells) : null);
    if (this.pendingIssues.length >= 6 * ISSUES_PER_INSERT * 20) this.flushPending();
    const item = { row, field: label, reason: text };
    if (severity === 'error') {
      if (this.counts.errors++ < ISSUE_LIMIT) this.errors.push(item);
    } else if (this.counts.warnings++ < ISSUE_LIMIT) this.warnings.push(item);
  }

  /** A row (or track) refused: counted, and kept with its cells so it can be corrected and imported again. */
  reject(row: number, field: ImportField | string | null, reason: string, cells: readonly string[] | null): void {
    this.counts.total++;
    this.counts.rejected++;
    this.issue('error', row, field, reason, cells);
  }

  /**
   * Rows of the file in order: rejections recorded, candidates written as cases unless their identity is
   * already in the database or earlier in the file. Plain field-log rows go in with one INSERT per
   * ROWS_PER_INSERT cases inside a savepoint; if any of them turns out to be a duplicate, the savepoint is
   * rolled back and the rows are written one by one, so numbers, ids, events and issues come out exactly
   * as the one-by-one path gives them.
   */
  writeRows(rows: readonly JudgedRow[]): void {
    const started = performance.now();
    this.writeJudged(rows);
    this.flushPending();
    this.phasesMs.rows += performance.now() - started;
  }

  private writeJudged(rows: readonly JudgedRow[]): void {
    if (this.start.rowByRow) return this.writeOneByOne(rows);
    const candidates: CandidateCase[] = [];
    for (const r of rows) {
      if (!r.verdict.ok) continue;
      const c = r.verdict.candidate;
      if (c.hotline || c.photos.length > 0) return this.writeOneByOne(rows);
      candidates.push(c);
    }
    if (candidates.length < 2) return this.writeOneByOne(rows);
    const { now, crs } = this.start;
    const caseNos = candidates.map((c) => {
      const no = this.caseNumbers.peek(c.reportedAt);
      this.caseNumbers.take(c.reportedAt);
      return no;
    });
    this.db.prepare('SAVEPOINT import_rows').run();
    let firstId = 0;
    let written = 0;
    for (let k = 0; k < candidates.length; k += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, candidates.length - k);
      const values: unknown[] = new Array(n * 22);
      for (let j = 0; j < n; j++) this.caseValues(values, j * 22, candidates[k + j]!, caseNos[k + j]!, now, crs);
      const result = this.insertStatement(n).run(values);
      if (result.changes !== n) break;
      const last = Number(result.lastInsertRowid);
      if (k === 0) firstId = last - n + 1;
      else if (last - n + 1 !== firstId + k) break;
      written += n;
    }
    if (written !== candidates.length) {
      // A duplicate among them (or ids not in one run): as if this call had not happened, then row by row.
      this.db.prepare('ROLLBACK TO import_rows').run();
      this.db.prepare('RELEASE import_rows').run();
      this.caseNumbers = new CaseNumberSequence(this.db);
      return this.writeOneByOne(rows);
    }
    this.db.prepare('RELEASE import_rows').run();
    let k = 0;
    for (const r of rows) {
      if (!r.verdict.ok) {
        this.reject(r.row, r.verdict.field, r.verdict.reason, r.cells);
        continue;
      }
      this.counts.total++;
      this.written(r.verdict.candidate, r.row, firstId + k, caseNos[k]!);
      k++;
    }
  }

  /** Writes the gathered duplicate flags (chained, in order) and issues, many to a statement. */
  private flushPending(): void {
    if (this.pendingFlags.length > 0) {
      this.appendFlags ??= eventBatchAppender(this.db);
      this.appendFlags(this.pendingFlags);
      this.pendingFlags.length = 0;
    }
    const v = this.pendingIssues;
    const many = 6 * ISSUES_PER_INSERT;
    let k = 0;
    for (; k + many <= v.length; k += many) this.insertIssues.run(v.slice(k, k + many));
    for (; k < v.length; k += 6) this.insertIssue.run(v.slice(k, k + 6));
    v.length = 0;
  }

  private writeOneByOne(rows: readonly JudgedRow[]): void {
    for (const r of rows) {
      if (r.verdict.ok) this.writeCase(r.verdict.candidate, r.row);
      else this.reject(r.row, r.verdict.field, r.verdict.reason, r.cells);
    }
  }

  private insertStatement(rows: number): Statement {
    let s = this.insertMany.get(rows);
    if (!s) {
      s = this.db.prepare(
        `INSERT INTO incidents (${INCIDENT_COLUMNS}) VALUES ${Array.from({ length: rows }, () => INCIDENT_PLACEHOLDERS).join(', ')}
         ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO NOTHING`,
      );
      this.insertMany.set(rows, s);
    }
    return s;
  }

  /** The status a candidate is written with: a 12345 order waits for 签收; a field-log row is a report, or arrives handled. */
  private static statusOf(c: CandidateCase): IncidentStatus {
    return c.hotline ? 'received' : c.fixedOnSpot ? 'handled' : 'reported';
  }

  /** The 22 values of INCIDENT_COLUMNS for one case, written into `out` from `at`. */
  private caseValues(out: unknown[], at: number, c: CandidateCase, caseNo: string, now: number, crs: CoordinateSystem): void {
    const order = c.hotline;
    out[at] = caseNo;
    out[at + 1] = c.category.id;
    out[at + 2] = c.description;
    out[at + 3] = c.address || null;
    out[at + 4] = c.lon;
    out[at + 5] = c.lat;
    out[at + 6] = crs;
    out[at + 7] = c.sourceLon;
    out[at + 8] = c.sourceLat;
    out[at + 9] = c.gridId;
    out[at + 10] = order ? 'hotline' : 'import';
    out[at + 11] = c.reporter || null;
    out[at + 12] = BatchWriter.statusOf(c);
    out[at + 13] = c.category.isUrgent ? 'urgent' : 'normal';
    out[at + 14] = c.reportedAt;
    out[at + 15] = c.fixedOnSpot ? c.reportedAt : null;
    out[at + 16] = c.fixedOnSpot ? 1 : 0;
    out[at + 17] = this.batchId;
    out[at + 18] = c.externalId;
    out[at + 19] = order ? now : null;
    out[at + 20] = now;
    out[at + 21] = now;
  }

  /** A validated row: written as a case unless its identity is already in the database or earlier in the file. */
  writeCase(c: CandidateCase, row: number): void {
    const { now, crs } = this.start;
    this.counts.total++;
    const order = c.hotline;
    if (order && this.orderExists.get(order.orderNo) !== undefined) {
      this.counts.duplicates++;
      return;
    }
    const caseNo = this.caseNumbers.peek(c.reportedAt);
    const values: unknown[] = new Array(22);
    this.caseValues(values, 0, c, caseNo, now, crs);
    const result = this.insertIncident.run(values);
    if (result.changes === 0) {
      this.counts.duplicates++;
      return;
    }
    const incidentId = Number(result.lastInsertRowid);
    if (order) {
      const written = this.insertOrder.run(
        incidentId,
        order.orderNo,
        c.reportedAt,
        order.callerName,
        order.callerPhone,
        order.demandType,
        order.platformDueAt,
        now,
        this.start.hotline?.ackDueAt ?? null,
        now,
        now,
      );
      // The same order number entered by hand under another identity: not a second case.
      if (written.changes === 0) throw new AppError('conflict', `工单编号 ${order.orderNo} 已存在`);
    }
    this.caseNumbers.take(c.reportedAt);
    this.written(c, row, incidentId, caseNo);
  }

  /** What follows a case's insert: its counts, daily figures, warnings, the near-duplicate check and its photos. */
  private written(c: CandidateCase, row: number, incidentId: number, caseNo: string): void {
    const { now, operator } = this.start;
    const status = BatchWriter.statusOf(c);
    this.counts.accepted++;
    this.daily?.add(c.reportedAt, c.gridId, c.category.id, c.fixedOnSpot);
    if (this.daily?.full()) this.daily.flush(this.db);
    for (const [field, text] of c.warnings) this.issue('warning', row, field, text, null);
    if (c.lon !== null && c.lat !== null) {
      const match = this.near.nearest(c.category.id, c.lon, c.lat, c.reportedAt);
      if (match) {
        this.counts.nearDuplicates++;
        const note = `疑似重复：与案件 ${match.caseNo} 相距 ${Math.round(match.distanceM)} 米，同为「${c.category.name}」，请核实后关联`;
        // One millisecond after the report event, which is written for the whole batch at the end.
        this.pendingFlags.push({
          incidentId,
          at: now + 1,
          operatorId: operator?.id ?? null,
          actorName: this.actor,
          action: 'flag_duplicate',
          fromStatus: status,
          toStatus: status,
          note,
          data: { candidateId: match.id, distanceM: Math.round(match.distanceM * 10) / 10, batchId: this.batchId },
        });
        this.issue('warning', row, null, note, null);
      }
      if (!c.fixedOnSpot) this.near.add(c.category.id, { id: incidentId, caseNo, t: c.reportedAt, lon: c.lon, lat: c.lat });
    }
    for (const name of c.photos) {
      const outcome = this.copyPhoto(name);
      if (outcome.ok) {
        this.linkPhoto.run(incidentId, outcome.id, now);
        this.counts.photos++;
      } else this.issue('warning', row, 'photos', outcome.reason, null);
    }
  }

  /** A GPX track: written as a patrol, or already imported. */
  countPatrol(outcome: 'written' | 'duplicate'): void {
    this.counts.total++;
    if (outcome === 'duplicate') {
      this.counts.duplicates++;
      return;
    }
    this.counts.accepted++;
    this.counts.patrols++;
  }

  /**
   * Every accepted case's first event (in one statement), the indexes and daily statistics put back,
   * and the batch row's figures. The caller then commits (or, for a dry run, rolls back).
   */
  finish(finishedAt: number): void {
    const { now, operator } = this.start;
    const phases = this.phasesMs;
    let mark = performance.now();
    const lap = () => {
      const t = performance.now();
      const ms = t - mark;
      mark = t;
      return ms;
    };
    this.flushPending();
    appendImportReportEvents(this.db, {
      batchId: this.batchId,
      firstId: this.firstId,
      at: now,
      operatorId: operator?.id ?? null,
      actorName: this.actor,
      note: `由${this.photoNote}导入`,
    });
    phases.events = lap();
    this.daily?.flush(this.db);
    this.flushPending();
    phases.daily = lap();
    for (const t of this.inertTriggers) t.restore(t.table === 'incident_events' ? this.firstEventId : null);
    phases.triggers = lap();
    const restored = this.suspended?.restore(this.firstId);
    lap();
    phases.search = restored?.search ?? 0;
    phases.indexes = restored?.indexes ?? 0;
    if (this.daily) pauseDailyStats(this.db, false);
    phases.weekly = lap();
    const c = this.counts;
    const rounded = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
    this.db
      .prepare(
        `UPDATE import_batches SET finished_at = ?, total = ?, accepted = ?, rejected = ?, duplicates = ?, status = 'committed',
           report = json_set(report, '$.nearDuplicates', ?, '$.patrols', ?, '$.photos', ?, '$.warnings', ?, '$.phasesMs', json(?)) WHERE id = ?`,
      )
      .run(finishedAt, c.total, c.accepted, c.rejected, c.duplicates, c.nearDuplicates, c.patrols, c.photos, c.warnings, JSON.stringify(rounded), this.batchId);
  }

  private copyPhoto(name: string): { ok: true; id: number } | { ok: false; reason: string } {
    const { photoDir, attachmentsDir, now } = this.start;
    if (photoDir === null) return { ok: false, reason: `照片「${name}」未随文件提供（上传的文件不含其所在文件夹）：未导入` };
    const base = path.resolve(photoDir);
    const file = path.resolve(base, name);
    if (file !== base && !file.startsWith(base + path.sep)) return { ok: false, reason: `照片「${name}」不在日志所在的文件夹中：未导入` };
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { ok: false, reason: `照片「${name}」不存在：未导入` };
    try {
      fs.mkdirSync(attachmentsDir, { recursive: true });
      const stored = storeAttachment(this.db, attachmentsDir, fs.readFileSync(file), path.basename(name), now);
      return { ok: true, id: stored.id };
    } catch (e) {
      return { ok: false, reason: `照片「${name}」未导入：${e instanceof Error ? e.message : String(e)}` };
    }
  }
}

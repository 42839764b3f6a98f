/**
 * Import batches after the fact: the list, the row-level issues, the rejected rows as a CSV to fix
 * and import again, and undo. Undo never deletes a case (cases are voided, with an event naming the
 * batch) and never touches a case that was changed after the import: those are listed instead.
 */
import { appendEvent } from '../queries/events';
import { AppError } from '../errors';
import type { Db } from '../open';
import { requireOperator } from '../queries/operators';
import type { CoordinateSystem, IncidentStatus } from '../types';
import type { ImportBatch, RowIssue, UndoResult } from './types';

interface BatchRow {
  id: number;
  file_name: string;
  format: string;
  source_crs: CoordinateSystem;
  operator_name: string | null;
  started_at: number;
  finished_at: number | null;
  total: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  status: ImportBatch['status'];
  report: string | null;
}

const FIELD_LOG_FORMATS = new Set(['csv', 'xlsx', 'geojson', 'gpx', 'open311']);

export function listBatches(db: Db, limit = 200): ImportBatch[] {
  const rows = db
    .prepare(
      `SELECT b.*, o.name AS operator_name FROM import_batches b LEFT JOIN operators o ON o.id = b.operator_id
       ORDER BY b.id DESC LIMIT ?`,
    )
    .all(limit) as BatchRow[];
  return rows.map((r) => {
    let message: string | null = null;
    try {
      const report = r.report ? (JSON.parse(r.report) as { error?: string; undo?: { voided: number; kept: number } }) : {};
      if (report.error) message = report.error;
      else if (report.undo) message = `已撤销：作废 ${report.undo.voided} 件${report.undo.kept ? `，保留导入后已办理的 ${report.undo.kept} 件` : ''}`;
    } catch {
      message = null;
    }
    return {
      id: r.id,
      fileName: r.file_name,
      format: r.format,
      sourceCrs: r.source_crs,
      operatorName: r.operator_name,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      total: r.total,
      accepted: r.accepted,
      rejected: r.rejected,
      duplicates: r.duplicates,
      status: r.status,
      canUndo: r.status === 'committed' && FIELD_LOG_FORMATS.has(r.format),
      message,
    };
  });
}

function requireBatch(db: Db, batchId: number): BatchRow {
  const b = db.prepare(`SELECT *, NULL AS operator_name FROM import_batches WHERE id = ?`).get(batchId) as BatchRow | undefined;
  if (!b) throw new AppError('not-found', `导入批次不存在：#${batchId}`);
  return b;
}

export function batchIssues(
  db: Db,
  batchId: number,
  severity: 'error' | 'warning',
  offset = 0,
  limit = 1000,
): { items: RowIssue[]; total: number } {
  requireBatch(db, batchId);
  const total = db.prepare(`SELECT count(*) FROM import_issues WHERE batch_id = ? AND severity = ?`).pluck().get(batchId, severity) as number;
  const items = db
    .prepare(`SELECT row_no AS row, field, reason FROM import_issues WHERE batch_id = ? AND severity = ? ORDER BY row_no, id LIMIT ? OFFSET ?`)
    .all(batchId, severity, limit, offset) as RowIssue[];
  return { items, total };
}

/** A spreadsheet cell that would run as a formula is prefixed with ' so it stays text. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The rejected rows of a batch as CSV, UTF-8 with a byte-order mark (Excel opens it with a double
 * click): the file's own columns as read, then 行号 and 拒收原因.
 */
export function rejectedRowsCsv(db: Db, batchId: number): { fileName: string; csv: string; rows: number } {
  const batch = requireBatch(db, batchId);
  const report = batch.report ? (JSON.parse(batch.report) as { headers?: string[] }) : {};
  const rows = db
    .prepare(
      `SELECT row_no, group_concat(coalesce(field || '：', '') || reason, '；') AS reasons, max(cells) AS cells
       FROM import_issues WHERE batch_id = ? AND severity = 'error' GROUP BY row_no ORDER BY row_no`,
    )
    .all(batchId) as { row_no: number; reasons: string; cells: string | null }[];
  const parsed = rows.map((r) => ({ row: r.row_no, reasons: r.reasons, cells: r.cells ? (JSON.parse(r.cells) as string[]) : [] }));
  const width = Math.max(report.headers?.length ?? 0, ...parsed.map((r) => r.cells.length));
  const headers = Array.from({ length: width }, (_, i) => report.headers?.[i] ?? `第${i + 1}列`);
  const lines = [[...headers, '行号', '拒收原因'].map(csvCell).join(',')];
  for (const r of parsed) {
    const cells = Array.from({ length: width }, (_, i) => r.cells[i] ?? '');
    lines.push([...cells, String(r.row), r.reasons].map(csvCell).join(','));
  }
  const base = batch.file_name.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-拒收行-批次${batchId}.csv`, csv: '\uFEFF' + lines.join('\r\n') + '\r\n', rows: parsed.length };
}

/**
 * Undoes a committed field-log batch in one transaction: each case it created is voided (作废, an
 * event naming the batch) unless it was changed after the import (version > 1), in which case it
 * is left alone and listed. Voided cases give up their source identity (kept in the event), so the
 * corrected file can be imported again. Patrols of the batch are deleted: they are measurements,
 * not case history.
 */
export function undoBatch(db: Db, batchId: number, operatorId: number | null, now: number): UndoResult {
  return db.transaction((): UndoResult => {
    const batch = requireBatch(db, batchId);
    if (!FIELD_LOG_FORMATS.has(batch.format)) throw new AppError('invalid-input', `批次 #${batchId} 不是巡查日志导入，不能撤销`);
    if (batch.status === 'undone') throw new AppError('conflict', `批次 #${batchId} 已经撤销过`);
    if (batch.status !== 'committed') throw new AppError('conflict', `批次 #${batchId} 未成功导入，无需撤销`);
    const operator = operatorId != null ? requireOperator(db, operatorId) : null;
    if (operator && !['supervisor', 'admin'].includes(operator.role)) {
      throw new AppError('forbidden', `操作员「${operator.name}」的角色不能撤销导入`);
    }
    const actor = operator?.name ?? '批量导入';
    const cases = db
      .prepare(`SELECT id, case_no, status, version, external_id FROM incidents WHERE import_batch_id = ? ORDER BY id`)
      .all(batchId) as { id: number; case_no: string; status: IncidentStatus; version: number; external_id: string | null }[];
    const voidCase = db.prepare(
      `UPDATE incidents SET status = 'voided', external_id = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
    );
    // A 12345 order gives up its order number the same way, marked as undone, so the export can come again.
    const freeOrderNo = db.prepare(
      `UPDATE hotline_orders SET order_no = substr(order_no, 1, 40) || '（已撤销#' || incident_id || '）', updated_at = ? WHERE incident_id = ?`,
    );
    const note = `撤销导入批次 #${batchId}（${batch.file_name}）`;
    let voided = 0;
    const kept: UndoResult['kept'] = [];
    for (const c of cases) {
      if (c.version > 1 || c.status === 'voided') {
        if (c.status !== 'voided') kept.push({ id: c.id, caseNo: c.case_no, status: c.status });
        continue;
      }
      voidCase.run(now, c.id, c.version);
      freeOrderNo.run(now, c.id);
      appendEvent(db, {
        incidentId: c.id,
        at: now,
        operatorId: operator?.id ?? null,
        actorName: actor,
        action: 'void',
        fromStatus: c.status,
        toStatus: 'voided',
        note,
        data: { batchId, externalId: c.external_id },
      });
      voided++;
    }
    const patrolsRemoved = db.prepare(`DELETE FROM patrols WHERE batch_id = ?`).run(batchId).changes;
    db.prepare(
      `UPDATE import_batches SET status = 'undone', report = json_set(coalesce(report, '{}'), '$.undo', json(?)) WHERE id = ?`,
    ).run(JSON.stringify({ at: now, operator: actor, voided, kept: kept.length, patrolsRemoved }), batchId);
    return { batchId, voided, patrolsRemoved, kept };
  }).immediate();
}

/**
 * One import job, the same code whether it runs in the worker thread or in the calling thread
 * (the CLI with --no-worker, tests): field logs through the batch writer, grid files through the
 * boundary validator. A failed field-log import is recorded as a failed batch after the rollback.
 */
import { isSqliteBusy, toBusyError } from '../open';
import { AppError, isAppError } from '../errors';
import type { Db } from '../open';
import { applyGrids } from './gridBoundaries';
import { readGridFile } from './gridFile';
import type { GridFileFormat, GridImportResult, GridPropertyMapping, ImportResult } from './types';
import { ImportCancelled, runImport, type ImportHooks, type ImportParams } from './writer';
import type { CoordinateSystem } from '../types';

export interface GridJobParams {
  file: string;
  fileName: string;
  format?: GridFileFormat | undefined;
  mapping: GridPropertyMapping;
  crs: CoordinateSystem;
  dryRun: boolean;
  now: number;
  operatorName?: string | undefined;
  /** The administrator replacing the grids (null: the command line), for the settings log. */
  operatorId?: number | null | undefined;
}

export type JobBody = { kind: 'incidents'; params: ImportParams } | { kind: 'grids'; params: GridJobParams };

export type JobRequest = {
  dbPath: string;
  nativeBinding?: string | undefined;
  cancelFlag: SharedArrayBuffer;
} & JobBody;

export type WorkerMessage =
  | { type: 'progress'; rowsRead: number; bytesRead: number; totalBytes: number }
  | { type: 'done'; result: ImportResult | null; gridResult: GridImportResult | null }
  | { type: 'cancelled' }
  | { type: 'error'; kind: string; message: string };

export async function runJob(db: Db, request: JobBody, hooks: ImportHooks): Promise<WorkerMessage> {
  if (request.kind === 'grids') {
    const p = request.params;
    const file = await readGridFile(p.file, p.fileName, p.format);
    if (hooks.isCancelled?.()) return { type: 'cancelled' };
    const gridResult = applyGrids(db, { ...p, file });
    return { type: 'done', result: null, gridResult };
  }
  const p = request.params;
  try {
    return { type: 'done', result: await runImport(db, p, hooks), gridResult: null };
  } catch (e) {
    if (e instanceof ImportCancelled) return { type: 'cancelled' };
    if (isSqliteBusy(e)) throw toBusyError(e);
    const message = isAppError(e) ? e.message : `导入失败：${e instanceof Error ? e.message : String(e)}`;
    if (!p.dryRun) recordFailedBatch(db, p, message);
    if (isAppError(e)) throw e;
    throw new AppError('internal', message, { cause: e });
  }
}

function recordFailedBatch(db: Db, p: ImportParams, message: string): void {
  try {
    db.prepare(
      `INSERT INTO import_batches (file_name, format, source_crs, operator_id, started_at, finished_at, status, report)
       VALUES (?, ?, ?, ?, ?, ?, 'failed', json_object('error', ?))`,
    ).run(p.fileName, p.read?.format && p.read.format !== 'auto' ? p.read.format : guessFormat(p.fileName), p.crs, p.operatorId ?? null, p.now, Date.now(), message.slice(0, 500));
  } catch {
    // The failure itself is what the caller reports; the log entry is a courtesy.
  }
}

function guessFormat(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  if (ext === 'gpx') return 'gpx';
  if (ext === 'geojson') return 'geojson';
  if (ext === 'json') return 'open311';
  return 'csv';
}

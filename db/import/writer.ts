/**
 * The field-log import: every row read, validated (./rowValidator.ts: pure, no database), then
 * written by the batch writer (./batchWriter.ts) with prepared statements inside ONE transaction
 * (BEGIN IMMEDIATE … COMMIT): a failure or a cancel rolls everything back, so the database is as
 * before. GPX tracks become patrols (./patrolImport.ts). Every row ends accepted, rejected (row,
 * field, reason, original cells kept) or duplicate (its identity is already in the database or
 * earlier in the file): accepted + rejected + duplicates = rows read.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { requireOperator } from '../queries/operators';
import type { CoordinateSystem } from '../types';
import { CategoryLookup } from './categoryLookup';
import { FIELD_LABELS, isHotlineMapping, missingRequired, proposeMapping } from './fields';
import { loadCalendar } from '../workingTime';
import { ackDueAt, hotlineDefaultCategory } from '../queries/hotline';
import { GridIndex } from './gridIndex';
import { BatchWriter, type JudgedRow } from './batchWriter';
import { importPatrols } from './patrolImport';
import { ReaderThread } from './rowReader';
import { validateRow, type Columns, type RowContext } from './rowValidator';
import { openSource, type RowSource } from './source';
import type { FieldMapping, ImportReadOptions, ImportResult } from './types';
import { IMPORT_FIELDS } from './types';

export { ISSUE_LIMIT } from './batchWriter';

export interface ImportParams {
  /** The file on disk. */
  file: string;
  /** The name shown to people (the original name of an uploaded file). */
  fileName: string;
  read?: ImportReadOptions;
  /** field → header; default: recognised from the headers. */
  mapping?: FieldMapping | undefined;
  crs: CoordinateSystem;
  dryRun?: boolean | undefined;
  operatorId?: number | null | undefined;
  /** Folder that photo names are relative to; null when the file came without its folder. */
  photoDir: string | null;
  /** Where photos are stored by content hash. */
  attachmentsDir: string;
  now: number;
  /** Rows per read batch. */
  batchSize?: number;
  /** Rebuild indexes at the end (default: when the file is large against the table). */
  bulk?: boolean | undefined;
  /**
   * The import worker's entry (./worker.ts, or the bundled worker): a large CSV or XLSX field log is then
   * read and judged on a second thread while this one writes. Without it, everything runs here.
   */
  readerEntry?: string | undefined;
  /** Testing: throw after this many rows, inside the transaction. */
  failAfterRows?: number;
  /** Testing: every row with statements of its own (the straightforward path the many-rows path is held to). */
  rowByRow?: boolean;
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  isCancelled?: () => boolean;
}

/** Rows a file must be expected to hold before it is read on a thread of its own. */
const READER_MIN_ROWS = 20_000;

/**
 * Page cache during an import (KiB): the pages of the indexes kept up row by row stay in memory. Measured at a
 * million rows (cli import, bundled): 16 MiB takes the same time as 64 MiB (41.6–41.7 s on the same machine)
 * and peaks 56 MB lower.
 */
export const IMPORT_CACHE_KIB = 16_384;

export class ImportCancelled extends Error {
  constructor() {
    super('导入已取消，数据库未作任何修改');
    this.name = 'ImportCancelled';
  }
}

function resolveColumns(mapping: FieldMapping, headers: readonly string[]): Columns {
  const columns: Columns = {};
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === '') continue;
    const index = headers.indexOf(header);
    if (index < 0) {
      throw new AppError('invalid-input', `对应关系中的列「${header}」（${FIELD_LABELS[field]}）不在文件表头中：${headers.slice(0, 20).join('、')}`);
    }
    columns[field] = index;
  }
  return columns;
}

export function effectiveMapping(source: RowSource, mapping: FieldMapping | undefined): FieldMapping {
  return { ...(mapping ?? proposeMapping(source.headers)), ...(mapping ? {} : source.impliedMapping) };
}

export async function runImport(db: Db, params: ImportParams, hooks: ImportHooks = {}): Promise<ImportResult> {
  const started = Date.now();
  const source = await openSource(params.file, params.fileName, params.read);
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  // Index builds sort through temporary files (the page cache of the system holds them), not the heap.
  db.pragma('temp_store = FILE');
  // Every reference the import writes is to a row read inside its own write transaction (categories,
  // grids, the operator) or written by it (the batch, its cases): no other connection can remove one
  // before the commit, so the per-row foreign-key lookups are left out on this connection.
  if (!db.inTransaction) db.pragma('foreign_keys = OFF');
  try {
    return await importFrom(db, source, params, hooks, started);
  } finally {
    if (!db.inTransaction) db.pragma(`foreign_keys = ${foreignKeys}`);
    db.pragma(`temp_store = ${tempStore}`);
    db.pragma(`cache_size = ${cache}`);
    source.close();
  }
}

async function importFrom(db: Db, source: RowSource, params: ImportParams, hooks: ImportHooks, started: number): Promise<ImportResult> {
  const { now, crs } = params;
  const mapping = effectiveMapping(source, params.mapping);
  const columns = resolveColumns(mapping, source.headers);
  const hasRows = source.format !== 'gpx' || source.headers.length > 0;
  const missing = missingRequired(mapping);
  if (hasRows && missing.length > 0 && !(source.format === 'gpx' && source.tracks.length > 0)) {
    throw new AppError('invalid-input', `缺少必需的列：${missing.map((f) => FIELD_LABELS[f]).join('、')}。请在预览中为它们选择对应的列`);
  }
  // The lookups are read inside the write transaction, so what the rows refer to stays as read.
  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  let reader: ReaderThread | null = null;
  try {
    const grids = GridIndex.load(db);
    if (grids.size === 0) throw new AppError('invalid-input', '数据库中还没有社区网格：请先导入网格边界或载入演示城区');
    const operator = params.operatorId != null ? requireOperator(db, params.operatorId) : null;
    if (operator?.role === 'manager') throw new AppError('forbidden', '领导账号只能查看，不能导入案件');
    const categoryRows = CategoryLookup.rows(db);
    const categories = new CategoryLookup(categoryRows);
    const hotline = isHotlineMapping(mapping);
    const ctx: RowContext = {
      columns,
      crs,
      now,
      grids,
      gridByCode: new Map(grids.grids.map((g) => [g.code, g])),
      categories,
      ...(hotline
        ? {
            hotline: {
              defaultCategory: hotlineDefaultCategory(db),
              calendar: loadCalendar(db),
              gridByName: uniqueByName(grids.grids),
            },
          }
        : {}),
    };
    const center = grids.grids[0]!.bbox;

    const batchSize = params.batchSize ?? 2000;
    // A large field log is read and judged on a second thread (12345 exports, GPX and JSON files here).
    reader =
      params.readerEntry && !hotline && (source.format === 'csv' || source.format === 'xlsx') && source.estimatedRows >= READER_MIN_ROWS
        ? new ReaderThread(params.readerEntry, {
            file: params.file,
            fileName: params.fileName,
            read: params.read,
            columns,
            crs,
            now,
            grids: grids.grids,
            categories: categoryRows,
            batchSize,
          }, source.format)
        : null;
  const judged: AsyncIterable<JudgedRow[]> = reader
      ? reader.batches()
      : (async function* () {
          for await (const rows of source.batches(batchSize)) yield rows.map((row) => ({ row: row.row, verdict: validateRow(row, ctx), cells: row.cells }));
        })();
    const bytesRead = () => (reader ? reader.bytesRead() : source.bytesRead());
    const batch = new BatchWriter(db, {
      fileName: params.fileName,
      format: source.format,
      crs,
      operator,
      now,
      report: { mapping, encoding: source.encoding, sheet: source.sheet, headers: source.headers },
      notes: source.notes,
      estimatedRows: source.estimatedRows,
      bulk: params.bulk,
      rowByRow: params.rowByRow,
      latitude: (center[1] + center[3]) / 2,
      photoDir: params.photoDir,
      attachmentsDir: params.attachmentsDir,
      hotline: hotline ? { ackDueAt: ackDueAt(db, now) } : undefined,
    });
    const counts = batch.counts;
    let lastProgress = 0;
    for await (const rows of judged) {
      batch.writeRows(rows);
      if (params.failAfterRows !== undefined && counts.total >= params.failAfterRows) {
        throw new AppError('internal', `测试：在第 ${counts.total} 行处中断`);
      }
      if (hooks.isCancelled?.()) throw new ImportCancelled();
      const t = Date.now();
      if (hooks.onProgress && t - lastProgress >= 100) {
        lastProgress = t;
        hooks.onProgress({ rowsRead: counts.total, bytesRead: bytesRead(), totalBytes: source.totalBytes });
      }
    }
    if (counts.total === 0 && source.tracks.length === 0) {
      batch.issue('warning', 0, null, source.format === 'gpx' ? 'GPX 文件中没有航点和轨迹' : '文件只有表头，没有数据行', null);
    }
    // GPX tracks → patrols, each counted as one row.
    if (source.tracks.length > 0) importPatrols(db, source.tracks, { batchId: batch.batchId, crs, grids, author: source.gpxAuthor, now }, batch);

    batch.finish(now + (Date.now() - started));
    if (params.dryRun) db.exec('ROLLBACK');
    else db.exec('COMMIT');
    committed = true;
    const elapsedMs = Date.now() - started;
    hooks.onProgress?.({ rowsRead: counts.total, bytesRead: source.totalBytes, totalBytes: source.totalBytes });
    return {
      batchId: params.dryRun ? null : batch.batchId,
      dryRun: params.dryRun ?? false,
      fileName: params.fileName,
      format: source.format,
      crs,
      total: counts.total,
      accepted: counts.accepted,
      rejected: counts.rejected,
      duplicates: counts.duplicates,
      nearDuplicates: counts.nearDuplicates,
      patrols: counts.patrols,
      photos: counts.photos,
      errors: batch.errors,
      warnings: batch.warnings,
      errorCount: counts.errors,
      warningCount: counts.warnings,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? Math.round((counts.total * 1000) / elapsedMs) : counts.total,
    };
  } finally {
    reader?.close();
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
  }
}

/** Community grids by name, leaving out names two grids share (a name must say which grid). */
function uniqueByName<G extends { name: string }>(grids: readonly G[]): Map<string, G> {
  const byName = new Map<string, G | null>();
  for (const g of grids) byName.set(g.name, byName.has(g.name) ? null : g);
  return new Map([...byName].filter((e): e is [string, G] => e[1] !== null));
}

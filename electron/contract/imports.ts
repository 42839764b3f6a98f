/** Imports: field logs (CSV, XLSX, GeoJSON, Open311, GPX) and grid boundaries. */
import { z } from 'zod';
import { IMPORT_FIELDS } from '../../db/domain/importFields';
import type {
  GridImportPreview,
  ImportBatch,
  ImportJobStatus,
  ImportPreview,
  RowIssue,
  SavedMapping,
  UndoResult,
} from '../../db/import/types';
import { call, ADMIN_ONLY } from './define';
import { crs, empty, id, requiredName } from './common';

const importSource = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ uploadId: z.string().uuid() }).strict(),
]);
const importRead = {
  format: z.enum(['auto', 'csv', 'xlsx', 'geojson', 'gpx', 'open311']).optional(),
  encoding: z.enum(['auto', 'utf-8', 'gb18030', 'utf-16le', 'utf-16be']).optional(),
  delimiter: z.enum(['auto', ',', ';', '\t']).optional(),
  sheet: z.string().max(100).optional(),
};
const fieldMapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200));
const jobId = z.object({ jobId: z.string().uuid() }).strict();
const gridFormat = z.enum(['geojson', 'shapefile']);

export const importCalls = {
  'imports:upload': call<{ uploadId: string; bytes: number }>()({
    input: z
      .object({
        uploadId: z.string().uuid().optional(),
        fileName: z.string().trim().min(1).max(255),
        offset: z.number().int().min(0),
        dataBase64: z.string().min(1).max(16_000_000, '每块最大 12 MB'),
      })
      .strict(),
    doc: 'Upload a file for import in chunks (browser mode); the first chunk opens an upload id.',
  }),
  'imports:preview': call<ImportPreview>()({
    input: z.object({ source: importSource, ...importRead }).strict(),
    doc: 'Detect format, encoding and delimiter; the first rows, the headers and the proposed mapping.',
    reads: ['mappings', 'categories'],
  }),
  'imports:start': call<ImportJobStatus>()({
    input: z
      .object({
        source: importSource,
        ...importRead,
        crs: crs.default('wgs84'),
        mapping: fieldMapping.optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
    doc: 'Start importing a field log in a worker thread; returns the job to follow with imports:progress.',
    access: ['inspector', 'supervisor', 'admin'],
  }),
  'imports:progress': call<ImportJobStatus>()({
    input: jobId,
    doc: 'Rows read, rows per second, and the result once the job is done. The page refreshes every view when a job it follows ends.',
  }),
  'imports:cancel': call<ImportJobStatus>()({
    input: jobId,
    doc: 'Cancel a running import: it rolls back, nothing is written.',
  }),
  'imports:list': call<ImportBatch[]>()({
    input: empty,
    doc: 'The import batches, newest first, with their counts and status.',
    reads: ['imports'],
  }),
  'imports:issues': call<{ items: RowIssue[]; total: number }>()({
    input: z
      .object({
        batchId: id,
        severity: z.enum(['error', 'warning']).default('error'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    doc: "A batch's rejected rows (row, field, reason) or warnings, paged.",
    reads: ['imports'],
  }),
  'imports:rejected-csv': call<{ fileName: string; dataBase64: string; rows: number }>()({
    input: z.object({ batchId: id }).strict(),
    doc: "A batch's rejected rows as a UTF-8 CSV with BOM: the original columns plus the reason.",
    reads: ['imports'],
  }),
  'imports:undo': call<UndoResult>()({
    input: z.object({ batchId: id }).strict(),
    doc: 'Undo a batch: its cases are voided (never deleted), cases changed since are kept and listed.',
    access: ADMIN_ONLY,
    writes: ['imports', 'incidents'],
  }),
  'imports:mappings': call<SavedMapping[]>()({
    input: empty,
    doc: 'Saved header mappings, most recently used first.',
    reads: ['mappings'],
  }),
  'imports:save-mapping': call<SavedMapping>()({
    input: z.object({ name: requiredName(), mapping: fieldMapping }).strict(),
    doc: 'Save a header mapping by name (replacing one of the same name).',
    writes: ['mappings'],
  }),
  'imports:delete-mapping': call<null>()({
    input: z.object({ id }).strict(),
    doc: 'Delete a saved header mapping.',
    writes: ['mappings'],
  }),
  'grids:import-preview': call<GridImportPreview>()({
    input: z.object({ source: importSource, format: gridFormat.optional() }).strict(),
    doc: 'Read a grid-boundary file: feature count, properties, sample values and the proposed property mapping.',
    access: ADMIN_ONLY,
  }),
  'grids:import': call<ImportJobStatus>()({
    input: z
      .object({
        source: importSource,
        format: gridFormat.optional(),
        crs: crs.default('wgs84'),
        mapping: z
          .object({
            code: z.string().min(1).max(100),
            name: z.string().min(1).max(100),
            level: z.string().max(100).nullable().optional(),
            parent: z.string().max(100).nullable().optional(),
          })
          .strict(),
        dryRun: z.boolean().default(true),
      })
      .strict(),
    doc: 'Validate grid boundaries (codes, rings, parents, overlaps, gaps) and, unless dryRun, replace the grids; a job.',
    access: ADMIN_ONLY,
  }),
} as const;

/** Calls whose job, once it ends, has changed what the page shows (the import ran in a worker). */
export const JOB_WRITES = {
  'imports:start': ['incidents', 'imports', 'attachments', 'app'],
  'grids:import': ['grids', 'incidents', 'app'],
} as const;

/**
 * Plain data that crosses the contract for imports (field logs and grid boundaries). Type-only for
 * the renderer (through electron/contract.ts).
 */
import type { CoordinateSystem, IncidentStatus } from '../types';

export type ImportFormat = 'csv' | 'xlsx' | 'geojson' | 'gpx' | 'open311';
export type GridFileFormat = 'geojson' | 'shapefile';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type Delimiter = ',' | ';' | '\t';

import { IMPORT_FIELDS, type ImportField } from '../domain/importFields';

export { IMPORT_FIELDS, type ImportField };

/** field → the header (as written in the file) that holds it. */
export type FieldMapping = Partial<Record<ImportField, string>>;

/** Where the file is: a path on the host's disk, or a file the page uploaded in chunks. */
export type ImportSourceRef = { readonly path: string } | { readonly uploadId: string };

export interface ImportReadOptions {
  format?: ImportFormat | 'auto' | undefined;
  encoding?: TextEncoding | 'auto' | undefined;
  delimiter?: Delimiter | 'auto' | undefined;
  /** XLSX: the sheet by name; default the first. */
  sheet?: string | undefined;
}

export interface ImportPreview {
  fileName: string;
  bytes: number;
  format: ImportFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  /** The first rows, cells as text, in header order. */
  rows: string[][];
  /** The proposed mapping: from aliases, or from a saved mapping that fits the headers. */
  mapping: FieldMapping;
  /** Name of the saved mapping used for the proposal, if any. */
  savedMapping: string | null;
  unmappedHeaders: string[];
  missingRequired: ImportField[];
  /** GPX: tracks found (stored as patrols). */
  tracks: number;
  notes: string[];
}

export interface RowIssue {
  /** 1-based data row; 0 = the file as a whole. */
  row: number;
  field: string | null;
  reason: string;
}

export interface ImportResult {
  batchId: number | null;
  dryRun: boolean;
  fileName: string;
  format: ImportFormat;
  crs: CoordinateSystem;
  /** Rows read: total = accepted + rejected + duplicates. */
  total: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Accepted rows flagged as possible duplicates of an open case (same small class within 50 m). */
  nearDuplicates: number;
  patrols: number;
  photos: number;
  /** Row-level errors (rejected rows) and warnings; the first ISSUE_LIMIT of each. */
  errors: RowIssue[];
  warnings: RowIssue[];
  errorCount: number;
  warningCount: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportJobStatus {
  jobId: string;
  kind: 'incidents' | 'grids';
  state: JobState;
  fileName: string;
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSecond: number;
  elapsedMs: number;
  result: ImportResult | null;
  gridResult: GridImportResult | null;
  error: { kind: string; message: string } | null;
}

export interface ImportBatch {
  id: number;
  fileName: string;
  format: string;
  sourceCrs: CoordinateSystem;
  operatorName: string | null;
  startedAt: number;
  finishedAt: number | null;
  total: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  status: 'running' | 'committed' | 'failed' | 'undone';
  /** Cases and patrols of a committed field-log batch can be undone. */
  canUndo: boolean;
  message: string | null;
}

export interface UndoResult {
  batchId: number;
  voided: number;
  patrolsRemoved: number;
  /** Cases changed after the import: left as they are. */
  kept: { id: number; caseNo: string; status: IncidentStatus }[];
}

export interface SavedMapping {
  id: number;
  name: string;
  mapping: FieldMapping;
  updatedAt: number;
}

// ── Grid boundaries ──────────────────────────────────────────────────────

/** Which feature property holds what. Level and parent are derived from the code when not given. */
export interface GridPropertyMapping {
  code: string;
  name: string;
  level?: string | null | undefined;
  parent?: string | null | undefined;
}

export type GridIssueKind =
  | 'invalid-code'
  | 'duplicate-code'
  | 'missing-name'
  | 'invalid-level'
  | 'invalid-geometry'
  | 'invalid-ring'
  | 'missing-parent'
  | 'outside-parent'
  | 'overlap'
  | 'gap'
  | 'missing-district'
  | 'removed-grid-in-use';

export interface GridIssue {
  kind: GridIssueKind;
  severity: 'error' | 'warning';
  codes: string[];
  message: string;
  areaM2: number | null;
  /** WGS-84 [lon, lat] of the problem (a point inside the gap or overlap). */
  location: [number, number] | null;
}

export interface GridImportPreview {
  fileName: string;
  format: GridFileFormat;
  features: number;
  properties: string[];
  sample: Record<string, string>[];
  mapping: GridPropertyMapping | null;
  encoding: string | null;
}

export interface GridMove {
  incidentId: number;
  caseNo: string;
  fromCode: string | null;
  toCode: string | null;
}

export interface GridImportResult {
  dryRun: boolean;
  fileName: string;
  format: GridFileFormat;
  features: number;
  counts: { districts: number; streets: number; grids: number };
  issues: GridIssue[];
  errorCount: number;
  warningCount: number;
  applied: boolean;
  added: number;
  updated: number;
  removed: number;
  incidentsMoved: number;
  /** Cases whose location now lies outside every grid: they keep their former grid. */
  incidentsOutside: number;
  moves: GridMove[];
}

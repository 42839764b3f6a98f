/**
 * Exports of cases and their event history for any filter: CSV (UTF-8 with BOM so Excel opens it with
 * a double-click), XLSX, GeoJSON and Open311 GeoReport v2 JSON. Rows are read with an iterator and written
 * as they come, in slices that let the event loop run between them (progress, cancel, the XLSX zip stream
 * draining to disk), so an export of a million cases never holds more than a slice and the writers' buffers.
 * Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are neutralised with a
 * leading apostrophe.
 */
import { SETTINGS_ACTION_LABELS, type SettingsLogRow } from '../trust/settingsLog';
import fs from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type ExcelJS from 'exceljs';
import type { Db } from '../open';
import { filterSql } from '../queries/incidents';
import { STATUS_LABELS, eventLabel } from '../domain/workflow';
import { SOURCE_LABELS } from '../domain/labels';
import { shanghaiIso } from '../stats/period';
import type { IncidentFilter, IncidentStatus } from '../types';

export type ExportFormat = 'csv' | 'xlsx' | 'geojson' | 'open311';

export interface ExportResult {
  format: ExportFormat;
  files: string[];
  cases: number;
  events: number;
}

export interface ExportOptions {
  format: ExportFormat;
  file: string;
  filter: IncidentFilter;
  now: number;
  /**
   * CSV only: the event history and the settings log in files beside it (FILE.events.csv, FILE.settings.csv).
   * Default true (the command line); the desk's download is the one file.
   */
  sidecars?: boolean;
}

export interface ExportHooks {
  /** Rows written so far (cases, then history rows, then settings-log rows), a few times a second. */
  onProgress?: (rowsWritten: number) => void;
  /** Asked between slices: true stops the export, removes what it wrote, and rejects with ExportCancelled. */
  isCancelled?: () => boolean;
}

/** The export was cancelled; its files are gone. */
export class ExportCancelled extends Error {
  constructor() {
    super('导出已取消');
    this.name = 'ExportCancelled';
  }
}

const CRS_LABELS: Record<string, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' };

/** Text that a spreadsheet would treat as a formula gets a leading apostrophe. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

interface CaseRow {
  id: number;
  case_no: string;
  status: IncidentStatus;
  big_name: string;
  category_name: string;
  category_code: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  source_crs: string;
  street_name: string | null;
  grid_name: string | null;
  grid_code: string | null;
  source: string;
  reporter: string | null;
  assignee_name: string | null;
  reported_at: number;
  registered_at: number | null;
  dispatched_at: number | null;
  due_at: number | null;
  handled_at: number | null;
  closed_at: number | null;
  updated_at: number;
  rework_count: number;
  extension_count: number;
  is_fixed_on_spot: number;
  duplicate_of_no: string | null;
  last_note: string | null;
}

interface EventRow {
  case_no: string;
  at: number;
  actor_name: string;
  action: string;
  from_status: IncidentStatus | null;
  to_status: IncidentStatus | null;
  note: string | null;
}

const HEADERS = [
  '案件编号', '状态', '大类', '小类', '类别编码', '问题描述', '地址', '经度(WGS-84)', '纬度(WGS-84)', '原始坐标系',
  '街道', '网格', '网格编码', '来源', '上报人', '责任人', '上报时间', '立案时间', '派遣时间', '处置期限', '反馈时间',
  '结案时间', '是否超期', '返工次数', '延期次数', '自行处置', '重复于',
] as const;

const EVENT_HEADERS = ['案件编号', '时间', '操作人', '操作', '原状态', '新状态', '说明'] as const;
const SETTINGS_HEADERS = ['时间', '操作人', '操作', '对象', '修改前', '修改后', '说明'] as const;

const time = (ms: number | null): string => (ms === null ? '' : shanghaiIso(ms).slice(0, 19).replace('T', ' '));

/** Every text cell neutralised: case fields and the names of categories, grids and streets alike. */
function caseCells(r: CaseRow, now: number): (string | number)[] {
  return rawCaseCells(r, now).map((v) => (typeof v === 'string' ? neutralise(v) : v));
}

function rawCaseCells(r: CaseRow, now: number): (string | number)[] {
  const overdue = r.due_at !== null && (r.closed_at !== null ? r.closed_at > r.due_at : r.due_at < now && !['rejected', 'voided', 'hung'].includes(r.status));
  return [
    r.case_no, STATUS_LABELS[r.status], r.big_name, r.category_name, r.category_code, r.description, r.address ?? '',
    r.lon ?? '', r.lat ?? '', CRS_LABELS[r.source_crs] ?? r.source_crs, r.street_name ?? '', r.grid_name ?? '', r.grid_code ?? '',
    SOURCE_LABELS[r.source as keyof typeof SOURCE_LABELS] ?? r.source, r.reporter ?? '', r.assignee_name ?? '', time(r.reported_at),
    time(r.registered_at), time(r.dispatched_at), time(r.due_at), time(r.handled_at), time(r.closed_at), overdue ? '是' : '否',
    r.rework_count, r.extension_count, r.is_fixed_on_spot ? '是' : '否', r.duplicate_of_no ?? '',
  ];
}

function eventCells(e: EventRow): string[] {
  return [e.case_no, time(e.at), e.actor_name, eventLabel(e.action),
    e.from_status ? STATUS_LABELS[e.from_status] : '', e.to_status ? STATUS_LABELS[e.to_status] : '', e.note ?? ''].map(neutralise);
}

/** Exports see duplicates unless the filter says otherwise (the list hides them by default). */
const exportFilter = (filter: IncidentFilter): IncidentFilter => ({ includeDuplicates: true, ...filter });

function caseQuery(db: Db, filter: IncidentFilter, now: number, withLastNote: boolean) {
  const { where, params } = filterSql(exportFilter(filter), now);
  // The last note is Open311's status_notes only: the other formats skip its per-row look-up.
  const lastNote = withLastNote
    ? `(SELECT e.note FROM incident_events e WHERE e.incident_id = i.id AND e.note IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1)`
    : 'NULL';
  return db
    .prepare(
      `SELECT i.id, i.case_no, i.status, b.name AS big_name, c.name AS category_name, c.code AS category_code, i.description,
              i.address, i.lon, i.lat, i.source_crs, s.name AS street_name, g.name AS grid_name, g.code AS grid_code, i.source,
              i.reporter, p.name AS assignee_name, i.reported_at, i.registered_at, i.dispatched_at, i.due_at, i.handled_at,
              i.closed_at, i.updated_at, i.rework_count, i.extension_count, i.is_fixed_on_spot, d.case_no AS duplicate_of_no,
              ${lastNote} AS last_note
       FROM incidents i JOIN categories c ON c.id = i.category_id LEFT JOIN categories b ON b.id = c.parent_id
       LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN grids s ON s.id = g.parent_id
       LEFT JOIN persons p ON p.id = i.assignee_id LEFT JOIN incidents d ON d.id = i.duplicate_of
       ${where} ORDER BY i.reported_at, i.id`,
    )
    .iterate(params) as IterableIterator<CaseRow>;
}

function eventQuery(db: Db, filter: IncidentFilter, now: number) {
  const { where, params } = filterSql(exportFilter(filter), now);
  return db
    .prepare(
      `SELECT i.case_no, e.at, e.actor_name, e.action, e.from_status, e.to_status, e.note
       FROM incident_events e JOIN incidents i ON i.id = e.incident_id
       ${where} ORDER BY i.reported_at, i.id, e.at, e.id`,
    )
    .iterate(params) as IterableIterator<EventRow>;
}

/** The settings log travels with every export: who changed which rule, when, before and after. */
function* settingsLogCells(db: Db): Generator<string[]> {
  const rows = db.prepare(`SELECT * FROM settings_log ORDER BY id`).iterate() as IterableIterator<SettingsLogRow>;
  for (const r of rows) {
    yield [time(r.at), r.actor_name, SETTINGS_ACTION_LABELS[r.action] ?? r.action, r.target, r.before ?? '', r.after ?? '', r.note ?? ''].map(neutralise);
  }
}

/** What an export will write, counted before it starts (the progress bar's total). */
export interface ExportCounts {
  readonly cases: number;
  /** History rows, where the format carries them (CSV with sidecars, XLSX). */
  readonly events: number;
  /** Settings-log rows, where the format carries them. */
  readonly settings: number;
  readonly total: number;
}

export function countExportRows(db: Db, options: Pick<ExportOptions, 'format' | 'filter' | 'now' | 'sidecars'>): ExportCounts {
  const { where, params } = filterSql(exportFilter(options.filter), options.now);
  const count = (sql: string, p: Record<string, unknown> = params) => (db.prepare(sql).get(p) as { n: number }).n;
  const cases = count(`SELECT count(*) AS n FROM incidents i ${where}`);
  const withHistory = options.format === 'xlsx' || (options.format === 'csv' && options.sidecars !== false);
  const events = withHistory ? count(`SELECT count(*) AS n FROM incident_events e JOIN incidents i ON i.id = e.incident_id ${where}`) : 0;
  const settings = withHistory ? count(`SELECT count(*) AS n FROM settings_log`, {}) : 0;
  return { cases, events, settings, total: cases + events + settings };
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes text to a file in chunks of about 1 MB. */
class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  private isOpen = true;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buffer.length) fs.writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
  close(): void {
    if (!this.isOpen) return;
    this.flush();
    this.isOpen = false;
    fs.closeSync(this.fd);
  }
  /** Closes without writing what is buffered (the file is about to be removed). */
  abort(): void {
    if (!this.isOpen) return;
    this.buffer = [];
    this.isOpen = false;
    fs.closeSync(this.fd);
  }
}

/** How long a slice of rows may run before the event loop gets its turn. */
const SLICE_MS = 12;
/** Rows between looks at the clock. */
const CHECK_EVERY = 128;

/**
 * Paces an export: counts rows, and every slice reports progress, checks for a cancel and lets the event
 * loop run (the host answers other calls meanwhile; the XLSX writer's streams move data to disk).
 */
class Pacer {
  written = 0;
  private sliceStart = performance.now();
  constructor(
    private readonly hooks: ExportHooks,
    /** Resolves once the writer has room again (XLSX: the zip stream's backlog is small). */
    private readonly room: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Counts one row; true when the slice is over and `pause()` should be awaited. */
  count(): boolean {
    this.written++;
    return this.written % CHECK_EVERY === 0 && performance.now() - this.sliceStart >= SLICE_MS;
  }

  async pause(): Promise<void> {
    this.hooks.onProgress?.(this.written);
    if (this.hooks.isCancelled?.()) throw new ExportCancelled();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.room();
    if (this.hooks.isCancelled?.()) throw new ExportCancelled();
    this.sliceStart = performance.now();
  }

  done(): void {
    this.hooks.onProgress?.(this.written);
  }
}

/** The exceljs streaming writer's innards that tell how much it still holds (exceljs 4.4, pinned). */
interface WorkbookInnards {
  zip: { abort(): void };
  stream: fs.WriteStream;
}
/** A stream's queued bytes; readable-stream's classes (what archiver uses) keep them in their states only. */
interface QueuedStream {
  writableLength?: number;
  readableLength?: number;
  _writableState?: { length: number };
  _readableState?: { length: number };
}
interface SheetStreamInnards {
  buffers?: { length: number }[];
  pipes?: QueuedStream[];
}

const queued = (p: QueuedStream): number =>
  (p.writableLength ?? p._writableState?.length ?? 0) + (p.readableLength ?? p._readableState?.length ?? 0);

/**
 * Bytes a sheet has written that the zip has not yet taken: what its stream buffers, plus what waits in
 * the pass-through the archiver wraps it in (archiver pipes exceljs's own stream class into one at once).
 * exceljs writes into that pass-through without waiting for it, so without this check a fast database
 * read would pile the whole sheet up in memory while the deflate stream works through it.
 */
function sheetBacklog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: SheetStreamInnards }).stream;
  if (!stream) return 0;
  const buffered = (stream.buffers ?? []).reduce((sum, b) => sum + b.length, 0);
  const piped = (stream.pipes ?? []).reduce((sum, p) => sum + queued(p), 0);
  return buffered + piped;
}

const MAX_BACKLOG = 8 * 1024 * 1024;

async function roomIn(sheet: ExcelJS.Worksheet): Promise<void> {
  while (sheetBacklog(sheet) > MAX_BACKLOG) await new Promise((resolve) => setTimeout(resolve, 2));
}

export function settingsFileFor(file: string): string {
  return file.replace(/(\.[^./\\]+)?$/, (ext) => `.settings${ext || '.csv'}`);
}

export function eventsFileFor(file: string): string {
  return file.replace(/(\.[^./\\]+)?$/, (ext) => `.events${ext || '.csv'}`);
}

/**
 * Writes the export. On a cancel or a failure every file it began is removed before the promise rejects
 * (a cancel rejects with ExportCancelled).
 */
export async function exportCases(db: Db, input: ExportOptions, hooks: ExportHooks = {}): Promise<ExportResult> {
  const started: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    return await writeExport(db, input, hooks, (file, cleanup) => {
      started.push(file);
      cleanups.push(cleanup);
    });
  } catch (e) {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch {
        // Removing the files matters more than closing cleanly.
      }
    }
    for (const file of started) fs.rmSync(file, { force: true });
    throw e;
  }
}

type Begin = (file: string, cleanup: () => Promise<void> | void) => void;

async function writeExport(db: Db, input: ExportOptions, hooks: ExportHooks, begin: Begin): Promise<ExportResult> {
  const { format, file, filter, now } = input;
  let cases = 0;
  let events = 0;
  const lines = (path: string): LineWriter => {
    const w = new LineWriter(path);
    begin(path, () => w.abort());
    return w;
  };

  if (format === 'xlsx') {
    // Loaded when a workbook is written: exceljs holds ~26 MB in every process that merely imports it.
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    const innards = workbook as unknown as WorkbookInnards;
    begin(file, async () => {
      innards.zip.abort();
      if (!innards.stream.closed) {
        const closed = once(innards.stream, 'close');
        innards.stream.destroy();
        await closed;
      }
    });
    const sheet = workbook.addWorksheet('案件');
    sheet.columns = HEADERS.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 2) }));
    let pacer = new Pacer(hooks, () => roomIn(sheet));
    for (const r of caseQuery(db, filter, now, false)) {
      sheet.addRow(caseCells(r, now)).commit();
      cases++;
      if (pacer.count()) await pacer.pause();
    }
    sheet.commit();
    const evSheet = workbook.addWorksheet('处理记录');
    evSheet.columns = EVENT_HEADERS.map((h) => ({ header: h, width: h === '说明' ? 40 : 18 }));
    const written = pacer.written;
    pacer = new Pacer({ ...hooks, onProgress: (n) => hooks.onProgress?.(written + n) }, () => roomIn(evSheet));
    for (const e of eventQuery(db, filter, now)) {
      evSheet.addRow(eventCells(e)).commit();
      events++;
      if (pacer.count()) await pacer.pause();
    }
    evSheet.commit();
    const stSheet = workbook.addWorksheet('设置记录');
    stSheet.columns = SETTINGS_HEADERS.map((h) => ({ header: h, width: h === '时间' || h === '操作人' ? 18 : 30 }));
    let settings = 0;
    for (const cells of settingsLogCells(db)) {
      stSheet.addRow(cells).commit();
      settings++;
    }
    stSheet.commit();
    hooks.onProgress?.(written + pacer.written + settings);
    if (hooks.isCancelled?.()) throw new ExportCancelled();
    await workbook.commit();
    return { format, files: [file], cases, events };
  }

  const pacer = new Pacer(hooks);
  if (format === 'csv') {
    const out = lines(file);
    out.write('\uFEFF' + HEADERS.join(',') + '\r\n');
    for (const r of caseQuery(db, filter, now, false)) {
      out.write(caseCells(r, now).map(csvField).join(',') + '\r\n');
      cases++;
      if (pacer.count()) await pacer.pause();
    }
    out.close();
    if (input.sidecars === false) {
      pacer.done();
      return { format, files: [file], cases, events };
    }
    const eventsFile = eventsFileFor(file);
    const ev = lines(eventsFile);
    ev.write('\uFEFF' + EVENT_HEADERS.join(',') + '\r\n');
    for (const e of eventQuery(db, filter, now)) {
      ev.write(eventCells(e).map(csvField).join(',') + '\r\n');
      events++;
      if (pacer.count()) await pacer.pause();
    }
    ev.close();
    const settingsFile = settingsFileFor(file);
    const st = lines(settingsFile);
    st.write('\uFEFF' + SETTINGS_HEADERS.join(',') + '\r\n');
    for (const cells of settingsLogCells(db)) {
      st.write(cells.map(csvField).join(',') + '\r\n');
      pacer.count();
    }
    st.close();
    pacer.done();
    return { format, files: [file, eventsFile, settingsFile], cases, events };
  }

  const out = lines(file);
  if (format === 'geojson') {
    out.write('{"type":"FeatureCollection","features":[\n');
    for (const r of caseQuery(db, filter, now, false)) {
      const feature = {
        type: 'Feature',
        geometry: r.lon !== null && r.lat !== null ? { type: 'Point', coordinates: [r.lon, r.lat] } : null,
        properties: {
          case_no: r.case_no, status: r.status, status_label: STATUS_LABELS[r.status], category_code: r.category_code,
          category: r.category_name, big_class: r.big_name, description: r.description, address: r.address, street: r.street_name,
          grid: r.grid_name, grid_code: r.grid_code, source: r.source, assignee: r.assignee_name, reported_at: shanghaiIso(r.reported_at),
          due_at: r.due_at === null ? null : shanghaiIso(r.due_at), closed_at: r.closed_at === null ? null : shanghaiIso(r.closed_at),
          source_crs: r.source_crs, duplicate_of: r.duplicate_of_no,
        },
      };
      out.write((cases ? ',\n' : '') + JSON.stringify(feature));
      cases++;
      if (pacer.count()) await pacer.pause();
    }
    out.write('\n]}\n');
  } else {
    // Open311 GeoReport v2 service requests (status is open|closed; notes carry the local status).
    out.write('[\n');
    for (const r of caseQuery(db, filter, now, true)) {
      const request = {
        service_request_id: r.case_no,
        status: r.status === 'closed' || r.status === 'rejected' || r.status === 'voided' ? 'closed' : 'open',
        status_notes: [STATUS_LABELS[r.status], r.last_note].filter(Boolean).join('：'),
        service_name: r.category_name,
        service_code: r.category_code,
        description: r.description,
        agency_responsible: [r.street_name, r.assignee_name].filter(Boolean).join(' '),
        service_notice: '',
        requested_datetime: shanghaiIso(r.reported_at),
        updated_datetime: shanghaiIso(r.updated_at),
        expected_datetime: r.due_at === null ? null : shanghaiIso(r.due_at),
        address: r.address ?? '',
        address_id: r.grid_code ?? '',
        zipcode: '',
        lat: r.lat,
        long: r.lon,
        media_url: '',
      };
      out.write((cases ? ',\n' : '') + JSON.stringify(request));
      cases++;
      if (pacer.count()) await pacer.pause();
    }
    out.write('\n]\n');
  }
  out.close();
  pacer.done();
  return { format, files: [file], cases, events };
}

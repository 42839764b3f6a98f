/**
 * Opens a field log in any supported format and presents it as one thing: headers and rows of text
 * cells, read in batches (streamed for CSV and XLSX, so memory stays flat), plus GPX tracks. Every
 * format is held to the limits in ./limits.ts; a file past one is refused with an AppError
 * ('invalid-input') naming the limit, before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry } from 'yauzl';
import { AppError, isAppError } from '../errors';
import { CsvReader, detectDelimiter } from './csv';
import { assertLooksLikeText, decodeBytes, detectEncoding } from './encoding';
import { uniqueHeaders } from './fields';
import { isGpx, parseGpx, type GpxTrack } from './gpx';
import { assertJsonDepth, clipLongCells, IMPORT_LIMITS, refuse, type ImportLimits } from './limits';
import type { Delimiter, FieldMapping, ImportFormat, ImportReadOptions, TextEncoding } from './types';
import { wallClockText } from './values';
import { xmlTokenGuard, ZipArchive } from './zip';

export interface SourceRow {
  /** As the file shows it: spreadsheet row (header = 1) for CSV/XLSX, feature/point number otherwise. */
  row: number;
  cells: string[];
  /** The row cannot be read at all (reason for rejection). */
  error?: { field: string | null; reason: string };
  warnings?: string[];
}

export interface RowSource {
  format: ImportFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  notes: string[];
  totalBytes: number;
  /** Rows expected, from the file size and the first lines (exact for JSON and GPX). */
  estimatedRows: number;
  tracks: GpxTrack[];
  gpxAuthor: string;
  /** Mapping the format itself implies (e.g. GeoJSON coordinates from the geometry). */
  impliedMapping: FieldMapping;
  bytesRead(): number;
  batches(size: number): AsyncGenerator<SourceRow[]>;
  close(): void;
}

export const GEOMETRY_LON = '经度（几何）';
export const GEOMETRY_LAT = '纬度（几何）';

/** How a caller bounds the reading beyond the format options. */
export interface SourceBounds {
  limits?: ImportLimits | undefined;
  /** Stream only this many bytes from the start of a CSV (a preview). */
  headBytes?: number | undefined;
}

export function formatFromName(fileName: string): ImportFormat | 'json' | null {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.geojson') return 'geojson';
  if (ext === '.gpx') return 'gpx';
  if (ext === '.json') return 'json';
  if (ext === '.xls') throw new AppError('invalid-input', `不支持旧版 Excel 文件（.xls）：请在 Excel 中另存为 .xlsx 或 CSV 后再导入`);
  return null;
}

function readHead(file: string, bytes = 65_536): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function sniffFormat(head: Buffer, byName: ImportFormat | 'json' | null): ImportFormat | 'json' {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (byName) return byName;
  const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (text.startsWith('<') && isGpx(text)) return 'gpx';
  return 'csv';
}

export async function openSource(file: string, fileName: string, options: ImportReadOptions = {}, bounds: SourceBounds = {}): Promise<RowSource> {
  const limits = bounds.limits ?? IMPORT_LIMITS;
  const stat = fs.statSync(file);
  if (stat.size === 0) throw new AppError('invalid-input', `文件为空：${fileName}`);
  if (stat.size > limits.fileBytes) throw refuse.fileBytes(`「${fileName}」`, stat.size, limits);
  const head = readHead(file);
  let format: ImportFormat | 'json' =
    options.format && options.format !== 'auto' ? options.format : sniffFormat(head, formatFromName(fileName));
  if (format === 'xlsx' && !(head[0] === 0x50 && head[1] === 0x4b)) {
    throw new AppError('invalid-input', `「${fileName}」不是有效的 Excel（.xlsx）文件`);
  }
  if (format === 'json' || format === 'geojson' || format === 'open311' || format === 'gpx') {
    if (stat.size > limits.documentBytes) throw refuse.documentBytes(`「${fileName}」`, stat.size, limits);
    const bytes = fs.readFileSync(file);
    const detected = detectEncoding(bytes.subarray(0, 65_536));
    assertLooksLikeText(bytes.subarray(0, 65_536), fileName, detected.encoding);
    const text = decodeBytes(bytes.subarray(detected.bomLength), detected.encoding);
    if (format === 'gpx') return gpxSource(text, fileName, stat.size, detected.encoding, limits);
    assertJsonDepth(text, fileName, limits);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new AppError('invalid-input', `「${fileName}」不是有效的 JSON：${(e as Error).message}`);
    }
    if (format === 'json') format = isFeatureCollection(json) ? 'geojson' : 'open311';
    return format === 'geojson'
      ? geojsonSource(json, fileName, stat.size, detected.encoding, limits)
      : open311Source(json, fileName, stat.size, detected.encoding, limits);
  }
  if (format === 'xlsx') return xlsxSource(file, fileName, stat.size, options.sheet, limits);
  return csvSource(file, fileName, stat.size, head, options, limits, bounds.headBytes);
}

/** Header cells: clipped to the header length (a header is a column's name, not its content). */
function headerCells(cells: string[], limits: ImportLimits): string[] {
  return cells.map((c) => (c.length > limits.headerChars ? c.slice(0, limits.headerChars) : c));
}

/** Rejects a row with a cell over the cell limit (clipping the cell, so memory stays bounded). */
function checkCells(row: SourceRow, headers: readonly string[], limits: ImportLimits): SourceRow {
  const reason = clipLongCells(row.cells, headers, limits);
  if (reason && !row.error) row.error = { field: null, reason };
  return row;
}

// ── CSV ─────────────────────────────────────────────────────────────────

function csvSource(
  file: string,
  fileName: string,
  size: number,
  head: Buffer,
  options: ImportReadOptions,
  limits: ImportLimits,
  headBytes: number | undefined,
): RowSource {
  const detected = detectEncoding(head);
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detected.encoding;
  const bomLength = encoding === detected.encoding ? detected.bomLength : 0;
  assertLooksLikeText(head, fileName, encoding);
  const sampleText = decodeBytes(head.subarray(bomLength, Math.max(bomLength, head.lastIndexOf(0x0a))), encoding.startsWith('utf-16') ? 'utf-8' : encoding);
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : encoding.startsWith('utf-16') ? '\t' : detectDelimiter(sampleText);
  const reader = new CsvReader(file, encoding, delimiter, bomLength, { limits, headBytes });
  const records = reader.records();
  const first = records.next();
  if (first.done) {
    reader.close();
    throw new AppError('invalid-input', `文件中没有任何内容（只有空行）：${fileName}`);
  }
  const { headers, notes } = uniqueHeaders(headerCells(first.value.cells, limits));
  const width = headers.length;
  return {
    format: 'csv',
    encoding,
    delimiter,
    sheets: [],
    sheet: null,
    headers,
    notes,
    totalBytes: size,
    estimatedRows: Math.round(size / Math.max(20, sampleText.length ? (head.lastIndexOf(0x0a) + 1) / Math.max(1, sampleText.split('\n').length - 1) : 100)),
    tracks: [],
    gpxAuthor: '',
    impliedMapping: {},
    bytesRead: () => reader.bytesRead,
    async *batches(n) {
      let batch: SourceRow[] = [];
      for (const rec of records) {
        const row: SourceRow = { row: rec.row, cells: rec.cells };
        if (rec.unclosedQuote) row.error = { field: null, reason: '引号未闭合：此行起的内容无法按列拆分' };
        if (rec.mixedEncoding) {
          row.warnings = [`此行的文字编码与文件其他部分不同（${encoding === 'utf-8' ? 'GBK' : 'UTF-8'}），已按其实际编码读取`];
        }
        if (rec.cells.length > width && rec.cells.slice(width).some((c) => c.trim() !== '')) {
          (row.warnings ??= []).push(`此行有 ${rec.cells.length} 列，多于表头的 ${width} 列：多出的列未导入`);
        }
        batch.push(checkCells(row, headers, limits));
        if (batch.length >= n) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    close: () => {
      records.return(undefined);
      reader.close();
    },
  };
}

// ── XLSX ────────────────────────────────────────────────────────────────

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : wallClockText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** exceljs's streaming workbook reader, driven part by part from yauzl instead of its own unzip. */
interface WorkbookParts {
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: WorksheetRows }>;
}

interface WorksheetRows {
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<{ number: number; values: unknown[] }>;
}

const XLSX_PARTS = {
  rels: ['xl/_rels/workbook.xml.rels', '工作簿关系表'],
  workbook: ['xl/workbook.xml', '工作簿'],
  sharedStrings: ['xl/sharedStrings.xml', '共享字符串表'],
  styles: ['xl/styles.xml', '样式表'],
} as const;

const SHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** The worksheets in the workbook's tab order: name, sheet number and zip entry. */
function worksheetList(zip: ZipArchive, parts: WorkbookParts): { name: string; no: string; entry: Entry }[] {
  const out: { name: string; no: string; entry: Entry }[] = [];
  const rels = new Map((parts.workbookRels ?? []).map((r) => [r.Id, r.Target]));
  for (const sheet of parts.model?.sheets ?? []) {
    const target = rels.get(sheet.rId);
    if (!target) continue;
    const file = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    const m = SHEET_PATH.exec(file);
    const entry = zip.entries.get(file);
    if (m && entry && !out.some((o) => o.no === m[1])) out.push({ name: String(sheet.name), no: m[1]!, entry });
  }
  if (out.length === 0) {
    // No usable workbook listing: the sheets by number, named as Excel would.
    for (const [file, entry] of zip.entries) {
      const m = SHEET_PATH.exec(file);
      if (m) out.push({ name: `Sheet${m[1]}`, no: m[1]!, entry });
    }
    out.sort((a, b) => Number(a.no) - Number(b.no));
  }
  return out;
}

async function xlsxSource(file: string, fileName: string, size: number, sheetName: string | undefined, limits: ImportLimits): Promise<RowSource> {
  const broken = (e: unknown) =>
    isAppError(e) ? e : new AppError('invalid-input', `Excel 文件已损坏或不完整，无法读取：${fileName}（${e instanceof Error ? e.message : String(e)}）`);
  const zip = await ZipArchive.open(file, 'XLSX', broken, limits);
  let sheetStream: Readable | null = null;
  const close = () => {
    sheetStream?.destroy();
    zip.close();
  };
  try {
    const part = (k: keyof typeof XLSX_PARTS) => {
      const entry = zip.entries.get(XLSX_PARTS[k][0]);
      return entry ? { entry, label: XLSX_PARTS[k][1], cap: limits.xlsxMemoryPartBytes } : null;
    };
    const workbookPart = part('workbook');
    if (!workbookPart) throw new AppError('invalid-input', `「${fileName}」不是有效的 Excel（.xlsx）文件：缺少工作簿（xl/workbook.xml）`);
    const small = [part('rels'), workbookPart].filter((p) => p !== null);
    zip.check({ entries: small, totalCap: limits.xlsxUncompressedBytes });

    // Loaded when a workbook is read, not with every import (it is large, and most logs are CSV).
    const ExcelJS = (await import('exceljs')).default;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    const parts = reader as unknown as WorkbookParts;
    // Text, not bytes, to exceljs: it decodes each chunk on its own, which splits a character whose UTF-8
    // bytes straddle two chunks; the stream's own decoder carries them over.
    const text = (stream: Readable) => stream.setEncoding('utf8');
    const guarded = async (p: { entry: Entry; label: string }) => text(await zip.stream(p.entry, p.label, xmlTokenGuard('XLSX', limits)));
    try {
      const rels = part('rels');
      if (rels) await parts._parseRels(await guarded(rels));
      await parts._parseWorkbook(await guarded(workbookPart));
    } catch (e) {
      throw broken(e);
    }
    const worksheets = worksheetList(zip, parts);
    const sheets = worksheets.map((w) => w.name);
    const chosen = sheetName === undefined ? worksheets[0] : worksheets.find((w) => w.name === sheetName);
    if (!chosen && sheetName !== undefined) {
      throw new AppError('not-found', `Excel 文件中没有名为「${sheetName}」的工作表（有：${sheets.join('、') || '无'}）`);
    }
    if (!chosen) throw new AppError('invalid-input', `Excel 文件中没有工作表：${fileName}`);

    // Everything that will be inflated, checked before any of the big parts is.
    const sheetPart = { entry: chosen.entry, label: `工作表「${chosen.name}」` };
    const big = [part('sharedStrings'), part('styles')].filter((p) => p !== null);
    zip.check({ entries: [...small, ...big, sheetPart], totalCap: limits.xlsxUncompressedBytes });
    try {
      const strings = part('sharedStrings');
      if (strings) for await (const _ of parts._parseSharedStrings(await guarded(strings))) void _; // 'cache': nothing is yielded
      const styles = part('styles');
      if (styles) await parts._parseStyles(await guarded(styles));
    } catch (e) {
      throw broken(e);
    }

    let inflated = 0;
    const declared = Math.max(1, chosen.entry.uncompressedSize);
    sheetStream = text(await zip.stream(chosen.entry, sheetPart.label, xmlTokenGuard('XLSX', limits, (n) => (inflated += n))));
    parts.model ??= { sheets: [] }; // exceljs looks the sheet's name up in it
    let worksheet: WorksheetRows | undefined;
    try {
      worksheet = parts._parseWorksheet(sheetStream, chosen.no).next().value?.value;
    } catch (e) {
      throw broken(e);
    }
    if (!worksheet) throw new AppError('invalid-input', `Excel 文件的工作表无法读取：${fileName}`);
    worksheet.name = chosen.name;

    const rows = async function* (): AsyncGenerator<{ row: number; values: unknown[] }> {
      let n = 0;
      try {
        for await (const r of worksheet) {
          if (++n > limits.rows + 1) throw refuse.rows('Excel 工作表', limits);
          if (r.values.length - 1 > limits.columns) throw refuse.columns('Excel 工作表', r.number, r.values.length - 1, limits);
          yield { row: r.number, values: r.values };
        }
      } catch (e) {
        throw broken(e);
      }
    };
    const it = rows();
    let header: { row: number; values: unknown[] } | undefined;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (next.value.values.some((v) => cellText(v).trim() !== '')) {
        header = next.value;
        break;
      }
    }
    if (!header) throw new AppError('invalid-input', `Excel 文件的工作表是空的：${fileName}`);
    const rawHeaders = headerCells(
      Array.from({ length: Math.max(0, header.values.length - 1) }, (_, i) => cellText(header.values[i + 1])),
      limits,
    );
    while (rawHeaders.length && rawHeaders[rawHeaders.length - 1]!.trim() === '') rawHeaders.pop();
    const { headers, notes } = uniqueHeaders(rawHeaders);
    const width = headers.length;
    return {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheets,
      sheet: chosen.name,
      headers,
      notes,
      totalBytes: size,
      estimatedRows: Math.round(size / 40),
      tracks: [],
      gpxAuthor: '',
      impliedMapping: {},
      bytesRead: () => Math.min(size, Math.round((size * inflated) / declared)),
      async *batches(n) {
        let batch: SourceRow[] = [];
        for (;;) {
          const next = await it.next();
          if (next.done) break;
          const values = next.value.values;
          const cells = Array.from({ length: width }, (_, i) => cellText(values[i + 1]));
          if (cells.every((c) => c.trim() === '')) continue;
          const row: SourceRow = { row: next.value.row, cells };
          for (let i = width + 1; i < values.length; i++) {
            if (cellText(values[i]).trim() !== '') {
              row.warnings = ['此行在表头以外的列中还有内容：这些列未导入'];
              break;
            }
          }
          batch.push(checkCells(row, headers, limits));
          if (batch.length >= n) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      },
      close: () => {
        void it.return(undefined);
        close();
      },
    };
  } catch (e) {
    close();
    throw e;
  }
}

// ── JSON formats and GPX ────────────────────────────────────────────────

function isFeatureCollection(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'FeatureCollection';
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function memorySource(
  format: ImportFormat,
  encoding: TextEncoding,
  size: number,
  headers: string[],
  rows: SourceRow[],
  extra: Partial<RowSource> = {},
): RowSource {
  let done = 0;
  return {
    format,
    encoding,
    delimiter: null,
    sheets: [],
    sheet: null,
    headers,
    notes: [],
    totalBytes: size,
    estimatedRows: rows.length,
    tracks: [],
    gpxAuthor: '',
    impliedMapping: {},
    ...extra,
    bytesRead: () => (rows.length === 0 ? size : Math.round((size * done) / rows.length)),
    async *batches(n) {
      for (let i = 0; i < rows.length; i += n) {
        const batch = rows.slice(i, i + n);
        done = i + batch.length;
        yield batch;
      }
    },
    close: () => undefined,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function objectRows(
  objects: Record<string, unknown>[],
  label: string,
  limits: ImportLimits,
  extraHeaders: string[] = [],
): { headers: string[]; cellsOf: (o: Record<string, unknown>) => string[] } {
  const keys = new Set<string>();
  objects.forEach((o, i) => {
    for (const k of Object.keys(o)) keys.add(k);
    if (keys.size + extraHeaders.length > limits.columns) throw refuse.columns(label, i + 1, keys.size + extraHeaders.length, limits);
  });
  const list = [...keys];
  const headers = [...headerCells(list, limits), ...extraHeaders];
  return { headers, cellsOf: (o) => list.map((k) => valueText(o[k])) };
}

function checkPoints(label: string, what: string, n: number, limits: ImportLimits): void {
  if (n > limits.points) throw refuse.points(label, what, n, limits);
}

function geojsonSource(json: unknown, fileName: string, size: number, encoding: TextEncoding, limits: ImportLimits): RowSource {
  const features = (isObject(json) ? (json.features ?? []) : null) as unknown[] | null;
  if (!Array.isArray(features)) throw new AppError('invalid-input', `「${fileName}」不是 GeoJSON 要素集合：features 不是数组`);
  checkPoints(fileName, '要素', features.length, limits);
  const props = features.map((f) => (isObject(f) && isObject(f.properties) ? f.properties : {}));
  const { headers, cellsOf } = objectRows(props, `「${fileName}」`, limits, [GEOMETRY_LON, GEOMETRY_LAT]);
  const rows: SourceRow[] = features.map((f, i) => {
    const geometry = isObject(f) && isObject(f.geometry) ? f.geometry : null;
    const cells = cellsOf(props[i]!);
    const row: SourceRow = { row: i + 1, cells };
    if (geometry?.type === 'Point' && Array.isArray(geometry.coordinates)) {
      const [lon, lat] = geometry.coordinates as unknown[];
      cells.push(valueText(lon), valueText(lat));
    } else {
      cells.push('', '');
      const type = geometry ? String(valueText(geometry.type) || '没有类型').slice(0, 40) : '没有几何';
      row.error = { field: 'geometry', reason: `第 ${i + 1} 个要素不是点（${type}）：巡查记录应为点要素` };
    }
    return checkCells(row, headers, limits);
  });
  return memorySource('geojson', encoding, size, headers, rows, { impliedMapping: { lon: GEOMETRY_LON, lat: GEOMETRY_LAT } });
}

function open311Source(json: unknown, fileName: string, size: number, encoding: TextEncoding, limits: ImportLimits): RowSource {
  const list = Array.isArray(json) ? json : isObject(json) ? (json.service_requests ?? json.requests) : null;
  if (!Array.isArray(list)) {
    throw new AppError('invalid-input', '不是可识别的 JSON：应为 GeoJSON 要素集合（FeatureCollection）或 Open311 服务请求数组');
  }
  checkPoints(fileName, '服务请求', list.length, limits);
  const objects = list.map((o) => (isObject(o) ? o : {}));
  const { headers, cellsOf } = objectRows(objects, `「${fileName}」`, limits);
  const rows: SourceRow[] = objects.map((o, i) => checkCells({ row: i + 1, cells: cellsOf(o) }, headers, limits));
  return memorySource('open311', encoding, size, headers, rows);
}

function gpxSource(text: string, fileName: string, size: number, encoding: TextEncoding, limits: ImportLimits): RowSource {
  const gpx = parseGpx(text, limits, fileName);
  const headers = ['时间', '经度', '纬度', '类别', '描述', '名称', '巡查员'];
  const rows: SourceRow[] = gpx.waypoints.map((w, i) =>
    checkCells({ row: i + 1, cells: [w.time, String(w.lon), String(w.lat), w.type || w.name, w.desc, w.name, gpx.author] }, headers, limits),
  );
  return memorySource('gpx', encoding, size, headers, rows, { tracks: gpx.tracks, gpxAuthor: gpx.author });
}

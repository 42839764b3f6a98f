/**
 * Opens a field log in any supported format and presents it as one thing: headers and rows of text
 * cells, read in batches (streamed for CSV and XLSX, so memory stays flat), plus GPX tracks.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { CsvReader, detectDelimiter } from './csv';
import { assertLooksLikeText, decodeBytes, detectEncoding } from './encoding';
import { uniqueHeaders } from './fields';
import { isGpx, parseGpx, type GpxTrack } from './gpx';
import type { Delimiter, FieldMapping, ImportFormat, ImportReadOptions, TextEncoding } from './types';
import { wallClockText } from './values';

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
const MAX_JSON_BYTES = 512 * 1024 * 1024;

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

export async function openSource(file: string, fileName: string, options: ImportReadOptions = {}): Promise<RowSource> {
  const stat = fs.statSync(file);
  if (stat.size === 0) throw new AppError('invalid-input', `文件为空：${fileName}`);
  const head = readHead(file);
  let format: ImportFormat | 'json' =
    options.format && options.format !== 'auto' ? options.format : sniffFormat(head, formatFromName(fileName));
  if (format === 'xlsx' && !(head[0] === 0x50 && head[1] === 0x4b)) {
    throw new AppError('invalid-input', `「${fileName}」不是有效的 Excel（.xlsx）文件`);
  }
  if (format === 'json' || format === 'geojson' || format === 'open311' || format === 'gpx') {
    if (stat.size > MAX_JSON_BYTES) throw new AppError('invalid-input', `文件过大（${(stat.size / 1048576).toFixed(0)} MB）：GeoJSON、Open311 与 GPX 文件最大 512 MB`);
    const bytes = fs.readFileSync(file);
    const detected = detectEncoding(bytes.subarray(0, 65_536));
    assertLooksLikeText(bytes.subarray(0, 65_536), fileName, detected.encoding);
    const text = decodeBytes(bytes.subarray(detected.bomLength), detected.encoding);
    if (format === 'gpx') return gpxSource(text, stat.size, detected.encoding);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new AppError('invalid-input', `「${fileName}」不是有效的 JSON：${(e as Error).message}`);
    }
    if (format === 'json') format = isFeatureCollection(json) ? 'geojson' : 'open311';
    return format === 'geojson' ? geojsonSource(json, stat.size, detected.encoding) : open311Source(json, stat.size, detected.encoding);
  }
  if (format === 'xlsx') return xlsxSource(file, fileName, stat.size, options.sheet);
  return csvSource(file, fileName, stat.size, head, options);
}

// ── CSV ─────────────────────────────────────────────────────────────────

function csvSource(file: string, fileName: string, size: number, head: Buffer, options: ImportReadOptions): RowSource {
  const detected = detectEncoding(head);
  const encoding = options.encoding && options.encoding !== 'auto' ? options.encoding : detected.encoding;
  const bomLength = encoding === detected.encoding ? detected.bomLength : 0;
  assertLooksLikeText(head, fileName, encoding);
  const sampleText = decodeBytes(head.subarray(bomLength, Math.max(bomLength, head.lastIndexOf(0x0a))), encoding.startsWith('utf-16') ? 'utf-8' : encoding);
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : encoding.startsWith('utf-16') ? '\t' : detectDelimiter(sampleText);
  const reader = new CsvReader(file, encoding, delimiter, bomLength);
  const records = reader.records();
  const first = records.next();
  if (first.done) {
    reader.close();
    throw new AppError('invalid-input', `文件中没有任何内容（只有空行）：${fileName}`);
  }
  const { headers, notes } = uniqueHeaders(first.value.cells);
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
        batch.push(row);
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

async function xlsxSource(file: string, fileName: string, size: number, sheetName: string | undefined): Promise<RowSource> {
  let bytes = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => (bytes += chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const broken = (e: unknown) =>
    new AppError('invalid-input', `Excel 文件已损坏或不完整，无法读取：${fileName}（${e instanceof Error ? e.message : String(e)}）`);
  const sheets: string[] = [];
  let chosen: string | null = null;

  async function* rows(): AsyncGenerator<{ row: number; values: unknown[] }> {
    try {
      for await (const ws of reader) {
        const sheet = ws as unknown as { name: string; [Symbol.asyncIterator](): AsyncIterator<{ number: number; values: unknown[] }> };
        const model = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model;
        if (sheets.length === 0) sheets.push(...(model?.sheets?.map((s) => s.name) ?? []));
        if (!sheets.includes(sheet.name)) sheets.push(sheet.name);
        const isWanted = chosen === null && (sheetName === undefined || sheetName === sheet.name);
        if (!isWanted) {
          for await (const _row of sheet) {
            // skipped sheet: drain it
          }
          continue;
        }
        chosen = sheet.name;
        for await (const r of sheet) yield { row: r.number, values: r.values };
      }
    } catch (e) {
      throw broken(e);
    }
  }

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
  if (chosen === null && sheetName !== undefined) {
    throw new AppError('not-found', `Excel 文件中没有名为「${sheetName}」的工作表（有：${sheets.join('、') || '无'}）`);
  }
  if (!header) throw new AppError('invalid-input', `Excel 文件的工作表是空的：${fileName}`);
  const rawHeaders = header.values.slice(1).map((v) => cellText(v));
  while (rawHeaders.length && rawHeaders[rawHeaders.length - 1]!.trim() === '') rawHeaders.pop();
  const { headers, notes } = uniqueHeaders(rawHeaders);
  const width = headers.length;
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheets,
    sheet: chosen,
    headers,
    notes,
    totalBytes: size,
    estimatedRows: Math.round(size / 40),
    tracks: [],
    gpxAuthor: '',
    impliedMapping: {},
    bytesRead: () => bytes,
    async *batches(n) {
      let batch: SourceRow[] = [];
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        const cells = next.value.values.slice(1, width + 1).map((v) => cellText(v));
        if (cells.every((c) => c.trim() === '')) continue;
        const row: SourceRow = { row: next.value.row, cells };
        if (next.value.values.slice(width + 1).some((v) => cellText(v).trim() !== '')) {
          row.warnings = ['此行在表头以外的列中还有内容：这些列未导入'];
        }
        batch.push(row);
        if (batch.length >= n) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    close: () => {
      void it.return(undefined);
      stream.destroy();
    },
  };
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

function objectRows(objects: Record<string, unknown>[], extraHeaders: string[] = []): { headers: string[]; cellsOf: (o: Record<string, unknown>) => string[] } {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  const headers = [...keys, ...extraHeaders];
  return { headers, cellsOf: (o) => [...keys].map((k) => valueText(o[k])) };
}

function geojsonSource(json: unknown, size: number, encoding: TextEncoding): RowSource {
  const features = ((json as { features?: unknown }).features ?? []) as unknown[];
  if (!Array.isArray(features)) throw new AppError('invalid-input', 'GeoJSON 的 features 不是数组');
  const props = features.map((f) => ((f as { properties?: unknown })?.properties ?? {}) as Record<string, unknown>);
  const { headers, cellsOf } = objectRows(props, [GEOMETRY_LON, GEOMETRY_LAT]);
  const rows: SourceRow[] = features.map((f, i) => {
    const geometry = (f as { geometry?: { type?: string; coordinates?: unknown } })?.geometry;
    const cells = cellsOf(props[i]!);
    const row: SourceRow = { row: i + 1, cells };
    if (geometry?.type === 'Point' && Array.isArray(geometry.coordinates)) {
      const [lon, lat] = geometry.coordinates as unknown[];
      cells.push(valueText(lon), valueText(lat));
    } else {
      cells.push('', '');
      row.error = { field: 'geometry', reason: `第 ${i + 1} 个要素不是点（${geometry?.type ?? '没有几何'}）：巡查记录应为点要素` };
    }
    return row;
  });
  return memorySource('geojson', encoding, size, headers, rows, { impliedMapping: { lon: GEOMETRY_LON, lat: GEOMETRY_LAT } });
}

function open311Source(json: unknown, size: number, encoding: TextEncoding): RowSource {
  const list = Array.isArray(json)
    ? json
    : ((json as { service_requests?: unknown; requests?: unknown }).service_requests ?? (json as { requests?: unknown }).requests);
  if (!Array.isArray(list)) {
    throw new AppError('invalid-input', '不是可识别的 JSON：应为 GeoJSON 要素集合（FeatureCollection）或 Open311 服务请求数组');
  }
  const objects = list.map((o) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {}));
  const { headers, cellsOf } = objectRows(objects);
  const rows: SourceRow[] = objects.map((o, i) => ({ row: i + 1, cells: cellsOf(o) }));
  return memorySource('open311', encoding, size, headers, rows);
}

function gpxSource(text: string, size: number, encoding: TextEncoding): RowSource {
  const gpx = parseGpx(text);
  const headers = ['时间', '经度', '纬度', '类别', '描述', '名称', '巡查员'];
  const rows: SourceRow[] = gpx.waypoints.map((w, i) => ({
    row: i + 1,
    cells: [w.time, String(w.lon), String(w.lat), w.type || w.name, w.desc, w.name, gpx.author],
  }));
  return memorySource('gpx', encoding, size, headers, rows, { tracks: gpx.tracks, gpxAuthor: gpx.author });
}

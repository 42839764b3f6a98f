/**
 * What an import file may be, in one place: every parser (CSV, XLSX, GeoJSON, Open311, GPX, Shapefile
 * .zip, grid GeoJSON) checks its input against these limits and refuses what exceeds them with an
 * AppError('invalid-input') whose message names the limit and what was found, before the database is
 * touched. The values are generous for real field logs and grid files (a full Excel sheet, a year of
 * GPX tracks, a district's boundaries) and small enough that a hostile file cannot exhaust memory,
 * the stack or the one thread that answers every other call.
 */
import { AppError } from '../errors';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export interface ImportLimits {
  /** Any field-log or grid file on disk, and any one upload. */
  readonly fileBytes: number;
  /** GeoJSON, Open311 JSON and GPX are parsed whole, in memory. */
  readonly documentBytes: number;
  /** A grid-boundary file (GeoJSON, or a Shapefile .zip). */
  readonly gridFileBytes: number;
  /** XLSX: the parts read (workbook, relationships, styles, shared strings, the sheet), inflated. */
  readonly xlsxUncompressedBytes: number;
  /** XLSX: one part held in memory whole (the shared-strings table, styles, workbook). */
  readonly xlsxMemoryPartBytes: number;
  /** Shapefile .zip: the .shp, .dbf, .prj and .cpg inflated together (they are held in memory). */
  readonly shapefileUncompressedBytes: number;
  /** Any zip entry inflating past `zipRatioFloorBytes` may not be more than this many times its packed size. */
  readonly zipRatio: number;
  readonly zipRatioFloorBytes: number;
  /** Entries in a zip's central directory. */
  readonly zipEntries: number;
  /** XML inside an XLSX: a run of bytes with no tag boundary (one text node or one tag). */
  readonly xmlTokenBytes: number;
  /** Element nesting in XML (GPX). */
  readonly xmlDepth: number;
  /** CSV: one physical line. */
  readonly lineBytes: number;
  /** CSV: a quoted field may span this many lines / characters before it counts as an unclosed quote. */
  readonly quotedLines: number;
  readonly quotedChars: number;
  /** One cell of any format; a longer cell rejects its row (and is clipped). */
  readonly cellChars: number;
  /** All cells of one row together; a longer row is rejected (and clipped). */
  readonly rowChars: number;
  /** A header cell (a column's name); longer ones are clipped. */
  readonly headerChars: number;
  /** Columns of a table (Excel's own limit). */
  readonly columns: number;
  /** Data rows of a CSV or XLSX. */
  readonly rows: number;
  /** Nesting of arrays and objects in JSON. */
  readonly jsonDepth: number;
  /** GPX waypoints plus track points; GeoJSON features; Open311 requests. */
  readonly points: number;
  /** Vertices of all grid boundaries in one file. */
  readonly gridVertices: number;
  /** Features (grids) in one grid file. */
  readonly gridFeatures: number;
  /** Rings (parts) of one boundary shape: matching holes to outer rings takes their square. */
  readonly gridRings: number;
  /** Attribute values (records × fields) in a Shapefile's .dbf. */
  readonly gridAttributeValues: number;
  /** The preview reads at most this much of a streamed file (CSV). */
  readonly previewBytes: number;
  /** Uploads staged at once, and their bytes together. */
  readonly stagedUploads: number;
  readonly stagedBytes: number;
}

export const IMPORT_LIMITS: ImportLimits = Object.freeze({
  fileBytes: 2 * GiB,
  documentBytes: 256 * MiB,
  gridFileBytes: 128 * MiB,
  xlsxUncompressedBytes: 1 * GiB,
  xlsxMemoryPartBytes: 256 * MiB,
  shapefileUncompressedBytes: 64 * MiB,
  zipRatio: 200,
  zipRatioFloorBytes: 16 * MiB,
  zipEntries: 10_000,
  xmlTokenBytes: 1 * MiB,
  xmlDepth: 64,
  lineBytes: 1 * MiB,
  quotedLines: 5_000,
  quotedChars: 2_000_000,
  cellChars: 256 * 1024,
  rowChars: 1024 * 1024,
  headerChars: 255,
  columns: 16_384,
  rows: 5_000_000,
  jsonDepth: 64,
  points: 1_000_000,
  gridVertices: 1_000_000,
  gridFeatures: 100_000,
  gridRings: 1_000,
  gridAttributeValues: 10_000_000,
  previewBytes: 8 * MiB,
  stagedUploads: 20,
  stagedBytes: 4 * GiB,
});

/** 4.0 GB, 512 MB, 12.5 KB, 300 字节. */
export function formatBytes(n: number): string {
  const fixed = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, ''));
  if (n >= GiB) return `${fixed(Math.round((n / GiB) * 10) / 10)} GB`;
  if (n >= MiB) return `${fixed(Math.round((n / MiB) * 10) / 10)} MB`;
  if (n >= KiB) return `${fixed(Math.round((n / KiB) * 10) / 10)} KB`;
  return `${n} 字节`;
}

const count = (n: number) => n.toLocaleString('en-US');

const BOMB = '文件可能被构造为压缩炸弹，已拒绝';

/**
 * The refusal for each limit: what the limit is and what the file has. Every message is Chinese,
 * names the limit and what was found, and says the file was refused.
 */
export const refuse = {
  fileBytes: (label: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`${label}过大（${formatBytes(found)}）：单个导入文件最大 ${formatBytes(limits.fileBytes)}，已拒绝`),
  documentBytes: (label: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`${label}过大（${formatBytes(found)}）：GeoJSON、Open311 与 GPX 文件需整体读入内存，最大 ${formatBytes(limits.documentBytes)}，已拒绝`),
  gridFileBytes: (label: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`网格文件${label}过大（${formatBytes(found)}）：最大 ${formatBytes(limits.gridFileBytes)}，已拒绝`),
  /** `what`: e.g. 'XLSX'; `part`: the entry in Chinese (共享字符串表) or null for the whole. */
  uncompressed: (what: string, cap: number, found: number, part: string | null) =>
    invalid(`${what} 解压后超过 ${formatBytes(cap)}（${part ? `${part} ` : '共 '}${formatBytes(found)}）：${BOMB}`),
  zipRatio: (what: string, part: string, ratio: number, limits = IMPORT_LIMITS) =>
    invalid(`${what} 中的「${part}」压缩比为 ${Math.round(ratio)}:1，超过 ${limits.zipRatio}:1 的上限：${BOMB}`),
  zipEntries: (what: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`${what} 压缩包中有 ${count(found)} 个文件，超过 ${count(limits.zipEntries)} 个的上限：文件可能已损坏或被恶意构造，已拒绝`),
  /** The entry inflated past the size the zip declares for it (yauzl holds it to that size). */
  zipSizeMismatch: (what: string, part: string, declared: number) =>
    invalid(`${what} 中的「${part}」解压后超过压缩包记录的 ${formatBytes(declared)}：${BOMB}`),
  xmlToken: (what: string, cap: number) =>
    invalid(`${what} 中有一段超过 ${formatBytes(cap)} 的连续文本或标签（内容过长或文件被恶意构造）：已拒绝`),
  xmlDepth: (what: string, limits = IMPORT_LIMITS) =>
    invalid(`${what} 的元素嵌套超过 ${limits.xmlDepth} 层（可能有大量未闭合的标签，如 <wpt>）：文件已损坏，已拒绝`),
  lineBytes: (row: number, found: number, limits = IMPORT_LIMITS) =>
    invalid(`CSV 第 ${row} 行超过 ${formatBytes(limits.lineBytes)}（已读到 ${formatBytes(found)} 仍未换行）：文件可能不是 CSV 表格或已损坏，已拒绝`),
  columns: (label: string, row: number, found: number, limits = IMPORT_LIMITS) =>
    invalid(`${label}第 ${row} 行有 ${count(found)} 列，超过 ${count(limits.columns)} 列的上限：已拒绝`),
  rows: (label: string, limits = IMPORT_LIMITS) =>
    invalid(`${label}的数据行超过 ${count(limits.rows)} 行的上限：请拆分为多个文件后分别导入，已拒绝`),
  jsonDepth: (label: string, limits = IMPORT_LIMITS) =>
    invalid(`「${label}」的 JSON 嵌套超过 ${limits.jsonDepth} 层：不是有效的 GeoJSON 或 Open311 数据，已拒绝`),
  points: (label: string, what: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`「${label}」的${what}超过 ${count(limits.points)} 个的上限（已有 ${count(found)} 个）：请拆分为多个文件后分别导入，已拒绝`),
  /** `estimated`: counted from the .shp's size (16 bytes a vertex), before reading it. */
  gridVertices: (label: string, found: number, limits = IMPORT_LIMITS, estimated = false) =>
    invalid(`网格文件「${label}」的边界顶点超过 ${count(limits.gridVertices)} 个的上限（${estimated ? '按 .shp 大小估计可达' : '共'} ${count(found)} 个）：请简化边界后再导入，已拒绝`),
  gridFeatures: (label: string, found: number, limits = IMPORT_LIMITS) =>
    invalid(`网格文件「${label}」有 ${count(found)} 个要素，超过 ${count(limits.gridFeatures)} 个的上限：已拒绝`),
  gridRings: (label: string, feature: number, found: number, limits = IMPORT_LIMITS) =>
    invalid(`网格文件「${label}」第 ${count(feature)} 个图形有 ${count(found)} 个环，超过每个图形 ${count(limits.gridRings)} 个环的上限：已拒绝`),
  gridAttributeValues: (label: string, records: number, fields: number, limits = IMPORT_LIMITS) =>
    invalid(`网格文件「${label}」的 .dbf 有 ${count(records * fields)} 个属性值（${count(records)} 条 × ${count(fields)} 列），超过 ${count(limits.gridAttributeValues)} 个的上限：已拒绝`),
  uploadBytes: (found: number, limits = IMPORT_LIMITS) =>
    invalid(`上传的文件过大（${formatBytes(found)}）：最大 ${formatBytes(limits.fileBytes)}，已拒绝`),
  stagedBytes: (limits = IMPORT_LIMITS) =>
    invalid(`暂存的上传文件合计超过 ${formatBytes(limits.stagedBytes)}：请完成或放弃正在进行的导入后再上传`),
} as const;

/** The reason a row is rejected when one of its cells exceeds the cell limit. */
export function cellTooLong(column: string, found: number, limits = IMPORT_LIMITS): string {
  return `「${column}」列的内容有 ${count(found)} 个字符，超过单元格 ${count(limits.cellChars)} 个字符的上限：此行未导入`;
}

/** The reason a row is rejected when its cells together exceed the row limit. */
export function rowTooLong(found: number, limits = IMPORT_LIMITS): string {
  return `此行共有 ${count(found)} 个字符，超过每行 ${count(limits.rowChars)} 个字符的上限：此行未导入`;
}

function invalid(message: string): AppError {
  return new AppError('invalid-input', message);
}

/**
 * Refuses JSON nested deeper than the limit, in one linear pass over the text (strings skipped), so
 * that neither JSON.parse nor anything walking its result can run out of stack.
 */
export function assertJsonDepth(text: string, label: string, limits = IMPORT_LIMITS): void {
  const max = limits.jsonDepth;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return; // unterminated: JSON.parse reports it
        let b = q - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw refuse.jsonDepth(label, limits);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/**
 * Clips cells past the cell limit, and a row past the row limit, so what travels on stays bounded;
 * returns the rejection reason, or null when the row is within both.
 */
export function clipLongCells(cells: string[], headers: readonly string[], limits = IMPORT_LIMITS): string | null {
  let reason: string | null = null;
  let total = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.length > limits.cellChars) {
      reason ??= cellTooLong(headers[i] ?? `第 ${i + 1} 列`, c.length, limits);
      cells[i] = c.slice(0, limits.cellChars);
    }
    total += cells[i]!.length;
  }
  if (total > limits.rowChars) {
    reason ??= rowTooLong(total, limits);
    const each = Math.floor(limits.rowChars / cells.length);
    for (let i = 0; i < cells.length; i++) if (cells[i]!.length > each) cells[i] = cells[i]!.slice(0, each);
  }
  return reason;
}

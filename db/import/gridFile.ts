/**
 * Reading a grid-boundary file: a GeoJSON FeatureCollection, or a Shapefile as a .zip (.shp, .dbf,
 * .prj, .cpg). The .dbf text is decoded by its .cpg when there is one, else as UTF-8 when valid,
 * else GB18030 (Chinese GIS software writes GBK without saying so). A .prj in a projected system
 * is turned back to longitude/latitude. The file is held to the limits in ./limits.ts: its size,
 * the zip's inflated size and ratio (checked from the central directory before inflating), the
 * JSON nesting and the number of boundary vertices.
 */
import fs from 'node:fs';
import path from 'node:path';
import shp from 'shpjs';
import { AppError, isAppError } from '../errors';
import { decodeBytes, detectEncoding, isUtf8 } from './encoding';
import { assertJsonDepth, IMPORT_LIMITS, refuse, type ImportLimits } from './limits';
import type { GridFileFormat } from './types';
import type { Entry } from 'yauzl';
import { ZipArchive } from './zip';

export interface GridFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface GridFile {
  format: GridFileFormat;
  features: GridFeature[];
  encoding: string | null;
}

function cpgToEncoding(cpg: string): string {
  const c = cpg.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (['936', 'cp936', 'gbk', 'gb2312', 'gb18030', 'ansi936', 'windows936', '54936'].includes(c)) return 'gb18030';
  if (['utf8', '65001'].includes(c)) return 'utf-8';
  return cpg.trim();
}

export async function readGridFile(file: string, fileName: string, format?: GridFileFormat, limits: ImportLimits = IMPORT_LIMITS): Promise<GridFile> {
  const size = fs.statSync(file).size;
  if (size === 0) throw new AppError('invalid-input', `文件为空：${fileName}`);
  if (size > limits.gridFileBytes) throw refuse.gridFileBytes(`「${fileName}」`, size, limits);
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  const kind: GridFileFormat = format ?? (isZip || path.extname(fileName).toLowerCase() === '.zip' ? 'shapefile' : 'geojson');
  if (kind === 'shapefile') {
    if (!isZip) throw new AppError('invalid-input', `Shapefile 请打包为 .zip（含 .shp、.dbf、.prj，可带 .cpg）后导入：${fileName}`);
    const grid = await readShapefileZip(file, fileName, limits);
    checkVertices(grid, fileName, limits);
    return grid;
  }
  const bytes = fs.readFileSync(file);
  const detected = detectEncoding(bytes.subarray(0, 65_536));
  const text = decodeBytes(bytes.subarray(detected.bomLength), detected.encoding);
  assertJsonDepth(text, fileName, limits);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid-input', `「${fileName}」不是有效的 GeoJSON：${(e as Error).message}`);
  }
  const j = (typeof json === 'object' && json !== null ? json : {}) as { type?: string; features?: unknown; geometry?: unknown; properties?: unknown };
  const features = j.type === 'FeatureCollection' && Array.isArray(j.features) ? j.features : j.type === 'Feature' ? [j] : null;
  if (!features) throw new AppError('invalid-input', `「${fileName}」不是 GeoJSON 要素集合（FeatureCollection）`);
  if (features.length > limits.gridFeatures) throw refuse.gridFeatures(fileName, features.length, limits);
  const grid: GridFile = { format: 'geojson', features: features.map(toFeature), encoding: detected.encoding };
  checkVertices(grid, fileName, limits);
  return grid;
}

/** Counts the numbers in every geometry's coordinates (two a vertex), refusing past the vertex limit. */
function checkVertices(grid: GridFile, fileName: string, limits: ImportLimits): void {
  const max = limits.gridVertices * 2;
  let numbers = 0;
  const stack: unknown[] = [];
  for (const f of grid.features) {
    if (f.geometry) stack.push(f.geometry.coordinates);
    while (stack.length) {
      const v = stack.pop();
      if (typeof v === 'number') {
        if (++numbers > max) throw refuse.gridVertices(fileName, Math.ceil(numbers / 2), limits);
      } else if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push(v[i]);
      }
    }
  }
}

function toFeature(f: unknown): GridFeature {
  const x = (f ?? {}) as { properties?: unknown; geometry?: unknown };
  return {
    properties: (typeof x.properties === 'object' && x.properties !== null ? x.properties : {}) as Record<string, unknown>,
    geometry: (x.geometry ?? null) as GridFeature['geometry'],
  };
}

const SHAPEFILE_PARTS = ['.shp', '.dbf', '.prj', '.cpg'] as const;
/** Shape types with parts (rings): polyline and polygon, plain, Z and M. */
const PART_SHAPES = new Set([3, 5, 13, 15, 23, 25]);

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * Walks the .shp's records as shpjs will (linear, before it runs): a record with a negative length
 * would send shpjs round in a loop, too many records or rings per shape past the limits would take
 * its memory or its (quadratic) ring matching.
 */
function checkShp(shp: Uint8Array, fileName: string, limits: ImportLimits): void {
  const corrupt = (why: string) => new AppError('invalid-input', `Shapefile「${fileName}」的 .shp 已损坏（${why}）：已拒绝`);
  if (shp.length < 100) throw corrupt('文件头不完整');
  const v = view(shp);
  let records = 0;
  for (let offset = 100; offset + 8 <= shp.length; ) {
    const len = v.getInt32(offset + 4) * 2;
    if (len < 0) throw corrupt(`第 ${records + 1} 条记录的长度为负数`);
    if (offset + 8 + len > shp.length) break; // shpjs stops here too
    if (++records > limits.gridFeatures) throw refuse.gridFeatures(fileName, records, limits);
    if (len >= 44 && PART_SHAPES.has(v.getInt32(offset + 8, true))) {
      const rings = v.getInt32(offset + 8 + 36, true);
      if (rings > limits.gridRings) throw refuse.gridRings(fileName, records, rings, limits);
    }
    offset += 8 + len;
  }
}

/** Checks the .dbf's header against its size, so parsedbf cannot loop over records that are not there. */
function checkDbf(dbf: Uint8Array, fileName: string, limits: ImportLimits): void {
  const corrupt = (why: string) => new AppError('invalid-input', `Shapefile「${fileName}」的 .dbf 已损坏（${why}）：已拒绝`);
  if (dbf.length < 33) throw corrupt('文件头不完整');
  const v = view(dbf);
  const records = v.getUint32(4, true);
  const headerLen = v.getUint16(8, true);
  const recLen = v.getUint16(10, true);
  let fields = 0;
  for (let offset = 32; offset < headerLen - 1 && offset + 32 < dbf.length; offset += 32) {
    fields++;
    if (dbf[offset + 32] === 0x0d) break;
  }
  if (records === 0) return;
  const room = recLen === 0 ? 0 : Math.ceil(Math.max(0, dbf.length - ((fields + 1) * 32 + 2)) / recLen);
  if (records > room) throw corrupt(`表头记载 ${records.toLocaleString('en-US')} 条记录，文件只容得下 ${room.toLocaleString('en-US')} 条`);
  if (records > limits.gridFeatures) throw refuse.gridFeatures(fileName, records, limits);
  if (records * Math.max(1, fields) > limits.gridAttributeValues) throw refuse.gridAttributeValues(fileName, records, Math.max(1, fields), limits);
}

async function readShapefileZip(file: string, fileName: string, limits: ImportLimits): Promise<GridFile> {
  const broken = (e: unknown) => (isAppError(e) ? e : new AppError('invalid-input', `「${fileName}」不是有效的 .zip 文件：${(e as Error).message}`));
  const zip = await ZipArchive.open(file, 'Shapefile 压缩包', broken, limits);
  const parts: Record<string, Uint8Array> = {};
  try {
    const chosen = new Map<string, { entry: Entry; label: string }>();
    for (const [name, entry] of zip.entries) {
      if (name.includes('__MACOSX') || name.endsWith('/')) continue;
      const ext = path.extname(name).toLowerCase();
      if ((SHAPEFILE_PARTS as readonly string[]).includes(ext) && !chosen.has(ext)) chosen.set(ext, { entry, label: path.basename(name) });
    }
    // The parts are held in memory whole: their declared sizes are checked before any is inflated.
    // A .shp holds 16 bytes a vertex: one big enough for more vertices than the limit is refused unread.
    // (A .shp that inflates suspiciously well is left to the bomb check below.)
    const shpPart = chosen.get('.shp');
    const shpRatio = shpPart ? shpPart.entry.uncompressedSize / Math.max(1, shpPart.entry.compressedSize) : 0;
    if (shpPart && shpRatio <= limits.zipRatio && shpPart.entry.uncompressedSize > 100 + limits.gridVertices * 16) {
      throw refuse.gridVertices(fileName, Math.floor((shpPart.entry.uncompressedSize - 100) / 16), limits, true);
    }
    zip.check({ entries: [...chosen.values()].map((p) => ({ ...p, cap: limits.shapefileUncompressedBytes })), totalCap: limits.shapefileUncompressedBytes });
    for (const [ext, p] of chosen) parts[ext] = await zip.buffer(p.entry, p.label);
  } catch (e) {
    throw broken(e);
  } finally {
    zip.close();
  }
  if (!parts['.shp']) throw new AppError('invalid-input', `压缩包中没有 .shp 文件：${fileName}`);
  if (!parts['.dbf']) throw new AppError('invalid-input', `压缩包中没有 .dbf 文件（网格编码和名称在其中）：${fileName}`);
  checkShp(parts['.shp'], fileName, limits);
  checkDbf(parts['.dbf'], fileName, limits);
  const cpgText = parts['.cpg'] ? new TextDecoder().decode(parts['.cpg']) : null;
  const encoding = cpgText ? cpgToEncoding(cpgText) : isUtf8(parts['.dbf']) ? 'utf-8' : 'gb18030';
  let collection: { features?: unknown[] };
  try {
    collection = (await shp({
      shp: parts['.shp'],
      dbf: parts['.dbf'],
      cpg: encoding,
      ...(parts['.prj'] ? { prj: new TextDecoder().decode(parts['.prj']) } : {}),
    })) as { features?: unknown[] };
  } catch (e) {
    throw new AppError('invalid-input', `Shapefile 无法读取：${fileName}（${(e as Error).message}）`);
  }
  return { format: 'shapefile', features: (collection.features ?? []).map(toFeature), encoding };
}

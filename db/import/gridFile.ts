/**
 * Reading a grid-boundary file: a GeoJSON FeatureCollection, or a Shapefile as a .zip (.shp, .dbf,
 * .prj, .cpg). The .dbf text is decoded by its .cpg when there is one, else as UTF-8 when valid,
 * else GB18030 (Chinese GIS software writes GBK without saying so). A .prj in a projected system
 * is turned back to longitude/latitude.
 */
import fs from 'node:fs';
import path from 'node:path';
import { iter } from 'but-unzip';
import shp from 'shpjs';
import { AppError } from '../errors';
import { decodeBytes, detectEncoding, isUtf8 } from './encoding';
import type { GridFileFormat } from './types';

export interface GridFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface GridFile {
  format: GridFileFormat;
  features: GridFeature[];
  encoding: string | null;
}

const MAX_BYTES = 256 * 1024 * 1024;

function cpgToEncoding(cpg: string): string {
  const c = cpg.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (['936', 'cp936', 'gbk', 'gb2312', 'gb18030', 'ansi936', 'windows936', '54936'].includes(c)) return 'gb18030';
  if (['utf8', '65001'].includes(c)) return 'utf-8';
  return cpg.trim();
}

export async function readGridFile(file: string, fileName: string, format?: GridFileFormat): Promise<GridFile> {
  const size = fs.statSync(file).size;
  if (size === 0) throw new AppError('invalid-input', `文件为空：${fileName}`);
  if (size > MAX_BYTES) throw new AppError('invalid-input', `网格文件过大（${(size / 1048576).toFixed(0)} MB）：最大 256 MB`);
  const bytes = fs.readFileSync(file);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const kind: GridFileFormat = format ?? (isZip || path.extname(fileName).toLowerCase() === '.zip' ? 'shapefile' : 'geojson');
  if (kind === 'shapefile') {
    if (!isZip) throw new AppError('invalid-input', `Shapefile 请打包为 .zip（含 .shp、.dbf、.prj，可带 .cpg）后导入：${fileName}`);
    return readShapefileZip(bytes, fileName);
  }
  const detected = detectEncoding(bytes.subarray(0, 65_536));
  let json: unknown;
  try {
    json = JSON.parse(decodeBytes(bytes.subarray(detected.bomLength), detected.encoding));
  } catch (e) {
    throw new AppError('invalid-input', `「${fileName}」不是有效的 GeoJSON：${(e as Error).message}`);
  }
  const j = json as { type?: string; features?: unknown; geometry?: unknown; properties?: unknown };
  const features = j.type === 'FeatureCollection' && Array.isArray(j.features) ? j.features : j.type === 'Feature' ? [j] : null;
  if (!features) throw new AppError('invalid-input', `「${fileName}」不是 GeoJSON 要素集合（FeatureCollection）`);
  return { format: 'geojson', features: features.map(toFeature), encoding: detected.encoding };
}

function toFeature(f: unknown): GridFeature {
  const x = (f ?? {}) as { properties?: unknown; geometry?: unknown };
  return {
    properties: (typeof x.properties === 'object' && x.properties !== null ? x.properties : {}) as Record<string, unknown>,
    geometry: (x.geometry ?? null) as GridFeature['geometry'],
  };
}

async function readShapefileZip(bytes: Buffer, fileName: string): Promise<GridFile> {
  const parts: Record<string, Uint8Array> = {};
  try {
    for (const entry of iter(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
      const name = entry.filename;
      if (name.includes('__MACOSX')) continue;
      const ext = path.extname(name).toLowerCase();
      if (['.shp', '.dbf', '.prj', '.cpg'].includes(ext) && !parts[ext]) parts[ext] = await entry.read();
    }
  } catch (e) {
    throw new AppError('invalid-input', `「${fileName}」不是有效的 .zip 文件：${(e as Error).message}`);
  }
  if (!parts['.shp']) throw new AppError('invalid-input', `压缩包中没有 .shp 文件：${fileName}`);
  if (!parts['.dbf']) throw new AppError('invalid-input', `压缩包中没有 .dbf 文件（网格编码和名称在其中）：${fileName}`);
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

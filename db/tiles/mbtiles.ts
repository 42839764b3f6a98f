/**
 * Offline basemaps: an MBTiles file (SQLite: metadata + tiles in TMS rows) opened read-only and served
 * tile by tile. Every way a file can be unusable becomes one Chinese sentence for the map corner.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

export type RasterFormat = 'png' | 'jpg' | 'webp';

export interface MbtilesInfo {
  readonly path: string;
  readonly name: string | null;
  readonly format: RasterFormat;
  readonly minzoom: number;
  readonly maxzoom: number;
  /** WGS-84 [minLon, minLat, maxLon, maxLat] from the metadata, when given. */
  readonly bounds: [number, number, number, number] | null;
}

export type MbtilesStatus = { ok: true; info: MbtilesInfo } | { ok: false; message: string };

export const TILE_MIME: Record<RasterFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

export interface MbtilesSource {
  readonly status: MbtilesStatus;
  /** The tile at XYZ coordinates (y from the top, as Leaflet asks), or null when the file has none. */
  tile(z: number, x: number, y: number): { data: Buffer; mime: string } | null;
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function fail(message: string): MbtilesSource {
  return { status: { ok: false, message }, tile: () => null, close: () => {} };
}

export function openMbtiles(file: string, options: { nativeBinding?: string | undefined } = {}): MbtilesSource {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(16);
      fs.readSync(fd, head, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    return fail(code === 'ENOENT' ? `离线底图文件不存在：${file}` : `无法读取离线底图文件：${file}（${code ?? String(e)}）`);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) return fail(`离线底图文件不是 MBTiles（SQLite）文件：${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (e) {
    return fail(`无法打开离线底图文件：${(e as Error).message}`);
  }
  const closeWith = (message: string) => {
    db.close();
    return fail(message);
  };
  let meta: Map<string, string>;
  try {
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('tiles') || !tables.has('metadata')) return closeWith('离线底图文件缺少 tiles 或 metadata 表，不是有效的 MBTiles 文件');
    meta = new Map((db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[]).map((r) => [r.name, String(r.value)]));
  } catch (e) {
    return closeWith(`离线底图文件已损坏：${(e as Error).message}`);
  }
  const rawFormat = (meta.get('format') ?? '').toLowerCase();
  if (rawFormat === 'pbf' || rawFormat === 'mvt') return closeWith('离线底图是矢量瓦片（pbf），GridDesk 只支持栅格瓦片（png / jpg / webp）');
  const format: RasterFormat | null = rawFormat === 'png' ? 'png' : rawFormat === 'jpg' || rawFormat === 'jpeg' ? 'jpg' : rawFormat === 'webp' ? 'webp' : null;
  if (!format) return closeWith(`离线底图的瓦片格式未知（${rawFormat || '未注明'}），应为 png、jpg 或 webp`);
  const hasTile = db.prepare('SELECT 1 FROM tiles LIMIT 1').get() !== undefined;
  if (!hasTile) return closeWith('离线底图文件中没有任何瓦片');
  const zoomOf = (key: string, order: 'ASC' | 'DESC'): number => {
    const given = Number(meta.get(key));
    if (meta.has(key) && Number.isInteger(given)) return given;
    return (db.prepare(`SELECT zoom_level FROM tiles ORDER BY zoom_level ${order} LIMIT 1`).pluck().get() as number) ?? 0;
  };
  const range = { lo: zoomOf('minzoom', 'ASC'), hi: zoomOf('maxzoom', 'DESC') };
  const bounds = (meta.get('bounds') ?? '').split(',').map(Number);
  const info: MbtilesInfo = {
    path: file,
    name: meta.get('name') ?? null,
    format,
    minzoom: range.lo,
    maxzoom: range.hi,
    bounds: bounds.length === 4 && bounds.every(Number.isFinite) ? (bounds as [number, number, number, number]) : null,
  };
  const get = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').pluck();
  let isOpen = true;
  return {
    status: { ok: true, info },
    tile(z, x, y) {
      if (!isOpen || !Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0 || z > 24) return null;
      const n = 2 ** z;
      if (x < 0 || y < 0 || x >= n || y >= n) return null;
      // MBTiles rows count from the bottom (TMS); Leaflet's y counts from the top.
      const data = get.get(z, x, n - 1 - y) as Buffer | undefined;
      return data ? { data, mime: TILE_MIME[format] } : null;
    },
    close() {
      if (isOpen) db.close();
      isOpen = false;
    },
  };
}

/**
 * Files for import: a path on the host's disk (the CLI, a desktop host that knows the path), or the
 * bytes the page uploads in chunks (browser mode), staged beside the database and referred to by an
 * upload id. Which transport may name a path is the handlers' decision (electron/handlers/pathGrants.ts).
 *
 * Staging is bounded (db/import/limits.ts): one upload at most the file limit, at most
 * `stagedUploads` uploads and `stagedBytes` bytes at once (the least recently used give way to a
 * new one), and anything untouched for a day is removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { IMPORT_LIMITS, refuse, type ImportLimits } from './limits';
import type { ImportSourceRef } from './types';

export const MAX_UPLOAD_BYTES = IMPORT_LIMITS.fileBytes;
const STALE_MS = 24 * 3_600_000;
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALLOWED_EXTENSIONS = new Set(['.xls', '.csv', '.txt', '.tsv', '.xlsx', '.xlsm', '.json', '.geojson', '.gpx', '.zip']);

export interface ResolvedSource {
  file: string;
  fileName: string;
  /** The folder photo names are relative to; null for an upload. */
  photoDir: string | null;
  bytes: number;
}

export function stagingDir(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'import-staging');
}

interface Staged {
  id: string;
  bytes: number;
  touched: number;
}

/** The staged uploads (data file and its metadata), removing stale ones and orphans on the way. */
function staged(dir: string, now: number): Staged[] {
  const out = new Map<string, Staged>();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    const m = /^(.+)\.(data|json)$/.exec(name);
    try {
      const stat = fs.statSync(file);
      if (!m || !UPLOAD_ID.test(m[1]!) || now - stat.mtimeMs > STALE_MS) {
        fs.rmSync(file, { force: true, recursive: true });
        continue;
      }
      const s = out.get(m[1]!) ?? { id: m[1]!, bytes: 0, touched: 0 };
      s.bytes += stat.size;
      s.touched = Math.max(s.touched, stat.mtimeMs);
      out.set(m[1]!, s);
    } catch {
      // removed meanwhile
    }
  }
  return [...out.values()];
}

function removeUpload(dir: string, id: string): void {
  for (const ext of ['.data', '.json']) {
    try {
      fs.rmSync(path.join(dir, id + ext), { force: true });
    } catch {
      // in use (an import reading it on Windows): left for the stale sweep
    }
  }
}

/**
 * Makes room for `incoming` more bytes (and, for a new upload, one more upload) by removing the
 * least recently used other uploads; refuses when even that is not enough.
 */
function makeRoom(dir: string, keep: string | null, incoming: number, newUpload: boolean, limits: ImportLimits): void {
  const all = staged(dir, Date.now());
  const others = all.filter((s) => s.id !== keep).sort((a, b) => a.touched - b.touched);
  const own = all.find((s) => s.id === keep)?.bytes ?? 0;
  let count = others.length + 1;
  let bytes = others.reduce((t, s) => t + s.bytes, own + incoming);
  while ((newUpload && count > limits.stagedUploads) || bytes > limits.stagedBytes) {
    const oldest = others.shift();
    if (!oldest) break;
    removeUpload(dir, oldest.id);
    count--;
    bytes -= oldest.bytes;
  }
  if (bytes > limits.stagedBytes) throw refuse.stagedBytes(limits);
}

/** Appends one chunk; the first chunk (offset 0, no id) opens a new upload. */
export function appendUpload(
  dir: string,
  input: { uploadId?: string | undefined; fileName: string; offset: number; data: Buffer },
  limits: ImportLimits = IMPORT_LIMITS,
): { uploadId: string; bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  let uploadId = input.uploadId;
  if (!uploadId) {
    if (input.offset !== 0) throw new AppError('invalid-input', '新的上传必须从第 0 字节开始');
    if (input.data.length > limits.fileBytes) throw refuse.uploadBytes(input.data.length, limits);
    makeRoom(dir, null, input.data.length, true, limits);
    uploadId = crypto.randomUUID();
    fs.writeFileSync(path.join(dir, `${uploadId}.json`), JSON.stringify({ fileName: path.basename(input.fileName).slice(0, 255) }));
    fs.writeFileSync(path.join(dir, `${uploadId}.data`), Buffer.alloc(0));
  } else if (!UPLOAD_ID.test(uploadId)) {
    throw new AppError('not-found', `上传不存在或已过期：${uploadId}`);
  }
  const file = path.join(dir, `${uploadId}.data`);
  if (!fs.existsSync(file)) throw new AppError('not-found', `上传不存在或已过期：${uploadId}`);
  const size = fs.statSync(file).size;
  if (size !== input.offset) throw new AppError('conflict', `上传位置不一致：已收到 ${size} 字节，此块从 ${input.offset} 字节开始`);
  if (size + input.data.length > limits.fileBytes) {
    removeUpload(dir, uploadId);
    throw refuse.uploadBytes(size + input.data.length, limits);
  }
  if (input.uploadId) makeRoom(dir, uploadId, input.data.length, false, limits);
  fs.appendFileSync(file, input.data);
  return { uploadId, bytes: size + input.data.length };
}

export function resolveSource(dir: string, ref: ImportSourceRef): ResolvedSource {
  if ('uploadId' in ref) {
    const file = path.join(dir, `${ref.uploadId}.data`);
    const meta = path.join(dir, `${ref.uploadId}.json`);
    if (!UPLOAD_ID.test(ref.uploadId) || !fs.existsSync(file) || !fs.existsSync(meta)) {
      throw new AppError('not-found', `上传的文件不存在或已过期：请重新选择文件`);
    }
    let fileName = 'upload';
    try {
      const parsed = JSON.parse(fs.readFileSync(meta, 'utf8')) as { fileName?: unknown };
      if (typeof parsed.fileName === 'string' && parsed.fileName !== '') fileName = path.basename(parsed.fileName);
    } catch {
      // a damaged note: the upload is still readable, under a neutral name
    }
    const now = new Date();
    try {
      fs.utimesSync(file, now, now); // in use: last to give way to a new upload
      fs.utimesSync(meta, now, now);
    } catch {
      // read-only staging folder: the upload is still readable
    }
    return { file, fileName, photoDir: null, bytes: fs.statSync(file).size };
  }
  const file = path.resolve(ref.path);
  if (!path.isAbsolute(ref.path)) throw new AppError('invalid-input', `文件路径应为绝对路径：${ref.path}`);
  if (!ALLOWED_EXTENSIONS.has(path.extname(file).toLowerCase())) {
    throw new AppError('invalid-input', `不支持的文件类型：${path.basename(file)}（可导入 CSV、XLSX、GeoJSON、JSON、GPX 与 Shapefile 的 .zip）`);
  }
  if (!fs.existsSync(file)) throw new AppError('not-found', `文件不存在：${file}`);
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new AppError('invalid-input', `不是文件：${file}`);
  return { file, fileName: path.basename(file), photoDir: path.dirname(file), bytes: stat.size };
}

/**
 * Files for import: a path on the host's disk (the CLI, a desktop host that knows the path), or the
 * bytes the page uploads in chunks (browser mode), staged beside the database and referred to by an
 * upload id. Staged files older than a day are removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { ImportSourceRef } from './types';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const STALE_MS = 24 * 3_600_000;
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

function cleanStale(dir: string, now: number): void {
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile
    }
  }
}

/** Appends one chunk; the first chunk (offset 0, no id) opens a new upload. */
export function appendUpload(
  dir: string,
  input: { uploadId?: string | undefined; fileName: string; offset: number; data: Buffer },
): { uploadId: string; bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  let uploadId = input.uploadId;
  if (!uploadId) {
    if (input.offset !== 0) throw new AppError('invalid-input', '新的上传必须从第 0 字节开始');
    cleanStale(dir, Date.now());
    uploadId = crypto.randomUUID();
    fs.writeFileSync(path.join(dir, `${uploadId}.json`), JSON.stringify({ fileName: path.basename(input.fileName) }));
    fs.writeFileSync(path.join(dir, `${uploadId}.data`), Buffer.alloc(0));
  }
  const file = path.join(dir, `${uploadId}.data`);
  if (!fs.existsSync(file)) throw new AppError('not-found', `上传不存在或已过期：${uploadId}`);
  const size = fs.statSync(file).size;
  if (size !== input.offset) throw new AppError('conflict', `上传位置不一致：已收到 ${size} 字节，此块从 ${input.offset} 字节开始`);
  if (size + input.data.length > MAX_UPLOAD_BYTES) throw new AppError('invalid-input', '文件过大：最大 2 GB');
  fs.appendFileSync(file, input.data);
  return { uploadId, bytes: size + input.data.length };
}

export function resolveSource(dir: string, ref: ImportSourceRef): ResolvedSource {
  if ('uploadId' in ref) {
    const file = path.join(dir, `${ref.uploadId}.data`);
    const meta = path.join(dir, `${ref.uploadId}.json`);
    if (!/^[0-9a-f-]{36}$/.test(ref.uploadId) || !fs.existsSync(file) || !fs.existsSync(meta)) {
      throw new AppError('not-found', `上传的文件不存在或已过期：请重新选择文件`);
    }
    const { fileName } = JSON.parse(fs.readFileSync(meta, 'utf8')) as { fileName: string };
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

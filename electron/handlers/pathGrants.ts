/**
 * Which files on the host a caller may have read by naming their path. The transports differ in who
 * the caller is:
 *
 * - 'direct' (the CLI, tests): the user typed the path on the command line; any path is read.
 * - 'electron': the page is ours, but a page can be subverted; only paths the OS file dialog returned
 *   in this session are read. The dialog code in Electron main calls grantPath() with what the user
 *   picked; everything else is refused.
 * - 'http' (browser mode): any local page holding the token could name a path; none is read. The page
 *   uploads the file's bytes instead (imports:upload), and only uploads are imported.
 *
 * Browser mode may point the offline basemap only at an existing .mbtiles file, not at any file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../db/errors';
import type { AppInfo } from '../../db/types';

export type Transport = AppInfo['transport'];

/** Paths granted by the file dialog, canonical (realpath), oldest first. */
const grants = new Set<string>();
const MAX_GRANTS = 200;

function canonical(p: string): string | null {
  if (typeof p !== 'string' || p === '' || !path.isAbsolute(p)) return null;
  try {
    return fs.realpathSync.native(path.resolve(p));
  } catch {
    return null;
  }
}

/** Records a path the OS file dialog returned, so that the page may now have it read. */
export function grantPath(p: string): void {
  const c = canonical(p);
  if (c === null) return;
  grants.delete(c);
  grants.add(c);
  while (grants.size > MAX_GRANTS) grants.delete(grants.values().next().value!);
}

/** True when the path (after resolving links) is one the file dialog returned. */
export function isGranted(p: string): boolean {
  const c = canonical(p);
  return c !== null && grants.has(c);
}

/** Forgets every grant (tests; a new session). */
export function revokeGrants(): void {
  grants.clear();
}

/** Refuses a `path` import source the transport may not read; an upload is always allowed. */
export function assertSourceAllowed(transport: Transport, source: { readonly path: string } | { readonly uploadId: string }): void {
  if (!('path' in source)) return;
  if (transport === 'direct') return;
  if (transport === 'electron') {
    if (isGranted(source.path)) return;
    throw new AppError('forbidden', `只能读取在“选择文件”对话框中选定的文件：「${path.basename(source.path)}」未经选择，已拒绝读取`);
  }
  throw new AppError('forbidden', '浏览器模式下不能按路径读取电脑上的文件：请通过页面上传文件后再导入');
}

/**
 * Browser mode may point the offline basemap only at an existing `.mbtiles` file: the tile server
 * then shows nothing of it but its tile images. (Refusing every path would leave browser mode no way
 * to set an offline basemap at all.) The desktop app and the CLI are not restricted.
 */
export function assertBasemapPathAllowed(transport: Transport, next: string | null, current: string | null): void {
  if (transport !== 'http' || next === null || next === current) return;
  const c = canonical(next);
  let isFile = false;
  try {
    isFile = c !== null && fs.statSync(c).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile || path.extname(c!).toLowerCase() !== '.mbtiles') {
    throw new AppError('forbidden', `浏览器模式下离线底图只能指向已存在的 .mbtiles 文件：「${path.basename(next)}」不是，已拒绝`);
  }
}

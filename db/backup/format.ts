/**
 * The backup folder format, shared by create, verify, restore and rotation:
 *
 *   <outDir>/griddesk-YYYYMMDD-HHMMSS[-reason]/
 *     griddesk.sqlite      the database (SQLite online backup, rollback-journal mode, one self-contained file)
 *     attachments/…        the photos, same layout as the live folder (<2 hex>/<sha256>)
 *     manifest.json        what is in it: schema version, counts, SHA-256 and size of every file
 *
 * Folder names use Asia/Shanghai wall-clock time. A backup is written under a hidden temporary name
 * (.griddesk-…​.partial-<pid>) and renamed only when complete, so a folder with the final name and a
 * manifest is always a whole backup.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SHANGHAI_OFFSET_MS } from '../domain/time';

export const BACKUP_FORMAT = 'griddesk-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_APP = 'GridDesk';
export const BACKUP_DB_FILE = 'griddesk.sqlite';
export const BACKUP_ATTACHMENTS_DIR = 'attachments';
export const MANIFEST_FILE = 'manifest.json';

/** A finished backup folder's name. */
export const BACKUP_NAME_RE = /^griddesk-(\d{8})-(\d{6})(?:-([a-z0-9][a-z0-9-]*))?$/;
/** A backup still being written or being deleted (or abandoned there by a crash); ends in the pid. */
export const PARTIAL_NAME_RE = /^\.griddesk-\d{8}-\d{6}(?:-[a-z0-9][a-z0-9-]*)?\.(?:partial|deleting)-(\d+)$/;

export interface BackupCounts {
  readonly incidents: number;
  readonly incidentEvents: number;
  readonly grids: number;
  readonly persons: number;
  readonly operators: number;
  readonly importBatches: number;
  readonly attachments: number;
}

/** Tables behind each count (all exist from schema version 30 on). */
export const COUNT_TABLES: Readonly<Record<keyof BackupCounts, string>> = {
  incidents: 'incidents',
  incidentEvents: 'incident_events',
  grids: 'grids',
  persons: 'persons',
  operators: 'operators',
  importBatches: 'import_batches',
  attachments: 'attachments',
};

export interface BackupFileEntry {
  /** Relative to the backup folder, '/'-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly app: typeof BACKUP_APP;
  /** PRAGMA application_id of the database (db/open.ts APPLICATION_ID). */
  readonly applicationId: number;
  readonly appVersion: string | null;
  readonly schemaVersion: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** The same instant as the district reads it: 'YYYY-MM-DD HH:mm:ss' Asia/Shanghai. */
  readonly createdAtShanghai: string;
  /** Why it was made: 'manual', 'startup', 'daily', 'before-restore', … */
  readonly reason: string | null;
  readonly host: string;
  readonly source: { readonly databasePath: string; readonly attachmentsDir: string };
  readonly counts: BackupCounts;
  readonly files: readonly BackupFileEntry[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Shanghai wall-clock fields of an instant. */
function shanghaiParts(ms: number) {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** 'YYYY-MM-DD HH:mm:ss', Asia/Shanghai. */
export function shanghaiTimestamp(ms: number): string {
  const p = shanghaiParts(ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** Keeps a reason usable in a folder name: lower-case ASCII letters, digits and '-'. */
export function normaliseReason(reason: string | null | undefined): string | null {
  if (reason == null) return null;
  const r = reason
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return r === '' ? null : r;
}

/** 'griddesk-YYYYMMDD-HHMMSS[-reason]' in Shanghai time. */
export function backupFolderName(ms: number, reason: string | null): string {
  const p = shanghaiParts(ms);
  const stamp = `${p.y}${pad(p.mo)}${pad(p.d)}-${pad(p.h)}${pad(p.mi)}${pad(p.s)}`;
  return `griddesk-${stamp}${reason ? `-${reason}` : ''}`;
}

/** SHA-256 (hex) and size of a file, read as a stream (databases can be large). */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Every regular file under dir, as '/'-separated paths relative to base, sorted. */
export function listFilesRecursive(dir: string, base: string = dir): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFilesRecursive(p, base));
    else if (entry.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** fsync a file or (where the platform allows) a folder; folders cannot be synced on Windows. */
export function fsyncPath(p: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(code === 'EISDIR' || code === 'EPERM' || code === 'EACCES' || code === 'EINVAL')) throw e;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** A relative path from a manifest that stays inside the backup folder ('a/b', no '..', not absolute). */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || /^[a-zA-Z]:/.test(p) || p.includes('\0')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Reads a manifest's JSON; returns the manifest, or the problems (Chinese) that make it unusable.
 * Checks shape only: whether the files match is verifyBackup's work.
 */
export function parseManifest(text: string): { manifest: BackupManifest; problems: [] } | { manifest: null; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { manifest: null, problems: [`manifest.json 不是有效的 JSON：${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { manifest: null, problems: ['manifest.json 内容不是对象'] };
  }
  const m = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (m.format !== BACKUP_FORMAT || m.app !== BACKUP_APP) {
    return { manifest: null, problems: ['manifest.json 不是 GridDesk 备份清单（可能来自其他程序）'] };
  }
  if (typeof m.formatVersion !== 'number' || m.formatVersion > BACKUP_FORMAT_VERSION || m.formatVersion < 1) {
    problems.push(`备份格式版本 ${String(m.formatVersion)} 本程序无法识别（支持到 ${BACKUP_FORMAT_VERSION}）：请升级 GridDesk`);
  }
  if (typeof m.schemaVersion !== 'number' || !Number.isInteger(m.schemaVersion)) problems.push('清单缺少结构版本（schemaVersion）');
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) problems.push('清单缺少有效的创建时间（createdAt）');
  const counts = m.counts as Record<string, unknown> | undefined;
  if (typeof counts !== 'object' || counts === null || Object.keys(COUNT_TABLES).some((k) => typeof counts[k] !== 'number')) {
    problems.push('清单中的数据条数（counts）不完整');
  }
  if (!Array.isArray(m.files)) problems.push('清单缺少文件列表（files）');
  else {
    const seen = new Set<string>();
    for (const f of m.files as unknown[]) {
      const e = f as Partial<BackupFileEntry> | null;
      if (
        typeof e !== 'object' ||
        e === null ||
        typeof e.path !== 'string' ||
        !isSafeRelativePath(e.path) ||
        typeof e.bytes !== 'number' ||
        typeof e.sha256 !== 'string' ||
        !HEX64.test(e.sha256)
      ) {
        problems.push(`清单中的文件条目无效：${JSON.stringify(f)?.slice(0, 120)}`);
        continue;
      }
      if (seen.has(e.path)) problems.push(`清单中文件重复：${e.path}`);
      seen.add(e.path);
    }
    if (!seen.has(BACKUP_DB_FILE)) problems.push(`清单中没有数据库文件 ${BACKUP_DB_FILE}`);
  }
  if (problems.length) return { manifest: null, problems };
  return { manifest: m as unknown as BackupManifest, problems: [] };
}

/** Reads dir/manifest.json when it is a well-formed GridDesk backup manifest; null otherwise. */
export function readManifest(dir: string): BackupManifest | null {
  try {
    return parseManifest(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')).manifest;
  } catch {
    return null;
  }
}

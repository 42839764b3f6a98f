/**
 * createBackup: a consistent copy of the live database (SQLite's online backup, safe while the app
 * keeps writing) plus its photos and a manifest, into a new folder that appears only when complete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors';
import type { Db } from '../open';
import {
  BACKUP_APP,
  BACKUP_ATTACHMENTS_DIR,
  BACKUP_DB_FILE,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  COUNT_TABLES,
  MANIFEST_FILE,
  backupFolderName,
  fsyncPath,
  hashFile,
  listFilesRecursive,
  normaliseReason,
  shanghaiTimestamp,
  type BackupCounts,
  type BackupFileEntry,
  type BackupManifest,
} from './format';

/** The file operations a backup performs, injectable so tests can simulate a full disk. */
export interface BackupIo {
  /** SQLite online backup of db into file. */
  backupDatabase(db: Db, file: string): Promise<void>;
  copyFile(source: string, target: string): Promise<void>;
  writeFile(file: string, data: string): Promise<void>;
}

export interface CreateBackupOptions {
  /** The live database's path (recorded in the manifest; photos default to attachments/ beside it). */
  readonly databasePath: string;
  /** The photo folder; default: attachments/ beside the database. */
  readonly attachmentsDir?: string;
  /** Where the backup folder is made (created if missing). */
  readonly outDir: string;
  /** The clock (epoch ms): names the folder and stamps the manifest. */
  readonly now: number;
  /** Short tag appended to the folder name: 'manual', 'startup', 'daily', 'before-restore', … */
  readonly reason?: string | null;
  /** GridDesk's version, recorded in the manifest (db/ cannot read electron/version.ts). */
  readonly appVersion?: string | null;
  /** Tests: replace individual file operations (e.g. one that throws ENOSPC). */
  readonly io?: Partial<BackupIo>;
}

export interface BackupResult {
  /** The finished backup folder. */
  readonly dir: string;
  readonly manifest: BackupManifest;
}

/** Pages copied per backup step; the event loop runs between steps. */
const PAGES_PER_STEP = 2048;

/**
 * SQLite's online backup in steps. A write through the same connection updates the copy in place;
 * a write from another connection (an import worker, another process) restarts the copy, so after the
 * first restart the rest is copied in one step (one read transaction), which always finishes.
 */
export async function onlineBackup(db: Db, file: string): Promise<void> {
  let lastRemaining = Number.POSITIVE_INFINITY;
  let allAtOnce = false;
  await db.backup(file, {
    progress: ({ remainingPages }) => {
      if (remainingPages > lastRemaining) allAtOnce = true;
      lastRemaining = remainingPages;
      return allAtOnce ? 0x7fffffff : PAGES_PER_STEP;
    },
  });
}

const defaultIo: BackupIo = {
  backupDatabase: onlineBackup,
  copyFile: (source, target) => fs.promises.copyFile(source, target),
  writeFile: (file, data) => fs.promises.writeFile(file, data),
};

export function defaultAttachmentsDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'attachments');
}

export function defaultBackupsDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'backups');
}

function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || /database or disk is full/i.test(String((e as Error)?.message));
}

async function entry(relative: string, file: string): Promise<BackupFileEntry> {
  const { bytes, sha256 } = await hashFile(file);
  return { path: relative, bytes, sha256 };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Counts, schema version and application id, read from a database file (the backup copy). */
export function readDatabaseFacts(file: string): { applicationId: number; schemaVersion: number; counts: BackupCounts } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const counts = Object.fromEntries(
      Object.entries(COUNT_TABLES).map(([key, table]) => [key, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
    ) as unknown as BackupCounts;
    return { applicationId, schemaVersion, counts };
  } finally {
    db.close();
  }
}

/** Free bytes on the disk holding dir, or null where the platform cannot tell. */
function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/**
 * Makes outDir/griddesk-YYYYMMDD-HHMMSS[-reason]/ with the database, the photos and manifest.json.
 * Safe while the app keeps using db (the connection stays usable throughout). Everything is written
 * under a hidden temporary name and renamed when complete and synced; on any failure the temporary
 * folder is removed and an AppError('database') says why (a full disk by name), so no half backup is
 * ever left looking like a good one.
 */
export async function createBackup(db: Db, options: CreateBackupOptions): Promise<BackupResult> {
  const io: BackupIo = { ...defaultIo, ...options.io };
  const databasePath = path.resolve(options.databasePath);
  const attachmentsDir = path.resolve(options.attachmentsDir ?? defaultAttachmentsDir(databasePath));
  const outDir = path.resolve(options.outDir);
  const reason = normaliseReason(options.reason);

  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.accessSync(outDir, fs.constants.W_OK);
  } catch (e) {
    throw new AppError('database', `无法创建或写入备份文件夹（检查路径和权限）：${outDir}`, { cause: e });
  }

  // Half-written photos end in .tmp (see db/queries/attachments.ts).
  const listPhotos = () => listFilesRecursive(attachmentsDir).filter((p) => !p.endsWith('.tmp'));
  const photoBytes = listPhotos().reduce((sum, p) => sum + fs.statSync(path.join(attachmentsDir, p)).size, 0);
  const dbBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const needed = dbBytes + photoBytes;
  const free = freeBytes(outDir);
  if (free !== null && free < needed) {
    throw new AppError(
      'database',
      `磁盘空间不足，备份未完成：${outDir} 所在磁盘剩余 ${mb(free)} MB，备份需要约 ${mb(needed)} MB。请清理磁盘或换一个备份文件夹`,
    );
  }

  let name = backupFolderName(options.now, reason);
  for (let k = 2; fs.existsSync(path.join(outDir, name)); k++) name = `${backupFolderName(options.now, reason)}-${k}`;
  const finalDir = path.join(outDir, name);
  const tmpDir = path.join(outDir, `.${name}.partial-${process.pid}`);

  try {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.mkdirSync(tmpDir);
    const dbCopy = path.join(tmpDir, BACKUP_DB_FILE);
    await io.backupDatabase(db, dbCopy);

    // One self-contained file: rollback-journal mode, so opening the copy never needs -wal/-shm files.
    const copy = new Database(dbCopy, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    for (const extra of ['-wal', '-shm', '-journal']) fs.rmSync(dbCopy + extra, { force: true });
    const facts = readDatabaseFacts(dbCopy);

    const files: BackupFileEntry[] = [];
    fsyncPath(dbCopy);
    files.push(await entry(BACKUP_DB_FILE, dbCopy));

    // Photos are written before their rows and never removed, so listing them after the database copy
    // is taken guarantees every photo the copy refers to is included.
    for (const rel of listPhotos()) {
      const source = path.join(attachmentsDir, ...rel.split('/'));
      const target = path.join(tmpDir, BACKUP_ATTACHMENTS_DIR, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await io.copyFile(source, target);
      fsyncPath(target);
      files.push(await entry(`${BACKUP_ATTACHMENTS_DIR}/${rel}`, target));
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      app: BACKUP_APP,
      applicationId: facts.applicationId,
      appVersion: options.appVersion ?? null,
      schemaVersion: facts.schemaVersion,
      createdAt: new Date(options.now).toISOString(),
      createdAtShanghai: shanghaiTimestamp(options.now),
      reason,
      host: os.hostname(),
      source: { databasePath, attachmentsDir },
      counts: facts.counts,
      files,
    };
    const manifestFile = path.join(tmpDir, MANIFEST_FILE);
    await io.writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
    fsyncPath(manifestFile);
    fsyncPath(tmpDir);
    fs.renameSync(tmpDir, finalDir);
    fsyncPath(outDir);
    return { dir: finalDir, manifest };
  } catch (e) {
    try {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done; rotation removes abandoned temporary folders later.
    }
    if (isDiskFull(e)) {
      throw new AppError(
        'database',
        `磁盘空间不足，备份未完成：${outDir}（备份需要约 ${mb(needed)} MB）。未完成的备份已删除，数据库未受影响`,
        { cause: e },
      );
    }
    const code = (e as { code?: unknown }).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new AppError('database', `无法写入备份文件夹（检查权限）：${outDir}。未完成的备份已删除`, { cause: e });
    }
    if (e instanceof AppError) throw e;
    throw new AppError('database', `备份未完成：${(e as Error).message}。未完成的备份已删除，数据库未受影响`, { cause: e });
  }
}

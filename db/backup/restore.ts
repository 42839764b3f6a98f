/**
 * restoreBackup: puts a verified backup back in place of the database, keeping a copy of what was
 * there first.
 *
 * THE CALLER MUST HAVE CLOSED EVERY CONNECTION TO THE DATABASE (its own included) before calling, and
 * reopen it (openDatabase) afterwards. The file is replaced underneath: a connection left open would
 * keep reading the old pages and could write them back over the restored file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors';
import { APPLICATION_ID } from '../open';
import { acquireLock, readLock, type DatabaseLock } from '../lock';
import { createBackup, defaultAttachmentsDir, defaultBackupsDir } from './create';
import { BACKUP_ATTACHMENTS_DIR, BACKUP_DB_FILE, backupFolderName, fsyncPath, hashFile, type BackupCounts } from './format';
import { verifyBackup } from './verify';

export interface RestoreOptions {
  /** The database to replace (need not exist yet). Every connection to it must be closed. */
  readonly databasePath: string;
  /** The backup folder to restore. */
  readonly from: string;
  /** The clock (epoch ms): names the before-restore copy. */
  readonly now: number;
  /** The photo folder; default: attachments/ beside the database. */
  readonly attachmentsDir?: string;
  /** Where the before-restore backup goes; default: backups/ beside the database. */
  readonly backupsDir?: string;
  readonly appVersion?: string | null;
}

export interface RestoreResult {
  readonly databasePath: string;
  readonly from: string;
  /** When the restored backup was made (ISO, and Shanghai wall clock). */
  readonly createdAt: string;
  readonly createdAtShanghai: string;
  readonly schemaVersion: number;
  readonly counts: BackupCounts;
  /** Photo files written (missing or damaged ones); photos already intact are left as they are. */
  readonly photosRestored: number;
  /**
   * The copy of the database as it was before the restore: a backup folder (restorable like any other),
   * or, when the old file could not be read as a database, a folder beside it holding the raw files.
   * null when there was no database at the path.
   */
  readonly beforeRestore: string | null;
  readonly beforeRestoreKind: 'backup' | 'raw-copy' | null;
}

function isCorruption(e: unknown): boolean {
  const code = String((e as { code?: unknown } | null | undefined)?.code ?? '');
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || /malformed|not a database/i.test(String((e as Error)?.message));
}

/** Copies the old database's files as they are (used when the old file cannot be read as SQLite). */
function rawCopy(databasePath: string, now: number): string {
  const dir = `${databasePath}.${backupFolderName(now, 'before-restore')}`;
  fs.mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = databasePath + suffix;
    if (fs.existsSync(file)) {
      const target = path.join(dir, path.basename(file));
      fs.copyFileSync(file, target);
      fsyncPath(target);
    }
  }
  fsyncPath(dir);
  return dir;
}

/** A proper backup of the current database, a raw copy when it is unreadable, null when it is empty. */
async function keepCurrent(
  databasePath: string,
  options: { attachmentsDir: string; backupsDir: string; now: number; appVersion: string | null },
): Promise<{ path: string; kind: 'backup' | 'raw-copy' } | null> {
  let db: Database.Database | null = null;
  try {
    db = new Database(databasePath, { fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).get() as { n: number }).n;
    if (applicationId !== APPLICATION_ID && (applicationId !== 0 || tables > 0)) {
      throw new AppError('database', `要覆盖的文件不是 GridDesk 数据库（属于其他程序），未作任何修改：${databasePath}`);
    }
    if (applicationId === 0 && tables === 0) return null; // an empty file: nothing to keep
    const made = await createBackup(db, {
      databasePath,
      attachmentsDir: options.attachmentsDir,
      outDir: options.backupsDir,
      now: options.now,
      reason: 'before-restore',
      appVersion: options.appVersion,
    });
    return { path: made.dir, kind: 'backup' };
  } catch (e) {
    const damaged = isCorruption(e) || (e instanceof AppError && isCorruption(e.cause));
    if (!damaged) {
      if (e instanceof AppError) throw e;
      throw new AppError('database', `无法读取当前数据库以保留恢复前副本，未作任何修改：${(e as Error).message}`, { cause: e });
    }
    // The file is damaged (the usual reason to restore): keep its bytes as they are.
    db?.close();
    db = null;
    return { path: rawCopy(databasePath, options.now), kind: 'raw-copy' };
  } finally {
    db?.close();
  }
}

/**
 * Verifies the backup (refusing, with nothing changed, when it is not sound), keeps the current database
 * as a "before-restore" backup, then puts back the backup's photos and swaps the database file in:
 * copied to a temporary file beside the target, checked against the manifest, synced, stale -wal/-shm
 * removed, renamed over the target. Photos are content-addressed and may be shared by databases in the
 * same folder, so photos missing or damaged are written back and other files are left in place.
 * Takes the database's lock for the swap unless this process already holds it; refuses when another
 * live process holds it.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const databasePath = path.resolve(options.databasePath);
  const from = path.resolve(options.from);
  const attachmentsDir = path.resolve(options.attachmentsDir ?? defaultAttachmentsDir(databasePath));
  const backupsDir = path.resolve(options.backupsDir ?? defaultBackupsDir(databasePath));

  const report = await verifyBackup(from);
  if (!report.ok || !report.manifest || !report.counts || report.schemaVersion === null) {
    throw new AppError('database', `备份未通过校验，未作任何修改：${report.problems.join('；')}`);
  }
  const manifest = report.manifest;
  if (fs.existsSync(databasePath) && fs.statSync(databasePath).isDirectory()) {
    throw new AppError('invalid-input', `恢复目标是一个文件夹，不是数据库文件：${databasePath}`);
  }
  if (path.resolve(from) === path.dirname(databasePath)) {
    throw new AppError('invalid-input', `不能恢复到备份文件夹自身之中：${databasePath}`);
  }
  fs.mkdirSync(path.dirname(databasePath), { recursive: true });

  const held = readLock(databasePath);
  let lock: DatabaseLock | null = null;
  if (!held?.heldByThisProcess) lock = acquireLock(databasePath, { mode: 'restore', now: () => options.now });
  const dbTmp = `${databasePath}.restore-${process.pid}.tmp`;
  try {
    const before = fs.existsSync(databasePath)
      ? await keepCurrent(databasePath, { attachmentsDir, backupsDir, now: options.now, appVersion: options.appVersion ?? null })
      : null;

    let photosRestored = 0;
    try {
      // Photos first: a row is never visible before its file.
      for (const entry of manifest.files) {
        if (!entry.path.startsWith(`${BACKUP_ATTACHMENTS_DIR}/`)) continue;
        const rel = entry.path.slice(BACKUP_ATTACHMENTS_DIR.length + 1).split('/');
        const target = path.join(attachmentsDir, ...rel);
        if (fs.existsSync(target)) {
          const current = await hashFile(target);
          if (current.sha256 === entry.sha256 && current.bytes === entry.bytes) continue;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.tmp`;
        fs.copyFileSync(path.join(from, ...entry.path.split('/')), tmp);
        fsyncPath(tmp);
        fs.renameSync(tmp, target);
        photosRestored++;
      }

      fs.copyFileSync(path.join(from, BACKUP_DB_FILE), dbTmp);
      fsyncPath(dbTmp);
      const dbEntry = manifest.files.find((f) => f.path === BACKUP_DB_FILE)!;
      const copied = await hashFile(dbTmp);
      if (copied.sha256 !== dbEntry.sha256) throw new AppError('database', '复制的数据库文件与备份清单不符（复制过程中出错），未作修改');
    } catch (e) {
      fs.rmSync(dbTmp, { force: true });
      const code = (e as { code?: unknown }).code;
      const what = code === 'ENOSPC' || code === 'EDQUOT' ? '磁盘空间不足' : (e as Error).message;
      throw new AppError('database', `恢复未完成：${what}。数据库未改动${before ? `；恢复前副本：${before.path}` : ''}`, { cause: e });
    }

    // The swap. Old -wal/-shm belong to the old file: left beside the new one, SQLite would replay them
    // into it. They go first (their content is in the before-restore copy), then the rename.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(databasePath + suffix, { force: true });
    fs.renameSync(dbTmp, databasePath);
    fsyncPath(path.dirname(databasePath));

    return {
      databasePath,
      from,
      createdAt: manifest.createdAt,
      createdAtShanghai: manifest.createdAtShanghai,
      schemaVersion: report.schemaVersion,
      counts: report.counts,
      photosRestored,
      beforeRestore: before?.path ?? null,
      beforeRestoreKind: before?.kind ?? null,
    };
  } finally {
    fs.rmSync(dbTmp, { force: true });
    lock?.release();
  }
}

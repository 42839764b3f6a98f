import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from './errors';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations/index';
import type { Migration } from './migrations/types';
import { prepared } from './queries/prepared';

export type Db = Database.Database;

/** The native addon each connection was opened with, for the other connections that read its file (db/parallel). */
const bindings = new WeakMap<Db, string>();
export function nativeBindingOf(db: Db): string | undefined {
  return bindings.get(db);
}

/** 'GRID' — marks a file as a GridDesk database (PRAGMA application_id). */
export const APPLICATION_ID = 0x47524944;

export interface OpenOptions {
  /** Open without writing anything: no migration, no pragmas that write. */
  readonly readonly?: boolean;
  /** Refuse to create the file when it does not exist. */
  readonly mustExist?: boolean;
  /** Migrations to apply (tests pass a prefix of the list); default: all. */
  readonly migrations?: readonly Migration[];
  /** Native addon path for Electron's ABI (see README); default: better-sqlite3's own build. */
  readonly nativeBinding?: string;
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  /** Copy of the file as it was before migrating, when an existing database was migrated. */
  readonly backupPath: string | null;
}

/**
 * Opens (creating if needed) a GridDesk database and brings its schema up to date.
 * Refuses, with a message naming the problem, a file that is not SQLite, another program's database,
 * a database from a newer GridDesk, or a folder it cannot write. Nothing is changed in those cases.
 */
export function openDatabase(file: string, options: OpenOptions = {}): { db: Db; migration: MigrationReport } {
  const absolute = path.resolve(file);
  const exists = fs.existsSync(absolute);
  if (!exists && (options.mustExist || options.readonly)) {
    throw new AppError('not-found', `数据库文件不存在：${absolute}`);
  }
  if (exists && fs.statSync(absolute).isDirectory()) {
    throw new AppError('database', `数据库路径是一个文件夹，不是文件：${absolute}`);
  }
  if (!exists) {
    const dir = path.dirname(absolute);
    if (!fs.existsSync(dir)) {
      throw new AppError('not-found', `数据库所在文件夹不存在：${dir}`);
    }
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new AppError('database', `无法在只读文件夹中创建数据库：${dir}`);
    }
  } else if (!options.readonly) {
    try {
      fs.accessSync(absolute, fs.constants.W_OK);
      fs.accessSync(path.dirname(absolute), fs.constants.W_OK);
    } catch {
      throw new AppError('database', `数据库文件或其所在文件夹不可写（需要写入权限才能使用 WAL 日志）：${absolute}`);
    }
  }

  let db: Db;
  try {
    db = new Database(absolute, {
      readonly: options.readonly ?? false,
      fileMustExist: exists,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (e) {
    throw describeSqliteError(e, absolute);
  }
  if (options.nativeBinding) bindings.set(db, options.nativeBinding);
  try {
    // The first read proves the file is SQLite at all.
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    checkIsOurs(db, absolute, applicationId, userVersion);
    const list = options.migrations ?? migrations;
    const latest = list.length ? list[list.length - 1]!.version : 0;
    if (userVersion > LATEST_SCHEMA_VERSION || userVersion > latest) {
      throw new AppError(
        'database',
        `数据库由更新版本的 GridDesk 创建（结构版本 ${userVersion}，本程序支持到 ${latest}）：请升级 GridDesk 后再打开，文件未作任何修改`,
      );
    }
    if (options.readonly) {
      db.pragma('query_only = ON');
      return { db, migration: { from: userVersion, to: userVersion, backupPath: null } };
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536'); // 64 MiB
    db.pragma('temp_store = MEMORY');
    const report = migrate(db, absolute, userVersion, list);
    // Keep the planner's statistics fresh on long-lived connections (SQLite's recommended start-up
    // call: analyses only tables whose statistics are missing or stale, with a bounded effort).
    db.pragma('optimize = 0x10002');
    return { db, migration: report };
  } catch (e) {
    db.close();
    throw describeSqliteError(e, absolute);
  }
}

function checkIsOurs(db: Db, file: string, applicationId: number, userVersion: number): void {
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new AppError('database', `这不是 GridDesk 数据库（属于其他程序，application_id=${applicationId}）：${file}`);
  }
  if (applicationId === 0) {
    const tables = db
      .prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .get() as { n: number };
    if (tables.n > 0 || userVersion !== 0) {
      throw new AppError('database', `这不是 GridDesk 数据库（文件中已有其他程序的数据表）：${file}`);
    }
  }
}

/**
 * Applies the pending migrations, backing the file up first. All of them run in ONE transaction: a failure
 * or a power cut anywhere leaves the database wholly at the version it had, never at a step in between.
 */
function migrate(db: Db, file: string, from: number, list: readonly Migration[]): MigrationReport {
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, backupPath: null };
  let backupPath: string | null = null;
  if (from > 0) {
    backupPath = `${file}.v${from}-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    db.prepare('VACUUM INTO ?').run(backupPath);
  }
  let current: Migration | null = null;
  try {
    db.transaction(() => {
      for (const m of pending) {
        current = m;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }).immediate();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const step = current as Migration | null;
    throw new AppError(
      'database',
      `数据库升级失败（第 ${step?.version ?? '?'} 步 ${step?.name ?? ''}）：${reason}。数据库保持在结构版本 ${from}${backupPath ? `，升级前备份：${backupPath}` : ''}`,
      { cause: e },
    );
  }
  return { from, to: pending[pending.length - 1]!.version, backupPath };
}

/** Turns SQLite's terse codes into a sentence that names the file and the problem. */
export function describeSqliteError(e: unknown, file: string): Error {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(message)) {
    return new AppError('database', `文件不是 SQLite 数据库（可能已损坏或是其他类型的文件）：${file}`, { cause: e });
  }
  if (code === 'SQLITE_CORRUPT' || /malformed/i.test(message)) {
    return new AppError(
      'database',
      `数据库文件已损坏：${file}。请从备份恢复（自动备份在数据库旁的 backups 文件夹中；命令行：restore --db ${file} --from 备份文件夹）`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('database', `无法打开或写入数据库（检查文件和文件夹的权限）：${file}`, { cause: e });
  }
  if (isSqliteBusy(e)) return busyError(e, file);
  return new AppError('database', `无法打开数据库 ${file}：${message}`, { cause: e });
}

/**
 * The connection's change marker: different after any committed write by any connection (PRAGMA
 * data_version moves when another connection commits, total_changes() with this one's own writes). Memos
 * kept per connection (a month's assessment draft, the grid tree) are good while it stays the same.
 */
export function changeMarker(db: Db): string {
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const own = prepared(db, 'SELECT total_changes()').pluck().get() as number;
  return `${dataVersion}.${own}`;
}

/** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT): another connection holds the write lock. */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/**
 * AppError('busy') for an SQLITE_BUSY error (another writer held the database past the busy timeout:
 * the caller may simply try again); any other error is returned unchanged. Use as `throw toBusyError(e)`.
 */
export function toBusyError(e: unknown, file?: string): unknown {
  return isSqliteBusy(e) ? busyError(e, file) : e;
}

function busyError(e: unknown, file?: string): AppError {
  return new AppError('busy', `数据库正忙，请稍后重试：另一个程序或导入正在写入${file ? ` ${file}` : '数据库'}，等待超时`, { cause: e });
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly schemaVersion: number;
  readonly latestSchemaVersion: number;
  readonly integrity: readonly string[];
  readonly foreignKeyViolations: number;
}

/** Full integrity check: SQLite's own check, foreign keys, and the schema version. */
export function checkIntegrity(db: Db): IntegrityReport {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const fk = db.pragma('foreign_key_check') as unknown[];
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const ok =
    integrity.length === 1 && integrity[0] === 'ok' && fk.length === 0 && schemaVersion === LATEST_SCHEMA_VERSION;
  return { ok, schemaVersion, latestSchemaVersion: LATEST_SCHEMA_VERSION, integrity, foreignKeyViolations: fk.length };
}

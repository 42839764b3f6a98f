/**
 * One host per database: `<db>.lock`, a small JSON file naming the process that has the database open
 * for writing (pid, host name, when that process started, the app and how it uses the file).
 *
 * SQLite's own locking keeps each transaction safe, but two GridDesk windows (or a desktop window and
 * browser mode, or two PCs on a network share) working on one file would each keep caches, schedules
 * and backups of their own. acquireLock refuses a second holder and names the first; a lock left by a
 * process that is gone (same host, pid no longer running) is taken over. A lock written on another host
 * is never judged stale automatically: this PC cannot see that host's processes.
 *
 * Read-only use (check, verify, viewing) takes no lock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors';
import { shanghaiTimestamp } from './backup/format';

export const LOCK_APP = 'GridDesk';
const LOCK_FORMAT = 1;
/** An unreadable lock file younger than this is taken to be still being written. */
const UNREADABLE_GRACE_MS = 30_000;

export interface LockHolder {
  readonly app: string;
  readonly format: number;
  readonly pid: number;
  readonly host: string;
  /** When the holding process started (ISO 8601): tells a live holder from a later process with the same pid. */
  readonly processStartedAt: string;
  readonly acquiredAt: string;
  /** How the holder uses the database: 'electron', 'browser', 'cli', 'restore', … */
  readonly mode: string;
  readonly databasePath: string;
}

export interface DatabaseLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock (idempotent). */
  release(): boolean;
}

/** AppError('conflict') naming who holds the database; `holder` is null when the lock file cannot be read. */
export class DatabaseLockedError extends AppError {
  readonly holder: LockHolder | null;
  readonly lockPath: string;
  constructor(message: string, holder: LockHolder | null, lockPath: string) {
    super('conflict', message);
    this.holder = holder;
    this.lockPath = lockPath;
  }
}

/** This process, as a lock names it. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  readonly processStartedAt: string;
}

const THIS_PROCESS: ProcessIdentity = {
  pid: process.pid,
  host: os.hostname(),
  processStartedAt: new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString(),
};

export function thisProcess(): ProcessIdentity {
  return THIS_PROCESS;
}

export interface LockOptions {
  /** How this process uses the database (recorded in the lock). Default 'write'. */
  readonly mode?: string;
  /** The clock, for acquiredAt. */
  readonly now?: () => number;
  /** Tests: stand in for another process or host. */
  readonly identity?: ProcessIdentity;
  /** Tests: whether a pid runs on this host. Default: process.kill(pid, 0). */
  readonly isProcessAlive?: (pid: number) => boolean;
}

export function lockPathFor(databasePath: string): string {
  return `${path.resolve(databasePath)}.lock`;
}

function defaultIsProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockFileState {
  readonly raw: string;
  readonly holder: LockHolder | null;
  readonly mtimeMs: number;
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (
      typeof h === 'object' &&
      h !== null &&
      typeof h.pid === 'number' &&
      Number.isInteger(h.pid) &&
      typeof h.host === 'string' &&
      typeof h.processStartedAt === 'string' &&
      typeof h.app === 'string'
    ) {
      return {
        app: h.app,
        format: typeof h.format === 'number' ? h.format : LOCK_FORMAT,
        pid: h.pid,
        host: h.host,
        processStartedAt: h.processStartedAt,
        acquiredAt: typeof h.acquiredAt === 'string' ? h.acquiredAt : h.processStartedAt,
        mode: typeof h.mode === 'string' ? h.mode : 'write',
        databasePath: typeof h.databasePath === 'string' ? h.databasePath : '',
      };
    }
  } catch {
    // unreadable
  }
  return null;
}

function readLockFile(file: string): LockFileState | null {
  try {
    const raw = fs.readFileSync(file, 'utf8');
    const mtimeMs = fs.statSync(file).mtimeMs;
    return { raw, holder: parseHolder(raw), mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Whether the holder is this very process (same host, pid and start time). */
function isSelf(holder: LockHolder, me: ProcessIdentity): boolean {
  return holder.host === me.host && holder.pid === me.pid && holder.processStartedAt === me.processStartedAt;
}

/**
 * A lock is stale when its process is gone: same host and the pid no longer runs, or the pid is this
 * process's but from an earlier start. Never for a lock from another host.
 */
export function isLockStale(
  holder: LockHolder,
  options: { identity?: ProcessIdentity; isProcessAlive?: (pid: number) => boolean } = {},
): boolean {
  const me = options.identity ?? THIS_PROCESS;
  if (holder.host !== me.host) return false;
  if (holder.pid === me.pid) return holder.processStartedAt !== me.processStartedAt;
  return !(options.isProcessAlive ?? defaultIsProcessAlive)(holder.pid);
}

export interface LockStatus {
  readonly path: string;
  /** null when the file cannot be parsed. */
  readonly holder: LockHolder | null;
  readonly stale: boolean;
  readonly heldByThisProcess: boolean;
}

/** Who holds the database, or null when nobody does. */
export function readLock(databasePath: string, options: Pick<LockOptions, 'identity' | 'isProcessAlive' | 'now'> = {}): LockStatus | null {
  const file = lockPathFor(databasePath);
  const state = readLockFile(file);
  if (!state) return null;
  const me = options.identity ?? THIS_PROCESS;
  const now = (options.now ?? Date.now)();
  const stale = state.holder ? isLockStale(state.holder, options) : now - state.mtimeMs > UNREADABLE_GRACE_MS;
  return { path: file, holder: state.holder, stale, heldByThisProcess: !!state.holder && isSelf(state.holder, me) };
}

/** The Chinese sentence naming who holds the database. */
export function describeHolder(databasePath: string, holder: LockHolder | null, lockFile: string, me: ProcessIdentity = THIS_PROCESS): string {
  if (!holder) {
    return `数据库锁文件无法读取（可能正在写入）：${lockFile}。请稍后重试；如确认没有其他 GridDesk 在使用 ${databasePath}，可删除该锁文件，或者可以只读方式打开`;
  }
  const since = Number.isNaN(Date.parse(holder.processStartedAt)) ? holder.processStartedAt : shanghaiTimestamp(Date.parse(holder.processStartedAt));
  const base = `数据库正由 主机 ${holder.host} 上的进程 ${holder.pid}（自 ${since} 起）使用：${databasePath}。`;
  if (holder.host !== me.host) {
    return (
      base +
      `锁来自另一台电脑，请先关闭那台电脑上的 GridDesk；如确认它已关闭，可删除锁文件 ${lockFile}。只需查看时，可以只读方式打开`
    );
  }
  return base + `请先关闭该 GridDesk（${holder.mode}）再打开；只需查看时，可以只读方式打开`;
}

/**
 * Takes the database for this process: creates `<db>.lock` (exclusively), taking over a stale lock.
 * Throws DatabaseLockedError (kind 'conflict', with `holder`) when another live process holds it,
 * including this same process (a second acquire without release). Call release() on shutdown.
 */
export function acquireLock(databasePath: string, options: LockOptions = {}): DatabaseLock {
  const absolute = path.resolve(databasePath);
  const file = lockPathFor(absolute);
  const me = options.identity ?? THIS_PROCESS;
  const now = options.now ?? Date.now;
  const holder: LockHolder = {
    app: LOCK_APP,
    format: LOCK_FORMAT,
    pid: me.pid,
    host: me.host,
    processStartedAt: me.processStartedAt,
    acquiredAt: new Date(now()).toISOString(),
    mode: options.mode ?? 'write',
    databasePath: absolute,
  };
  const text = JSON.stringify(holder, null, 2) + '\n';

  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        const state = readLockFile(file);
        if (!state) continue; // released meanwhile: try again
        const stale = state.holder
          ? isLockStale(state.holder, { identity: me, ...(options.isProcessAlive ? { isProcessAlive: options.isProcessAlive } : {}) })
          : now() - state.mtimeMs > UNREADABLE_GRACE_MS;
        if (!stale) throw new DatabaseLockedError(describeHolder(absolute, state.holder, file, me), state.holder, file);
        // Remove the stale lock only if it is still the one judged (another starter may have replaced it).
        const again = readLockFile(file);
        if (again && again.raw === state.raw) fs.rmSync(file, { force: true });
        continue;
      }
      if (code === 'ENOENT') throw new AppError('not-found', `数据库所在文件夹不存在：${path.dirname(absolute)}`, { cause: e });
      throw new AppError('database', `无法创建数据库锁文件（检查文件夹的写入权限）：${file}`, { cause: e });
    }
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return makeHandle(file, holder);
  }
  const state = readLockFile(file);
  throw new DatabaseLockedError(describeHolder(absolute, state?.holder ?? null, file, me), state?.holder ?? null, file);
}

function makeHandle(file: string, holder: LockHolder): DatabaseLock {
  return {
    path: file,
    holder,
    release: () => releaseLockFile(file, holder),
  };
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.host === b.host && a.pid === b.pid && a.processStartedAt === b.processStartedAt && a.acquiredAt === b.acquiredAt;
}

function releaseLockFile(file: string, holder: LockHolder): boolean {
  const state = readLockFile(file);
  if (!state?.holder || !sameHolder(state.holder, holder)) return false;
  fs.rmSync(file, { force: true });
  return true;
}

/**
 * Releases a lock: the handle from acquireLock, or a database path (released only when this process
 * holds it). Returns whether a lock file was removed; never removes another process's lock.
 */
export function releaseLock(lock: DatabaseLock | string, options: { identity?: ProcessIdentity } = {}): boolean {
  if (typeof lock !== 'string') return lock.release();
  const file = lockPathFor(lock);
  const state = readLockFile(file);
  if (!state?.holder || !isSelf(state.holder, options.identity ?? THIS_PROCESS)) return false;
  fs.rmSync(file, { force: true });
  return true;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  DatabaseLockedError,
  acquireLock,
  isLockStale,
  lockPathFor,
  readLock,
  releaseLock,
  thisProcess,
  type LockHolder,
} from '../../db/lock';
import { describeSqliteError, isSqliteBusy, openDatabase, toBusyError } from '../../db/open';
import { isAppError } from '../../db/errors';
import { tempDir } from '../helpers/tmp';

const lockModule = path.resolve(__dirname, '../../db/lock.ts');

function refusal(fn: () => unknown): DatabaseLockedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatabaseLockedError) return e;
    throw e;
  }
  throw new Error('expected the lock to be refused');
}

/** A separate GridDesk-like process that takes the lock and keeps running (or exits without releasing). */
async function holderProcess(dbPath: string, thenExit = false): Promise<{ child: ChildProcess; holder: LockHolder }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { acquireLock } from ${JSON.stringify(lockModule)};
       const lock = acquireLock(${JSON.stringify(dbPath)}, { mode: 'browser' });
       process.stdout.write(JSON.stringify(lock.holder) + '\\n');
       ${thenExit ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => (out.includes('\n') ? undefined : reject(new Error(`holder exited ${code}`))));
  });
  if (thenExit && child.exitCode === null) await new Promise((r) => child.once('exit', r));
  return { child, holder: JSON.parse(line) as LockHolder };
}

describe('database lock', () => {
  it('acquire writes <db>.lock naming pid, host, process start, app and mode; release removes it', () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const lock = acquireLock(db, { mode: 'electron', now: () => Date.parse('2026-11-25T01:30:00Z') });
    expect(lock.path).toBe(`${db}.lock`);
    const onDisk = JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8'));
    expect(onDisk).toEqual({
      app: 'GridDesk',
      format: 1,
      pid: process.pid,
      host: os.hostname(),
      processStartedAt: thisProcess().processStartedAt,
      acquiredAt: '2026-11-25T01:30:00.000Z',
      mode: 'electron',
      databasePath: db,
    });
    expect(Date.parse(onDisk.processStartedAt)).toBeLessThanOrEqual(Date.now());
    expect(readLock(db)).toMatchObject({ heldByThisProcess: true, stale: false });
    expect(lock.release()).toBe(true);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
    expect(lock.release()).toBe(false); // idempotent
    expect(readLock(db)).toBeNull();
    // Free again.
    acquireLock(db).release();
  });

  it('a second acquire is refused naming the holder (conflict, holder on the error), until released', () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const first = acquireLock(db, { mode: 'browser' });
    const e = refusal(() => acquireLock(db, { mode: 'electron' }));
    expect(e.kind).toBe('conflict');
    expect(e.holder).toMatchObject({ pid: process.pid, host: os.hostname(), mode: 'browser', app: 'GridDesk' });
    expect(e.lockPath).toBe(`${db}.lock`);
    expect(e.message).toMatch(new RegExp(`^数据库正由 主机 ${os.hostname()} 上的进程 ${process.pid}（自 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d 起）使用：`));
    expect(e.message).toContain(db);
    expect(e.message).toContain('可以只读方式打开');
    // The refused attempt changed nothing.
    expect(JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8'))).toEqual(first.holder);
    first.release();
    acquireLock(db, { mode: 'electron' }).release();
  });

  it('another live process holding the database is named; once it dies without releasing, the stale lock is taken over', async () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const { child, holder } = await holderProcess(db);
    try {
      expect(holder.pid).toBe(child.pid);
      const e = refusal(() => acquireLock(db));
      expect(e.holder).toMatchObject({ pid: child.pid, host: os.hostname(), mode: 'browser' });
      expect(e.message).toContain(`上的进程 ${child.pid}`);
      expect(readLock(db)).toMatchObject({ stale: false, heldByThisProcess: false });
      // Releasing by path never removes another process's lock.
      expect(releaseLock(db)).toBe(false);
      expect(fs.existsSync(lockPathFor(db))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    }
    expect(readLock(db)).toMatchObject({ stale: true });
    const mine = acquireLock(db, { mode: 'electron' });
    expect(mine.holder.pid).toBe(process.pid);
    expect(JSON.parse(fs.readFileSync(lockPathFor(db), 'utf8')).pid).toBe(process.pid);
    expect(releaseLock(db)).toBe(true);
  });

  it('a lock left by a process that exited without releasing is stale; a dead pid on this host too', async () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const { holder } = await holderProcess(db, true);
    expect(fs.existsSync(lockPathFor(db))).toBe(true);
    expect(isLockStale(holder)).toBe(true);
    const lock = acquireLock(db);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();

    // Written by hand: a pid that no longer runs.
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    fs.writeFileSync(
      lockPathFor(db),
      JSON.stringify({ app: 'GridDesk', pid: dead, host: os.hostname(), processStartedAt: '2026-11-25T00:00:00.000Z', mode: 'electron' }),
    );
    acquireLock(db).release();
  });

  it('a lock from another host is never stale automatically, even when that pid is not running here', () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const other = acquireLock(db, {
      mode: 'electron',
      identity: { pid: 999_999, host: 'OFFICE-PC-2', processStartedAt: '2026-11-25T00:30:00.000Z' },
    });
    let asked = false;
    const e = refusal(() =>
      acquireLock(db, {
        isProcessAlive: () => {
          asked = true;
          return false;
        },
      }),
    );
    expect(asked).toBe(false);
    expect(e.holder).toMatchObject({ host: 'OFFICE-PC-2', pid: 999_999 });
    expect(e.message).toContain('数据库正由 主机 OFFICE-PC-2 上的进程 999999（自 2026-11-25 08:30:00 起）使用');
    expect(e.message).toMatch(/另一台电脑.*可以只读方式打开/);
    expect(e.message).toContain(lockPathFor(db));
    other.release();
  });

  it('this pid from an earlier start (pid reused) is stale; an unreadable lock waits, then is taken over', () => {
    const db = path.join(tempDir(), 'griddesk.sqlite');
    const me = thisProcess();
    const earlier = acquireLock(db, { identity: { ...me, processStartedAt: '2020-01-01T00:00:00.000Z' } });
    expect(readLock(db)?.stale).toBe(true);
    const lock = acquireLock(db);
    expect(lock.holder.processStartedAt).toBe(me.processStartedAt);
    expect(earlier.release()).toBe(false); // no longer its lock
    lock.release();

    fs.writeFileSync(lockPathFor(db), '{"app": "GridD'); // a crash while writing it
    const young = refusal(() => acquireLock(db));
    expect(young.holder).toBeNull();
    expect(young.message).toMatch(/锁文件无法读取/);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(lockPathFor(db), old, old);
    acquireLock(db).release();
  });

  it('a missing folder is named', () => {
    expect(() => acquireLock(path.join(tempDir(), 'nope', 'griddesk.sqlite'))).toThrow(/数据库所在文件夹不存在/);
  });
});

describe('a busy database', () => {
  it('SQLITE_BUSY past the busy timeout becomes AppError busy (数据库正忙，请稍后重试); other errors pass through', () => {
    const file = path.join(tempDir(), 'griddesk.sqlite');
    const a = openDatabase(file).db;
    const b = openDatabase(file).db;
    b.pragma('busy_timeout = 50');
    a.exec('BEGIN IMMEDIATE');
    try {
      let caught: unknown = null;
      try {
        b.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 0)`).run();
      } catch (e) {
        caught = e;
      }
      expect(isSqliteBusy(caught)).toBe(true);
      const busy = toBusyError(caught);
      expect(isAppError(busy) && busy.kind).toBe('busy');
      expect((busy as Error).message).toMatch(/^数据库正忙，请稍后重试：/);
      expect((busy as Error).cause).toBe(caught);
      expect(describeSqliteError(caught, file)).toMatchObject({ kind: 'busy', message: expect.stringContaining(file) });
      const other = new Error('something else');
      expect(toBusyError(other)).toBe(other);
      expect(isSqliteBusy(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
      expect(isSqliteBusy(Object.assign(new Error('x'), { code: 'SQLITE_LOCKED' }))).toBe(false);
    } finally {
      a.exec('ROLLBACK');
      a.close();
      b.close();
    }
  });
});

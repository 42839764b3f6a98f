/**
 * Finding 6 ("Busy database = internal error"): while another connection or process holds the database's
 * write lock (a command-line import, a second tool), a write through the HTTP API waits out the busy
 * timeout and is answered 503 with kind 'busy' and 数据库正忙…, never 500 'internal'; nothing stored
 * changes, reads go on (WAL), and the same call goes through once the lock is gone.
 *
 * A second host on the same file is refused naming the process that holds it: tests/electron/runtime.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../db/domain/errors';
import { toErrorPayload } from '../../electron/handlers/invoke';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';

let store: OpenedStore | null = null;
let server: BrowserServer | null = null;
let holder: Database.Database | null = null;
let child: ChildProcess | null = null;

afterEach(async () => {
  child?.kill();
  child = null;
  if (holder?.inTransaction) holder.exec('ROLLBACK');
  holder?.close();
  holder = null;
  await server?.close();
  store?.close();
  server = null;
  store = null;
});

async function host(): Promise<{ file: string; session: string }> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'renderer'));
  const file = path.join(dir, 'busy.sqlite');
  store = openStore(file, { transport: 'http' });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(dir, 'renderer') });
  const setup = await call('session:setup', { name: '管理员', secret: 'Admin#2026' });
  expect(setup.ok).toBe(true);
  // The host waits 5 s for a busy database; the test waits 150 ms.
  store.db.pragma('busy_timeout = 150');
  return { file, session: (setup.value as { token: string }).token };
}

async function call(name: string, input: unknown, session = '') {
  const started = performance.now();
  const res = await fetch(`${server!.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server!.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
  return { status: res.status, ms: performance.now() - started, ...body };
}

/** Row counts of every table and the commit counter, through a read-only connection of its own. */
function snapshot(file: string): { counts: Record<string, number>; version: number; close(): void } & { now(): { counts: Record<string, number>; version: number } } {
  const observer = new Database(file, { readonly: true });
  const read = () => {
    const tables = observer.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    return {
      counts: Object.fromEntries(tables.map((t) => [t, observer.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number])),
      version: observer.pragma('data_version', { simple: true }) as number,
    };
  };
  return { ...read(), now: read, close: () => observer.close() };
}

/** The writes a desk makes, each through the API while the lock is held. */
const WRITES: [string, unknown][] = [
  ['persons:create', { name: '王五', phone: '13800000009' }],
  ['security:set', { idleLockMinutes: 30 }],
  ['operators:create', { name: '巡查员孙', role: 'inspector', secret: 'Inspect#2026' }],
  ['calendar:set-day', { date: '2026-10-08', kind: 'workday', name: '调休' }],
];

function expectBusy(answer: Awaited<ReturnType<typeof call>>, what: string): void {
  expect(answer.status, what).toBe(503);
  expect(answer.error?.kind, what).toBe('busy');
  expect(answer.error?.message, what).toMatch(/^数据库正忙/);
}

describe('finding 6: a busy database answers 503 busy (数据库正忙…), never internal', () => {
  it('a write through the HTTP API while another connection holds the write lock (BEGIN IMMEDIATE)', async () => {
    const { file, session } = await host();
    holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const before = snapshot(file);
    try {
      for (const [name, input] of WRITES) {
        const answer = await call(name, input, session);
        if (answer.status === 400) throw new Error(`${name}: the test's input is invalid: ${answer.error?.message}`);
        expectBusy(answer, name);
        expect(answer.ms, name).toBeLessThan(3_000);
      }
      // A login writes the login log: busy too, and no session comes of it.
      const login = await call('session:login', { name: '管理员', secret: 'Admin#2026' });
      expectBusy(login, 'session:login');
      // Reads go on beside the writer (WAL).
      const info = await call('app:info', {});
      expect(info.status).toBe(200);
      expect(before.now()).toEqual({ counts: before.counts, version: before.version });
    } finally {
      before.close();
    }
    holder.exec('ROLLBACK');
    // Once the lock is gone the same call goes through.
    const again = await call('persons:create', { name: '王五', phone: '13800000009' }, session);
    expect(again.status).toBe(200);
  });

  it('a write while another process (a command-line import, say) holds the database', async () => {
    const { file, session } = await host();
    // Another process takes the write lock and keeps it until told to let go.
    child = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
         db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO persons (name, created_at, updated_at) VALUES ('导入中', 0, 0)").run();
         console.log('locked'); process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); console.log('released'); });`,
      ],
      { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const said = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const onData = (d: Buffer) => d.toString().includes(word) && (child!.stdout!.off('data', onData), resolve());
        child!.stdout!.on('data', onData);
        child!.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before saying ${word}`)));
      });
    await said('locked');
    const before = snapshot(file);
    try {
      const answer = await call('persons:create', { name: '赵六' }, session);
      expectBusy(answer, 'persons:create');
      expect(before.now()).toEqual({ counts: before.counts, version: before.version });
    } finally {
      before.close();
    }
    const released = said('released');
    child.stdin!.write('go\n');
    await released;
    const again = await call('persons:create', { name: '赵六' }, session);
    expect(again.status).toBe(200);
    expect(store!.db.prepare(`SELECT count(*) FROM persons WHERE name = '导入中'`).pluck().get()).toBe(0);
  });

  it('a busy error wrapped on the way up (an internal error caused by SQLITE_BUSY) is still busy', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const wrapped = new AppError('internal', '导入失败：database is locked', { cause: busy });
    expect(toErrorPayload(wrapped)).toEqual({ kind: 'busy', message: expect.stringMatching(/^数据库正忙/) });
    expect(toErrorPayload(new Error('outer', { cause: Object.assign(new Error('locked'), { code: 'SQLITE_LOCKED' }) }))).toMatchObject({ kind: 'busy' });
    // Other kinds keep what they say, whatever caused them; a plain bug stays internal.
    expect(toErrorPayload(new AppError('conflict', '已被修改', { cause: busy }))).toEqual({ kind: 'conflict', message: '已被修改' });
    expect(toErrorPayload(new TypeError('x is undefined'))).toMatchObject({ kind: 'internal' });
  });
});

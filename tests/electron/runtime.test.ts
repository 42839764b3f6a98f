/**
 * The host runtime: one host per database (the lock), and backup → change → restore through the real
 * HTTP API, with the store reopened under the same server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRuntime, type HostRuntime } from '../../electron/runtime';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the assertions
type Any = any;

const running: { runtime: HostRuntime; server?: BrowserServer }[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.server?.close();
    await r.runtime.stop();
  }
});

async function host(file: string) {
  const runtime = startRuntime({ databasePath: file, transport: 'http', backups: false });
  const staticDir = tempDir();
  const server = await startBrowserServer({ handlers: runtime.handlers, staticDir });
  running.push({ runtime, server });
  const call = async (name: string, body: unknown, session?: string) => {
    const res = await fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, ...((await res.json()) as { ok: boolean; value?: Any; error?: { kind: string; message: string } }) };
  };
  return { runtime, server, call };
}

describe('host runtime', () => {
  it('one host per database: a second start names the process and host that hold it', async () => {
    const file = path.join(tempDir(), 'one.sqlite');
    await host(file);
    expect(() => startRuntime({ databasePath: file, transport: 'http', backups: false })).toThrow(new RegExp(`进程 ${process.pid}`));
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
  });

  it('backs up, restores exactly what was backed up through the API, logs it, and asks everyone to log in again', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.sqlite');
    const { runtime, call } = await host(file);
    const admin = (await call('session:setup', { name: '管理员', secret: 'Admin#2026' })).value.token as string;
    await call('backup:set', { folder: path.join(dir, 'usb') }, admin);
    const made = await call('backup:now', {}, admin);
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
    expect(made.value.dir).toContain(path.join(dir, 'usb'));
    // A change after the backup: a new operator.
    expect((await call('operators:create', { name: '后来的人', role: 'supervisor', secret: 'Later#2026' }, admin)).ok).toBe(true);
    const status = await call('backup:status', {}, admin);
    expect(status.value).toMatchObject({ canRestore: true, backups: [{ dir: made.value.dir }] });
    const verified = await call('backup:verify', { dir: made.value.dir }, admin);
    expect(verified.value).toMatchObject({ ok: true, problems: [] });

    const restored = await call('backup:restore', { dir: made.value.dir }, admin);
    expect(restored.ok, JSON.stringify(restored.error)).toBe(true);
    expect(restored.value.beforeRestore).toBeTruthy();
    // The sessions went with the old store.
    expect((await call('operators:accounts', {}, admin)).status).toBe(401);
    const again = (await call('session:login', { name: '管理员', secret: 'Admin#2026' })).value.token as string;
    const names = ((await call('operators:accounts', {}, again)).value as { name: string }[]).map((a) => a.name);
    expect(names).toEqual(['管理员']);
    const log = (await call('settings:log', {}, again)).value.items as { action: string; actorName: string }[];
    expect(log[0]).toMatchObject({ action: 'backup.restore', actorName: '管理员' });
    expect(runtime.store().db.open).toBe(true);
  });

  it('refuses a junk backup with nothing changed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.sqlite');
    const { runtime, call } = await host(file);
    const admin = (await call('session:setup', { name: '管理员', secret: 'Admin#2026' })).value.token as string;
    const junk = path.join(dir, 'griddesk-20261125-100000');
    fs.mkdirSync(junk);
    fs.writeFileSync(path.join(junk, 'manifest.json'), '{"format":"something-else"}');
    fs.writeFileSync(path.join(junk, 'griddesk.sqlite'), 'not a database');
    const before = runtime.store().db.prepare(`SELECT count(*) AS n FROM settings_log`).get();
    const refused = await call('backup:restore', { dir: junk }, admin);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('备份不可用') } });
    expect((await call('operators:accounts', {}, admin)).ok).toBe(true);
    expect(runtime.store().db.prepare(`SELECT count(*) AS n FROM settings_log`).get()).toEqual(before);
  });
});

describe('read-only beside the host', () => {
  it('opens a held database read-only: logins work, reads work, every write is refused with a clear message', async () => {
    const file = path.join(tempDir(), 'ro.sqlite');
    const { call } = await host(file);
    const admin = (await call('session:setup', { name: '管理员', secret: 'Admin#2026' })).value.token as string;
    expect((await call('persons:create', { name: '张三' }, admin)).ok).toBe(true);
    const readonly = startRuntime({ databasePath: file, transport: 'http', readonly: true });
    const server = await startBrowserServer({ handlers: readonly.handlers, staticDir: tempDir() });
    running.push({ runtime: readonly, server });
    const ask = async (name: string, body: unknown, session?: string) => {
      const res = await fetch(`${server.origin}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, ...((await res.json()) as { ok: boolean; value?: Any; error?: { kind: string; message: string } }) };
    };
    const login = await ask('session:login', { name: '管理员', secret: 'Admin#2026' });
    expect(login.ok, JSON.stringify(login.error)).toBe(true);
    const session = login.value.token as string;
    expect((await ask('persons:list', {}, session)).value).toHaveLength(1);
    const write = await ask('persons:create', { name: '李四' }, session);
    expect(write).toMatchObject({ ok: false, error: { kind: 'forbidden', message: expect.stringContaining('只读') } });
  });
});

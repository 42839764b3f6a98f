/**
 * Operators who log in: the session decides who acts, never a field the client sends. Tested over real
 * HTTP (browser mode) with a clock the test moves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the assertions
type Any = any;

let store: OpenedStore;
let server: BrowserServer;
let clock: number;

beforeEach(async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'renderer'));
  clock = Date.parse('2026-11-25T10:00:00+08:00');
  store = openStore(path.join(dir, 'a.sqlite'), { transport: 'http', now: () => clock });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(dir, 'renderer') });
});

afterEach(async () => {
  await server.close();
  store.db.close();
});

async function call(name: string, body: unknown, session?: string): Promise<{ status: number; ok: boolean; value?: Any; error?: { kind: string; message: string } }> {
  const res = await fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...(await res.json()) };
}

async function setupAdmin(): Promise<string> {
  const r = await call('session:setup', { name: '王管理', secret: 'Admin#2026' });
  expect(r.ok).toBe(true);
  return r.value.token as string;
}

async function addOperator(admin: string, name: string, role: string, secret = 'Pass#2026'): Promise<string> {
  const created = await call('operators:create', { name, role, secret }, admin);
  expect(created.ok, JSON.stringify(created.error)).toBe(true);
  const login = await call('session:login', { name, secret });
  expect(login.ok).toBe(true);
  return login.value.token as string;
}

describe('operators who log in', () => {
  it('first start: says set-up is needed, creates the administrator once, then refuses a second set-up', async () => {
    const status = await call('session:status', {});
    expect(status.value).toMatchObject({ needsSetup: true, isEmpty: true, operator: null });
    const admin = await setupAdmin();
    const mine = await call('session:status', {}, admin);
    expect(mine.value).toMatchObject({ needsSetup: false, operator: { name: '王管理', role: 'admin', hasPassword: true } });
    const again = await call('session:setup', { name: '李冒充', secret: 'Other#2026' });
    expect(again).toMatchObject({ status: 403, ok: false, error: { kind: 'forbidden' } });
    // A secret with a trailing NUL is not the secret (scrypt's HMAC would pad it away).
    expect((await call('session:login', { name: '王管理', secret: 'Admin#2026\u0000' })).ok).toBe(false);
    expect((await call('session:login', { name: '王管理', secret: 'Admin#2026' })).ok).toBe(true);
    const stored = store.db.prepare(`SELECT password_hash FROM operators WHERE name = '王管理'`).get() as { password_hash: string };
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain('Admin#2026');
  });

  it('finding 2: without a session nothing but the public calls answer; roles are the session’s, not the body’s', async () => {
    const admin = await setupAdmin();
    for (const name of ['incidents:list', 'operators:accounts', 'categories:list', 'settings:log']) {
      const r = await call(name, {});
      expect(r, name).toMatchObject({ status: 401, ok: false, error: { kind: 'unauthorized' } });
    }
    expect((await call('app:info', {})).ok).toBe(true);
    const supervisor = await addOperator(admin, '赵监督', 'supervisor');
    const refused = await call('operators:create', { name: '假管理员', role: 'admin', secret: 'Fake#2026' }, supervisor);
    expect(refused).toMatchObject({ status: 403, error: { kind: 'forbidden', message: expect.stringContaining('管理员') } });
    expect(store.db.prepare(`SELECT count(*) AS n FROM operators`).get()).toEqual({ n: 2 });
    // A made-up token is no session at all.
    const forged = await call('operators:accounts', {}, 'x'.repeat(43));
    expect(forged.status).toBe(401);
  });

  it('names are normalised and unique: a look-alike with a zero-width space or full-width letters is the same name', async () => {
    const admin = await setupAdmin();
    await addOperator(admin, '张三A', 'supervisor');
    for (const lookAlike of ['张\u200b三A', '张三Ａ', ' 张三A\u00ad ']) {
      const r = await call('operators:create', { name: lookAlike, role: 'admin', secret: 'Fake#2026' }, admin);
      expect(r, lookAlike).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    }
    const invisible = await call('operators:create', { name: '\u200b\u200b', role: 'handler', secret: 'Fake#2026' }, admin);
    expect(invisible).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('locks an account after 5 wrong passwords and an address after 10 failures; every attempt is logged', async () => {
    const admin = await setupAdmin();
    expect((await call('security:set', { idleLockMinutes: 0 }, admin)).ok).toBe(true); // the clock jumps below
    await addOperator(admin, '钱巡查', 'inspector');
    for (let i = 0; i < 4; i++) {
      expect((await call('session:login', { name: '钱巡查', secret: 'wrong-one' })).error?.message).toMatch(/还可再试/);
    }
    expect((await call('session:login', { name: '钱巡查', secret: 'wrong-one' })).error?.message).toMatch(/锁定/);
    expect((await call('session:login', { name: '钱巡查', secret: 'Pass#2026' })).error?.message).toMatch(/锁定/);
    clock += 16 * 60_000;
    expect((await call('session:login', { name: '钱巡查', secret: 'Pass#2026' })).ok).toBe(true);
    for (let i = 0; i < 10; i++) await call('session:login', { name: `无此人${i}`, secret: 'whatever' });
    expect((await call('session:login', { name: '钱巡查', secret: 'Pass#2026' })).error?.message).toMatch(/失败次数过多/);
    const outcomes = (await call('settings:login-log', { limit: 100 }, admin)).value.map((e: { outcome: string }) => e.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['wrong-secret', 'locked', 'ok', 'unknown-name', 'rate-limited']));
  });

  it('locks an idle session after the set time; the same operator unlocks it with the password', async () => {
    const admin = await setupAdmin();
    expect((await call('security:set', { idleLockMinutes: 10 }, admin)).ok).toBe(true);
    clock += 11 * 60_000;
    const locked = await call('operators:accounts', {}, admin);
    expect(locked).toMatchObject({ status: 401, error: { kind: 'unauthorized', message: expect.stringContaining('锁定') } });
    expect((await call('session:status', {}, admin)).value).toMatchObject({ locked: true, operator: { name: '王管理' } });
    expect((await call('session:unlock', { secret: 'bad-secret' }, admin)).ok).toBe(false);
    expect((await call('session:unlock', { secret: 'Admin#2026' }, admin)).ok).toBe(true);
    expect((await call('operators:accounts', {}, admin)).ok).toBe(true);
    // Someone typing without calling anything: the page's heartbeat keeps the session open.
    clock += 6 * 60_000;
    expect((await call('session:touch', {}, admin)).ok).toBe(true);
    clock += 6 * 60_000;
    expect((await call('operators:accounts', {}, admin)).ok).toBe(true);
    // The queue's poll every 30 s is the desk, not the operator: an unattended desk still locks.
    for (let minute = 1; minute <= 10; minute++) {
      clock += 60_000;
      expect((await call('queue:mine', { limit: 5 }, admin)).ok, `poll at minute ${minute}`).toBe(true);
    }
    clock += 60_000;
    expect(await call('queue:mine', { limit: 5 }, admin)).toMatchObject({ status: 401, error: { message: expect.stringContaining('锁定') } });
  });

  it('deactivating an operator ends their sessions; the last administrator cannot be removed', async () => {
    const admin = await setupAdmin();
    const handler = await addOperator(admin, '孙处置', 'handler');
    const id = (await call('session:status', {}, handler)).value.operator.id as number;
    expect((await call('operators:set-active', { id, isActive: false }, admin)).ok).toBe(true);
    expect((await call('session:status', {}, handler)).value.operator).toBeNull();
    expect((await call('incidents:list', {}, handler)).status).toBe(401);
    const adminId = (await call('session:status', {}, admin)).value.operator.id as number;
    expect(await call('operators:set-role', { id: adminId, role: 'supervisor' }, admin)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('every account change is on the settings log with who, when and before/after — never the password', async () => {
    const admin = await setupAdmin();
    await addOperator(admin, '周领导', 'manager', 'Secret#Lead1');
    const id = (store.db.prepare(`SELECT id FROM operators WHERE name = '周领导'`).get() as { id: number }).id;
    await call('operators:set-role', { id, role: 'supervisor' }, admin);
    await call('operators:reset-password', { id, secret: 'Secret#Lead2' }, admin);
    const log = (await call('settings:log', {}, admin)).value.items as { action: string; actorName: string; before: unknown; after: unknown; at: number }[];
    expect(log.map((e) => e.action)).toEqual(['operator.password-reset', 'operator.role', 'operator.create', 'admin.setup']);
    expect(log[1]).toMatchObject({ actorName: '王管理', before: { role: 'manager' }, after: { role: 'supervisor' }, at: clock });
    const text = JSON.stringify(store.db.prepare(`SELECT * FROM settings_log`).all());
    expect(text).not.toContain('Secret#Lead');
    expect(() => store.db.prepare(`DELETE FROM settings_log`).run()).toThrow(/只能追加/);
  });
});

/**
 * The call host with real worker threads on the demo district: every long call (LONG_CALLS) answers the
 * same through the pool as on the host's thread (values, errors, map:points' bytes, refusals decided by the
 * session before any worker is asked); the export job's file written by a worker is the same file; a worker
 * that crashes or will not stop is replaced and the next call is answered; and over HTTP a short call is
 * answered while a long one is still running, and a client that goes away cancels its call in the worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { invokeCall } from '../../electron/handlers/invoke';
import { LONG_CALLS } from '../../electron/contract/longCalls';
import type { ByteChunks } from '../../electron/contract/mapPointsWire';
import { createCallHost, type CallHost } from '../../electron/callHost/callHost';
import { threadSpawner } from '../../electron/callHost/ports';
import { CANCELLED_MESSAGE, type HostMessage, type WorkerMessage, type WorkerPort } from '../../electron/callHost/protocol';
import { startBrowserServer } from '../../electron/server/httpServer';
import { buildWeeklyReport } from '../../electron/report/weeklyReport';
import type { Caller, Result } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const FIXTURE = path.resolve(import.meta.dirname, '../helpers/callWorkerFixture.ts');
let dir: string;
let file: string;
let plain: OpenedStore;
let pooled: OpenedStore;
let plainCaller: Caller;
let pooledCaller: Caller;

async function logIn(store: OpenedStore): Promise<Caller> {
  const name = (store.db.prepare("SELECT name FROM operators WHERE role = 'admin' AND is_active = 1 LIMIT 1").get() as { name: string }).name;
  const login = await invokeCall(store.handlers, 'session:login', { name, secret: 'demo2026' }, { transport: 'http', session: null, address: '127.0.0.1' });
  if (!login.ok) throw new Error(login.error.message);
  return { transport: 'http', session: (login.value as { token: string }).token, address: '127.0.0.1' };
}

async function allBytes(chunks: ByteChunks): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (let bytes = await chunks.read(); bytes !== null; bytes = await chunks.read()) parts.push(bytes);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-callhost-'));
  file = path.join(dir, 'demo.sqlite');
  const seed = openStore(file, { transport: 'direct', now: () => NOW });
  await seed.handlers['demo:load']({ until: '2026-11-25', incidents: 4000 });
  seed.db.close();
  plain = openStore(file, { transport: 'http', now: () => NOW });
  pooled = openStore(file, { transport: 'http', now: () => NOW, callHost: { size: 2 } });
  plainCaller = await logIn(plain);
  pooledCaller = await logIn(pooled);
}, 120_000);

afterAll(() => {
  pooled?.close();
  plain?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the call host on the demo district (worker threads)', () => {
  it('answers every long call as the host thread does, errors and refusals included', async () => {
    const street = (plain.db.prepare('SELECT code FROM grids WHERE level = 2 ORDER BY code LIMIT 1').get() as { code: string }).code;
    const cases: [string, unknown][] = [
      ['stats:week', { week: '2026-W47' }],
      ['stats:week', {}],
      ['stats:week', { week: '2026-W47', areaCode: street }],
      ['stats:period', { from: '2026-01-01', to: '2026-11-24' }],
      ['stats:period', { from: '2026-11-24', to: '2026-01-01' }],
      ['stats:trend', { weeks: 12 }],
      ['stats:trend', { weeks: 8, areaCode: street }],
      ['reports:weekly-html', { week: '2026-W47' }],
      ['campaigns:list', {}],
      ['stats:week', { week: 'not-a-week' }],
    ];
    // 考核: the month's draft, a published version, the diff against the draft, one object, the 月报's HTML.
    const schemes = plain.db.prepare('SELECT id, code FROM assess_schemes ORDER BY id').all() as { id: number; code: string }[];
    expect(schemes.length).toBeGreaterThan(0);
    const general = schemes[0]!.id;
    const published = await invokeCall(plain.handlers, 'assess:publish', { schemeId: general, month: '2026-10' }, plainCaller);
    expect(published.ok).toBe(true);
    const grid = (plain.db.prepare('SELECT code FROM grids WHERE level = 3 ORDER BY code LIMIT 1').get() as { code: string }).code;
    for (const s of schemes) cases.push(['assess:compute', { schemeId: s.id, month: '2026-11' }]);
    cases.push(
      ['assess:compute', { schemeId: general, month: '2099-01' }],
      ['assess:result', { schemeId: general, month: '2026-10', version: null }],
      ['assess:result', { schemeId: general, month: '2026-10', version: 1 }],
      ['assess:result', { schemeId: general, month: '2026-10', version: 9 }],
      ['assess:diff', { schemeId: general, month: '2026-10', from: 1, to: null }],
      ['assess:object', { schemeId: general, month: '2026-11', version: null, type: 'street', code: street }],
      ['assess:object', { schemeId: general, month: '2026-10', version: 1, type: 'grid', code: grid }],
      ['reports:monthly-html', { month: '2026-10' }],
    );
    const host = pooled.callHost!;
    for (const [name, input] of cases) {
      const expected = await invokeCall(plain.handlers, name, input, plainCaller);
      const got = await host.dispatch(pooled.handlers, name, input, pooledCaller);
      expect(got, `${name} ${JSON.stringify(input)}`).toEqual(expected);
    }
    expect(host.stats().workers).toBeGreaterThan(0);
    // Every long call is covered here or by the map test below.
    const covered = new Set([...cases.map(([n]) => n), 'map:points']);
    expect([...LONG_CALLS].filter((n) => !covered.has(n))).toEqual([]);
  }, 60_000);

  it('streams map:points from a worker, byte for byte the host thread\'s answer', async () => {
    for (const filter of [{}, { statuses: ['dispatched', 'handling'] as string[] }]) {
      const expected = await invokeCall(plain.handlers, 'map:points', { filter }, plainCaller);
      const got = await pooled.callHost!.dispatch(pooled.handlers, 'map:points', { filter }, pooledCaller);
      if (!expected.ok || !got.ok) throw new Error('map:points failed');
      const [a, b] = [await allBytes(expected.value as ByteChunks), await allBytes(got.value as ByteChunks)];
      expect(b.length).toBeGreaterThan(200);
      expect(b.equals(a)).toBe(true);
    }
  }, 60_000);

  it('decides who acts on the host thread: a call without a session is refused there, the same as before', async () => {
    const host = createCallHost({ databasePath: file, now: () => NOW, spawn: () => () => { throw new Error('no worker may be asked'); } });
    const anonymous: Caller = { transport: 'http', session: null, address: '127.0.0.1' };
    const expected = await invokeCall(plain.handlers, 'stats:week', { week: '2026-W47' }, anonymous);
    expect(expected).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(await host.dispatch(pooled.handlers, 'stats:week', { week: '2026-W47' }, anonymous)).toEqual(expected);
    expect(await host.dispatch(pooled.handlers, 'stats:week', { week: 5 }, pooledCaller)).toEqual(await invokeCall(plain.handlers, 'stats:week', { week: 5 }, plainCaller));
    expect(host.stats().workers).toBe(0);
    host.close();
  });

  it('writes the export job\'s file in a worker: the same file, with progress and counts', async () => {
    const filter = { statuses: ['closed'] };
    const run = async (store: OpenedStore, caller: Caller) => {
      const call = (name: string, input: unknown) => invokeCall(store.handlers, name, input, caller) as Promise<Result<Record<string, unknown>>>;
      const started = await call('exports:start', { format: 'csv', filter });
      if (!started.ok) throw new Error(started.error.message);
      const jobId = started.value.jobId as string;
      let status = started.value;
      while (status.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const polled = await call('exports:progress', { jobId });
        if (!polled.ok) throw new Error(polled.error.message);
        status = polled.value;
      }
      const parts: Buffer[] = [];
      for (let offset = 0; ; ) {
        const chunk = await call('exports:read', { jobId, offset });
        if (!chunk.ok) throw new Error(chunk.error.message);
        parts.push(Buffer.from(chunk.value.dataBase64 as string, 'base64'));
        offset += chunk.value.bytes as number;
        if (chunk.value.done) break;
      }
      return { status, bytes: Buffer.concat(parts) };
    };
    const before = pooled.callHost!.stats().workers;
    const a = await run(plain, plainCaller);
    const b = await run(pooled, pooledCaller);
    expect(b.status).toMatchObject({ state: 'done', cases: a.status.cases, totalRows: a.status.totalRows, rowsWritten: a.status.rowsWritten, bytes: a.status.bytes });
    expect(a.status.cases).toBeGreaterThan(100);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(pooled.callHost!.stats().workers).toBeGreaterThanOrEqual(Math.max(1, before));
  }, 60_000);

  it('builds the weekly summary\'s HTML for the PDF in a worker, the same HTML', async () => {
    const built = await pooled.callHost!.tasks.weeklyHtml({ week: '2026-W47', areaCode: undefined, now: NOW });
    const { html, report } = buildWeeklyReport(plain.readDb, { week: '2026-W47', now: NOW });
    expect(built.html).toBe(html);
    expect(built.areaName).toBe(report.area.name);
  }, 60_000);
});

describe('a worker that crashes or will not stop (real threads)', () => {
  let host: CallHost;

  beforeAll(() => {
    host = createCallHost({ databasePath: file, now: () => NOW, size: 1, cancelGraceMs: 100, spawn: (init) => threadSpawner(init, FIXTURE) });
  });
  afterAll(() => host?.close());

  it('answers the call in flight with a clear message, starts a new worker and answers the next call', async () => {
    // The crash comes from the worker (its input is the fixture's, past the gate's validation on purpose).
    const crash = await runRaw(host, { crash: true });
    expect(crash).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(crash.ok ? '' : crash.error.message).toMatch(/^后台计算进程意外退出（退出代码 3）：本次调用未完成/);
    const after = await host.dispatch(pooled.handlers, 'stats:week', { week: '2026-W47' }, pooledCaller);
    expect(after).toEqual(await invokeCall(plain.handlers, 'stats:week', { week: '2026-W47' }, plainCaller));
  }, 60_000);

  it('cancel: a worker held in one long step is killed after the grace period and replaced', async () => {
    const controller = new AbortController();
    const hung = runRaw(host, { hang: 20_000 }, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    expect(await hung).toEqual({ ok: false, error: { kind: 'busy', message: CANCELLED_MESSAGE } });
    const after = await host.dispatch(pooled.handlers, 'campaigns:list', {}, pooledCaller);
    expect(after).toEqual(await invokeCall(plain.handlers, 'campaigns:list', {}, plainCaller));
  }, 60_000);
});

/** A task straight to the pool (the fixture's inputs are not the contract's): its outcome as a Result. */
async function runRaw(host: CallHost, input: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
  try {
    const outcome = await host.run({ kind: 'call', name: 'stats:week', input, ctx: { actor: null, caller: pooledCaller }, now: NOW }, { signal });
    return { ok: true, value: outcome.type === 'value' ? outcome.value : null };
  } catch (e) {
    const error = e as { kind: 'internal'; message: string };
    return { ok: false, error: { kind: error.kind, message: error.message } };
  }
}

describe('over HTTP: the server answers while a long call runs', () => {
  it('answers incidents:get while stats:period waits on its worker; a client that goes away cancels it there', async () => {
    const received: HostMessage[] = [];
    let answer: ((m: WorkerMessage) => void) | null = null;
    const port: WorkerPort = {
      post: (m) => received.push(m),
      onMessage: (listener) => (answer = listener),
      onExit: () => undefined,
      kill: () => undefined,
    };
    const host = createCallHost({ databasePath: file, now: () => NOW, size: 1, spawn: () => () => port });
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GridDesk</title>');
    const server = await startBrowserServer({ handlers: pooled.handlers, staticDir, callHost: () => host });
    try {
      const headers = { 'content-type': 'application/json', 'x-griddesk-token': server.token, 'x-griddesk-session': pooledCaller.session! };
      const post = (name: string, input: unknown, signal?: AbortSignal) =>
        fetch(`${server.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input), ...(signal ? { signal } : {}) });
      const controller = new AbortController();
      const long = post('stats:period', { from: '2016-01-01', to: '2026-11-24' }, controller.signal).catch((e: unknown) => e);
      while (!received.some((m) => m.type === 'run')) await new Promise((resolve) => setTimeout(resolve, 10));
      const run = received.find((m) => m.type === 'run')!;
      expect(run).toMatchObject({ task: { kind: 'call', name: 'stats:period', input: { from: '2016-01-01', to: '2026-11-24' }, now: NOW, ctx: { actor: { role: 'admin' } } } });
      const id = (plain.db.prepare('SELECT id FROM incidents ORDER BY id LIMIT 1').get() as { id: number }).id;
      const detail = (await (await post('incidents:get', { id })).json()) as Result<{ id: number }>;
      expect(detail).toMatchObject({ ok: true, value: { id } });
      expect(received.some((m) => m.type === 'cancel')).toBe(false);
      controller.abort();
      await long;
      while (!received.some((m) => m.type === 'cancel')) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received.find((m) => m.type === 'cancel')).toEqual({ type: 'cancel', id: (run as { id: number }).id });
      // The worker's answer, when it comes, goes nowhere; the next call is served.
      answer!({ type: 'error', id: (run as { id: number }).id, error: { kind: 'busy', message: CANCELLED_MESSAGE } });
      const next = post('stats:week', { week: '2026-W47' });
      while (received.filter((m) => m.type === 'run').length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      const second = received.filter((m) => m.type === 'run')[1] as { id: number };
      answer!({ type: 'value', id: second.id, value: { from: 'the worker' } });
      expect(await (await next).json()).toEqual({ ok: true, value: { from: 'the worker' } });
    } finally {
      await server.close();
      host.close();
    }
  }, 30_000);
});

/**
 * map:points as a streamed binary answer: the same points as the plain JSON (base64) form on the demo
 * district, through the wire format cut anywhere, through browser mode's HTTP body (behind the token and
 * the session gate, the server serving others meanwhile, a client that leaves stopping the stream) and
 * through Electron's IPC pull channel and the preload bridge.
 */
import path from 'node:path';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, OPEN_STATUSES, channelFor, type IncidentFilter } from '../../electron/contract';
import {
  PointsDecoder,
  STREAM_CHANNEL,
  encodeChunk,
  encodeEnd,
  encodeHeader,
  joinChunks,
  readAllPoints,
  type ByteChunks,
  type PointsChunk,
} from '../../electron/contract/mapPointsWire';
import { createBridge } from '../../electron/bridge';
import { registerIpc, type IpcMainLike } from '../../electron/ipc';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { mapPointChunks, mapPoints } from '../../db/queries/map';
import { APP_ORIGIN } from '../../electron/security';
import { decodePoints } from '../../renderer/features/map/points/pointsCodec';
import { tempDir } from '../helpers/tmp';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
let file: string;
let store: OpenedStore;

let dir: string;

beforeAll(async () => {
  // Kept for the whole file (tempDir folders go after each test).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-points-'));
  file = path.join(dir, 'demo.sqlite');
  const seed = openStore(file, { transport: 'direct', now: () => NOW });
  await seed.handlers['demo:load']({ until: '2026-11-25', incidents: 6000 });
  seed.db.close();
  store = openStore(file, { transport: 'direct', now: () => NOW });
}, 120_000);

afterAll(() => {
  store?.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const FILTERS: readonly [string, IncidentFilter][] = [
  ['open', { statuses: [...OPEN_STATUSES] }],
  ['all with duplicates', { statuses: [...INCIDENT_STATUSES], includeDuplicates: true }],
  ['overdue', { overdue: true }],
  ['closed in a rectangle', { statuses: ['closed'], bbox: [112.95, 28.1, 113.05, 28.2] }],
  ['nothing', { statuses: ['closed'], bbox: [0, 0, 1, 1] }],
];

/** The plain answer: base64 arrays in JSON, decoded as the page decoded them before. */
function plain(filter: IncidentFilter): PointsChunk {
  return decodePoints(JSON.parse(JSON.stringify(mapPoints(store.db, filter, NOW))));
}

function expectSame(actual: PointsChunk, expected: PointsChunk): void {
  expect(actual.count).toBe(expected.count);
  expect([...actual.ids]).toEqual([...expected.ids]);
  expect([...actual.coords]).toEqual([...expected.coords]);
  expect([...actual.status]).toEqual([...expected.status]);
  expect([...actual.overdue]).toEqual([...expected.overdue]);
}

/** The binary answer as one byte string, built from chunks of `perChunk` points. */
function wire(filter: IncidentFilter, perChunk: number): Uint8Array {
  const parts = [encodeHeader(NOW)];
  let total = 0;
  const chunks = mapPointChunks(store.db, filter, NOW, perChunk);
  for (let step = chunks.next(); !step.done; step = chunks.next()) {
    total += step.value.count;
    parts.push(encodeChunk(step.value));
  }
  parts.push(encodeEnd(total));
  return Buffer.concat(parts);
}

/** Decodes bytes fed in pieces of the given sizes (cycled). */
function decodeInPieces(bytes: Uint8Array, sizes: readonly number[]): PointsChunk & { at: number } {
  const decoder = new PointsDecoder();
  const chunks: PointsChunk[] = [];
  for (let at = 0, k = 0; at < bytes.byteLength; k++) {
    const size = sizes[k % sizes.length]!;
    chunks.push(...decoder.push(bytes.subarray(at, at + size)));
    at += size;
  }
  const { at } = decoder.finish();
  return { ...joinChunks(chunks), at };
}

describe('map:points binary answer', () => {
  it('decodes to exactly the points of the JSON answer on the demo district, whatever the chunking and the cuts on the way', () => {
    let total = 0;
    for (const [label, filter] of FILTERS) {
      const expected = plain(filter);
      total += expected.count;
      for (const perChunk of [700, 65_536]) {
        const bytes = wire(filter, perChunk);
        // Byte by byte only for the small answers (it is slow, not different).
        for (const sizes of [[bytes.byteLength], bytes.byteLength < 50_000 ? [1] : [2], [3, 5, 4093], [65_536, 7]]) {
          const got = decodeInPieces(bytes, sizes);
          expect(got.at, label).toBe(NOW);
          expectSame(got, expected);
        }
      }
    }
    expect(total).toBeGreaterThan(6000); // the demo's points, not empty answers
  });

  it('is what the handler answers, and 14 bytes a point instead of base64 text', async () => {
    for (const [, filter] of FILTERS) {
      const answer = (await store.handlers['map:points']({ filter })) as ByteChunks;
      const got = await readAllPoints(answer);
      expectSame(got, plain(filter));
      expect(got.at).toBe(NOW);
    }
    const all = FILTERS[1]![1];
    const json = JSON.stringify(mapPoints(store.db, all, NOW)).length;
    const binary = wire(all, 65_536).byteLength;
    expect(binary).toBeLessThan(json * 0.8);
    expect(binary).toBeLessThanOrEqual(16 + 8 + 8 + 14 * plain(all).count + 3 + 8);
  });

  it('refuses an answer cut short, one with a wrong count, and bytes that are not points', () => {
    const bytes = wire(FILTERS[0]![1], 500);
    expect(() => decodeInPieces(bytes.subarray(0, bytes.byteLength - 8), [4096])).toThrow(/不完整/);
    expect(() => decodeInPieces(bytes.subarray(0, bytes.byteLength - 100), [4096])).toThrow(/不完整/);
    const wrongCount = Uint8Array.from(bytes);
    new DataView(wrongCount.buffer).setUint32(wrongCount.byteLength - 4, 1, true);
    expect(() => decodeInPieces(wrongCount, [4096])).toThrow(/应有 1 个/);
    expect(() => new PointsDecoder().push(new TextEncoder().encode('{"ok":true,"value":{}}'))).toThrow(/不是 GridDesk 的案件点数据/);
  });
});

describe('map:points over HTTP (browser mode)', () => {
  let server: BrowserServer;
  let http1: OpenedStore;
  let session = '';

  beforeAll(async () => {
    http1 = openStore(file, { transport: 'http', now: () => NOW });
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GridDesk</title>');
    server = await startBrowserServer({ handlers: http1.handlers, staticDir });
    const name = (http1.db.prepare("SELECT name FROM operators WHERE role = 'supervisor' AND is_active = 1 LIMIT 1").get() as { name: string }).name;
    const login = await post('session:login', { name, secret: 'demo2026' });
    session = ((await login.json()) as { value: { token: string } }).value.token;
  });

  afterAll(async () => {
    await server?.close();
    http1?.db.close();
  });

  function post(name: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-griddesk-token': server.token, ...(session ? { 'x-griddesk-session': session } : {}), ...headers },
      body: JSON.stringify(body),
    });
  }

  it('answers with the points as an application/octet-stream body, the same as the JSON answer', async () => {
    const filter = FILTERS[1]![1];
    const res = await post('map:points', { filter });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const got = decodeInPieces(new Uint8Array(await res.arrayBuffer()), [1 << 20]);
    expectSame(got, plain(filter));
  });

  it('is refused without a session or the token, as JSON, before any point is read', async () => {
    for (const headers of [{ 'x-griddesk-session': '' }, { 'x-griddesk-session': 'not-a-session' }]) {
      const res = await post('map:points', { filter: {} }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    }
    const noToken = await fetch(`${server.origin}/api/map:points`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-griddesk-session': session },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    const bad = await post('map:points', { filter: { statuses: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('serves other calls between its chunks, and stops producing when the client goes away', async () => {
    // A slow reader: the stream stays open while another request is answered.
    const answered: string[] = [];
    const body = JSON.stringify({ filter: FILTERS[1]![1] });
    const gotFirstBytes = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/map:points',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-griddesk-token': server.token, 'x-griddesk-session': session },
        },
        (res) => {
          res.once('data', () => {
            res.pause();
            resolve(res);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const res = await gotFirstBytes;
    const info = await post('app:info', {});
    answered.push(String(((await info.json()) as { ok: boolean }).ok));
    expect(answered).toEqual(['true']);
    res.destroy();
    await new Promise((r) => setTimeout(r, 50));
    // The server lives on and streams again.
    const again = await post('map:points', { filter: FILTERS[0]![1] });
    expectSame(decodeInPieces(new Uint8Array(await again.arrayBuffer()), [1 << 20]), plain(FILTERS[0]![1]));
  });
});

describe('a streamed answer cannot hold the server', () => {
  /** An answer without end: a header, then 1000-point chunks for as long as someone reads. */
  function endless() {
    const state = { reads: 0, cancelled: false };
    const all = plain(FILTERS[1]![1]);
    const chunk = encodeChunk(sliceOf(all, Math.min(1000, all.count)));
    const answer: ByteChunks = {
      read: async () => (state.reads++ === 0 ? encodeHeader(NOW) : chunk),
      cancel: async () => {
        state.cancelled = true;
      },
    };
    return { state, answer };
  }

  function sliceOf(p: PointsChunk, n: number): PointsChunk {
    return { count: n, ids: p.ids.subarray(0, n), coords: p.coords.subarray(0, 2 * n), status: p.status.subarray(0, n), overdue: p.overdue.subarray(0, n) };
  }

  it('stops producing when the client goes away, cuts off a client that stops reading, and answers others meanwhile', async () => {
    const own = openStore(file, { transport: 'http', now: () => NOW });
    const staticDir = tempDir();
    const server = await startBrowserServer({ handlers: own.handlers, staticDir, limits: { streamStallMs: 400 } });
    try {
      const name = (own.db.prepare("SELECT name FROM operators WHERE role = 'supervisor' AND is_active = 1 LIMIT 1").get() as { name: string }).name;
      const headers = { 'content-type': 'application/json', 'x-griddesk-token': server.token };
      const login = (await (await fetch(`${server.origin}/api/session:login`, { method: 'POST', headers, body: JSON.stringify({ name, secret: 'demo2026' }) })).json()) as { value: { token: string } };
      const session = { ...headers, 'x-griddesk-session': login.value.token };
      const streams: ReturnType<typeof endless>[] = [];
      (own.handlers as unknown as Record<string, () => ByteChunks>)['map:points'] = () => {
        const s = endless();
        streams.push(s);
        return s.answer;
      };
      const open = () =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          const body = JSON.stringify({ filter: {} });
          const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/map:points', headers: { ...session, 'content-length': Buffer.byteLength(body) } }, resolve);
          req.on('error', reject);
          req.end(body);
        });

      // A client that reads a little and leaves: the stream is cancelled, its reads stop.
      const leaving = await open();
      await new Promise<void>((resolve) => leaving.once('data', () => resolve()));
      leaving.destroy();
      await expect.poll(() => streams[0]!.state.cancelled, { timeout: 5000 }).toBe(true);
      const readsAtEnd = streams[0]!.state.reads;
      await new Promise((r) => setTimeout(r, 100));
      expect(streams[0]!.state.reads).toBe(readsAtEnd);

      // A client that stops reading: the server waits at most streamStallMs, then cuts it off.
      const stalled = await open();
      stalled.pause();
      const closed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
      const info = await fetch(`${server.origin}/api/app:info`, { method: 'POST', headers: session, body: '{}' });
      expect(((await info.json()) as { ok: boolean }).ok).toBe(true);
      await expect.poll(() => streams[1]!.state.cancelled, { timeout: 5000 }).toBe(true);
      stalled.resume();
      await closed;
      expect(streams[1]!.state.reads).toBeLessThan(2000); // bounded by the socket's buffers, not endless
    } finally {
      await server.close();
      own.db.close();
    }
  });
});

describe('map:points over IPC (Electron)', () => {
  type Listener = Parameters<IpcMainLike['handle']>[1];
  const frame = { url: `${APP_ORIGIN}/index.html`, parent: null };

  function bound() {
    const ipcStore = openStore(file, { transport: 'electron', now: () => NOW });
    const listeners = new Map<string, Listener>();
    const ipc = registerIpc({ handle: (channel, listener) => listeners.set(channel, listener) }, ipcStore.handlers);
    const call = (channel: string, input: unknown, window = 1, senderFrame: typeof frame | null = frame) =>
      Promise.resolve(listeners.get(channel)!({ senderFrame, sender: { id: window } }, input)) as Promise<{ ok: boolean; value?: unknown; error?: { kind: string } }>;
    return { ipcStore, ipc, call };
  }

  async function logIn(call: ReturnType<typeof bound>['call'], db: OpenedStore['db'], window = 1) {
    const name = (db.prepare("SELECT name FROM operators WHERE role = 'supervisor' AND is_active = 1 LIMIT 1").get() as { name: string }).name;
    expect(await call(channelFor('session:login'), { name, secret: 'demo2026' }, window)).toMatchObject({ ok: true });
  }

  it('answers with a stream handle; its chunks, pulled as Uint8Array through the stream channel, decode to the JSON answer', async () => {
    const { ipcStore, call } = bound();
    try {
      await logIn(call, ipcStore.db);
      const filter = FILTERS[1]![1];
      const opened = await call(channelFor('map:points'), { filter });
      expect(opened).toEqual({ ok: true, value: { stream: expect.any(String) } });
      const stream = (opened.value as { stream: string }).stream;
      const decoder = new PointsDecoder();
      const chunks: PointsChunk[] = [];
      let reads = 0;
      for (;;) {
        const r = await call(STREAM_CHANNEL, { stream, op: 'read' });
        expect(r.ok).toBe(true);
        if (r.value === null) break;
        expect(r.value).toBeInstanceOf(Uint8Array);
        chunks.push(...decoder.push(r.value as Uint8Array));
        reads++;
      }
      decoder.finish();
      expect(reads).toBeGreaterThanOrEqual(2); // header and points, then the end
      expectSame(joinChunks(chunks), plain(filter));
      // Read to the end: the stream is gone.
      expect(await call(STREAM_CHANNEL, { stream, op: 'read' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    } finally {
      ipcStore.db.close();
    }
  });

  it("refuses without a session, another window's stream, a foreign frame; cancel and a closed window end a stream", async () => {
    const { ipcStore, ipc, call } = bound();
    try {
      expect(await call(channelFor('map:points'), { filter: {} })).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
      await logIn(call, ipcStore.db);
      await logIn(call, ipcStore.db, 2);
      const open = async (window = 1) => ((await call(channelFor('map:points'), { filter: {} }, window)).value as { stream: string }).stream;
      const a = await open();
      expect(await call(STREAM_CHANNEL, { stream: a, op: 'read' }, 2)).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(await call(STREAM_CHANNEL, { stream: a, op: 'read' }, 1, { url: 'https://evil.example/', parent: null })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      expect(await call(STREAM_CHANNEL, { stream: a, op: 'read' })).toMatchObject({ ok: true });
      expect(await call(STREAM_CHANNEL, { stream: a, op: 'cancel' })).toEqual({ ok: true, value: null });
      expect(await call(STREAM_CHANNEL, { stream: a, op: 'read' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      const b = await open(2);
      ipc.forgetWindow(2);
      expect(await call(STREAM_CHANNEL, { stream: b, op: 'read' }, 2)).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(await call(STREAM_CHANNEL, { stream: 'x', op: 'read' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      // A window holds a bounded number of streams at once.
      const many = [];
      for (let k = 0; k < 8; k++) many.push(await call(channelFor('map:points'), { filter: {} }));
      expect(many.every((r) => r.ok)).toBe(true);
      expect(await call(channelFor('map:points'), { filter: {} })).toMatchObject({ ok: false, error: { kind: 'busy' } });
    } finally {
      ipcStore.db.close();
    }
  });

  it('reaches the page through the preload bridge as the ByteChunks the contract declares', async () => {
    const { ipcStore, call } = bound();
    try {
      const bridge = createBridge((channel, input) => call(channel, input));
      const name = (ipcStore.db.prepare("SELECT name FROM operators WHERE role = 'supervisor' AND is_active = 1 LIMIT 1").get() as { name: string }).name;
      expect(await bridge['session:login']({ name, secret: 'demo2026' })).toMatchObject({ ok: true });
      const filter = FILTERS[0]![1];
      const answer = await bridge['map:points']({ filter });
      expect(answer.ok).toBe(true);
      const got = await readAllPoints((answer as { value: ByteChunks }).value);
      expectSame(got, plain(filter));
      expect(await bridge['map:points']({ filter: { statuses: ['nope'] } })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    } finally {
      ipcStore.db.close();
    }
  });
});

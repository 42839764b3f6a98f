/**
 * Issue "Trust": what one client, or many, may hold of the browser-mode server. Slow headers and bodies
 * are cut off by the timeouts, a 40 MB body is refused as it streams (never buffered), a request without
 * the token never has its body read, the calls in progress are bounded (503 busy beyond), and an answer
 * of any size reaches a slow reader whole, whatever it says it accepts.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract';
import { bindGate, gateOf } from '../../electron/auth/gate';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer, type ServerLimits } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';
import { envelope, exchange, parseResponses, rawRequest } from './rawHttp';

let store: OpenedStore | null = null;
let server: BrowserServer | null = null;
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  store?.close();
  server = null;
  store = null;
});

async function start(limits: Partial<ServerLimits> = {}, wrap?: (h: Handlers) => Partial<Handlers>): Promise<{ server: BrowserServer; session: string }> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  store = openStore(path.join(dir, 'l.sqlite'), { transport: 'http' });
  let handlers: Handlers = store.handlers;
  if (wrap) {
    // The same handlers with some replaced; the gate goes with them.
    handlers = { ...store.handlers, ...wrap(store.handlers) } as Handlers;
    bindGate(handlers, gateOf(store.handlers)!);
  }
  server = await startBrowserServer({ handlers, staticDir: path.join(dir, 'renderer'), limits });
  const setup = await call('session:setup', { name: '管理员', secret: 'Admin#2026' });
  return { server, session: (setup.value as { token: string }).token };
}

async function call(name: string, input: unknown, session = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${server!.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server!.token, ...(session ? { [SESSION_HEADER]: session } : {}), ...headers },
    body: JSON.stringify(input),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    ...((await res.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } }),
  };
}

/** A connection that stays open until the test ends (or the server closes it). */
function connect(): Promise<{ socket: net.Socket; data: () => Buffer; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(server!.port, '127.0.0.1');
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - started)));
    socket.once('connect', () => resolve({ socket, data: () => Buffer.concat(chunks), closed }));
    socket.once('error', reject);
  });
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

const apiHead = (name: string, extra: [string, string][] = []) => (length: number | 'chunked'): Buffer =>
  rawRequest('POST', `/api/${name}`, [
    ['Host', `127.0.0.1:${server!.port}`],
    ['Content-Type', 'application/json'],
    ...extra,
    length === 'chunked' ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(length)],
  ]);

/**
 * Sends `total` bytes (after `head`) as fast as the server takes them, until it has sent them all or the
 * server answers and closes. Samples this process's memory meanwhile.
 */
async function flood(head: Buffer, total: number, options: { chunked?: boolean } = {}) {
  const { socket, data, closed } = await connect();
  const piece = Buffer.alloc(64 * 1024, 0x20);
  const before = process.memoryUsage();
  let peak = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
  }, 5);
  const started = performance.now();
  let written = 0;
  let ended = false;
  void closed.then(() => (ended = true));
  socket.write(head);
  while (written < total && !ended && !socket.destroyed) {
    const frame = options.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
    written += piece.length;
    if (!socket.write(frame)) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
  }
  await within(closed, 5_000, 'the server closes the connection');
  clearInterval(sample);
  const answer = parseResponses(data(), { head: false, closed: true }).responses[0];
  return { answer, written, ms: performance.now() - started, peakBytes: peak };
}

describe('server limits', () => {
  it('slow headers (slowloris) and an idle connection are cut off, while others are served', async () => {
    await start({ headersTimeoutMs: 400, requestTimeoutMs: 800, timeoutCheckIntervalMs: 100 });
    const slow = await Promise.all(Array.from({ length: 8 }, () => connect()));
    for (const { socket } of slow) socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server!.port}\r\n`);
    const drip = setInterval(() => {
      for (const { socket } of slow) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 100);
    const idle = await connect();
    try {
      // Others are served meanwhile.
      const probe = await exchange(server!.port, rawRequest('GET', '/assets/app.js', [['Host', `127.0.0.1:${server!.port}`], ['Connection', 'close']]));
      expect(probe.responses[0]?.status).toBe(200);
      const times = await within(Promise.all(slow.map((s) => s.closed)), 3_000, 'slow-header connections closed');
      for (const t of times) expect(t).toBeLessThan(1_500);
      const answer = parseResponses(slow[0]!.data(), { head: false, closed: true }).responses[0];
      expect(answer?.status).toBe(408);
      expect(envelope(answer!)?.error?.message).toMatch(/请求超时/);
      expect(await within(idle.closed, 3_000, 'idle connection closed')).toBeLessThan(1_500);
    } finally {
      clearInterval(drip);
    }
  });

  it('a body that trickles in is cut off by the request timeout', async () => {
    await start({ headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckIntervalMs: 100 });
    const { socket, data, closed } = await connect();
    socket.write(apiHead('app:info', [[TOKEN_HEADER, server!.token]])(1_000));
    const drip = setInterval(() => socket.destroyed || socket.write(' '), 50);
    try {
      expect(await within(closed, 3_000, 'trickling body closed')).toBeLessThan(1_500);
    } finally {
      clearInterval(drip);
    }
    expect(parseResponses(data(), { head: false, closed: true }).responses[0]?.status).toBe(408);
  });

  it('an idle kept-alive connection is closed after the keep-alive timeout', async () => {
    await start({ keepAliveTimeoutMs: 300 });
    const { socket, data, closed } = await connect();
    socket.write(rawRequest('GET', '/assets/app.js', [['Host', `127.0.0.1:${server!.port}`]]));
    const ms = await within(closed, 4_000, 'kept-alive connection closed');
    expect(parseResponses(data(), { head: false, closed: true }).responses[0]?.status).toBe(200);
    // Node keeps the socket up to one second past the advertised keep-alive time (a margin for clients).
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_500);
  });

  it('a 40 MB body is refused fast without being buffered: declared, streamed in chunks, or without the token', async () => {
    await start({ maxBodyBytes: 1024 * 1024 });
    const total = 40 * 1024 * 1024;

    // Declared too large: refused before a byte of the body is read.
    const declared = await flood(apiHead('app:info', [[TOKEN_HEADER, server!.token]])(total), total);
    expect(declared.answer?.status).toBe(413);
    expect(envelope(declared.answer!)?.error?.message).toMatch(/请求体过大（超过 1 MB）/);
    expect(declared.written).toBeLessThan(total);
    expect(declared.ms).toBeLessThan(2_000);

    // No length given: cut as soon as the limit is passed, the rest never read.
    const chunked = await flood(apiHead('app:info', [[TOKEN_HEADER, server!.token]])('chunked'), total, { chunked: true });
    expect(chunked.answer?.status).toBe(413);
    expect(chunked.written).toBeLessThan(total / 2);
    expect(chunked.ms).toBeLessThan(2_000);

    // Without the token: 401 before the body, whatever its size, and the connection closed.
    const noToken = await flood(apiHead('app:info')('chunked'), total, { chunked: true });
    expect(noToken.answer?.status).toBe(401);
    expect(noToken.written).toBeLessThan(total / 2);

    // Roughly: the process never held the 40 MB (nor anything near it).
    for (const run of [declared, chunked, noToken]) expect(run.peakBytes).toBeLessThan(16 * 1024 * 1024);
    console.log(
      `40 MB body: declared ${declared.ms.toFixed(0)} ms / ${(declared.written / 1e6).toFixed(1)} MB sent, chunked ${chunked.ms.toFixed(0)} ms / ${(chunked.written / 1e6).toFixed(1)} MB, no token ${noToken.ms.toFixed(0)} ms / ${(noToken.written / 1e6).toFixed(1)} MB; peak growth ${Math.max(declared.peakBytes, chunked.peakBytes, noToken.peakBytes) / 1e6} MB`,
    );
    expect((await call('app:info', {})).status).toBe(200);
  });

  it('Expect: 100-continue without the token gets 401, not an invitation to send the body', async () => {
    await start();
    const answer = await exchange(
      server!.port,
      rawRequest('POST', '/api/app:info', [
        ['Host', `127.0.0.1:${server!.port}`],
        ['Content-Type', 'application/json'],
        ['Content-Length', '2'],
        ['Expect', '100-continue'],
      ]),
    );
    expect(answer.responses.map((r) => r.status)).toEqual([401]);
  });

  it('at most 4 of an expensive call run at once, and no more than the global cap of any: 503 busy beyond, never a queue', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { session } = await start({ maxConcurrentCalls: 6 }, (h) => ({
      'stats:week': async () => {
        await gate;
        return { week: 'stub' } as unknown as Awaited<ReturnType<Handlers['stats:week']>>;
      },
      'categories:list': async (input, ctx) => {
        await gate;
        return h['categories:list'](input, ctx);
      },
    }));
    const weeks = Array.from({ length: 6 }, () => call('stats:week', {}, session));
    await new Promise((r) => setTimeout(r, 100));
    // Two more than the cap were refused at once, with a Chinese message and a hint when to retry.
    const early = await Promise.race([Promise.all(weeks.slice(4)), new Promise<null>((r) => setTimeout(() => r(null), 1_000))]);
    expect(early).not.toBeNull();
    for (const refused of early!) {
      expect(refused.status).toBe(503);
      expect(refused.error).toMatchObject({ kind: 'busy', message: expect.stringMatching(/^服务器正忙/) });
      expect(refused.retryAfter).toBe('1');
    }
    // A cheap call still gets through while the expensive ones wait; the global cap (6) is then full.
    const lists = [call('categories:list', {}, session), call('categories:list', {}, session)];
    await new Promise((r) => setTimeout(r, 100));
    const overCap = await call('app:info', {});
    expect(overCap.status).toBe(503);
    expect(overCap.error?.kind).toBe('busy');
    open();
    for (const answer of await Promise.all([...weeks.slice(0, 4), ...lists])) expect(answer.status).toBe(200);
    // Every slot was given back.
    expect((await Promise.all(Array.from({ length: 4 }, () => call('stats:week', {}, session)))).map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it('a client that goes away mid-body gives its slot back', async () => {
    await start({ maxConcurrentCalls: 2 });
    const gone = await Promise.all(Array.from({ length: 5 }, () => connect()));
    for (const { socket } of gone) socket.write(Buffer.concat([apiHead('app:info', [[TOKEN_HEADER, server!.token]])(100), Buffer.from('{"a":')]));
    await new Promise((r) => setTimeout(r, 100));
    const busy = await call('app:info', {});
    expect(busy.status).toBe(503);
    for (const { socket } of gone) socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await call('app:info', {})).status).toBe(200);
  });

  it('an answer of any size reaches a slow reader whole, whatever Accept says', async () => {
    const pad = 'x'.repeat(8 * 1024 * 1024);
    await start({ headersTimeoutMs: 200, requestTimeoutMs: 300, keepAliveTimeoutMs: 200, timeoutCheckIntervalMs: 50 }, (h) => ({
      'app:info': async (input, ctx) => ({ ...(await h['app:info'](input, ctx)), pad }) as Awaited<ReturnType<Handlers['app:info']>>,
    }));
    for (const accept of [null, 'text/html', 'application/xml;q=1, image/*;q=0.5', 'application/json;q=0']) {
      const { socket, data, closed } = await connect();
      socket.pause(); // read nothing for a while: longer than every timeout
      socket.write(
        rawRequest('POST', '/api/app:info', [
          ['Host', `127.0.0.1:${server!.port}`],
          [TOKEN_HEADER, server!.token],
          ['Content-Type', 'application/json'],
          ...(accept === null ? [] : [['Accept', accept] as [string, string]]),
          ['Content-Length', '2'],
          ['Connection', 'close'],
        ], Buffer.from('{}')),
      );
      await new Promise((r) => setTimeout(r, 450));
      socket.resume();
      await within(closed, 5_000, 'large answer read');
      const answer = parseResponses(data(), { head: false, closed: true }).responses[0]!;
      expect(answer.status, String(accept)).toBe(200);
      expect(answer.body.length).toBe(Number(answer.headers['content-length']));
      expect((envelope(answer)?.value as { pad: string }).pad.length).toBe(pad.length);
    }
  });

  it('oversized headers get 431, too many headers are cut to the first 100, and connections beyond the cap are closed', async () => {
    await start({ maxConnections: 4 });
    const host: [string, string] = ['Host', `127.0.0.1:${server!.port}`];
    const huge = await exchange(server!.port, rawRequest('GET', '/assets/app.js', [host, ['X-Pad', 'p'.repeat(20_000)]]));
    expect(huge.responses[0]?.status).toBe(431);
    const many = await exchange(
      server!.port,
      rawRequest('GET', '/assets/app.js', [host, ['Connection', 'close'], ...Array.from({ length: 300 }, (_, i): [string, string] => [`X-H${i}`, String(i)])]),
    );
    expect(many.responses[0]?.status).toBe(200);

    const held = await Promise.all(Array.from({ length: 4 }, () => connect()));
    await new Promise((r) => setTimeout(r, 50));
    const extra = await exchange(server!.port, rawRequest('GET', '/assets/app.js', [host, ['Connection', 'close']]), { timeoutMs: 2_000 });
    expect(extra.responses).toEqual([]);
    expect(['closed', 'reset']).toContain(extra.ending);
    for (const { socket } of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const after = await exchange(server!.port, rawRequest('GET', '/assets/app.js', [host, ['Connection', 'close']]));
    expect(after.responses[0]?.status).toBe(200);
  });
});

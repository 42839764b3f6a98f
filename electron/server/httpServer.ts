/**
 * Browser mode: the same handlers as Electron, served over HTTP on 127.0.0.1 only.
 * - GET /?token=T serves the renderer with T written into the page; other pages are static assets.
 * - POST /api/<name> runs one call; every request must carry the token in `x-griddesk-token`. The answer is
 *   the JSON envelope, except for a streamed call (STREAMED_CALLS: map:points) that succeeded: its binary
 *   chunks are the body (application/octet-stream), written as they are produced; its failures are JSON.
 * - The Host header must name this server (guards against DNS rebinding); a cross-origin Origin is refused.
 *
 * Nothing a client sends may take the process down or hold it: a request without the token is answered
 * before its body is read (and the connection closed), bodies are cut at the limit while they stream in,
 * the calls in progress are bounded (503 busy beyond, never a queue without end), and slow or idle
 * clients are cut off by the header, request and keep-alive timeouts.
 */
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { ErrorKind } from '../../db/domain/errors';
import { SESSION_HEADER, TOKEN_HEADER, TOKEN_PLACEHOLDER } from '../../db/domain/transport';
import { api, isCallName, isWrite, type CallName, type Handlers, type Result } from '../contract';
import { STREAMED_CALLS, type ByteChunks } from '../contract/mapPointsWire';
import { invokeCall } from '../handlers/invoke';
import { abortOnClose, type CallHost } from '../callHost/callHost';
import { MIME_TYPES, contentSecurityPolicy, securityHeaders } from '../security';
import type { TileService } from '../tiles/tileService';
import { isLoopback, normalizeAddress } from './allowList';
import { gateOf } from '../auth/gate';
import { LiveFeed, liveRoute } from './liveFeed';
import { writeTurnsOf } from './writeTurns';
import type { Db } from '../../db/open';

/** What one client, or many, may hold of the server at once. */
export interface ServerLimits {
  /** Largest request body: a longer one is refused (413) as soon as the limit is passed, and the connection closed. */
  readonly maxBodyBytes: number;
  /** Request bodies buffered at once, all requests together; beyond it 503 busy. */
  readonly maxBufferedBytes: number;
  /** API calls in progress at once (reading the body, running, answering); beyond it 503 busy. */
  readonly maxConcurrentCalls: number;
  /** Calls in progress at once for each of the expensive calls (EXPENSIVE_CALLS); beyond it 503 busy. */
  readonly maxConcurrentExpensive: number;
  /** Time to receive a request's headers (slow-header clients are cut off: 408). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included (not the time to answer it). */
  readonly requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  readonly maxHeadersCount: number;
  /** Total size of a request's headers (larger: 431). */
  readonly maxHeaderBytes: number;
  /** Open connections; further ones are closed at once. */
  readonly maxConnections: number;
  /** How often the header and request timeouts are checked. */
  readonly timeoutCheckIntervalMs: number;
  /** A streamed answer whose client reads nothing for this long is cut off (it would hold its call's slot). */
  readonly streamStallMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 32 * 1024 * 1024, // an import chunk (imports:upload) is at most 16 MB of base64
  maxBufferedBytes: 96 * 1024 * 1024,
  maxConcurrentCalls: 32, // a browser opens at most 6 connections per site: a few tabs fit well within
  maxConcurrentExpensive: 4,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxHeadersCount: 100,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 64,
  timeoutCheckIntervalMs: 1_000,
  streamStallMs: 30_000,
};

/**
 * Calls that take long (async work, worker threads, files) or read or build large data: at most
 * `maxConcurrentExpensive` of each run at once. Calls a page fires in bursts (attachments:get for the
 * thumbnails) only count toward the global cap.
 */
export const EXPENSIVE_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'demo:load',
  'backup:now',
  'backup:verify',
  'backup:restore',
  'imports:upload',
  'imports:preview',
  'imports:start',
  'imports:rejected-csv',
  'grids:import-preview',
  'grids:import',
  'stats:week',
  'stats:period',
  'stats:trend',
  'reports:weekly-html',
  'reports:weekly-pdf',
  'reports:monthly-html',
  'reports:monthly-pdf',
  'exports:start',
  'exports:read',
  'incidents:bulk-transition',
  'persons:reassign',
  'map:points', // a streamed answer of up to 1M points: a few seconds of reading each
]);

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  database: 503,
  busy: 503,
  internal: 500,
};

export interface BrowserServerOptions {
  /** The handlers, or a getter for a host whose handlers change (a restore reopens the database). */
  readonly handlers: Handlers | (() => Handlers);
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** Fixed token for tests; default: 32 random bytes per start. */
  readonly token?: string;
  /** 0 = any free port. */
  readonly port?: number;
  /** Largest accepted request body; default 32 MiB (same as limits.maxBodyBytes). */
  readonly maxBodyBytes?: number;
  /** Limits and timeouts; defaults in DEFAULT_LIMITS (tests shorten them). */
  readonly limits?: Partial<ServerLimits>;
  /** Offline tiles (GET /tiles/<token>/z/x/y) and the remote tile origins the CSP allows. */
  readonly tiles?: Pick<TileService, 'tile' | 'tileOrigins'>;
  /** Runs the long calls in workers (electron/callHost); without it every call runs on this thread. */
  readonly callHost?: CallHost | (() => CallHost | null) | null;
  /**
   * The writer connection the handlers write through: given, each write waits for its turn at the write
   * lock without stopping this thread (./writeTurns.ts) while another connection (an import) holds it.
   */
  readonly writer?: () => Db | null | undefined;
  /** Host mode (hostMode.ts): HTTPS on the intranet as well, for logged-in operators only. */
  readonly network?: NetworkOptions;
  /** A route answered before the API's; default: the live feed's (/live, /live/key). */
  readonly extraRoute?: ExtraRoute;
  /**
   * The live feed desks follow (liveFeed.ts): every write through this server is published to it. Default: a
   * feed of this server's own; pass one to share it between servers (host mode beside loopback browser mode).
   */
  readonly live?: LiveFeed;
}

/**
 * Host mode: the same server over HTTPS, listening beyond loopback. A peer on the network never uses the
 * per-start token (it is neither sent to it nor accepted from it): every API call but the public ones
 * (logging in) must carry a session, and the page it is served holds no token.
 */
export interface NetworkOptions {
  readonly tls: { readonly key: string; readonly cert: string };
  /** The address to listen on ('0.0.0.0': every interface). */
  readonly listenHost: string;
  /** Whether a peer may open a connection at all (checked as it connects; loopback always may). */
  admitAddress(address: string | undefined): boolean;
  /** Calls refused to a peer on the network (they name paths on the host, or change the host itself). */
  readonly loopbackOnly: ReadonlySet<string>;
  /** Whether a session token names a logged-in, unlocked operator (a tile request carries it in its path). */
  isSessionLive(token: string): boolean;
}

/** What an extra route knows of a request: from the network or this PC, and whether it carried the per-start token. */
export interface ExtraRequest {
  readonly remote: boolean;
  readonly trusted: boolean;
  readonly headers: Record<string, string>;
}
export type ExtraRoute = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, request: ExtraRequest) => boolean;

export interface BrowserServer {
  readonly url: string; // the address to open, with the token
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const tokenBuffer = Buffer.from(token);
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits, ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}) };
  // The CSP follows the basemap setting: the configured remote tile origin only, read per response.
  const headersNow = () => securityHeaders(contentSecurityPolicy({ tileOrigins: options.tiles?.tileOrigins() ?? [] }));
  let headers = headersNow();
  let port = 0;

  // Calls in progress (all, and per expensive call name) and request-body bytes buffered at once.
  let running = 0;
  const runningByName = new Map<CallName, number>();
  let buffered = 0;
  /** Requests whose body was read to the end: their connection can be kept alive. */
  const bodyRead = new WeakSet<http.IncomingMessage>();
  /** The responses not yet finished on each socket: once one has started, a parse error or timeout must not write into it. */
  const answering = new WeakMap<Socket, Set<http.ServerResponse>>();

  // The handlers as this server runs them: every write tells the live feed which reads are stale.
  const rawHandlers = (): Handlers => (typeof options.handlers === 'function' ? options.handlers() : options.handlers);
  const live = options.live ?? new LiveFeed(() => gateOf(rawHandlers())?.sessions);
  const turns = options.writer ? writeTurnsOf(options.writer) : null;
  const currentHandlers = (): Handlers => live.observe(rawHandlers());
  const extraRoute: ExtraRoute = options.extraRoute ?? liveRoute(live);

  const isTokenValid = (value: string | string[] | undefined | null): boolean => {
    if (typeof value !== 'string') return false;
    const given = Buffer.from(value);
    return given.length === tokenBuffer.length && crypto.timingSafeEqual(given, tokenBuffer);
  };
  /**
   * A desk (host mode only): a peer on the network — whatever it sends, the token is never accepted from
   * it — or a page on this PC that came without the token. A desk is judged by its session alone.
   */
  const isRemote = (req: http.IncomingMessage): boolean => {
    if (options.network === undefined) return false;
    if (!isLoopback(req.socket.remoteAddress)) return true;
    const inQuery = /[?&]token=([^&#]*)/.exec(req.url ?? '')?.[1];
    return !(isTokenValid(req.headers[TOKEN_HEADER]) || isTokenValid(readCookie(req.headers.cookie, TOKEN_COOKIE)) || isTokenValid(inQuery));
  };

  /**
   * A request answered before its body was read (refused, or cut at the limit): close the connection
   * after the answer instead of draining whatever the client still sends.
   */
  const closeIfBodyUnread = (res: http.ServerResponse): void => {
    const req = res.req;
    const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
    if (hasBody && !req.complete && !bodyRead.has(req)) res.setHeader('Connection', 'close');
  };

  const sendJson = (res: http.ServerResponse, status: number, body: Result<unknown>): void => {
    const text = JSON.stringify(body);
    closeIfBodyUnread(res);
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
    });
    res.end(text);
  };
  const fail = (res: http.ServerResponse, kind: ErrorKind, message: string, status = STATUS_BY_KIND[kind]): void =>
    sendJson(res, status, { ok: false, error: { kind, message } });
  const busy = (res: http.ServerResponse, message: string): void => {
    res.setHeader('Retry-After', '1');
    fail(res, 'busy', message);
  };

  const sendText = (res: http.ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8') => {
    closeIfBodyUnread(res);
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(text);
  };

  /** A slot for one call, or null when too many are in progress (the global cap, or this expensive call's). */
  function acquireSlot(name: CallName): (() => void) | null {
    if (running >= limits.maxConcurrentCalls) return null;
    const expensive = EXPENSIVE_CALLS.has(name);
    if (expensive && (runningByName.get(name) ?? 0) >= limits.maxConcurrentExpensive) return null;
    running += 1;
    if (expensive) runningByName.set(name, (runningByName.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running -= 1;
      if (expensive) runningByName.set(name, (runningByName.get(name) ?? 1) - 1);
    };
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawName: string): Promise<void> {
    // The token first: a request without it never has its body read (the connection is closed after the 401).
    // From the network: a session instead (or a public call: logging in), and never a loopback-only call.
    const remote = isRemote(req);
    if (remote) {
      const refusal = networkRefusal(req, rawName, options.network!);
      if (refusal) return fail(res, refusal[0], refusal[1]);
    } else if (!isTokenValid(req.headers[TOKEN_HEADER])) {
      return fail(res, 'unauthorized', '缺少或错误的访问令牌：请使用启动时打印的地址打开 GridDesk');
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return fail(res, 'invalid-input', `接口只接受 POST 请求，收到 ${req.method}`, 405);
    }
    const origin = req.headers.origin;
    const sameOrigin = options.network
      ? origin === `https://${req.headers.host ?? ''}`
      : origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (origin !== undefined && !sameOrigin) {
      return fail(res, 'forbidden', `拒绝来自其他来源的请求：${origin.slice(0, 200)}`);
    }
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      return fail(res, 'invalid-input', '接口名称的地址编码错误');
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) {
      return fail(res, 'invalid-input', `请求体必须是 JSON（Content-Type: application/json），收到：${type.slice(0, 100) || '无'}`, 415);
    }
    const handlers = currentHandlers();
    const session = req.headers[SESSION_HEADER];
    const caller = {
      transport: 'http' as const,
      session: typeof session === 'string' && session.length <= 100 ? session : null,
      address: normalizeAddress(req.socket.remoteAddress),
    };
    // An unknown call is refused before its body is read (invokeCall names it and reads no input).
    if (!isCallName(name)) {
      const result = await invokeCall(handlers, name, undefined, caller);
      return sendJson(res, result.ok ? 200 : STATUS_BY_KIND[result.error.kind], result);
    }
    const tooLarge = `请求体过大（超过 ${formatBytes(limits.maxBodyBytes)}）`;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limits.maxBodyBytes) return fail(res, 'invalid-input', tooLarge, 413);

    const release = acquireSlot(name);
    if (!release) return busy(res, `服务器正忙：同时处理的请求过多（${name}），请稍后重试`);
    let held = 0;
    try {
      const body = await readBody(req, limits.maxBodyBytes, (bytes) => {
        if (buffered + bytes > limits.maxBufferedBytes) return false;
        buffered += bytes;
        held += bytes;
        return true;
      });
      if (body.outcome !== 'done') {
        if (body.outcome === 'too-large') return fail(res, 'invalid-input', tooLarge, 413);
        if (body.outcome === 'busy') return busy(res, '服务器正忙：同时上传的数据过多，请稍后重试');
        res.destroy(); // the client went away: nobody to answer
        return;
      }
      bodyRead.add(req);
      let input: unknown;
      try {
        input = body.text.trim() === '' ? {} : JSON.parse(body.text);
      } catch (e) {
        return fail(res, 'invalid-input', `请求体不是有效的 JSON：${(e as Error).message.slice(0, 200)}`);
      }
      const host = typeof options.callHost === 'function' ? options.callHost() : options.callHost;
      const run = () => (host ? host.dispatch(handlers, name, input, caller, { signal: abortOnClose(res) }) : invokeCall(handlers, name, input, caller));
      const result = turns && isWrite(name) ? await turns.run(run) : await run();
      if (result.ok && STREAMED_CALLS.has(name)) return await sendStream(res, result.value as ByteChunks);
      sendJson(res, result.ok ? 200 : STATUS_BY_KIND[result.error.kind], result);
    } finally {
      release();
      buffered -= held;
    }
  }

  /**
   * A streamed call's answer (its call already admitted and run): the chunks as the body. The next chunk
   * is produced while the last one drains to the client (one ahead, never more), after a turn of the
   * event loop so other requests are served between chunks. A client that goes away stops the stream;
   * one that stops reading is cut off after `streamStallMs`; a failure after the first byte cuts the
   * answer short (the page's decoder names it).
   */
  async function sendStream(res: http.ServerResponse, chunks: ByteChunks): Promise<void> {
    let isClosed = false;
    res.once('close', () => {
      isClosed = true;
    });
    const produce = () => new Promise<void>((resolve) => setImmediate(resolve)).then(() => (isClosed ? null : chunks.read()));
    res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
    let next: Promise<Uint8Array | null> = chunks.read();
    try {
      for (;;) {
        const bytes = await next;
        if (bytes === null || isClosed) break;
        const isFlowing = res.write(bytes);
        next = produce();
        if (!isFlowing && !(await drained(res, limits.streamStallMs))) {
          await next.catch(() => null);
          res.destroy();
          return;
        }
      }
      if (!isClosed) res.end();
    } catch (e) {
      console.error(`流式应答中断：${e instanceof Error ? e.message : String(e)}`);
      res.destroy();
    } finally {
      await chunks.cancel().catch(() => undefined);
    }
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, '不支持的请求方法');
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, '地址编码错误');
    }
    if (pathname === '/' || pathname === '/index.html') {
      // The address printed at start carries the token; the page then drops it from the address bar
      // (history.replaceState) and a reload is let in by a strict, script-invisible cookie instead.
      const fromQuery = url.searchParams.get('token');
      const fromCookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
      // A desk on the network gets the page without any token: it logs in, and its session is its pass.
      if (isRemote(req)) {
        const file = path.join(options.staticDir, 'index.html');
        if (!fs.existsSync(file)) return sendText(res, 503, '界面尚未构建：请先运行 npm run build:renderer');
        return sendText(res, 200, fs.readFileSync(file, 'utf8').replace(TOKEN_PLACEHOLDER, ''), 'text/html; charset=utf-8');
      }
      if (!isTokenValid(fromQuery) && !isTokenValid(fromCookie)) {
        return sendText(
          res,
          401,
          '<!doctype html><meta charset="utf-8"><title>GridDesk</title><p style="font-family:sans-serif">' +
            '访问令牌缺失或已失效：请使用 GridDesk 启动时在终端中打印的完整地址打开（每次启动都会生成新的令牌）。</p>',
          'text/html; charset=utf-8',
        );
      }
      const file = path.join(options.staticDir, 'index.html');
      if (!fs.existsSync(file)) return sendText(res, 503, '界面尚未构建：请先运行 npm run build:renderer');
      const html = fs.readFileSync(file, 'utf8').replace(TOKEN_PLACEHOLDER, token);
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return sendText(res, 200, html, 'text/html; charset=utf-8');
    }
    const parts = pathname.split('/').filter(Boolean);
    if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) {
      return sendText(res, 400, '非法路径');
    }
    const file = path.join(options.staticDir, ...parts);
    const ext = path.extname(file).toLowerCase();
    const mime = MIME_TYPES[ext];
    if (!mime || !file.startsWith(path.resolve(options.staticDir) + path.sep) || !fs.existsSync(file)) {
      return sendText(res, 404, '未找到');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': mime,
      'Content-Length': body.length,
      'Cache-Control': parts[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function handleTile(req: http.IncomingMessage, res: http.ServerResponse, m: RegExpExecArray): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, '不支持的请求方法');
    }
    if (!(isRemote(req) ? options.network!.isSessionLive(m[1]!) : isTokenValid(m[1]))) return sendText(res, 401, '缺少或错误的访问令牌');
    if (!options.tiles) return sendText(res, 404, '没有设置离线底图');
    const answer = options.tiles.tile(Number(m[2]), Number(m[3]), Number(m[4]));
    if (answer.status !== 200) {
      res.writeHead(answer.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-GridDesk-Message': encodeURIComponent(answer.message) });
      res.end(answer.message);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': answer.mime, 'Content-Length': answer.data.length, 'Cache-Control': 'private, max-age=3600' });
    res.end(req.method === 'HEAD' ? undefined : answer.data);
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = req.headers.host ?? '';
    const remote = isRemote(req);
    if (!remote && host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendText(res, 421, `拒绝请求：Host 应为 127.0.0.1:${port}`);
    }
    headers = headersNow();
    const raw = req.url ?? '/';
    // Only origin-form targets ("/…"); anything else ("//[", "*", absolute URLs) is a bad request.
    if (!raw.startsWith('/') || raw.startsWith('//')) return sendText(res, 400, '请求地址格式错误');
    let url: URL;
    try {
      url = new URL(raw, `http://127.0.0.1:${port}`);
    } catch {
      return sendText(res, 400, '请求地址格式错误');
    }
    // Image requests can't carry a header: the token travels in the tile path instead.
    const tile = /^\/tiles\/([^/]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})(?:\.\w+)?$/.exec(url.pathname);
    if (tile) return handleTile(req, res, tile);
    if (url.pathname.startsWith('/tiles/')) return sendText(res, 404, '未找到');
    if (extraRoute(req, res, url, { remote, trusted: !remote && isTokenValid(req.headers[TOKEN_HEADER]), headers })) return;
    const api = /^\/api\/([^/]+)$/.exec(url.pathname);
    if (api) {
      handleApi(req, res, api[1]!).catch((e: unknown) => answerInternal(res, e));
      return;
    }
    if (url.pathname.startsWith('/api/')) return fail(res, 'not-found', '未知的接口地址');
    handleStatic(req, res, url);
  }

  /** The last line of defence: whatever went wrong, the request gets an answer and the process lives on. */
  function answerInternal(res: http.ServerResponse, e: unknown): void {
    const message = `内部错误：${e instanceof Error ? e.message : String(e)}`;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    try {
      fail(res, 'internal', message);
    } catch {
      res.destroy();
    }
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pending = answering.get(req.socket) ?? new Set<http.ServerResponse>();
    answering.set(req.socket, pending.add(res));
    res.once('close', () => pending.delete(res));
    try {
      route(req, res);
    } catch (e) {
      answerInternal(res, e);
    }
  }

  const headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const serverOptions = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
  };
  const network = options.network;
  // Host mode: TLS, and a handshake bounded like the headers (a peer that never finishes it is cut off).
  const server: http.Server = network
    ? (https.createServer({ ...serverOptions, key: network.tls.key, cert: network.tls.cert, handshakeTimeout: headersTimeoutMs }, onRequest) as unknown as http.Server)
    : http.createServer(serverOptions, onRequest);
  // Host mode: a peer not on the allow-list is disconnected as it connects, before TLS or HTTP.
  if (network) server.on('connection', (socket: Socket) => {
    if (!network.admitAddress(socket.remoteAddress)) socket.destroy();
  });
  // `Expect: 100-continue`: only a request carrying the token (from the network: a session) is told to send its body.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (isRemote(req) ? typeof req.headers[SESSION_HEADER] === 'string' : isTokenValid(req.headers[TOKEN_HEADER])) res.writeContinue();
    onRequest(req, res);
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = limits.maxHeadersCount;
  server.maxConnections = limits.maxConnections;
  // A broken or too slow client connection gets one short answer (when nothing else is being written to it)
  // and is closed; it must never take the process down.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const writing = [...(answering.get(socket) ?? [])].some((res) => res.headersSent);
    if (err.code !== 'ECONNRESET' && socket.writable && !writing) {
      const [status, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, '请求格式错误：无法解析的 HTTP 请求'];
      socket.end(rawAnswer(status, message), () => socket.destroy());
      setTimeout(() => socket.destroy(), 1_000).unref();
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, network?.listenHost ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an accept failure (out of file handles) is reported, never thrown at the process.
  server.on('error', (e) => console.error(`浏览器模式服务出错：${e.message}`));
  port = (server.address() as AddressInfo).port;
  const origin = `${network ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        if (!options.live) live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const TOKEN_COOKIE = 'griddesk_token';

/** One cookie's value from a Cookie header (bounded: a hostile header is cut, never scanned twice). */
function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.slice(0, 8192).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Answers for requests Node's parser refuses before any handler sees them. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, '请求头过大'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, '分块扩展过大'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, '请求超时：未在限定时间内收到完整请求'],
};

/** A whole HTTP answer written straight to a socket (the parser failed: there is no response object). */
function rawAnswer(status: number, message: string): string {
  const body = JSON.stringify({ ok: false, error: { kind: 'invalid-input', message } });
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
    body
  );
}

/** Resolves true once the response drained, false when it closed or stayed full for `ms`. */
function drained(res: http.ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(value);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Why a call from the network is refused before its body is read, or null: no session on a call that
 * needs one, or a call only the host's own PC may make.
 */
function networkRefusal(req: http.IncomingMessage, rawName: string, network: NetworkOptions): [ErrorKind, string] | null {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return ['invalid-input', '接口名称的地址编码错误'];
  }
  if (network.loopbackOnly.has(name)) return ['forbidden', '此操作只能在主机本机上进行（涉及主机上的文件或主机自身的设置），席位不能执行'];
  const session = req.headers[SESSION_HEADER];
  const isPublic = isCallName(name) && api[name].access === 'public';
  if (!isPublic && (typeof session !== 'string' || session === '')) return ['unauthorized', '请先登录：连接到主机的席位，每个请求都需要已登录的会话'];
  return null;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

type BodyRead = { outcome: 'done'; text: string } | { outcome: 'too-large' | 'busy' | 'aborted' };

/**
 * Reads a request body, cut while it streams: past `limit` bytes, or when `take` refuses more bytes
 * (the shared budget), it stops at once and keeps nothing (the caller answers and the connection is
 * closed, so the rest is never drained). A client that goes away mid-body ends it as 'aborted'.
 */
function readBody(req: http.IncomingMessage, limit: number, take: (bytes: number) => boolean): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish({ outcome: 'too-large' });
      if (!take(chunk.length)) return finish({ outcome: 'busy' });
      chunks.push(chunk);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      finish({ outcome: 'done', text });
    };
    const onAbort = () => finish({ outcome: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

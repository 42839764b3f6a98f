/**
 * Browser mode: the same handlers as Electron, served over HTTP on 127.0.0.1 only.
 * - GET /?token=T serves the renderer with T written into the page; other pages are static assets.
 * - POST /api/<name> runs one call; every request must carry the token in `x-griddesk-token`.
 * - The Host header must name this server (guards against DNS rebinding); a cross-origin Origin is refused.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ErrorKind } from '../../db/domain/errors';
import { SESSION_HEADER, TOKEN_HEADER, TOKEN_PLACEHOLDER } from '../../db/domain/transport';
import type { Handlers, Result } from '../contract';
import { invokeCall } from '../handlers/invoke';
import { MIME_TYPES, contentSecurityPolicy, securityHeaders } from '../security';
import type { TileService } from '../tiles/tileService';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

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
  /** Largest accepted request body; default 32 MiB. */
  readonly maxBodyBytes?: number;
  /** Offline tiles (GET /tiles/<token>/z/x/y) and the remote tile origins the CSP allows. */
  readonly tiles?: Pick<TileService, 'tile' | 'tileOrigins'>;
}

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
  // The CSP follows the basemap setting: the configured remote tile origin only, read per response.
  const headersNow = () => securityHeaders(contentSecurityPolicy({ tileOrigins: options.tiles?.tileOrigins() ?? [] }));
  let headers = headersNow();
  let port = 0;

  const isTokenValid = (value: string | string[] | undefined | null): boolean => {
    if (typeof value !== 'string') return false;
    const given = Buffer.from(value);
    return given.length === tokenBuffer.length && crypto.timingSafeEqual(given, tokenBuffer);
  };

  const sendJson = (res: http.ServerResponse, status: number, body: Result<unknown>): void => {
    const text = JSON.stringify(body);
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

  const sendText = (res: http.ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(text);
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawName: string): Promise<void> {
    if (!isTokenValid(req.headers[TOKEN_HEADER])) {
      return fail(res, 'unauthorized', '缺少或错误的访问令牌：请使用启动时打印的地址打开 GridDesk');
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return fail(res, 'invalid-input', `接口只接受 POST 请求，收到 ${req.method}`, 405);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return fail(res, 'forbidden', `拒绝来自其他来源的请求：${origin}`);
    }
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      return fail(res, 'invalid-input', '接口名称的地址编码错误');
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) {
      return fail(res, 'invalid-input', `请求体必须是 JSON（Content-Type: application/json），收到：${type || '无'}`, 415);
    }
    let raw: string;
    try {
      raw = await readBody(req, options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (e) {
      return fail(res, 'invalid-input', (e as Error).message, 413);
    }
    let input: unknown;
    try {
      input = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch (e) {
      return fail(res, 'invalid-input', `请求体不是有效的 JSON：${(e as Error).message}`);
    }
    const session = req.headers[SESSION_HEADER];
    const handlers = typeof options.handlers === 'function' ? options.handlers() : options.handlers;
    const result = await invokeCall(handlers, name, input, {
      transport: 'http',
      session: typeof session === 'string' && session.length <= 100 ? session : null,
      address: req.socket.remoteAddress ?? 'unknown',
    });
    sendJson(res, result.ok ? 200 : STATUS_BY_KIND[result.error.kind], result);
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
    if (!isTokenValid(m[1])) return sendText(res, 401, '缺少或错误的访问令牌');
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
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
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

  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (e) {
      answerInternal(res, e);
    }
  });
  // A broken client connection must never take the process down.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
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

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep draining (so the 413 answer can still be sent) but keep nothing.
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > limit) reject(new Error(`请求体过大（超过 ${Math.round(limit / 1024 / 1024)} MB）`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

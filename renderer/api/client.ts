/**
 * The renderer's only way to the host. One client object with one async function per call in the
 * contract, over whichever transport this page has: the Electron preload bridge (`window.griddesk`)
 * or, in browser mode, `POST ./api/<name>` with the per-start token from the page's meta tag and the
 * logged-in session's token (sessionToken.ts), which the client itself keeps from the login's answer.
 * Both transports carry the same `Result` envelope; the client unwraps it or throws an ApiError.
 */
import { ERROR_KINDS, callNames, type ApiClient, type CallName, type ErrorKind } from '../../electron/contract';
import type { ByteChunks } from '../../electron/contract/mapPointsWire';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tabSessionToken, type SessionTokenStore } from './sessionToken';

/** `transport`: no envelope came back at all (host unreachable, bridge broken, unreadable response). */
export type ApiErrorKind = ErrorKind | 'transport';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  constructor(kind: ApiErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'ApiError';
  }
}

/** The meta tag browser mode's index.html carries the per-start token in. */
export const TOKEN_META_NAME = 'griddesk-token';

/** Shape of `window.griddesk` as the page sees it: one function per call name, resolving to an envelope. */
export type Bridge = Readonly<Partial<Record<string, (input: unknown) => Promise<unknown>>>>;

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
type Transport = (name: CallName, input: unknown) => Promise<unknown>;

export interface ClientOptions {
  /** The Electron bridge; default: `window.griddesk` when present. Pass null to force HTTP. */
  readonly bridge?: Bridge | null;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Default: the content of `<meta name="griddesk-token">`. */
  readonly token?: string;
  /** Where the logged-in session's token is kept; default: this tab's (memory and sessionStorage). */
  readonly session?: SessionTokenStore;
}

/** Calls whose answer starts a session (browser mode: the answer carries its token). */
const STARTS_SESSION: ReadonlySet<CallName> = new Set(['session:login', 'session:setup']);
/** A restored database knows no session of the one it replaced: everyone logs in again. */
const RESTARTS_SESSIONS: ReadonlySet<CallName> = new Set(['backup:restore']);

export function createClient(options: ClientOptions = {}): ApiClient {
  const bridge = options.bridge !== undefined ? options.bridge : findBridge();
  const session = options.session ?? tabSessionToken;
  const transport = bridge
    ? bridgeTransport(bridge)
    : httpTransport(options.fetch ?? ((url, init) => fetch(url, init)), options.token ?? readToken(), session);
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    client[name] = async (input: unknown) => {
      try {
        const value = unwrap(name, await transport(name, input ?? {}));
        if (STARTS_SESSION.has(name)) keepSessionToken(session, value);
        if (RESTARTS_SESSIONS.has(name)) session.clear();
        return value;
      } finally {
        // Logged out here whatever the host answered (it may already have ended the session).
        if (name === 'session:logout') session.clear();
      }
    };
  }
  return Object.freeze(client) as unknown as ApiClient;
}

/** Keeps the token a login answered with; Electron answers '' (the host keeps the session per window). */
function keepSessionToken(session: SessionTokenStore, value: unknown): void {
  if (isRecord(value) && typeof value.token === 'string' && value.token !== '') session.set(value.token);
}

/**
 * Browser mode opens at `/?token=…`; once the page has the token (from its meta tag) the address no
 * longer needs it, and a reload is let in by the server's HttpOnly cookie. Keeps the path and the hash.
 */
export function dropTokenFromAddress(): void {
  if (typeof window === 'undefined') return;
  let url: URL;
  try {
    url = new URL(window.location.href);
  } catch {
    return;
  }
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/** Which transport createClient() would choose on this page. */
export function detectTransport(): 'electron' | 'http' {
  return findBridge() ? 'electron' : 'http';
}

function findBridge(): Bridge | null {
  if (typeof window === 'undefined') return null;
  const candidate = (window as Window & { griddesk?: unknown }).griddesk;
  return candidate != null && typeof candidate === 'object' ? (candidate as Bridge) : null;
}

/**
 * The address of the app's own offline tiles. Image requests cannot carry the token header, so in browser
 * mode the token travels in the path; the Electron host serves them without one ('app').
 */
export function offlineTileUrl(): string {
  const token = findBridge() ? '' : readToken();
  return `tiles/${encodeURIComponent(token || 'app')}/{z}/{x}/{y}`;
}

function readToken(): string {
  if (typeof document === 'undefined') return '';
  const meta = document.querySelector(`meta[name="${TOKEN_META_NAME}"]`);
  return meta?.getAttribute('content') ?? '';
}

function bridgeTransport(bridge: Bridge): Transport {
  return async (name, input) => {
    const fn = bridge[name];
    if (typeof fn !== 'function') {
      throw new ApiError('transport', `桌面程序未提供接口 ${name}：请更新 GridDesk`);
    }
    try {
      return await fn(input);
    } catch (e) {
      throw new ApiError('transport', `调用 ${name} 时与桌面程序的连接出错：${messageOf(e)}`);
    }
  };
}

function httpTransport(fetchFn: FetchLike, token: string, session: SessionTokenStore): Transport {
  return async (name, input) => {
    let response: Response;
    const sessionToken = session.get();
    try {
      response = await fetchFn(`./api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TOKEN_HEADER]: token,
          ...(sessionToken ? { [SESSION_HEADER]: sessionToken } : {}),
        },
        body: JSON.stringify(input),
      });
    } catch (e) {
      throw new ApiError('transport', `无法连接 GridDesk 服务，请确认 GridDesk 仍在运行（${messageOf(e)}）`);
    }
    // A streamed call's success is its binary body (map:points); everything else is the envelope.
    if (response.ok && response.body && /^application\/octet-stream\b/i.test(response.headers.get('content-type') ?? '')) {
      return { ok: true, value: bodyChunks(response.body, name) };
    }
    // The server answers with the envelope on every status, 4xx/5xx included.
    try {
      return (await response.json()) as unknown;
    } catch {
      throw new ApiError('transport', `GridDesk 服务返回了无法识别的响应（HTTP ${response.status}，调用 ${name}）`);
    }
  };
}

/** A response body read chunk by chunk, as the contract's ByteChunks (the bridge answers the same). */
function bodyChunks(body: ReadableStream<Uint8Array>, name: CallName): ByteChunks {
  const reader = body.getReader();
  return {
    read: async () => {
      try {
        const { done, value } = await reader.read();
        return done ? null : value;
      } catch (e) {
        throw new ApiError('transport', `读取 ${name} 的数据时连接中断（${messageOf(e)}）`);
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

function unwrap(name: CallName, envelope: unknown): unknown {
  if (isRecord(envelope)) {
    if (envelope.ok === true && 'value' in envelope) return envelope.value;
    if (envelope.ok === false && isRecord(envelope.error)) {
      const { kind, message } = envelope.error;
      throw new ApiError(
        isErrorKind(kind) ? kind : 'internal',
        typeof message === 'string' && message !== '' ? message : `调用 ${name} 失败`,
      );
    }
  }
  throw new ApiError('transport', `调用 ${name} 返回了无法识别的结果`);
}

/** Any thrown value as an ApiError, so views handle one error type. */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('internal', messageOf(e));
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isErrorKind(kind: unknown): kind is ErrorKind {
  return (ERROR_KINDS as readonly unknown[]).includes(kind);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

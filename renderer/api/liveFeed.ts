/**
 * The page's end of the host's live feed. It reports each write made at another desk as the topics it
 * changed, so the cache refreshes the same reads it would after this desk's own write.
 *
 * - In the desktop window (the preload's `window.griddesk.onLive`): main forwards the feed of the database
 *   this PC holds over IPC, each event marked when this window made it. Nothing can be lost in between,
 *   so it is live at once.
 * - In browser mode (the host's own browser and every desk on the intranet): asks POST ./live/key with the
 *   session and opens EventSource(./live?key=…). It never drops what the page shows: when the host cannot
 *   be reached the state says so and it keeps retrying; on reconnecting it asks for what it missed
 *   (Last-Event-ID), or is told to refresh everything when too much was missed.
 */
import { TOPICS, type Topic } from '../../electron/contract';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';

export type LiveState = 'connecting' | 'live' | 'offline' | 'signed-out';

export interface LiveStatus {
  readonly state: LiveState;
  /** host:port the page is served from ('' in the desktop window: the database on this PC). */
  readonly host: string;
  /** A desk's page (served to another PC, or without the per-start token), not the host's own browser. */
  readonly isDesk: boolean;
  /** When the connection was lost (offline), for "已断开 N 秒". */
  readonly since: number | null;
  /** The operator of the last change seen from another desk, and what it was. */
  readonly lastChange: { readonly by: string | null; readonly call: string; readonly at: number } | null;
}

interface EventSourceLike {
  readyState: number;
  onopen: ((e: unknown) => void) | null;
  onerror: ((e: unknown) => void) | null;
  addEventListener(type: string, listener: (e: { data: string; lastEventId?: string }) => void): void;
  close(): void;
}

/** The desktop window's bridge to the feed (electron/liveBridge.ts, exposed by the preload). */
export interface LiveBridge {
  /** Calls `listener` with each event main forwards; returns the unsubscribe. */
  onLive(listener: (event: unknown) => void): () => void;
}

/** The desktop window's live bridge, or null (browser mode, or a preload without it). */
export function findLiveBridge(): LiveBridge | null {
  if (typeof window === 'undefined') return null;
  const candidate = (window as Window & { griddesk?: { onLive?: unknown } | null }).griddesk;
  return candidate != null && typeof candidate === 'object' && typeof candidate.onLive === 'function' ? (candidate as LiveBridge) : null;
}

export interface LiveOptions {
  readonly token: string;
  readonly session: () => string;
  readonly host: string;
  readonly isDesk: boolean;
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  readonly EventSource?: new (url: string) => EventSourceLike;
  /** The desktop window's bridge; default: the page's own (findLiveBridge). null: the host over HTTP. */
  readonly bridge?: LiveBridge | null;
  /** Writes made elsewhere: the topics they changed. */
  readonly onStale: (topics: readonly Topic[]) => void;
  /** Too much was missed: refresh every read. */
  readonly onReset: () => void;
  readonly onStatus: (status: LiveStatus) => void;
  readonly now?: () => number;
  /** Tests: retry delays. */
  readonly retryMs?: readonly number[];
}

const RETRY_MS = [1_000, 2_000, 4_000, 8_000];
const CLOSED = 2;

/** What one event says, for the status: who made the last change elsewhere and what it was. */
interface EventData {
  topics?: unknown;
  by?: unknown;
  call?: unknown;
  at?: unknown;
}

/** The topics of an event this page knows (anything else is left out). */
function topicsOf(data: EventData): Topic[] {
  return Array.isArray(data.topics) ? data.topics.filter((t): t is Topic => (TOPICS as readonly unknown[]).includes(t)) : [];
}

function lastChangeOf(data: EventData, now: () => number): LiveStatus['lastChange'] {
  return { by: typeof data.by === 'string' ? data.by : null, call: String(data.call ?? ''), at: typeof data.at === 'number' ? data.at : now() };
}

/** Starts following the feed (over the desktop bridge when the page has one, else EventSource); returns the stop function. */
export function followLive(options: LiveOptions): () => void {
  const bridge = options.bridge !== undefined ? options.bridge : findLiveBridge();
  return bridge ? followBridge(bridge, options) : followEventSource(options);
}

/** The desktop window: main sends every event of this PC's feed; the window's own writes are marked. */
function followBridge(bridge: LiveBridge, options: LiveOptions): () => void {
  const now = options.now ?? Date.now;
  let stopped = false;
  let status: LiveStatus = { state: 'live', host: options.host, isDesk: options.isDesk, since: null, lastChange: null };
  options.onStatus(status);
  const unsubscribe = bridge.onLive((payload) => {
    if (stopped || payload === null || typeof payload !== 'object') return;
    const data = payload as EventData & { own?: unknown };
    if (data.own === true) return; // this window's own write: refreshed when it was answered
    const topics = topicsOf(data);
    if (topics.length) options.onStale(topics);
    status = { ...status, lastChange: lastChangeOf(data, now) };
    options.onStatus(status);
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}

function followEventSource(options: LiveOptions): () => void {
  const now = options.now ?? Date.now;
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const Source = options.EventSource ?? (globalThis as unknown as { EventSource: new (url: string) => EventSourceLike }).EventSource;
  const retries = options.retryMs ?? RETRY_MS;
  let stopped = false;
  let source: EventSourceLike | null = null;
  let desk: string | null = null;
  let lastId: string | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let heartbeatMs = 10_000;
  let status: LiveStatus = { state: 'connecting', host: options.host, isDesk: options.isDesk, since: null, lastChange: null };

  const report = (next: Partial<LiveStatus>) => {
    status = { ...status, ...next };
    if (!stopped) options.onStatus(status);
  };
  const offline = () => report({ state: 'offline', since: status.since ?? now() });

  const closeSource = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
    source?.close();
    source = null;
  };
  const retry = () => {
    closeSource();
    if (stopped) return;
    const delay = retries[Math.min(attempt, retries.length - 1)]!;
    attempt += 1;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void open(), delay);
  };
  // No message (not even a heartbeat) for 2.5 beats: the host or the network went away without a word.
  const arm = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      offline();
      retry();
    }, heartbeatMs * 2.5);
  };

  async function open(): Promise<void> {
    if (stopped) return;
    const session = options.session();
    if (!session) return report({ state: 'signed-out' });
    let key: string;
    try {
      const response = await fetchFn('./live/key', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token, [SESSION_HEADER]: session },
        body: '{}',
      });
      if (response.status === 401) return report({ state: 'signed-out' });
      const body = (await response.json()) as { ok: boolean; value?: { key: string; desk: string; heartbeatMs: number } };
      if (!body.ok || !body.value) throw new Error('refused');
      key = body.value.key;
      desk = body.value.desk;
      heartbeatMs = body.value.heartbeatMs;
    } catch {
      offline();
      return retry();
    }
    if (stopped) return;
    const es = new Source(`./live?key=${encodeURIComponent(key)}${lastId ? `&lastEventId=${encodeURIComponent(lastId)}` : ''}`);
    source = es;
    es.onopen = () => {
      attempt = 0;
      arm();
    };
    es.onerror = () => {
      if (source !== es) return;
      offline();
      // EventSource retries by itself (with Last-Event-ID) unless the host refused the key: then a new key.
      if (es.readyState === CLOSED) retry();
    };
    es.addEventListener('hello', () => {
      arm();
      report({ state: 'live', since: null });
    });
    es.addEventListener('ping', () => {
      arm();
      if (status.state !== 'live') report({ state: 'live', since: null });
    });
    es.addEventListener('stale', (e) => {
      arm();
      if (e.lastEventId) lastId = e.lastEventId;
      let data: EventData & { desk?: unknown };
      try {
        data = JSON.parse(e.data) as typeof data;
      } catch {
        return;
      }
      if (data.desk === desk) return; // this desk's own write: refreshed when it was answered
      const topics = topicsOf(data);
      if (topics.length) options.onStale(topics);
      report({ state: 'live', since: null, lastChange: lastChangeOf(data, now) });
    });
    es.addEventListener('reset', () => options.onReset());
    es.addEventListener('session', () => {
      closeSource();
      report({ state: 'signed-out' });
    });
  }

  report({ state: 'connecting' });
  void open();
  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    closeSource();
  };
}

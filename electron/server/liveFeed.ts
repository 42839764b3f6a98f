/**
 * The live feed: what other desks need to know after a write — which reads are stale — as server-sent
 * events. Every successful write a transport runs (and every import job when it ends) becomes one
 * event carrying the topics the contract says it changed, the call, the operator who made it and an
 * opaque id of the desk (session) it came from, so that desk can skip its own. Desks refresh the reads
 * those topics make stale, as they already do after their own writes.
 *
 * - Session-authenticated: a desk first asks POST /live/key with its session (the header, never the URL),
 *   then opens GET /live?key=K with EventSource (which cannot send headers). A key is only good while its
 *   session is logged in and unlocked; a session that locks or ends is told so and cut off.
 * - Numbered events: a desk that reconnects sends Last-Event-ID and gets what it missed from a bounded
 *   history (or `reset`: refresh everything), so no write is lost or delivered twice.
 * - Bounded: clients in all and per session, bytes queued per client (a client that stops reading is
 *   dropped and catches up on reconnect), heartbeats so a desk notices a host that went away.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import type { ExtraRoute } from './httpServer';
import { callNames, isWrite, topicsWritten, type CallContext, type CallName, type Handlers, type Topic } from '../contract';
import { JOB_WRITES } from '../contract/imports';
import { bindGate, gateOf } from '../auth/gate';
import type { SessionStore } from '../auth/sessions';

export interface LiveEvent {
  readonly id: number;
  readonly topics: readonly Topic[];
  readonly call: CallName;
  /** The operator who made the change (null: the host itself, the command line). */
  readonly by: string | null;
  /** The desk (session) it came from, opaque; null when not made at a desk. */
  readonly desk: string | null;
  readonly at: number;
}

export interface LiveFeedLimits {
  readonly maxClients: number;
  readonly maxPerSession: number;
  readonly heartbeatMs: number;
  readonly historySize: number;
  /** Bytes queued for one client before it is dropped. */
  readonly maxQueuedBytes: number;
  /** How often a running import job is asked whether it ended. */
  readonly jobPollMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveFeedLimits = {
  maxClients: 256,
  maxPerSession: 4,
  heartbeatMs: 10_000,
  historySize: 5_000,
  maxQueuedBytes: 512 * 1024,
  jobPollMs: 500,
};

/** Writes that concern the desk that made them only (logging in, the idle lock): not sent. */
const DESK_ONLY: ReadonlySet<Topic> = new Set<Topic>(['session', 'app', 'log']);
const MAX_KEYS = 10_000;

interface Client {
  readonly res: http.ServerResponse;
  readonly session: string;
  readonly openedAt: number;
}

/** The opaque id a session's desk goes by in events (not the token: it cannot be used to call). */
export function deskOf(session: string | null | undefined): string | null {
  return session ? crypto.createHash('sha256').update(`desk:${session}`).digest('base64url').slice(0, 16) : null;
}

export class LiveFeed {
  readonly limits: LiveFeedLimits;
  private seq = 0;
  private readonly history: LiveEvent[] = [];
  private readonly clients = new Set<Client>();
  /** key → session token */
  private readonly keys = new Map<string, string>();
  private readonly wrapped = new WeakMap<Handlers, Handlers>();
  /** The maps this feed made: observing one again returns it as it is (a write is published once). */
  private readonly observedMaps = new WeakSet<Handlers>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private delivered = 0;
  /** Subscribers in this process (the Electron window's forwarding), told of every published event. */
  private readonly listeners = new Set<(event: LiveEvent) => void>();

  constructor(
    /** The session store of the current handlers (it changes after a restore). */
    private readonly sessions: () => SessionStore | undefined,
    limits: Partial<LiveFeedLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...limits };
    this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref?.();
  }

  /** The last event's id (0 before any). */
  get lastId(): number {
    return this.seq;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Events written to clients so far (replays included). */
  get deliveredCount(): number {
    return this.delivered;
  }

  /** Records a change and sends it to every connected desk. */
  publish(call: CallName, topics: readonly Topic[], by: string | null, desk: string | null): LiveEvent | null {
    const sent = topics.filter((t) => !DESK_ONLY.has(t));
    if (sent.length === 0) return null;
    const event: LiveEvent = { id: ++this.seq, topics: [...new Set<Topic>([...sent, 'app'])], call, by, desk, at: this.now() };
    this.history.push(event);
    if (this.history.length > this.limits.historySize) this.history.splice(0, this.history.length - this.limits.historySize);
    const frame = eventFrame(event);
    for (const client of [...this.clients]) if (this.stillLoggedIn(client)) this.send(client, frame);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // one subscriber's failure neither stops the others nor the write that was published
      }
    }
    return event;
  }

  /** Calls `listener` with every event published from now on (in this process); returns the unsubscribe. */
  listen(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * The same handlers, each write publishing its topics once it succeeded (an import job: once it ended
   * well). The gate is carried over. One wrapped map per handler map (a restore makes a new one).
   */
  observe(handlers: Handlers): Handlers {
    if (this.observedMaps.has(handlers)) return handlers;
    const known = this.wrapped.get(handlers);
    if (known) return known;
    // Each handler is looked up in the underlying map at call time (a handler replaced there takes effect).
    const out: Record<string, unknown> = {};
    for (const name of callNames) {
      const isJob = Object.prototype.hasOwnProperty.call(JOB_WRITES, name);
      if (!isWrite(name) && !isJob) {
        Object.defineProperty(out, name, { enumerable: true, get: () => handlers[name] });
        continue;
      }
      out[name] = async (input: unknown, ctx?: CallContext) => {
        const value = await (handlers[name] as (input: unknown, ctx?: CallContext) => unknown)(input, ctx);
        const by = ctx?.actor?.name ?? null;
        const desk = deskOf(ctx?.caller.session);
        if (isJob) this.followJob(handlers, name, value, ctx, by, desk);
        else this.publish(name, topicsWritten(name), by, desk);
        return value;
      };
    }
    const observed = out as Handlers;
    const gate = gateOf(handlers);
    if (gate) bindGate(observed, gate);
    this.wrapped.set(handlers, observed);
    this.observedMaps.add(observed);
    return observed;
  }

  /** An import job's changes are published when it ends (done); a failed or cancelled one wrote nothing. */
  private followJob(handlers: Handlers, name: CallName, started: unknown, ctx: CallContext | undefined, by: string | null, desk: string | null): void {
    const jobId = (started as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId !== 'string') return;
    const poll = async () => {
      try {
        const status = await handlers['imports:progress']({ jobId }, ctx);
        if (status.state === 'running') return void setTimeout(poll, this.limits.jobPollMs).unref?.();
        if (status.state === 'done') this.publish(name, topicsWritten(name), by, desk);
      } catch {
        // the job is gone (the host restarted the store): nothing to announce
      }
    };
    setTimeout(poll, this.limits.jobPollMs).unref?.();
  }

  /** POST /live/key: a key for EventSource, for a logged-in, unlocked session. */
  issueKey(session: string | null): { key: string; desk: string; heartbeatMs: number } | null {
    if (!session || this.sessions()?.resolve(session, false).state !== 'ok') return null;
    const key = crypto.randomBytes(24).toString('base64url');
    this.keys.set(key, session);
    if (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
    return { key, desk: deskOf(session)!, heartbeatMs: this.limits.heartbeatMs };
  }

  /**
   * GET /live?key=K: opens the stream (or answers why not: 401 for a key whose session is gone, 503 when
   * too many desks are connected). `lastEventId`: the desk's last event, to replay what it missed.
   */
  connect(res: http.ServerResponse, key: string | null, lastEventId: string | undefined, headers: Record<string, string>): void {
    const session = key ? this.keys.get(key) : undefined;
    const state = session ? this.sessions()?.resolve(session, false).state : undefined;
    if (!session || state !== 'ok') {
      if (key && session) this.keys.delete(key);
      return refuse(res, 401, headers, state === 'locked' ? '会话已因闲置而锁定：请输入密码解锁' : '请先登录（实时更新需要已登录的会话）');
    }
    const mine = [...this.clients].filter((c) => c.session === session).sort((a, b) => a.openedAt - b.openedAt);
    while (mine.length >= this.limits.maxPerSession) this.drop(mine.shift()!);
    if (this.clients.size >= this.limits.maxClients) {
      res.setHeader('Retry-After', '5');
      return refuse(res, 503, headers, '连接的席位过多，请稍后重试');
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.socket?.setNoDelay(true);
    const client: Client = { res, session, openedAt: this.now() };
    this.clients.add(client);
    res.once('close', () => this.clients.delete(client));
    let frames = `retry: 2000\n\nevent: hello\ndata: ${JSON.stringify({ desk: deskOf(session), lastId: this.seq, heartbeatMs: this.limits.heartbeatMs })}\n\n`;
    const last = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : null;
    if (last !== null && last < this.seq) {
      const first = this.history[0];
      if (!first || first.id > last + 1) frames += `event: reset\ndata: {}\n\n`;
      else for (const e of this.history) if (e.id > last) frames += eventFrame(e);
    }
    this.send(client, frames);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.listeners.clear();
    for (const client of [...this.clients]) this.drop(client);
  }

  private stillLoggedIn(client: Client): boolean {
    const state = this.sessions()?.resolve(client.session, false).state ?? 'none';
    if (state === 'ok') return true;
    const message = state === 'locked' ? '会话已因闲置而锁定' : '会话已结束';
    client.res.end(`event: session\ndata: ${JSON.stringify({ state, message })}\n\n`);
    this.clients.delete(client);
    return false;
  }

  private beat(): void {
    const frame = `event: ping\ndata: ${JSON.stringify({ at: this.now(), lastId: this.seq })}\n\n`;
    for (const client of [...this.clients]) if (this.stillLoggedIn(client)) this.send(client, frame);
    for (const [key, session] of this.keys) if (this.sessions()?.resolve(session, false).state === 'none') this.keys.delete(key);
  }

  private send(client: Client, frame: string): void {
    if (client.res.writableLength > this.limits.maxQueuedBytes) return this.drop(client);
    client.res.write(frame);
    this.delivered += 1;
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    client.res.destroy();
  }
}

/** The live feed's routes: POST /live/key (with the session header), GET /live?key=K (EventSource). */
export function liveRoute(live: LiveFeed): ExtraRoute {
  return (req, res, url, request) => {
    if (url.pathname !== '/live' && url.pathname !== '/live/key') return false;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { ...request.headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
      return true;
    };
    if (url.pathname === '/live/key') {
      if (req.method !== 'POST') return json(405, { ok: false, error: { kind: 'invalid-input', message: '只接受 POST 请求' } });
      // On this PC the per-start token as for every call; from the network the session alone.
      if (!request.remote && !request.trusted) return json(401, { ok: false, error: { kind: 'unauthorized', message: '缺少或错误的访问令牌' } });
      const session = req.headers['x-griddesk-session'];
      const issued = live.issueKey(typeof session === 'string' && session.length <= 100 ? session : null);
      req.resume();
      if (!issued) return json(401, { ok: false, error: { kind: 'unauthorized', message: '请先登录（实时更新需要已登录的会话）' } });
      return json(200, { ok: true, value: issued });
    }
    if (req.method !== 'GET') return json(405, { ok: false, error: { kind: 'invalid-input', message: '只接受 GET 请求' } });
    const lastId = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined;
    live.connect(res, url.searchParams.get('key'), typeof lastId === 'string' ? lastId : undefined, request.headers);
    return true;
  };
}

function eventFrame(e: LiveEvent): string {
  return `id: ${e.id}\nevent: stale\ndata: ${JSON.stringify({ topics: e.topics, call: e.call, by: e.by, desk: e.desk, at: e.at })}\n\n`;
}

function refuse(res: http.ServerResponse, status: number, headers: Record<string, string>, message: string): void {
  const body = JSON.stringify({ ok: false, error: { kind: status === 401 ? 'unauthorized' : 'busy', message } });
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(body);
}

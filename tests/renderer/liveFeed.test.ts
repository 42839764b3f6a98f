/**
 * The page's end of the live feed (renderer/api/liveFeed.ts), against a stand-in host: other desks' writes
 * become stale topics, this desk's own are skipped; an unreachable host is reported as offline and
 * retried, and a reconnect asks for what was missed; a session that is gone stops it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followLive, type LiveStatus } from '../../renderer/api/liveFeed';

class FakeSource {
  static made: FakeSource[] = [];
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly listeners = new Map<string, ((e: { data: string; lastEventId?: string }) => void)[]>();
  closed = false;
  constructor(readonly url: string) {
    FakeSource.made.push(this);
  }
  addEventListener(type: string, listener: (e: { data: string; lastEventId?: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown, lastEventId?: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data), ...(lastEventId ? { lastEventId } : {}) });
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

const keyAnswer = (desk = 'me') =>
  new Response(JSON.stringify({ ok: true, value: { key: 'k1', desk, heartbeatMs: 1_000 } }), { status: 200, headers: { 'content-type': 'application/json' } });

let statuses: LiveStatus[];
let stale: string[][];
let resets: number;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.made = [];
  statuses = [];
  stale = [];
  resets = 0;
});
afterEach(() => vi.useRealTimers());

function start(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, session = 's1') {
  return followLive({
    token: '',
    isDesk: true,
    session: () => session,
    host: '10.0.0.5:5443',
    fetch: fetchImpl,
    EventSource: FakeSource,
    onStale: (topics) => stale.push([...topics]),
    onReset: () => (resets += 1),
    onStatus: (s) => statuses.push(s),
    retryMs: [100],
  });
}

describe('following the live feed', () => {
  it('asks a key with the session, then reports other desks’ writes and skips its own', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => keyAnswer('me'));
    const stop = start(fetchImpl);
    await vi.advanceTimersByTimeAsync(0);
    const init = fetchImpl.mock.calls[0]![1] as RequestInit;
    expect((init.headers as Record<string, string>)['x-griddesk-session']).toBe('s1');
    const source = FakeSource.made[0]!;
    expect(source.url).toBe('./live?key=k1');
    source.onopen?.({});
    source.emit('hello', { desk: 'me' });
    expect(statuses.at(-1)).toMatchObject({ state: 'live', host: '10.0.0.5:5443', isDesk: true });
    source.emit('stale', { topics: ['incidents', 'app', 'bogus'], desk: 'other', by: '张雪', call: 'incidents:transition', at: 1 }, '7');
    source.emit('stale', { topics: ['persons'], desk: 'me', by: '邓琳', call: 'persons:create', at: 2 }, '8');
    expect(stale).toEqual([['incidents', 'app']]);
    expect(statuses.at(-1)!.lastChange).toMatchObject({ by: '张雪' });
    source.emit('reset', {});
    expect(resets).toBe(1);
    stop();
    expect(source.closed).toBe(true);
  });

  it('says the host is unreachable and keeps retrying; the reconnect asks for what it missed', async () => {
    let up = false;
    const fetchImpl = vi.fn(async () => {
      if (!up) throw new TypeError('Failed to fetch');
      return keyAnswer();
    });
    const stop = start(fetchImpl);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)!.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(350);
    expect(fetchImpl.mock.calls.length).toBeGreaterThanOrEqual(3);
    up = true;
    await vi.advanceTimersByTimeAsync(150);
    const first = FakeSource.made.at(-1)!;
    first.onopen?.({});
    first.emit('hello', {});
    expect(statuses.at(-1)!.state).toBe('live');
    first.emit('stale', { topics: ['incidents'], desk: 'x', by: 'a', call: 'c', at: 1 }, '41');
    // The host goes silent (no heartbeat for 2.5 beats): offline, and a new stream from event 41 on.
    await vi.advanceTimersByTimeAsync(2_600);
    expect(statuses.at(-1)!.state).toBe('offline');
    expect(first.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeSource.made.at(-1)!.url).toBe('./live?key=k1&lastEventId=41');
    stop();
  });

  it('stops when the host no longer knows the session', async () => {
    const stop = start(async () => new Response('{"ok":false}', { status: 401 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)!.state).toBe('signed-out');
    expect(FakeSource.made).toHaveLength(0);
    stop();
  });
});

/**
 * The live feed's way into the desktop window, piece by piece: the feed's in-process subscribers (LiveFeed.listen)
 * get every published event and stop when unsubscribed; registerIpc's sendLive gives an event only to windows on
 * the app's own page with a logged-in, unlocked session, marking the window that made the write; the preload's
 * onLive subscription hands the page the payload (never the IPC event) and unsubscribes once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { channelFor } from '../../electron/contract';
import { openStore, type OpenedStore } from '../../electron/host';
import { gateOf } from '../../electron/auth/gate';
import { registerIpc, type IpcEventLike, type LiveTargetLike } from '../../electron/ipc';
import { LIVE_CHANNEL, createLiveSubscription, type LiveBridgeEvent } from '../../electron/liveBridge';
import { LiveFeed, type LiveEvent } from '../../electron/server/liveFeed';
import { APP_ORIGIN } from '../../electron/security';
import { tempDir } from '../helpers/tmp';

let store: OpenedStore;
let live: LiveFeed;

beforeAll(() => {
  store = openStore(path.join(tempDir(), 'desk.sqlite'), { transport: 'electron' });
  live = new LiveFeed(() => gateOf(store.handlers)?.sessions);
});
afterAll(() => {
  live.close();
  store.close();
});

describe('LiveFeed.listen', () => {
  it('tells each subscriber of every published event until it unsubscribes; a failing one stops nobody', () => {
    const feed = new LiveFeed(() => undefined);
    const seen: LiveEvent[] = [];
    feed.listen(() => {
      throw new Error('broken subscriber');
    });
    const stop = feed.listen((e) => seen.push(e));
    const first = feed.publish('stats:set-rule', ['settings'], '张雪', 'd1');
    expect(feed.publish('session:login', ['session'], '张雪', 'd1')).toBeNull(); // desk-only: not published
    expect(seen).toEqual([first]);
    expect(seen[0]).toMatchObject({ call: 'stats:set-rule', topics: ['settings', 'app'], by: '张雪', desk: 'd1' });
    stop();
    feed.publish('stats:set-rule', ['settings'], null, null);
    expect(seen).toHaveLength(1);
    feed.close();
  });
});

describe('registerIpc sendLive', () => {
  it('sends to logged-in windows on the app page only, marking the window whose write it was', async () => {
    const listeners = new Map<string, (event: IpcEventLike, input: unknown) => unknown>();
    const ipc = registerIpc({ handle: (channel, listener) => listeners.set(channel, listener) }, () => live.observe(store.handlers));
    const from = (id: number): IpcEventLike => ({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender: { id } });
    const call = (id: number, name: Parameters<typeof channelFor>[0], input: unknown) => listeners.get(channelFor(name))!(from(id), input) as Promise<{ ok: boolean }>;
    await expect(call(1, 'session:setup', { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({ ok: true });
    await expect(call(2, 'session:login', { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({ ok: true });

    const received = new Map<number, LiveBridgeEvent[]>();
    const target = (id: number, url: string): LiveTargetLike => ({
      id,
      getURL: () => url,
      send: (channel, payload) => {
        expect(channel).toBe(LIVE_CHANNEL);
        received.set(id, [...(received.get(id) ?? []), payload]);
      },
    });
    const windows = [
      target(1, `${APP_ORIGIN}/index.html#/cases`), // logged in, made the write
      target(2, `${APP_ORIGIN}/index.html`), // logged in elsewhere
      target(3, `${APP_ORIGIN}/index.html`), // never logged in
      target(4, 'https://10.0.0.5:5443/'), // pointed at another host: never told
    ];
    const stop = live.listen((event) => ipc.sendLive(event, windows));
    await expect(call(1, 'stats:set-rule', { rule: 'closed-based' })).resolves.toMatchObject({ ok: true });
    expect(received.get(1)).toEqual([expect.objectContaining({ call: 'stats:set-rule', topics: ['settings', 'app'], by: '管理员', own: true })]);
    expect(received.get(2)).toEqual([expect.objectContaining({ call: 'stats:set-rule', own: false })]);
    expect(Object.keys(received.get(1)![0]!).sort()).toEqual(['at', 'by', 'call', 'id', 'own', 'topics']); // no desk id, no token
    expect(received.has(3)).toBe(false);
    expect(received.has(4)).toBe(false);

    // A window that logged out, or whose window went, is told nothing more.
    await expect(call(2, 'session:logout', {})).resolves.toMatchObject({ ok: true });
    ipc.forgetWindow(1);
    live.publish('stats:set-rule', ['settings'], null, null);
    expect(received.get(1)).toHaveLength(1);
    expect(received.get(2)).toHaveLength(1);
    stop();
  });
});

describe('the preload’s onLive', () => {
  it('hands the page each payload on the live channel and unsubscribes once', () => {
    const handlers = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
    const ipcRenderer = {
      on: (channel: string, l: (event: unknown, payload: unknown) => void) => handlers.set(channel, [...(handlers.get(channel) ?? []), l]),
      removeListener: (channel: string, l: (event: unknown, payload: unknown) => void) => handlers.set(channel, (handlers.get(channel) ?? []).filter((x) => x !== l)),
    };
    const onLive = createLiveSubscription(ipcRenderer);
    const got: unknown[] = [];
    const unsubscribe = onLive((e) => got.push(e));
    const payload = { id: 1, topics: ['settings', 'app'], call: 'stats:set-rule', by: null, at: 1, own: false };
    for (const l of handlers.get(LIVE_CHANNEL)!) l({ sender: 'the IPC event, kept from the page' }, payload);
    expect(got).toEqual([payload]);
    unsubscribe();
    unsubscribe();
    expect(handlers.get(LIVE_CHANNEL)).toEqual([]);
    expect(() => onLive('no function' as never)).toThrow(TypeError);
  });
});

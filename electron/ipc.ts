/**
 * Binds the handlers to Electron IPC: one channel per call, each checking the sender frame before
 * anything runs. Takes the ipcMain-like object as an argument so main.ts stays the only Electron user.
 *
 * A streamed call (STREAMED_CALLS: map:points) answers with a handle; the page then pulls its binary
 * chunks one at a time through STREAM_CHANNEL (each a Uint8Array, copied by Electron's structured clone,
 * never text). A stream belongs to the window that opened it, is dropped when read to the end, cancelled,
 * left unread for STREAM_IDLE_MS or when its window goes, and a window holds at most MAX_STREAMS at once.
 * The next chunk is produced while the page takes in the last one.
 */
import { callNames, channelFor, isWrite, type Handlers, type Result } from './contract';
import { STREAMED_CALLS, STREAM_CHANNEL, type ByteChunks, type StreamHandle } from './contract/mapPointsWire';
import { invokeCall, toErrorPayload } from './handlers/invoke';
import { isAppUrl, isTrustedSender, type SenderFrameLike } from './security';
import type { CallHost } from './callHost/callHost';
import { gateOf } from './auth/gate';
import { deskOf, type LiveEvent } from './server/liveFeed';
import { writeTurnsOf } from './server/writeTurns';
import type { Db } from '../db/open';
import { LIVE_CHANNEL, type LiveBridgeEvent } from './liveBridge';

export interface IpcEventLike {
  readonly senderFrame: SenderFrameLike | null;
  /** The window's web contents; its id keys the window's session. */
  readonly sender?: { readonly id: number } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => unknown): void;
}

/** A window's web contents as live events are sent to it (Electron's webContents). */
export interface LiveTargetLike {
  readonly id: number;
  getURL(): string;
  send(channel: string, payload: LiveBridgeEvent): void;
}

/** Streams one window may have open at once; the next is refused as busy. */
export const MAX_STREAMS = 8;
/** A stream nobody read for this long is cancelled. */
export const STREAM_IDLE_MS = 60_000;

/** What the page sends on STREAM_CHANNEL. */
export interface StreamRequest {
  readonly stream: string;
  readonly op: 'read' | 'cancel';
}

interface OpenStream {
  readonly windowId: number;
  readonly chunks: ByteChunks;
  timer: ReturnType<typeof setTimeout>;
  /** The next chunk, produced while the page takes in the last one (one ahead, never more). */
  ahead: Promise<Uint8Array | null> | null;
}

const FORBIDDEN: Result<never> = { ok: false, error: { kind: 'forbidden', message: '拒绝来自非本应用页面的调用' } };

/**
 * Each window has its own session, kept here by the window's id: a login over IPC binds the new token to
 * the window that logged in, and the page never handles it.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers | (() => Handlers),
  /** Runs the long calls in utility processes (electron/callHost); without it every call runs here. */
  callHost?: () => CallHost | null,
  /**
   * The writer connection: given, each write waits for its turn at the write lock without stopping this
   * process (an import's connection holding the lock would otherwise hold every window's calls), as in
   * browser and host mode (electron/server/writeTurns.ts).
   */
  writer?: () => Db | null | undefined,
): {
  forgetWindow(id: number): void;
  /**
   * Sends a live event (another desk's write, or this PC's) to the windows that show the app's own page
   * with a logged-in, unlocked session — as the feed's HTTP clients must be — marking the one that made it.
   */
  sendLive(event: LiveEvent, targets: readonly LiveTargetLike[]): void;
} {
  const sessionByWindow = new Map<number, string>();
  const turns = writer ? writeTurnsOf(writer) : null;
  const streams = new Map<string, OpenStream>();
  let nextStream = 1;

  const close = (id: string): void => {
    const open = streams.get(id);
    if (!open) return;
    streams.delete(id);
    clearTimeout(open.timer);
    void open.chunks.cancel().catch(() => undefined);
  };
  const idleTimer = (id: string) => setTimeout(() => close(id), STREAM_IDLE_MS);

  for (const name of callNames) {
    ipcMain.handle(channelFor(name), async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
      const windowId = event.sender?.id ?? -1;
      const caller = { transport: 'electron' as const, session: sessionByWindow.get(windowId) ?? null, address: `window ${windowId}` };
      const current = typeof handlers === 'function' ? handlers() : handlers;
      const host = callHost?.();
      const run = () => (host ? host.dispatch(current, name, input, caller) : invokeCall(current, name, input, caller));
      const result = turns && isWrite(name) ? await turns.run(run) : await run();
      if (result.ok && STREAMED_CALLS.has(name)) {
        const chunks = result.value as ByteChunks;
        if ([...streams.values()].filter((s) => s.windowId === windowId).length >= MAX_STREAMS) {
          await chunks.cancel().catch(() => undefined);
          return { ok: false, error: { kind: 'busy', message: `同时读取的数据流过多（${name}），请稍后重试` } };
        }
        const id = `s${nextStream++}`;
        streams.set(id, { windowId, chunks, timer: idleTimer(id), ahead: null });
        const handle: StreamHandle = { stream: id };
        return { ok: true, value: handle };
      }
      if (result.ok && (name === 'session:login' || name === 'session:setup')) {
        const { token, ...rest } = result.value as { token: string };
        sessionByWindow.set(windowId, token);
        return { ok: true, value: { ...rest, token: '' } };
      }
      if (name === 'session:logout') sessionByWindow.delete(windowId);
      return result;
    });
  }

  ipcMain.handle(STREAM_CHANNEL, async (event, input): Promise<Result<Uint8Array | null>> => {
    if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
    const windowId = event.sender?.id ?? -1;
    const request = input as Partial<StreamRequest> | null;
    const id = typeof request?.stream === 'string' ? request.stream : '';
    const open = streams.get(id);
    // Another window's stream is as unknown to this one as a stream that never was.
    if (!open || open.windowId !== windowId) return { ok: false, error: { kind: 'not-found', message: '数据流不存在或已结束：请重新读取' } };
    if (request?.op === 'cancel') {
      close(id);
      return { ok: true, value: null };
    }
    if (request?.op !== 'read') return { ok: false, error: { kind: 'invalid-input', message: '数据流操作应为 read 或 cancel' } };
    clearTimeout(open.timer);
    try {
      const bytes = await (open.ahead ?? open.chunks.read());
      open.ahead = null;
      if (bytes === null) {
        close(id);
      } else {
        open.timer = idleTimer(id);
        // After a turn of the event loop, so other windows' calls are served between chunks.
        const ahead = new Promise<void>((resolve) => setImmediate(resolve)).then(() => (streams.has(id) ? open.chunks.read() : null));
        ahead.catch(() => undefined); // read (and reported) by the next read, if any
        open.ahead = ahead;
      }
      return { ok: true, value: bytes };
    } catch (e) {
      close(id);
      return { ok: false, error: toErrorPayload(e) };
    }
  });

  return {
    sendLive: (event, targets) => {
      const current = typeof handlers === 'function' ? handlers() : handlers;
      const sessions = gateOf(current)?.sessions;
      for (const target of targets) {
        try {
          // A window showing another host's page (设置 → 连接到主机) or anything but the app gets nothing.
          if (!isAppUrl(target.getURL())) continue;
          const session = sessionByWindow.get(target.id) ?? null;
          if (!session || sessions?.resolve(session, false).state !== 'ok') continue;
          target.send(LIVE_CHANNEL, { id: event.id, topics: event.topics, call: event.call, by: event.by, at: event.at, own: event.desk !== null && event.desk === deskOf(session) });
        } catch {
          // a window closing meanwhile: it is forgotten when its web contents go
        }
      }
    },
    forgetWindow: (id) => {
      sessionByWindow.delete(id);
      for (const [streamId, open] of streams) if (open.windowId === id) close(streamId);
    },
  };
}

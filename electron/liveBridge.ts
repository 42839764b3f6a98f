/**
 * The live feed's way into the desktop window: main forwards every event of the runtime's feed
 * (server/liveFeed.ts) to its windows on LIVE_CHANNEL, and the preload gives the page one subscription,
 * `window.griddesk.onLive(cb)`, returning its unsubscribe. Nothing else of IPC reaches the page.
 * No import: the sandboxed preload bundles this file.
 */

/** The one channel main sends live events on. */
export const LIVE_CHANNEL = 'griddesk:live';

/** What a window receives for one write: which reads are stale, who made it, and whether it came from this window. */
export interface LiveBridgeEvent {
  readonly id: number;
  readonly topics: readonly string[];
  readonly call: string;
  readonly by: string | null;
  readonly at: number;
  /** Made in this window (its session): the page refreshed those reads when the write was answered. */
  readonly own: boolean;
}

/** The part of ipcRenderer the subscription uses. */
export interface IpcRendererLike {
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** `onLive(cb)`: calls `cb` with each event's payload (never the IPC event itself); returns the unsubscribe. */
export function createLiveSubscription(ipc: IpcRendererLike): (listener: (event: LiveBridgeEvent) => void) => () => void {
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onLive 需要一个函数');
    const forward = (_event: unknown, payload: unknown) => listener(payload as LiveBridgeEvent);
    ipc.on(LIVE_CHANNEL, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(LIVE_CHANNEL, forward);
    };
  };
}

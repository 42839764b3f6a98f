/**
 * What the two ways of being the district's host share — browser mode (`npm start`, electron/start.ts) and
 * the desktop app (electron/main.ts): one live feed per runtime that every transport's writes go through
 * (the loopback server, the HTTPS host, the Electron window's IPC), and host mode started on the runtime's
 * store as 设置 → 多席位 or the command line asks. Both follow the store: a restore reopens it.
 */
import type { Handlers } from '../contract';
import type { HostRuntime } from '../runtime';
import { gateOf } from '../auth/gate';
import { LiveFeed } from './liveFeed';
import { startHostMode, type RunningHost } from './hostMode';
import { readHostSettings } from './hostSettings';
import type { BrowserServerOptions } from './httpServer';

type Runtime = Pick<HostRuntime, 'store' | 'handlers'>;

export interface RuntimeLive {
  readonly live: LiveFeed;
  /** The runtime's current handlers, each write published on the feed: give these to every transport. */
  readonly handlers: () => Handlers;
}

/** The runtime's live feed: whichever desk or window made a write, the others learn which reads are stale. */
export function liveForRuntime(runtime: Runtime): RuntimeLive {
  const live = new LiveFeed(() => gateOf(runtime.handlers())?.sessions);
  return { live, handlers: () => live.observe(runtime.handlers()) };
}

/** The store's tile service, looked up per request (a restore reopens it). */
export function runtimeTiles(runtime: Runtime): NonNullable<BrowserServerOptions['tiles']> {
  return { tile: (z, x, y) => runtime.store().tiles.tile(z, x, y), tileOrigins: () => runtime.store().tiles.tileOrigins() };
}

/** Host mode as asked on the command line (`--host 0.0.0.0 --port N`). */
export interface HostRequest {
  readonly listenHost: string;
  /** null: the port of 设置 → 多席位. */
  readonly port: number | null;
}

/** Whether this start serves the intranet: asked on the command line or set in 设置 → 多席位; never read-only. */
export function hostModeWanted(runtime: Runtime, readonly: boolean, request: HostRequest | null = null): boolean {
  return !readonly && (request !== null || readHostSettings(runtime.store().db).enabled);
}

export interface RuntimeHostOptions {
  /** The renderer build served to the desks (the same one this PC's window or browser shows). */
  readonly staticDir: string;
  readonly request?: HostRequest | null;
  /** A peer not on the allow-list was refused. */
  readonly onRefused?: (address: string) => void;
}

/** Starts host mode (HTTPS on 0.0.0.0 and the settings' port, unless the command line said otherwise) on the runtime. */
export function startRuntimeHost(runtime: Runtime, feed: RuntimeLive, options: RuntimeHostOptions): Promise<RunningHost> {
  const settings = readHostSettings(runtime.store().db);
  return startHostMode({
    databasePath: runtime.store().databasePath,
    handlers: feed.handlers,
    db: () => runtime.store().db,
    staticDir: options.staticDir,
    port: options.request?.port ?? settings.port,
    listenHost: options.request?.listenHost ?? '0.0.0.0',
    live: feed.live,
    tiles: runtimeTiles(runtime),
    // The store's call host (it follows the store: a restore reopens both); runtime.stop() closes it.
    callHost: () => runtime.store().callHost,
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
  });
}

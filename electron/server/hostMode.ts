/**
 * Host mode: this GridDesk serves the district's database to the other desks of the intranet over
 * HTTPS (`npm start -- --host 0.0.0.0 --port N`, or 设置 → 多席位 → 以主机模式启动). The same app and
 * API as browser mode (httpServer.ts), with:
 * - a certificate made on first start and kept beside the database (or the pair an administrator
 *   supplies); its SHA-256 fingerprint is printed and shown in 设置 for desks to pin;
 * - peers not on the allow-list disconnected as they connect (default: this PC's own subnets);
 * - no token on the network: every call but logging in carries a logged-in session, which idles, locks
 *   and expires as on the desktop; failed logins are limited per account and per address and logged
 *   (db/trust/accounts.ts, auth/sessions.ts) with the peer's real address;
 * - the calls that name paths on the host or change the host itself refused from the network;
 * - more connections than loopback browser mode (desks each hold a live feed), the same timeouts;
 * - the live feed (liveFeed.ts) at /live, shared with the loopback server so every write reaches every desk.
 */
import type { Db } from '../../db/open';
import type { Handlers } from '../contract';
import { gateOf } from '../auth/gate';
import { isAllowed, ownAddresses, ownSubnets, parseAllowList, normalizeAddress, type Cidr } from './allowList';
import { loadOrCreateCertificate, type HostCertificate } from './certificate';
import { readHostSettings } from './hostSettings';
import { setRunningHost } from './hostStatus';
import { startBrowserServer, type BrowserServer, type BrowserServerOptions, type ServerLimits } from './httpServer';
import type { LiveFeed } from './liveFeed';

export { liveRoute } from './liveFeed';

/**
 * Calls a desk on the network may never make, decided from the contract: the backup calls that name a
 * folder on the host or swap its database (backup:set, backup:now, backup:verify, backup:restore), loading
 * the demo district (it fills an empty host), and the host's own settings (host:set: its allow-list and
 * certificate must not be widened from a desk). Path-named imports are already refused over HTTP
 * (handlers/pathGrants.ts: only uploads are read).
 */
export const LOOPBACK_ONLY_CALLS: ReadonlySet<string> = new Set(['backup:set', 'backup:now', 'backup:verify', 'backup:restore', 'demo:load', 'host:set']);

/** A district's desks each hold a live feed and a few calls: more room than one PC's browser needs. */
export const HOST_LIMITS: Partial<ServerLimits> = { maxConnections: 512, maxConcurrentCalls: 96 };

export interface HostModeOptions {
  readonly databasePath: string;
  /** The current handlers (a restore reopens the store), already observed by the live feed or not. */
  readonly handlers: () => Handlers;
  /** The writer connection, to read the host settings (allow-list) from. */
  readonly db: () => Db;
  readonly staticDir: string;
  readonly port: number;
  /** Default '0.0.0.0'. */
  readonly listenHost?: string;
  readonly live: LiveFeed;
  readonly tiles?: BrowserServerOptions['tiles'];
  /** The store's call host (the long reads in workers), as the loopback server has it. */
  readonly callHost?: BrowserServerOptions['callHost'];
  readonly limits?: Partial<ServerLimits>;
  /** A refused peer (not on the allow-list), reported at most once a minute per address. */
  readonly onRefused?: (address: string) => void;
  /** Tests: the allow-list's own subnets (default: this PC's interfaces). */
  readonly ownSubnets?: () => Cidr[];
}

export interface RunningHost {
  readonly server: BrowserServer;
  readonly certificate: HostCertificate;
  readonly port: number;
  readonly urls: readonly string[];
  /** The subnets allowed now. */
  allowed(): Cidr[];
  close(): Promise<void>;
}

/** The allow-list in force: the administrator's list, or this PC's own subnets; re-read every 2 s. */
export function allowListReader(db: () => Db, own: () => Cidr[] = () => ownSubnets()): () => Cidr[] {
  let cached: { at: number; entries: Cidr[] } | null = null;
  return () => {
    const at = Date.now();
    if (cached && at - cached.at < 2_000) return cached.entries;
    const setting = readHostSettings(db()).allowList;
    const entries = setting === null ? own() : parseAllowList(setting).entries;
    cached = { at, entries };
    return entries;
  };
}

/** Starts the HTTPS host beside the loopback browser mode; the certificate is made on first start. */
export async function startHostMode(options: HostModeOptions): Promise<RunningHost> {
  const settings = readHostSettings(options.db());
  const supplied = settings.certFile && settings.keyFile ? { certFile: settings.certFile, keyFile: settings.keyFile } : null;
  const certificate = await loadOrCreateCertificate({ databasePath: options.databasePath, supplied });
  const allowed = allowListReader(options.db, options.ownSubnets);
  const reported = new Map<string, number>();
  const listenHost = options.listenHost ?? '0.0.0.0';
  const server = await startBrowserServer({
    handlers: options.handlers,
    staticDir: options.staticDir,
    port: options.port,
    limits: { ...HOST_LIMITS, ...options.limits },
    ...(options.tiles ? { tiles: options.tiles } : {}),
    ...(options.callHost ? { callHost: options.callHost } : {}),
    // Writes wait for the write lock (an import holding it) without stopping the thread every desk is served on.
    writer: options.db,
    live: options.live,
    network: {
      tls: { key: certificate.key, cert: certificate.cert },
      listenHost,
      loopbackOnly: LOOPBACK_ONLY_CALLS,
      admitAddress: (address) => {
        if (isAllowed(address, allowed())) return true;
        const who = normalizeAddress(address);
        const at = Date.now();
        if ((reported.get(who) ?? 0) < at - 60_000) {
          reported.set(who, at);
          if (reported.size > 1_000) reported.delete(reported.keys().next().value!);
          options.onRefused?.(who);
        }
        return false;
      },
      isSessionLive: (token) => gateOf(options.handlers())?.sessions.resolve(token, false).state === 'ok',
    },
  });
  const hosts = listenHost === '0.0.0.0' ? ownAddresses() : [listenHost];
  const urls = hosts.map((h) => `https://${h}:${server.port}/`);
  const startedAt = Date.now();
  setRunningHost(() => ({
    listenHost,
    port: server.port,
    urls,
    fingerprint: certificate.fingerprint,
    certificateSource: certificate.source,
    certificateFile: certificate.certFile,
    certificateValidTo: certificate.validTo,
    allowed: allowed().map((c) => c.text),
    startedAt,
    liveClients: options.live.clientCount,
  }));
  return {
    server,
    certificate,
    port: server.port,
    urls,
    allowed,
    close: async () => {
      setRunningHost(null);
      await server.close();
    },
  };
}

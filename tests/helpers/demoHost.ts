/**
 * A district host for tests: a small demo district on a temporary SQLite file, served in host mode over
 * HTTPS on 127.0.0.1 with its own certificate and the live feed (a stand-in page as the renderer build).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenedStore } from '../../electron/host';
import { gateOf } from '../../electron/auth/gate';
import { LiveFeed } from '../../electron/server/liveFeed';
import { startHostMode, type RunningHost } from '../../electron/server/hostMode';
import { TOKEN_PLACEHOLDER } from '../../db/domain/transport';

export interface DemoHost {
  readonly dir: string;
  readonly store: OpenedStore;
  readonly live: LiveFeed;
  readonly host: RunningHost;
  readonly origin: string;
  close(): Promise<void>;
}

export async function startDemoHost(prefix: string): Promise<DemoHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), `<!doctype html><meta name="griddesk-token" content="${TOKEN_PLACEHOLDER}"><title>GridDesk</title>`);
  const store = openStore(path.join(dir, 'district.sqlite'), { transport: 'http' });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 200 });
  const live = new LiveFeed(() => gateOf(store.handlers)?.sessions, { heartbeatMs: 1_000 });
  const host = await startHostMode({
    databasePath: store.databasePath,
    handlers: () => live.observe(store.handlers),
    db: () => store.db,
    staticDir,
    port: 0,
    listenHost: '127.0.0.1',
    live,
    ownSubnets: () => [],
  });
  return {
    dir,
    store,
    live,
    host,
    origin: `https://127.0.0.1:${host.port}`,
    async close() {
      live.close();
      await host.close();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The host process of bench:desks: host mode on 127.0.0.1 over the working copy, as `npm start -- --host`
 * runs it (the store with its call host, the live feed, HTTPS), in a process of its own so the desks'
 * clients do not share its event loop. Told over IPC what to prepare; answers the address, the fingerprint
 * and each desk's share of cases, and at the end the live feed's last event id.
 */
import path from 'node:path';
import { openStore } from '../../electron/host';
import { gateOf, directCaller } from '../../electron/auth/gate';
import { invokeCall } from '../../electron/handlers/invoke';
import { LiveFeed } from '../../electron/server/liveFeed';
import { startHostMode } from '../../electron/server/hostMode';

interface Setup {
  readonly database: string;
  readonly desks: number;
  readonly secret: string;
}

const send = (message: unknown) => process.send!(message);

process.once('message', async (setup: Setup) => {
  const store = openStore(setup.database, { transport: 'http', callHost: {} });
  const { db } = store;
  const names: string[] = [];
  for (let i = 0; i < setup.desks; i += 1) {
    const name = `席位监督员${String(i + 1).padStart(2, '0')}`;
    names.push(name);
    if (!db.prepare(`SELECT 1 FROM operators WHERE name = ?`).get(name)) {
      const made = await invokeCall(store.handlers, 'operators:create', { name, role: 'supervisor', secret: setup.secret }, directCaller());
      if (!made.ok) throw new Error(made.error.message);
    }
  }
  // Each desk's share of open cases: its 催办 never meets another desk's on the same case.
  const clocked = db.prepare(`SELECT id FROM incidents WHERE status IN ('dispatched', 'handling') ORDER BY id DESC LIMIT ?`).pluck().all(setup.desks * 200) as number[];
  const shares = names.map((_, i) => clocked.filter((_id, k) => k % setup.desks === i));
  const maxId = db.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number;
  const streets = db.prepare(`SELECT code FROM grids WHERE level = 2`).pluck().all() as string[];
  const live = new LiveFeed(() => gateOf(store.handlers)?.sessions);
  const host = await startHostMode({
    databasePath: store.databasePath,
    handlers: () => live.observe(store.handlers),
    db: () => store.db,
    staticDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
    port: 0,
    listenHost: '127.0.0.1',
    live,
    callHost: () => store.callHost,
  });
  send({ kind: 'ready', origin: `https://127.0.0.1:${host.port}`, fingerprint: host.certificate.fingerprint, names, shares, maxId, streets, firstId: live.lastId });
  process.on('message', async (message: { kind: string }) => {
    if (message.kind !== 'stop') return;
    const lastId = live.lastId;
    live.close();
    await host.close();
    store.close();
    send({ kind: 'stopped', lastId });
    process.exit(0);
  });
});

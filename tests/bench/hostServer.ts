/**
 * Browser mode for `npm run bench:host`, in its own process so the bench's own client never shares the
 * server's thread: the store and the HTTP server as `npm start` opens them (no backups, no ladder clock),
 * with the call host's workers (`--binding pool`) or every call on the one thread as before (`--binding single`).
 * Prints one JSON line with the address and the token, then serves until stdin closes.
 *
 *   tsx tests/bench/hostServer.ts --db FILE --binding pool|single [--workers N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../electron/host';
import { startBrowserServer } from '../../electron/server/httpServer';
import { BENCH_NOW } from './util';

const { values } = parseArgs({ options: { db: { type: 'string' }, binding: { type: 'string', default: 'pool' }, workers: { type: 'string', default: '2' } } });
const pooled = values.binding === 'pool';
const store = openStore(values.db!, { transport: 'http', now: () => BENCH_NOW, ...(pooled ? { callHost: { size: Number(values.workers) } } : {}) });
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-hostbench-'));
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GridDesk</title>');
const server = await startBrowserServer({ handlers: store.handlers, staticDir, ...(pooled ? { callHost: store.callHost } : {}) });
console.log(JSON.stringify({ origin: server.origin, token: server.token, pid: process.pid }));
const stop = () => {
  void server.close().then(() => {
    store.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);

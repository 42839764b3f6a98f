/**
 * npm run bench:host [-- --db FILE] [-- --seconds 20] [-- --workers 2] [-- --profile DIR] — does the host keep answering while
 * long calls run? Over real HTTP against browser mode on 127.0.0.1 (the server in its own process, tests/bench/
 * hostServer.ts), on the 1M-case district: the latency of two short calls the desk makes all day — one case
 * (incidents:get) and the first page of the case list (incidents:list) — first with nothing else running, then
 * while a 1M-case XLSX export (exports:start, polled as the page polls it) and a year of statistics
 * (stats:period over 365 days, one after another) run at the same time. The same measurement is made with
 * today's single-thread binding (every call on the server's one thread) and with the call host's workers
 * (electron/callHost), in the same run. Goal: p99 ≤ 25 ms under that load.
 */
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { ensureDemoDatabase, ms, table } from './util';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    cases: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    workers: { type: 'string', default: '2' },
    idle: { type: 'string', default: '100' },
    bindings: { type: 'string', default: 'single,pool' },
    /** A folder for the server's CPU profiles (node --cpu-prof: its main thread and each worker's). */
    profile: { type: 'string' },
  },
});
const file = values.db ?? (await ensureDemoDatabase(Number(values.cases)));
const seconds = Number(values.seconds);
const root = path.resolve(import.meta.dirname, '../..');
const YEAR = { from: '2025-11-25', to: '2026-11-24' };

// Cases to look at: spread over the whole table, as a desk opens them.
const reader = new Database(file, { readonly: true });
const adminName = (reader.prepare("SELECT name FROM operators WHERE role = 'admin' AND is_active = 1 ORDER BY id LIMIT 1").get() as { name: string }).name;
const ids = (reader.prepare('SELECT id FROM incidents WHERE id % 997 = 0 ORDER BY id').all() as { id: number }[]).map((r) => r.id);
const totalCases = (reader.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
reader.close();

interface Server {
  readonly origin: string;
  readonly token: string;
  readonly child: ChildProcess;
}

async function startServer(binding: string): Promise<Server> {
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile, binding)] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'tests/bench/hostServer.ts'), '--db', file, '--binding', binding, '--workers', values.workers!], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`服务进程退出（${code}）`)));
  });
  const { origin, token } = JSON.parse(first) as { origin: string; token: string };
  return { origin, token, child };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.stdin!.end();
  await exited;
}

interface Client {
  call(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
}

async function client(server: Server): Promise<Client> {
  let session = '';
  const call = async (name: string, input: unknown) => {
    const res = await fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-griddesk-token': server.token, ...(session ? { 'x-griddesk-session': session } : {}) },
      body: JSON.stringify(input),
    });
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  };
  const login = await call('session:login', { name: adminName, secret: 'demo2026' });
  if (!login.ok) throw new Error(`登录失败：${login.error?.message}`);
  session = (login.value as { token: string }).token;
  return { call };
}

interface Samples {
  get: number[];
  list: number[];
}

/** Short calls one after another, a few milliseconds apart, until `until()` says stop or `max` of each were made. */
async function probe(c: Client, until: () => boolean, max: number): Promise<Samples> {
  const samples: Samples = { get: [], list: [] };
  for (let k = 0; !until() && samples.get.length < max; k++) {
    const t0 = performance.now();
    const got = await c.call('incidents:get', { id: ids[k % ids.length] });
    samples.get.push(performance.now() - t0);
    if (!got.ok) throw new Error(`incidents:get：${got.error?.message}`);
    const t1 = performance.now();
    const page = await c.call('incidents:list', { filter: {}, limit: 100 });
    samples.list.push(performance.now() - t1);
    if (!page.ok) throw new Error(`incidents:list：${page.error?.message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return samples;
}

function quantiles(values: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

interface Measured {
  binding: string;
  idle: Samples;
  loaded: Samples;
  statsRuns: number[];
  exportRows: number;
  exportTotal: number;
  load: number[];
}

async function measure(binding: string): Promise<Measured> {
  const server = await startServer(binding);
  try {
    const c = await client(server);
    // Warm every path (the page cache, and each worker of the pool: two calls at once) before timing anything.
    await Promise.all([c.call('stats:period', YEAR), c.call('stats:period', YEAR)]);
    await probe(c, () => false, 10);
    const idle = await probe(c, () => false, Number(values.idle));

    const load = os.loadavg();
    const started = await c.call('exports:start', { format: 'xlsx', filter: {} });
    if (!started.ok) throw new Error(`exports:start：${started.error?.message}`);
    const jobId = (started.value as { jobId: string }).jobId;
    const endAt = performance.now() + seconds * 1000;
    const isOver = () => performance.now() >= endAt;
    let exportRows = 0;
    let exportTotal = 0;
    const polling = (async () => {
      while (!isOver()) {
        const status = await c.call('exports:progress', { jobId });
        const value = status.value as { rowsWritten: number; totalRows: number; state: string };
        exportRows = value.rowsWritten;
        exportTotal = value.totalRows;
        if (value.state !== 'running') throw new Error(`导出提前结束：${value.state}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const statsRuns: number[] = [];
    const statsLoop = (async () => {
      while (!isOver()) {
        const t0 = performance.now();
        const r = await c.call('stats:period', YEAR);
        if (!r.ok) throw new Error(`stats:period：${r.error?.message}`);
        statsRuns.push(performance.now() - t0);
      }
    })();
    // Let both long calls get going before the first probe.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const loaded = await probe(c, isOver, Number.MAX_SAFE_INTEGER);
    await Promise.all([polling, statsLoop]);
    await c.call('exports:cancel', { jobId });
    return { binding, idle, loaded, statsRuns, exportRows, exportTotal, load };
  } finally {
    await stopServer(server);
  }
}

console.log(`bench:host — ${totalCases.toLocaleString()} 件案件（${path.basename(file)}），${os.cpus().length} 核，负载窗口 ${seconds} s，工作线程 ${values.workers}`);
const results: Measured[] = [];
for (const binding of values.bindings!.split(',')) {
  console.log(`测量 ${binding} ……（开始时系统负载 ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}）`);
  results.push(await measure(binding));
}

const label = (b: string) => (b === 'pool' ? 'GridDesk call host (2 workers)'.replace('2', values.workers!) : 'single thread (before)');
const rows: (string | number)[][] = [];
for (const r of results) {
  for (const [phase, s] of [
    ['idle', r.idle],
    ['export + year stats', r.loaded],
  ] as const) {
    for (const call of ['get', 'list'] as const) {
      const q = quantiles(s[call]);
      const goal = phase === 'idle' ? '' : q.p99 <= 25 ? 'yes' : 'no';
      rows.push([label(r.binding), phase, call === 'get' ? 'incidents:get' : 'incidents:list (page 1)', ms(q.p50), ms(q.p99), ms(q.max), q.n, goal]);
    }
  }
}
console.log('');
console.log(table(['binding', 'load', 'call', 'p50 ms', 'p99 ms', 'max ms', 'n', 'p99 ≤ 25 ms'], rows));
console.log('');
console.log(
  table(
    ['binding', 'year stats done', 'year stats p50 ms', 'export rows written', 'loadavg (1/5/15) at start'],
    results.map((r) => [
      label(r.binding),
      r.statsRuns.length,
      ms(quantiles(r.statsRuns).p50),
      `${r.exportRows.toLocaleString()} / ${r.exportTotal.toLocaleString()}`,
      r.load.map((l) => l.toFixed(2)).join(' / '),
    ]),
  ),
);

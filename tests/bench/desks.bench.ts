/**
 * npm run bench:desks [-- --minutes 5 --desks 30 --incidents 1000000 --db FILE] — a district's desks on one host.
 *
 * Starts host mode (HTTPS, its own certificate, the live feed) on 127.0.0.1 only, over a working copy of the
 * demo database at `--incidents` cases (tests/bench/out/desk-<n>.sqlite, made once by the desk bench's
 * helper; the copy is taken so the runs of other benches are not changed), and runs `--desks` simulated desks
 * (at most 60), each a client of its own that pins the host's fingerprint, logs in as its own supervisor and
 * follows the live feed, for `--minutes` (at most 30). Each desk works as a person at a desk does, pausing
 * 0.5–2.5 s between actions: list pages (filters, sorts, next pages), case opens, case steps (催办 on an open
 * case of its own share, read first for its version), the count and its queue; one statistics page a minute
 * among all desks; one import of 10,000 rows (upload in chunks, start, follow to the end) by one desk.
 *
 * Prints p50/p95/p99/max per call (client-side, over HTTPS), the errors (must be 0), and the live feed:
 * events published, and for every desk whether it received every one exactly once (no loss, no duplicate)
 * and how long after the write. Goal (issue 14): desk calls p95 ≤ 100 ms, p99 ≤ 300 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { openStore } from '../../electron/host';
import { DeskClient, type LiveStream } from '../helpers/deskClient';
import { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv } from '../db/importFixtures';
import { ensureDemoDatabase, ms, table } from './util';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    desks: { type: 'string', default: '30' },
    incidents: { type: 'string', default: '1000000' },
    db: { type: 'string' },
    'import-rows': { type: 'string', default: '10000' },
  },
});
const minutes = Math.min(30, Math.max(0.1, Number(values.minutes)));
const deskCount = Math.min(60, Math.max(2, Math.floor(Number(values.desks))));
const importRows = Math.min(100_000, Math.max(0, Math.floor(Number(values['import-rows']))));
const source = await ensureDemoDatabase(Number(values.incidents), values.db);
const outDir = path.resolve(import.meta.dirname, 'out');
const work = path.join(outDir, `desks-work-${path.basename(source)}`);
for (const f of [work, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
console.log(`复制数据库 ${path.basename(source)} → ${path.basename(work)} ……`);
fs.copyFileSync(source, work);

const SECRET = 'Desk#2026bench';
let csvFile: string | null = null;
if (importRows > 0) {
  csvFile = path.join(outDir, `desks-import-${importRows}.csv`);
  const seedStore = openStore(work, { transport: 'direct' });
  const now = Date.now();
  writeCsv(csvFile, FIELD_LOG_HEADERS, fieldLogRows({ rows: importRows, points: pointsInGrids(seedStore.db, 2_000), start: now - 7 * 86_400_000, days: 6, idPrefix: `DSK${now}-` }));
  seedStore.close();
}

// The host in a process of its own (as on the host PC); the desks' clients here.
const child = fork(path.join(import.meta.dirname, 'desksHost.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
interface Ready {
  kind: 'ready';
  origin: string;
  fingerprint: string;
  names: string[];
  shares: number[][];
  maxId: number;
  streets: string[];
  firstId: number;
}
const ask = <T>(kind: string) => new Promise<T>((resolve) => child.once('message', (m) => (m as { kind: string }).kind === kind && resolve(m as T)));
const readyNow = ask<Ready>('ready');
child.send({ database: work, desks: deskCount, secret: SECRET });
const { origin, fingerprint, names, shares, maxId, streets, firstId } = await readyNow;
console.log(`主机 ${origin}（独立进程），指纹 ${fingerprint}；${deskCount} 个席位，${minutes} 分钟`);

// ── Measurements ──────────────────────────────────────────────────────────
const samples = new Map<string, number[]>();
const errors: string[] = [];
/** Event ids of the writes the desks made (from the answers' order is unknown: read from the feed's own count). */
let writesMade = 0;
const record = (name: string, ms: number) => {
  const list = samples.get(name) ?? [];
  list.push(ms);
  samples.set(name, list);
};

async function timed<T>(desk: DeskClient, name: string, input: unknown, label = name): Promise<T | null> {
  const t0 = performance.now();
  try {
    const answer = await desk.call(name, input);
    record(label, performance.now() - t0);
    if (!answer.body.ok) {
      errors.push(`${label}: ${answer.status} ${answer.body.error?.message}`);
      return null;
    }
    return answer.body.value as T;
  } catch (e) {
    errors.push(`${label}: ${(e as Error).message}`);
    return null;
  }
}

const random = (n: number) => Math.floor(Math.random() * n);
const pause = (lo: number, hi: number) => new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
const deadline = Date.now() + minutes * 60_000;

async function deskLoop(desk: DeskClient, index: number): Promise<void> {
  const share = shares[index]!;
  while (Date.now() < deadline) {
    await pause(500, 2_500);
    const roll = Math.random();
    if (roll < 0.38) {
      const filter =
        Math.random() < 0.5
          ? { statuses: ['dispatched', 'handling', 'handled'] as string[] }
          : Math.random() < 0.5
            ? { streetCode: streets[random(streets.length)] }
            : {};
      const sort = Math.random() < 0.7 ? 'reported_desc' : 'due_asc';
      const page = await timed<{ nextCursor: string | null }>(desk, 'incidents:list', { filter, sort, limit: 100 });
      // Now and then the next page.
      if (page?.nextCursor && Math.random() < 0.3) {
        await pause(300, 1_000);
        await timed(desk, 'incidents:list', { filter, sort, limit: 100, after: page.nextCursor }, 'incidents:list（下一页）');
      }
    } else if (roll < 0.72) {
      await timed(desk, 'incidents:get', { id: 1 + random(maxId) });
    } else if (roll < 0.88 && share.length) {
      const id = share[random(share.length)]!;
      const detail = await timed<{ version: number; status: string }>(desk, 'incidents:get', { id });
      if (!detail || !['dispatched', 'handling'].includes(detail.status)) continue;
      const done = await timed(desk, 'incidents:transition', { incidentId: id, action: 'urge', expectedVersion: detail.version, note: `请尽快处理（席位 ${index + 1}）` });
      if (done) writesMade += 1;
    } else if (roll < 0.95) {
      await timed(desk, 'incidents:count', { filter: {} });
    } else {
      await timed(desk, 'queue:mine', {});
    }
  }
}

async function statsEveryMinute(desks: DeskClient[]): Promise<void> {
  let k = 0;
  while (Date.now() < deadline) {
    await timed(desks[k % desks.length]!, 'stats:week', {});
    k += 1;
    await new Promise((r) => setTimeout(r, Math.min(60_000, Math.max(0, deadline - Date.now()))));
  }
}

async function importOnce(desk: DeskClient): Promise<void> {
  if (!csvFile) return;
  await pause(2_000, 4_000);
  const bytes = fs.readFileSync(csvFile);
  const t0 = performance.now();
  let uploadId: string | undefined;
  const CHUNK = 4 * 1024 * 1024;
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const up = await timed<{ uploadId: string }>(desk, 'imports:upload', { ...(uploadId ? { uploadId } : {}), fileName: path.basename(csvFile), offset, dataBase64: bytes.subarray(offset, offset + CHUNK).toString('base64') });
    if (!up) return;
    uploadId = up.uploadId;
  }
  const job = await timed<{ jobId: string }>(desk, 'imports:start', { source: { uploadId } });
  if (!job) return;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const status = await timed<{ state: string; result: { inserted?: number } | null; error: { message: string } | null }>(desk, 'imports:progress', { jobId: job.jobId });
    if (!status) return;
    if (status.state === 'running') continue;
    if (status.state !== 'done') errors.push(`import: ${status.state} ${status.error?.message ?? ''}`);
    else writesMade += 1;
    console.log(`导入 ${importRows.toLocaleString()} 行：${status.state}，${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
}

// ── Run ───────────────────────────────────────────────────────────────────
const desks = await Promise.all(names.map(async (name) => {
  const desk = await DeskClient.connect(origin, fingerprint, { maxSockets: 2 });
  await desk.login(name, SECRET);
  return desk;
}));
const feeds: LiveStream[] = await Promise.all(desks.map((d) => d.openLive()));
const started = performance.now();
await Promise.all([...desks.map((d, i) => deskLoop(d, i)), statsEveryMinute(desks), importOnce(desks[0]!)]);
// Let the last events arrive (≤ 2 s), then compare.
await new Promise((r) => setTimeout(r, 2_500));
const elapsed = (performance.now() - started) / 1000;
const stoppedNow = ask<{ lastId: number }>('stopped');
child.send({ kind: 'stop' });
const { lastId } = await stoppedNow;
const published = lastId - firstId;
let lost = 0;
let duplicated = 0;
const lags: number[] = [];
for (const feed of feeds) {
  const seen = feed.events.filter((e) => e.id > firstId).map((e) => e.id);
  duplicated += seen.length - new Set(seen).size;
  lost += published - new Set(seen).size;
  for (const e of feed.events) lags.push(e.receivedAt - (e as unknown as { at: number }).at);
}
for (const feed of feeds) feed.close();
for (const desk of desks) desk.close();

const pct = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
const rows = [...samples.entries()]
  .sort((a, b) => b[1].length - a[1].length)
  .map(([name, list]) => {
    list.sort((a, b) => a - b);
    return [name, list.length, ms(pct(list, 0.5)), ms(pct(list, 0.95)), ms(pct(list, 0.99)), ms(list[list.length - 1]!)];
  });
const deskCalls = [...samples.entries()].filter(([n]) => ['incidents:list', 'incidents:list（下一页）', 'incidents:get', 'incidents:transition', 'incidents:count', 'queue:mine'].includes(n)).flatMap(([, l]) => l).sort((a, b) => a - b);
lags.sort((a, b) => a - b);
console.log(`\n${deskCount} 个席位，${elapsed.toFixed(0)} s，数据库 ${path.basename(source)}（${Number(values.incidents).toLocaleString()} 件）\n`);
console.log(table(['调用', '次数', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows));
console.log(`\n席位调用合计（列表、打开、流转、计数、待办）：${deskCalls.length} 次，p95 ${ms(pct(deskCalls, 0.95))} ms（目标 ≤ 100），p99 ${ms(pct(deskCalls, 0.99))} ms（目标 ≤ 300）`);
console.log(`错误：${errors.length}${errors.length ? `\n  ${[...new Set(errors)].slice(0, 10).join('\n  ')}` : ''}`);
console.log(`实时推送：写入 ${writesMade} 次，事件 ${published} 个 × ${deskCount} 个席位；丢失 ${lost}，重复 ${duplicated}；送达延迟 p50 ${ms(pct(lags, 0.5))} ms，p95 ${ms(pct(lags, 0.95))} ms，max ${ms(lags[lags.length - 1] ?? 0)} ms`);
for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}.host-cert.pem`, `${work}.host-key.pem`]) fs.rmSync(f, { force: true });
process.exit(errors.length === 0 && lost === 0 && duplicated === 0 && published === writesMade ? 0 : 1);

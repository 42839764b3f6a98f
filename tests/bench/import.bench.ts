/**
 * npm run bench:import [-- --rows 100000,1000000] — the field-log import at scale, beside the fair peer in
 * the same run, each on its own fresh copy of the same demo database (the demo district and its cases).
 *
 * GridDesk, two ways:
 * - `cli import`: `npm run cli -- import FILE --db COPY` as an administrator runs it, timed as a whole
 *   process (start-up, the job, the write-back of the log on close); peak memory is the process's own
 *   (/usr/bin/time).
 * - the bench's own path: the handlers in this process (`imports:start`, polled to the end), as the desk
 *   runs it; peak memory is this process's RSS sampled every 50 ms, with the main thread's longest stall.
 * Both do the whole job: decode, parse, validate every row, locate the grid, resolve the category, check
 * identity and near-duplicates, write each case and its report event (hash-chained), the daily
 * statistics, every index and the search index, one transaction.
 *
 * Peer: the sqlite3 command-line tool doing the same database work in bulk SQL on GridDesk's own schema
 * (./importPeer.ts): `.import` into a staging table, one INSERT … SELECT into `incidents` with every index
 * GridDesk keeps in place and the schema's triggers, one event per case, the search index rebuilt once.
 * Its peak memory is the sqlite3 process's own.
 *
 * Also: the 100,000-row log as GBK CSV and as XLSX (GridDesk only: .import reads neither).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/host';
import type { ImportJobStatus } from '../../electron/contract';
import { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv, writeXlsx } from '../db/importFixtures';
import { runPeer } from './importPeer';
import { table } from './util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000,1000000' }, keep: { type: 'boolean' } } });
const sizes = values.rows!.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.resolve(import.meta.dirname, 'out');
fs.mkdirSync(outDir, { recursive: true });
const UNTIL = '2026-11-25';
const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const START = Date.parse('2024-11-25T08:00:00+08:00');

if (spawnSync('sqlite3', ['--version']).status !== 0) {
  console.error('需要 sqlite3 命令行工具作对照：apt-get install -y sqlite3');
  process.exit(1);
}
const timed = fs.existsSync('/usr/bin/time');
// `npm run cli` builds its bundle when a source is newer than it; built here once, so no timed run pays for it
// (an installed GridDesk runs its bundle as shipped).
if (spawnSync('npm', ['run', '--silent', 'cli', '--', '--help'], { cwd: root }).status !== 0) {
  console.error('npm run cli 无法运行');
  process.exit(1);
}

// The database every run starts from: the demo district with its 12 weeks of cases.
const base = path.join(outDir, 'import-base.sqlite');
if (!fs.existsSync(base)) {
  const s = openStore(base, { transport: 'direct' });
  await s.handlers['demo:load']({ until: UNTIL });
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  s.db.close();
}
const points = (() => {
  const s = openStore(base, { transport: 'direct' });
  try {
    // Opening migrates the base once, so no run below pays for a migration (or its backup copy).
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    return pointsInGrids(s.db, 200_000);
  } finally {
    s.db.close();
  }
})();

function freshCopy(name: string): string {
  const file = path.join(outDir, name);
  removeDb(file);
  fs.copyFileSync(base, file);
  return file;
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

function csvFor(rows: number, encoding: 'utf-8' | 'gbk' = 'utf-8'): string {
  const file = path.join(outDir, `fieldlog-${rows}${encoding === 'gbk' ? '-gbk' : ''}.csv`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    writeCsv(file, FIELD_LOG_HEADERS, fieldLogRows({ rows, points, start: START, days: 730 }), { encoding });
    console.log(`生成 ${path.basename(file)}：${mb(fs.statSync(file).size)}，${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const s2 = (seconds: number) => seconds.toFixed(2);

interface Measured {
  seconds: number;
  peakRss: number | null;
  outcome: string;
  stallMs: number | null;
}

/** The writing thread's phases of each own-path run (the batch report's phasesMs), for the profile table. */
const phaseRows: (string | number)[][] = [];
const PHASES = ['rows', 'events', 'daily', 'triggers', 'search', 'indexes', 'weekly'] as const;

/** Imports through the handlers in this process (the job's worker threads), sampling RSS and the main thread's stalls. */
async function benchPath(file: string): Promise<Measured> {
  const db = freshCopy('import-run.sqlite');
  const store = openStore(db, { transport: 'direct', now: () => NOW });
  try {
    global.gc?.();
    let peak = process.memoryUsage().rss;
    let last = performance.now();
    let stall = 0;
    const sampler = setInterval(() => {
      const t = performance.now();
      stall = Math.max(stall, t - last - 50);
      last = t;
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const t0 = performance.now();
    let status: ImportJobStatus = await store.handlers['imports:start']({ source: { path: file }, crs: 'wgs84' });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      status = await store.handlers['imports:progress']({ jobId: status.jobId });
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (status.state !== 'done') throw new Error(`导入未完成：${status.state} ${status.error?.message ?? ''}`);
    const r = status.result!;
    const phases = JSON.parse(
      store.db.prepare(`SELECT json_extract(report, '$.phasesMs') FROM import_batches WHERE id = ?`).pluck().get(r.batchId) as string,
    ) as Record<(typeof PHASES)[number], number>;
    const named = PHASES.reduce((sum, k) => sum + phases[k], 0);
    phaseRows.push([path.basename(file), ...PHASES.map((k) => s2(phases[k] / 1000)), s2(seconds - named / 1000), s2(seconds)]);
    return { seconds, peakRss: peak, outcome: `${r.accepted}/${r.rejected}/${r.duplicates}（疑似重复 ${r.nearDuplicates}）`, stallMs: stall };
  } finally {
    store.db.close();
    if (!values.keep) removeDb(db);
  }
}

/** `npm run cli -- import FILE --db COPY`, as a whole process. */
function cliPath(file: string): Measured {
  const db = freshCopy('import-cli.sqlite');
  try {
    const cmd = ['npm', 'run', '--silent', 'cli', '--', 'import', file, '--db', db];
    const t0 = performance.now();
    const r = spawnSync(timed ? '/usr/bin/time' : cmd[0]!, timed ? ['-f', 'peak-kb %M', ...cmd] : cmd.slice(1), { cwd: root, maxBuffer: 64 << 20 });
    const seconds = (performance.now() - t0) / 1000;
    const stdout = r.stdout.toString();
    const stderr = r.stderr.toString();
    if (r.status !== 0) throw new Error(`cli import 失败：${stderr.slice(-2000)}`);
    const counts = /读取 (\d+) 行：接收 (\d+)，拒收 (\d+)，重复 (\d+)(?:，疑似重复（已标记）(\d+))?/.exec(stdout);
    const peak = /peak-kb (\d+)/.exec(stderr);
    return {
      seconds,
      peakRss: peak ? Number(peak[1]) * 1024 : null,
      outcome: counts ? `${counts[2]}/${counts[3]}/${counts[4]}（疑似重复 ${counts[5] ?? 0}）` : stdout.split('\n')[1] ?? '',
      stallMs: null,
    };
  } finally {
    if (!values.keep) removeDb(db);
  }
}

function peerPath(file: string): Measured {
  const db = freshCopy('import-peer.sqlite');
  try {
    const r = runPeer(db, file, NOW);
    return { seconds: r.seconds, peakRss: r.peakRss, outcome: `${r.cases} 件，${r.events} 条记录（索引 ${r.indexes.length} 个）`, stallMs: null };
  } finally {
    if (!values.keep) removeDb(db);
  }
}

const rows: (string | number)[][] = [];
const row = (label: string, n: number, m: Measured, peer: Measured | null) =>
  rows.push([
    label,
    s2(m.seconds),
    Math.round(n / m.seconds).toLocaleString(),
    peer ? (m.seconds / peer.seconds).toFixed(2) : '—',
    m.peakRss === null ? '—' : mb(m.peakRss),
    m.stallMs === null ? '—' : `${Math.round(m.stallMs)}`,
    m.outcome,
  ]);

for (const n of sizes) {
  const file = csvFor(n);
  const title = `${n.toLocaleString()} 行 UTF-8 CSV（${mb(fs.statSync(file).size)}）`;
  const peer = peerPath(file);
  const cli = cliPath(file);
  const own = await benchPath(file);
  row(`${title}：GridDesk cli import`, n, cli, peer);
  row(`${title}：GridDesk（本基准的路径）`, n, own, peer);
  row(`${title}：sqlite3 对照`, n, peer, peer);
  console.log(`完成 ${n.toLocaleString()} 行：cli ${s2(cli.seconds)} s，本基准路径 ${s2(own.seconds)} s，sqlite3 对照 ${s2(peer.seconds)} s`);
}

const hundredK = 100_000;
if (sizes.includes(hundredK)) {
  const gbk = csvFor(hundredK, 'gbk');
  row(`100,000 行 GBK CSV（${mb(fs.statSync(gbk).size)}）：GridDesk（本基准的路径）`, hundredK, await benchPath(gbk), null);
  const xlsx = path.join(outDir, `fieldlog-${hundredK}.xlsx`);
  if (!fs.existsSync(xlsx)) await writeXlsx(xlsx, FIELD_LOG_HEADERS, fieldLogRows({ rows: hundredK, points, start: START, days: 730 }));
  row(`100,000 行 XLSX（${mb(fs.statSync(xlsx).size)}）：GridDesk（本基准的路径）`, hundredK, await benchPath(xlsx), null);
}

const sqliteVersion = spawnSync('sqlite3', ['--version']).stdout.toString().split(' ')[0];
console.log(
  `\nGridDesk 巡查日志导入基准（对照：sqlite3 ${sqliteVersion} 以批量 SQL 在同一数据库副本上做同样的数据库工作；同一文件、同一次运行）\n`,
);
console.log(table(['文件与做法', '用时 s', '行/秒', '倍数（对 sqlite3）', '峰值内存', '主线程最长停顿 ms', '接收/拒收/重复'], rows));
console.log(
  '\n本基准路径中写入线程各阶段用时（s，导入批次记录的 phasesMs）：写入案件行（含近距重复核查、案件编号）、上报记录（哈希链）、' +
    '日统计、暂停触发器的复核、全文检索索引、重建索引、周统计；其余为等待读取线程、开始与提交（含检查点）\n',
);
console.log(table(['文件', '案件行', '上报记录', '日统计', '触发器复核', '全文索引', '重建索引', '周统计', '其余', '合计'], phaseRows));

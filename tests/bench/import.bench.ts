/**
 * npm run bench:import [-- --rows 100000,1000000] — the field-log import at scale, against the
 * sqlite3 command-line tool's .import of the same CSV in the same run.
 *
 * GridDesk: the real path (a job in a worker thread with its own connection): decode, parse,
 * validate every row, convert coordinates, locate the grid, resolve the category, check identity
 * and near-duplicates, write the case and its event with every index of incidents (and the FTS
 * index) in place, one transaction. Peer: `.import` into a pre-created table with the CSV's columns
 * and the same kinds of indexes (a unique source id, time, category + time, status + time,
 * inspector + status), in WAL mode with the same page cache; once also with a trigram FTS index on
 * description and address, as incidents has. Peak memory is the process RSS sampled every 50 ms.
 * Also: the 100,000-row log as GBK CSV and as XLSX (GridDesk only: .import reads neither).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/host';
import type { ImportJobStatus } from '../../electron/contract';
import { IMPORT_CACHE_KIB } from '../../db/import/writer';
import { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv, writeXlsx } from '../db/importFixtures';
import { table } from './util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000,1000000' }, keep: { type: 'boolean' } } });
const sizes = values.rows!.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const outDir = path.resolve(import.meta.dirname, 'out');
fs.mkdirSync(outDir, { recursive: true });
const UNTIL = '2026-11-25';
const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const START = Date.parse('2024-11-25T08:00:00+08:00');

if (spawnSync('sqlite3', ['--version']).status !== 0) {
  console.error('需要 sqlite3 命令行工具作对照：apt-get install -y sqlite3');
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
    return pointsInGrids(s.db, 200_000);
  } finally {
    s.db.close();
  }
})();

function freshCopy(name: string): string {
  const file = path.join(outDir, name);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(base, file);
  return file;
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
const s1 = (ms: number) => (ms / 1000).toFixed(2);

interface Run {
  seconds: number;
  peakRss: number;
  status: ImportJobStatus;
  uiStallMs: number;
}

/** Imports through the handlers (worker thread), sampling RSS and the main thread's event-loop stalls. */
async function gridDesk(file: string): Promise<Run> {
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
    let status = await store.handlers['imports:start']({ source: { path: file }, crs: 'wgs84' });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      status = await store.handlers['imports:progress']({ jobId: status.jobId });
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (status.state !== 'done') throw new Error(`导入未完成：${status.state} ${status.error?.message ?? ''}`);
    return { seconds, peakRss: peak, status, uiStallMs: stall };
  } finally {
    store.db.close();
    if (!values.keep) for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  }
}

type PeerVariant = 'bare' | 'indexed' | 'fts';

function peer(file: string, variant: PeerVariant): number {
  const db = path.join(outDir, 'peer.sqlite');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const ddl = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    `PRAGMA cache_size = -${IMPORT_CACHE_KIB};`,
    `CREATE TABLE field_log (record_id TEXT, reported_at TEXT, inspector TEXT, lon REAL, lat REAL, address TEXT, category TEXT, description TEXT, status TEXT);`,
  ];
  if (variant !== 'bare') {
    ddl.push(
      'CREATE UNIQUE INDEX field_log_record ON field_log(record_id);',
      'CREATE INDEX field_log_time ON field_log(reported_at);',
      'CREATE INDEX field_log_category ON field_log(category, reported_at);',
      'CREATE INDEX field_log_status ON field_log(status, reported_at);',
      'CREATE INDEX field_log_inspector ON field_log(inspector, status);',
    );
  }
  if (variant === 'fts') {
    ddl.push(
      `CREATE VIRTUAL TABLE field_log_fts USING fts5(description, address, content='field_log', content_rowid='rowid', tokenize='trigram');`,
      `CREATE TRIGGER field_log_ai AFTER INSERT ON field_log BEGIN INSERT INTO field_log_fts (rowid, description, address) VALUES (new.rowid, new.description, new.address); END;`,
    );
  }
  const setup = spawnSync('sqlite3', [db], { input: ddl.join('\n') });
  if (setup.status !== 0) throw new Error(setup.stderr.toString());
  const script = [`PRAGMA cache_size = -${IMPORT_CACHE_KIB};`, '.mode csv', `.import --skip 1 '${file.replace(/'/g, "''")}' field_log`].join('\n');
  const t0 = performance.now();
  const r = spawnSync('sqlite3', [db], { input: script, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(r.stderr.toString());
  const count = spawnSync('sqlite3', [db, 'SELECT count(*) FROM field_log']).stdout.toString().trim();
  if (Number(count) < 1) throw new Error(`.import wrote ${count} rows`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  return seconds;
}

const rows: (string | number)[][] = [];
for (const n of sizes) {
  const file = csvFor(n);
  const size = fs.statSync(file).size;
  const g = await gridDesk(file);
  const r = g.status.result!;
  const bare = peer(file, 'bare');
  const indexed = peer(file, 'indexed');
  const fts = peer(file, 'fts');
  rows.push([
    `${n.toLocaleString()} 行 UTF-8 CSV（${mb(size)}）`,
    s1(g.seconds * 1000),
    Math.round(n / g.seconds).toLocaleString(),
    s1(bare * 1000),
    s1(indexed * 1000),
    s1(fts * 1000),
    (g.seconds / indexed).toFixed(2),
    (g.seconds / fts).toFixed(2),
    mb(g.peakRss),
    `${Math.round(g.uiStallMs)}`,
    `${r.accepted}/${r.rejected}/${r.duplicates}（疑似重复 ${r.nearDuplicates}）`,
  ]);
  console.log(`完成 ${n.toLocaleString()} 行：GridDesk ${s1(g.seconds * 1000)} s，.import 带索引 ${s1(indexed * 1000)} s，带索引+全文 ${s1(fts * 1000)} s`);
}

const hundredK = 100_000;
if (sizes.includes(hundredK)) {
  const gbk = csvFor(hundredK, 'gbk');
  const g = await gridDesk(gbk);
  rows.push([`100,000 行 GBK CSV（${mb(fs.statSync(gbk).size)}）`, s1(g.seconds * 1000), Math.round(hundredK / g.seconds).toLocaleString(), '—', '—', '—', '—', '—', mb(g.peakRss), `${Math.round(g.uiStallMs)}`, `${g.status.result!.accepted}/${g.status.result!.rejected}/${g.status.result!.duplicates}`]);
  const xlsx = path.join(outDir, `fieldlog-${hundredK}.xlsx`);
  if (!fs.existsSync(xlsx)) await writeXlsx(xlsx, FIELD_LOG_HEADERS, fieldLogRows({ rows: hundredK, points, start: START, days: 730 }));
  const x = await gridDesk(xlsx);
  rows.push([`100,000 行 XLSX（${mb(fs.statSync(xlsx).size)}）`, s1(x.seconds * 1000), Math.round(hundredK / x.seconds).toLocaleString(), '—', '—', '—', '—', '—', mb(x.peakRss), `${Math.round(x.uiStallMs)}`, `${x.status.result!.accepted}/${x.status.result!.rejected}/${x.status.result!.duplicates}`]);
}

console.log(`\nGridDesk 巡查日志导入基准（对照：sqlite3 ${spawnSync('sqlite3', ['--version']).stdout.toString().split(' ')[0]} 的 .import，同一文件、同一次运行、WAL、页缓存 ${IMPORT_CACHE_KIB / 1024} MB）\n`);
console.log(
  table(
    ['文件', 'GridDesk s', '行/秒', '.import 无索引 s', '.import 带索引 s', '.import 索引+全文 s', '倍数（对带索引）', '倍数（对索引+全文）', '峰值内存', '主线程最长停顿 ms', '接收/拒收/重复'],
    rows,
  ),
);

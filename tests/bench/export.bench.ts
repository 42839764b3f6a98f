/**
 * npm run bench:export [-- --cases 300000] [-- --formats csv,xlsx] — exporting every case of a demo district,
 * each run in its own process with its peak memory (maximum resident set, from /usr/bin/time):
 *
 * - GridDesk, streamed: the exports' writer as the desk runs it (db/export/cases.ts): rows from an iterator,
 *   written in slices with the event loop free between them, the XLSX zip stream's backlog bounded.
 * - GridDesk, before streaming: the same writer as it was before (git: the parent of the commit that made
 *   exports jobs), whose XLSX loop never let the zip stream drain, and which held the event loop throughout.
 * - Peer: the sqlite3 command-line tool writing the same cases with the same joins as CSV (`-csv`).
 *
 * The CSV runs write the case file alone (the desk's download; the command line adds the history files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ensureDemoDatabase, table } from './util';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '300000' }, formats: { type: 'string', default: 'csv,xlsx' } } });
const count = Number(values.cases);
const formats = values.formats!.split(',').map((f) => f.trim()) as ('csv' | 'xlsx')[];
const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.resolve(import.meta.dirname, 'out');
fs.mkdirSync(outDir, { recursive: true });

for (const tool of [['/usr/bin/time', '--version'], ['sqlite3', '--version']]) {
  if (spawnSync(tool[0]!, [tool[1]!]).error) {
    console.error(`需要 ${tool[0]}（apt-get install -y time sqlite3）`);
    process.exit(1);
  }
}

const db = await ensureDemoDatabase(count);

// The writer before streaming, from history, with its imports pointed back at db/.
const STREAMING_COMMIT = '2cd0f09';
const previousFile = path.join(outDir, 'previous-export-cases.ts');
const shown = spawnSync('git', ['show', `${STREAMING_COMMIT}~1:db/export/cases.ts`], { cwd: root, encoding: 'utf8' });
const hasPrevious = shown.status === 0;
if (hasPrevious) fs.writeFileSync(previousFile, shown.stdout.replace(/from '\.\.\//g, "from '../../../db/"));
else console.warn('（没有 git 历史：跳过“流式之前”的对照）');

interface Run {
  label: string;
  format: string;
  cases: number | string;
  seconds: number;
  peakMiB: number;
  stallMs: number | null;
  bytes: number;
}

/** Runs a command under /usr/bin/time -v; answers its stdout and its peak memory. */
function measured(command: string, args: string[], stdoutFile?: string): { stdout: string; peakMiB: number; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe', 'pipe'],
  });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} 失败：${r.stderr}`);
  const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { stdout: r.stdout ?? '', peakMiB: kib / 1024, seconds };
}

function griddesk(label: string, format: string, writer: 'streaming' | 'previous'): Run {
  const out = path.join(outDir, `export-${writer}.${format}`);
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const args = ['tests/bench/exportRun.ts', '--db', db, '--out', out, '--format', format, '--writer', writer, ...(writer === 'previous' ? ['--previous', previousFile] : [])];
  const m = measured(tsx, args);
  const r = JSON.parse(m.stdout.trim().split('\n').at(-1)!) as { cases: number; ms: number; longestStallMs: number; bytes: number; files: number };
  // The writer before streaming always added the history and settings files to a CSV.
  const files = r.files > 1 ? `（连同处理记录等 ${r.files} 个文件）` : '';
  return { label: label + files, format, cases: r.cases, seconds: r.ms / 1000, peakMiB: m.peakMiB, stallMs: r.longestStallMs, bytes: r.bytes };
}

function sqlitePeer(): Run {
  const out = path.join(outDir, 'export-sqlite3.csv');
  const sql = `SELECT i.case_no, i.status, b.name, c.name, c.code, i.description, i.address, i.lon, i.lat, i.source_crs, s.name, g.name, g.code,
      i.source, i.reporter, p.name, datetime(i.reported_at / 1000, 'unixepoch', '+8 hours'), datetime(i.registered_at / 1000, 'unixepoch', '+8 hours'),
      datetime(i.dispatched_at / 1000, 'unixepoch', '+8 hours'), datetime(i.due_at / 1000, 'unixepoch', '+8 hours'),
      datetime(i.handled_at / 1000, 'unixepoch', '+8 hours'), datetime(i.closed_at / 1000, 'unixepoch', '+8 hours'),
      i.rework_count, i.extension_count, i.is_fixed_on_spot, d.case_no
    FROM incidents i JOIN categories c ON c.id = i.category_id LEFT JOIN categories b ON b.id = c.parent_id
    LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN grids s ON s.id = g.parent_id
    LEFT JOIN persons p ON p.id = i.assignee_id LEFT JOIN incidents d ON d.id = i.duplicate_of
    ORDER BY i.reported_at, i.id`;
  const m = measured('sqlite3', ['-readonly', '-csv', '-header', db, sql.replace(/\s+/g, ' ')], out);
  const bytes = fs.statSync(out).size;
  const rows = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).length - 1;
  fs.rmSync(out);
  return { label: 'sqlite3 命令行 -csv（对照）', format: 'csv', cases: rows, seconds: m.seconds, peakMiB: m.peakMiB, stallMs: null, bytes };
}

const runs: Run[] = [];
for (const format of formats) {
  runs.push(griddesk('GridDesk 流式导出（导出任务）', format, 'streaming'));
  if (hasPrevious) runs.push(griddesk('GridDesk 流式之前', format, 'previous'));
  if (format === 'csv') runs.push(sqlitePeer());
}
fs.rmSync(previousFile, { force: true });

console.log(`\n导出全部案件：演示城区 ${count.toLocaleString('zh-CN')} 件（${path.basename(db)}），每次一个独立进程\n`);
console.log(
  table(
    ['导出', '格式', '案件', '用时 (s)', '峰值内存 RSS (MiB)', '事件循环最长占用 (ms)', '文件 (MiB)'],
    runs.map((r) => [
      r.label,
      r.format,
      typeof r.cases === 'number' ? r.cases.toLocaleString('zh-CN') : r.cases,
      r.seconds.toFixed(1),
      r.peakMiB.toFixed(0),
      r.stallMs === null ? '—' : r.stallMs.toFixed(0),
      (r.bytes / 1024 / 1024).toFixed(1),
    ]),
  ),
);

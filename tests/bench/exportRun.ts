/**
 * One export for `npm run bench:export`, in its own process so its peak memory is its own (measured from
 * outside with /usr/bin/time). Prints one JSON line: cases, events, wall time, the longest the event loop
 * was held (how long the host could not answer anything else), and the file's size.
 *
 *   tsx tests/bench/exportRun.ts --db FILE --out FILE --format csv|xlsx --writer streaming|previous [--previous MODULE]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../db/open';
import { exportCases, type ExportFormat, type ExportResult } from '../../db/export/cases';
import type { Db } from '../../db/open';
import type { IncidentFilter } from '../../db/types';
import { BENCH_NOW } from './util';

const { values } = parseArgs({
  options: { db: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, writer: { type: 'string' }, previous: { type: 'string' } },
});
type Writer = (db: Db, input: { format: ExportFormat; file: string; filter: IncidentFilter; now: number; sidecars?: boolean }) => Promise<ExportResult>;

let write: Writer = exportCases;
if (values.writer === 'previous') {
  const previous = (await import(pathToFileURL(values.previous!).href)) as { exportCases: Writer };
  write = previous.exportCases;
}

const { db } = openDatabase(values.db!, { readonly: true });
// The longest gap between ticks of a 5 ms timer: how long the event loop was held at a stretch.
let last = performance.now();
let longest = 0;
const ticker = setInterval(() => {
  const t = performance.now();
  longest = Math.max(longest, t - last);
  last = t;
}, 5);
const t0 = performance.now();
const result = await write(db, { format: values.format as ExportFormat, file: values.out!, filter: {}, now: BENCH_NOW, sidecars: false });
const ms = performance.now() - t0;
longest = Math.max(longest, performance.now() - last);
clearInterval(ticker);
db.close();
const bytes = result.files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
for (const f of result.files) fs.rmSync(f, { force: true });
console.log(JSON.stringify({ cases: result.cases, events: result.events, ms, longestStallMs: longest, bytes, files: result.files.length }));

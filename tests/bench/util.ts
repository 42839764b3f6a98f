/** Small helpers shared by the benchmark scripts (not tests). */
import { performance } from 'node:perf_hooks';

export interface Timing {
  median: number;
  p95: number;
  max: number;
  runs: number;
}

/** Runs fn `runs` times after `warmup` runs and returns timings in milliseconds. */
export async function time(fn: () => unknown, runs = 30, warmup = 3): Promise<Timing> {
  for (let k = 0; k < warmup; k++) await fn();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p95: at(0.95), max: samples[samples.length - 1]!, runs };
}

export const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));

/** Prints a Markdown table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, k) => String(c).padEnd(widths[k]!)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The demo district with `count` cases, ending 2026-11-25, generated once into tests/bench/out and reused. */
export const BENCH_UNTIL = '2026-11-25';
export const BENCH_NOW = Date.parse('2026-11-25T10:00:00+08:00');

export async function ensureDemoDatabase(count: number, file?: string): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { openStore } = await import('../../electron/host');
  const outDir = path.resolve(import.meta.dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const target = file ?? path.join(outDir, `desk-${count}.sqlite`);
  if (!fs.existsSync(target)) {
    console.log(`生成 ${count.toLocaleString()} 件演示案件到 ${target} ……`);
    const t0 = performance.now();
    const seed = openStore(target, { transport: 'direct' });
    await seed.handlers['demo:load']({ until: BENCH_UNTIL, incidents: count });
    seed.db.pragma('wal_checkpoint(TRUNCATE)');
    seed.db.exec('ANALYZE');
    seed.db.close();
    console.log(`生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return target;
}

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

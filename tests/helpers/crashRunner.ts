/**
 * Running crash-test children: the bundle (built once per run with esbuild, so a child starts in
 * plain Node without a TypeScript loader), a child killed with SIGKILL a chosen time after it says
 * `ready`, the checker worker, and a campaign of kills at seeded random moments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';
import type { CheckerMessage, CheckRefs, CrashPath, Verdict } from '../crash/protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CrashBundle {
  readonly child: string;
  readonly checker: string;
  /** The import worker, as the packaged app has it beside its main bundle. */
  readonly importWorker: string;
}

/** better-sqlite3 is native: left out of the bundle, required from the project's node_modules by absolute path. */
const nativeSqlite: Plugin = {
  name: 'native-sqlite',
  setup(b) {
    const resolved = createRequire(path.join(root, 'package.json')).resolve('better-sqlite3');
    b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: resolved, external: true }));
  },
};

/** Bundles the child, the checker and the import worker into `outDir` as CommonJS. */
export async function bundleCrashScripts(outDir: string): Promise<CrashBundle> {
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: {
      child: path.join(root, 'tests/crash/child.ts'),
      checker: path.join(root, 'tests/crash/checker.ts'),
      'import-worker': path.join(root, 'db/import/worker.ts'),
    },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['electron'],
    plugins: [nativeSqlite],
  });
  return {
    child: path.join(outDir, 'child.cjs'),
    checker: path.join(outDir, 'checker.cjs'),
    importWorker: path.join(outDir, 'import-worker.cjs'),
  };
}

/** mulberry32: small, seeded, the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChildRun {
  /** Killed by our SIGKILL at the planned moment (false: it finished, or failed, first). */
  readonly killed: boolean;
  /** Killed because it ran past CHILD_LIMIT_MS. */
  readonly hung: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** From `ready` to exit. */
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Longest a child may run before it is treated as hung. */
const CHILD_LIMIT_MS = 120_000;

/**
 * Runs `node <script> …args`; `killAfterMs` after the child prints `ready` it gets SIGKILL (null: let it
 * finish). The delay is measured on this thread's clock, which the checks never block (they run in the
 * checker worker).
 */
export function runChild(script: string, args: readonly string[], killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    let readyAt: number | null = null;
    let killedByUs = false;
    let hung = false;
    let exited = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      if (!exited) killedByUs = child.kill('SIGKILL');
    };
    timers.push(
      setTimeout(() => {
        hung = !exited;
        kill();
      }, CHILD_LIMIT_MS),
    );
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (readyAt === null && stdout.includes('ready\n')) {
        readyAt = performance.now();
        if (killAfterMs !== null) timers.push(setTimeout(kill, killAfterMs));
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      exited = true;
      const end = performance.now();
      timers.forEach(clearTimeout);
      // Let the pipes drain before reporting.
      setImmediate(() =>
        resolve({
          killed: killedByUs && !hung && signal === 'SIGKILL',
          hung,
          code,
          signal,
          durationMs: readyAt === null ? 0 : end - readyAt,
          stdout,
          stderr,
        }),
      );
    });
  });
}

/** The checker worker (bundled ./tests/crash/checker.ts): one check at a time, off the spawning thread. */
export class CrashChecker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: Verdict) => void; reject: (e: Error) => void }>();
  private next = 1;

  constructor(entry: string) {
    this.worker = new Worker(entry);
    this.worker.on('message', (m: CheckerMessage) => {
      const waiting = this.pending.get(m.id);
      if (!waiting) return;
      this.pending.delete(m.id);
      if ('error' in m) waiting.reject(new Error(`checker: ${m.error}`));
      else waiting.resolve(m.verdict);
    });
    this.worker.on('error', (e) => {
      for (const w of this.pending.values()) w.reject(e);
      this.pending.clear();
    });
  }

  check(trialDir: string, refs: CheckRefs): Promise<Verdict> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, trialDir, refs });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

export interface Trial {
  readonly attempt: number;
  /** The planned SIGKILL delay after `ready`. */
  readonly delayMs: number;
  readonly run: ChildRun;
  readonly trialDir: string;
  readonly verdict: Verdict | null;
  /** Why the trial itself went wrong (the child failed, the check threw). */
  readonly failure: string | null;
}

export interface CampaignOptions {
  readonly path: CrashPath;
  /** Kills wanted (children that finished before their kill are checked too, and do not count). */
  readonly kills: number;
  readonly seed: number;
  /**
   * Lengths of uninterrupted runs (from `ready` to exit) measured before. Kill delays are uniform over
   * the length of a run (the median of the last five known, a tenth more so that some runs finish
   * and keep the estimate current under the machine's changing load).
   */
  readonly durationsMs: readonly number[];
  /** Children running at once. */
  readonly concurrency: number;
  readonly child: string;
  /** Makes a fresh trial folder (a copy of the path's prepared database) and returns it. */
  readonly makeTrial: (attempt: number) => string;
  /** The child's arguments after the script. */
  readonly args: (trialDir: string) => readonly string[];
  readonly check: (trialDir: string) => Promise<Verdict>;
  /** Called with each trial once checked; a passing trial's folder may then be removed. */
  readonly onTrial?: (t: Trial) => void;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

/** Kills children at seeded random moments until `kills` of them died by SIGKILL; returns every trial. */
export async function runCampaign(o: CampaignOptions): Promise<{ trials: Trial[]; windowMs: number }> {
  const random = seededRandom(o.seed);
  const durations = [...o.durationsMs];
  const windowMs = () => median(durations.slice(-5));
  const trials: Trial[] = [];
  let attempts = 0;
  let killed = 0;
  const maxAttempts = o.kills * 3 + 4;
  const slot = async () => {
    while (killed < o.kills && attempts < maxAttempts) {
      const attempt = attempts++;
      const delayMs = random() * 1.1 * windowMs();
      const trialDir = o.makeTrial(attempt);
      const run = await runChild(o.child, o.args(trialDir), delayMs);
      if (run.killed) killed++;
      else if (run.code === 0) durations.push(run.durationMs);
      let verdict: Verdict | null = null;
      let failure: string | null = null;
      if (run.hung) failure = `child still running after ${CHILD_LIMIT_MS / 1000} s: ${run.stderr.trim().slice(0, 2000)}`;
      else if (!run.killed && run.code !== 0) failure = `child exited ${run.code ?? run.signal} without being killed: ${run.stderr.trim().slice(0, 2000)}`;
      else {
        try {
          verdict = await o.check(trialDir);
        } catch (e) {
          failure = (e as Error).message;
        }
      }
      const trial: Trial = { attempt, delayMs, run, trialDir, verdict, failure };
      trials.push(trial);
      o.onTrial?.(trial);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, slot));
  return { trials: trials.sort((a, b) => a.attempt - b.attempt), windowMs: windowMs() };
}

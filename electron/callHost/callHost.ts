/**
 * The call host: what keeps the transport's thread answering while a long call runs. Every call is admitted
 * on the host's thread (the gate decides who acts from the session; the input is validated against the
 * contract); the long reads (LONG_CALLS) then run in a small pool of workers, each with its own read-only
 * connection, while writes and short calls run on the host's thread, on the one writer, as before. The
 * answer is the same Result envelope either way; a streamed answer (map:points) still streams.
 *
 * It also lends the pool to the two calls whose long part is a read but which must stay on the host's
 * thread (CallHostTasks): the export job's file and the weekly summary's HTML before printing.
 */
import { AppError } from '../../db/domain/errors';
import type { ExportRunner } from '../../db/export/jobs';
import { isCallName, type Caller, type Handlers, type Result } from '../contract';
import { LONG_CALLS } from '../contract/longCalls';
import { admitCall, invokeCall, toErrorPayload } from '../handlers/invoke';
import { CallPool, type Outcome, type Progress, type RunOptions, type SpawnWorker, type Task, type WorkerInit } from './protocol';
import { threadSpawner } from './ports';

export interface DispatchOptions {
  /** The client went away or asked to cancel: the call is taken off the queue or its worker stopped. */
  readonly signal?: AbortSignal | undefined;
}

/** The weekly summary's HTML as a worker builds it, with what the PDF's file name and title need. */
export interface WeeklyHtml {
  readonly html: string;
  readonly unitName: string;
  readonly periodLabel: string;
  readonly areaName: string;
}

/** The long parts of calls that stay on the host's thread, done by the pool. */
export interface CallHostTasks {
  readonly runExport: ExportRunner;
  weeklyHtml(input: { week: string | undefined; areaCode: string | undefined; now: number }): Promise<WeeklyHtml>;
}

export interface CallHost {
  /** As invokeCall, with the long calls run in the pool. Never throws. */
  dispatch(handlers: Handlers, name: string, rawInput: unknown, caller: Caller, options?: DispatchOptions): Promise<Result<unknown>>;
  readonly tasks: CallHostTasks;
  /** One task straight to the pool (already admitted and validated). */
  run(task: Task, options?: RunOptions): Promise<Outcome>;
  /** Workers started (they start as calls come, up to the pool's size) and calls waiting for one. */
  stats(): { workers: number; queued: number };
  /** Stops every worker; calls in progress are answered as not done. */
  close(): void;
}

export interface CallHostOptions {
  readonly databasePath: string;
  readonly nativeBinding?: string | undefined;
  /** The host's clock (the handlers' `now`): each task carries its reading at dispatch. */
  readonly now?: () => number;
  /** Workers in the pool (default 2, or GRIDDESK_CALL_WORKERS). */
  readonly size?: number;
  /** How the workers are started: worker threads by default; Electron passes utility processes. */
  readonly spawn?: (init: WorkerInit) => SpawnWorker;
  readonly cancelGraceMs?: number;
}

/** The pool's size: the option, else GRIDDESK_CALL_WORKERS, else 2. */
export function poolSize(size: number | undefined): number {
  const fromEnv = Number(process.env.GRIDDESK_CALL_WORKERS);
  const chosen = size ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 2);
  return Math.max(1, Math.min(16, Math.floor(chosen)));
}

export function createCallHost(options: CallHostOptions): CallHost {
  const now = options.now ?? Date.now;
  const init: WorkerInit = { databasePath: options.databasePath, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) };
  const pool = new CallPool({
    spawn: (options.spawn ?? threadSpawner)(init),
    size: poolSize(options.size),
    isBackground: (task) => task.kind === 'export',
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
  });

  const valueOf = async (task: Task, signal?: AbortSignal, onProgress?: (progress: Progress) => void): Promise<unknown> => {
    const outcome: Outcome = await pool.run(task, { signal, onProgress });
    if (outcome.type !== 'value') {
      await outcome.chunks.cancel();
      throw new AppError('internal', '后台计算的应答格式不符');
    }
    return outcome.value;
  };

  return {
    async dispatch(handlers, name, rawInput, caller, dispatchOptions = {}) {
      if (!isCallName(name) || !LONG_CALLS.has(name)) return invokeCall(handlers, name, rawInput, caller);
      try {
        const { call, input, ctx } = admitCall(handlers, name, rawInput, caller);
        const outcome = await pool.run({ kind: 'call', name: call, input, ctx, now: now() }, { signal: dispatchOptions.signal });
        return { ok: true, value: outcome.type === 'value' ? outcome.value : outcome.chunks };
      } catch (e) {
        return { ok: false, error: toErrorPayload(e) };
      }
    },
    tasks: {
      runExport: async (run, hooks) => {
        await valueOf({ kind: 'export', ...run }, hooks.signal, (p) => {
          if (p.cases !== undefined) hooks.onCounts({ total: p.total, cases: p.cases });
          else hooks.onProgress(p.done);
        });
      },
      weeklyHtml: async (input) => (await valueOf({ kind: 'weekly-html', ...input })) as WeeklyHtml,
    },
    run: (task, runOptions) => pool.run(task, runOptions),
    stats: () => ({ workers: pool.workers, queued: pool.queued }),
    close: () => pool.close(),
  };
}

/** An AbortSignal that fires when an HTTP answer's connection closes before the answer was written. */
export function abortOnClose(res: { once(event: 'close', listener: () => void): unknown; readonly writableFinished: boolean }): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

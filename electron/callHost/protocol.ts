/**
 * The call host's protocol and scheduler: what the host's thread and a worker say to each other, and the
 * pool that hands admitted long calls to a few workers. Pure module (no Node, no Electron): the same pool
 * drives worker threads (browser mode, the command line) and Electron's utility processes, each behind a
 * WorkerPort; the tests drive it with ports of their own.
 *
 * A worker runs one task at a time. The host posts `run`; the worker answers `value` or `error`, or for a
 * streamed answer `stream` with the first chunk and then one `chunk` per `pull` (null: the end), so a
 * stream never runs ahead of its reader by more than the one chunk the transport asks for. `progress`
 * may come at any time while a task runs. `cancel` asks the worker to stop its task: a task that looks
 * (the export, a stream) stops at its next slice; one that cannot (a single long query) is ended by
 * killing its worker after a grace period, and a new worker takes its place. A worker that dies answers
 * its task with a clear message and is replaced; the host keeps serving.
 */
import { AppError, type ErrorKind } from '../../db/domain/errors';
import type { CallContext, CallName } from '../contract';
import type { ByteChunks } from '../contract/mapPointsWire';
import type { ExportFormat } from '../../db/export/cases';
import type { IncidentFilter } from '../../db/types';

/** What a worker is asked to do. */
export type Task =
  /** An admitted contract call (LONG_CALLS): its validated input, the admitted context, the host's clock. */
  | { readonly kind: 'call'; readonly name: CallName; readonly input: unknown; readonly ctx: CallContext; readonly now: number }
  /** An export job's file: counted, then written to `file` (the host renames it once complete). */
  | { readonly kind: 'export'; readonly format: ExportFormat; readonly filter: IncidentFilter; readonly file: string; readonly now: number }
  /** The weekly summary's HTML, for the host to print. */
  | { readonly kind: 'weekly-html'; readonly week: string | undefined; readonly areaCode: string | undefined; readonly now: number };

export interface ErrorPayload {
  readonly kind: ErrorKind;
  readonly message: string;
}

export interface WorkerInit {
  readonly databasePath: string;
  readonly nativeBinding?: string | undefined;
}

export type HostMessage =
  | { readonly type: 'init'; readonly init: WorkerInit }
  | { readonly type: 'run'; readonly id: number; readonly task: Task }
  | { readonly type: 'pull'; readonly id: number }
  | { readonly type: 'cancel'; readonly id: number };

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** An export's cases, sent with its first progress (the rows counted, none written yet). */
  readonly cases?: number;
}

export type WorkerMessage =
  | { readonly type: 'value'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: ErrorPayload }
  | { readonly type: 'progress'; readonly id: number; readonly progress: Progress }
  | { readonly type: 'stream'; readonly id: number; readonly first: Uint8Array }
  | { readonly type: 'chunk'; readonly id: number; readonly bytes: Uint8Array | null };

/** One worker as the pool sees it: a worker thread or a utility process. */
export interface WorkerPort {
  post(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Called once when the worker is gone, with why (an exit code, an uncaught error). */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

export type SpawnWorker = () => WorkerPort;

/** What a task answers: a value, or a stream of byte chunks (map:points). */
export type Outcome = { readonly type: 'value'; readonly value: unknown } | { readonly type: 'stream'; readonly chunks: ByteChunks };

export interface RunOptions {
  /** Aborting it cancels the task: taken off the queue, or its worker told to stop (killed after the grace period). */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

export interface PoolOptions {
  readonly spawn: SpawnWorker;
  /** Workers (default 2). */
  readonly size?: number;
  /** How long a cancelled task's worker may take to stop by itself before it is killed (default 1 s). */
  readonly cancelGraceMs?: number;
  /** Whether a task runs in the background (an export job): those take at most size − 1 workers, so a long export never holds every worker. */
  readonly isBackground?: (task: Task) => boolean;
}

export const CANCELLED_MESSAGE = '调用已取消';
export const CLOSED_MESSAGE = 'GridDesk 正在关闭或重新打开数据库：调用未完成，请重试';

/** The message a task's caller receives when its worker died under it. */
export function crashMessage(reason: string): string {
  return `后台计算进程意外退出（${reason}）：本次调用未完成，已换用新的进程，请重试`;
}

interface Job {
  readonly id: number;
  readonly task: Task;
  readonly options: RunOptions;
  readonly background: boolean;
  resolve(outcome: Outcome): void;
  reject(error: AppError): void;
  /** Once answered: later messages for it (a stream's chunks aside) are ignored. */
  answered: boolean;
  /** A streamed answer in progress: the chunk its reader waits for. */
  waiting: { resolve(bytes: Uint8Array | null): void; reject(error: AppError): void } | null;
  streamDone: boolean;
  /** The stream's reader gave up (the transport cancelled it). */
  streamCancelled: boolean;
  cancelTimer: ReturnType<typeof setTimeout> | null;
  onAbort: (() => void) | null;
}

interface Slot {
  readonly port: WorkerPort;
  job: Job | null;
  dead: boolean;
}

export class CallPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? 2));
  }

  /** Workers alive now (they are started as tasks come, up to the pool's size). */
  get workers(): number {
    return this.slots.length;
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  run(task: Task, options: RunOptions = {}): Promise<Outcome> {
    if (this.closed) return Promise.reject(new AppError('busy', CLOSED_MESSAGE));
    if (options.signal?.aborted) return Promise.reject(new AppError('busy', CANCELLED_MESSAGE));
    return new Promise<Outcome>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        options,
        background: this.options.isBackground?.(task) ?? false,
        resolve,
        reject,
        answered: false,
        waiting: null,
        streamDone: false,
        streamCancelled: false,
        cancelTimer: null,
        onAbort: null,
      };
      if (options.signal) {
        job.onAbort = () => this.cancel(job);
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Kills every worker; every task waiting or running is answered as not done. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) this.fail(job, new AppError('busy', CLOSED_MESSAGE));
    for (const slot of this.slots.splice(0)) {
      slot.dead = true;
      if (slot.job) this.fail(slot.job, new AppError('busy', CLOSED_MESSAGE));
      slot.job = null;
      slot.port.kill();
    }
  }

  /** Hands waiting tasks to idle workers in the order they came, starting workers up to the pool's size. */
  private pump(): void {
    if (this.closed) return;
    const backgroundCap = Math.max(1, this.size - 1);
    for (let k = 0; k < this.queue.length; ) {
      const job = this.queue[k]!;
      if (job.background && this.slots.filter((s) => s.job?.background).length >= backgroundCap) {
        k += 1;
        continue;
      }
      let slot: Slot | null;
      try {
        slot = this.slots.find((s) => !s.job && !s.dead) ?? (this.slots.length < this.size ? this.spawn() : null);
      } catch (e) {
        // No worker can be started (its program is missing): the task is answered, the next one tries again.
        this.queue.splice(k, 1);
        this.fail(job, e instanceof AppError ? e : new AppError('internal', `无法启动后台计算进程：${e instanceof Error ? e.message : String(e)}`));
        continue;
      }
      if (!slot) return;
      this.queue.splice(k, 1);
      slot.job = job;
      slot.port.post({ type: 'run', id: job.id, task: job.task });
    }
  }

  private spawn(): Slot {
    const port = this.options.spawn();
    const slot: Slot = { port, job: null, dead: false };
    this.slots.push(slot);
    port.onMessage((m) => this.receive(slot, m));
    port.onExit((reason) => this.lost(slot, reason));
    return slot;
  }

  private receive(slot: Slot, m: WorkerMessage): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return; // a late word about a task already ended (cancelled, answered)
    switch (m.type) {
      case 'progress':
        if (!job.answered) job.options.onProgress?.(m.progress);
        return;
      case 'value':
        this.answer(job, { type: 'value', value: m.value });
        this.free(slot);
        return;
      case 'error':
        if (job.answered) this.streamFailed(job, new AppError(m.error.kind, m.error.message));
        else this.fail(job, new AppError(m.error.kind, m.error.message));
        this.free(slot);
        return;
      case 'stream':
        this.answer(job, { type: 'stream', chunks: this.chunksOf(slot, job, m.first) });
        return;
      case 'chunk': {
        const waiting = job.waiting;
        job.waiting = null;
        if (m.bytes === null) {
          job.streamDone = true;
          this.free(slot);
        }
        waiting?.resolve(job.streamCancelled ? null : m.bytes);
        return;
      }
    }
  }

  /** The transport's side of a streamed answer: the first chunk came with the answer, each next one is pulled. */
  private chunksOf(slot: Slot, job: Job, first: Uint8Array): ByteChunks {
    let pending: Uint8Array | null = first;
    return {
      read: () => {
        if (pending) {
          const bytes = pending;
          pending = null;
          return Promise.resolve(bytes);
        }
        if (job.streamDone || job.streamCancelled || slot.job !== job) return Promise.resolve(null);
        if (job.waiting) return Promise.reject(new AppError('internal', '数据流的上一块尚未读完'));
        return new Promise<Uint8Array | null>((resolve, reject) => {
          job.waiting = { resolve, reject };
          slot.port.post({ type: 'pull', id: job.id });
        });
      },
      cancel: () => {
        pending = null;
        if (!job.streamDone && !job.streamCancelled && slot.job === job) {
          job.streamCancelled = true;
          this.cancel(job);
        }
        return Promise.resolve();
      },
    };
  }

  /** Cancels a task: off the queue, or its worker told to stop and, if it does not within the grace period, killed. */
  private cancel(job: Job): void {
    const queuedAt = this.queue.indexOf(job);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.fail(job, new AppError('busy', CANCELLED_MESSAGE));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot || job.cancelTimer) return;
    slot.port.post({ type: 'cancel', id: job.id });
    job.cancelTimer = setTimeout(() => {
      if (slot.job === job) this.replace(slot, new AppError('busy', CANCELLED_MESSAGE));
    }, this.options.cancelGraceMs ?? 1_000);
    if (typeof job.cancelTimer === 'object' && job.cancelTimer && 'unref' in job.cancelTimer) job.cancelTimer.unref();
  }

  /** The worker died: its task is answered with why, and the worker is replaced when the next task needs one. */
  private lost(slot: Slot, reason: string): void {
    if (slot.dead) return;
    this.drop(slot, new AppError('internal', crashMessage(reason)));
  }

  /** Kills a worker that will not stop, answering its task with `error`. */
  private replace(slot: Slot, error: AppError): void {
    if (slot.dead) return;
    this.drop(slot, error);
    slot.port.kill();
  }

  private drop(slot: Slot, error: AppError): void {
    slot.dead = true;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    const job = slot.job;
    slot.job = null;
    if (job) {
      if (job.answered) this.streamFailed(job, error);
      else this.fail(job, error);
    }
    this.pump();
  }

  private free(slot: Slot): void {
    const job = slot.job;
    if (job) this.settle(job);
    slot.job = null;
    this.pump();
  }

  private answer(job: Job, outcome: Outcome): void {
    if (job.answered) return;
    job.answered = true;
    if (outcome.type === 'value') this.settle(job);
    job.resolve(outcome);
  }

  private fail(job: Job, error: AppError): void {
    this.settle(job);
    if (job.answered) return;
    job.answered = true;
    job.reject(error);
  }

  /** A stream that broke after its first chunk: its reader is told, or finds the end. */
  private streamFailed(job: Job, error: AppError): void {
    job.streamDone = true;
    this.settle(job);
    const waiting = job.waiting;
    job.waiting = null;
    if (!waiting) return;
    if (job.streamCancelled) waiting.resolve(null);
    else waiting.reject(error);
  }

  private settle(job: Job): void {
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    job.cancelTimer = null;
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    job.onAbort = null;
  }
}

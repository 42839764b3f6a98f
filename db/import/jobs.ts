/**
 * Import jobs in worker threads: start returns at once with a job id; progress, cancel and the
 * outcome are asked for by id. One write job runs at a time (SQLite has one writer).
 *
 * The worker entry: under tsx or vitest (source files) it is ./worker.ts, loaded through tsx's
 * loader; in the bundled Electron main it is import-worker.cjs beside the bundle (the build bundles
 * db/import/worker.ts to dist/electron/import-worker.cjs), or the path given as `workerEntry`.
 */
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { entryBeside } from '../workerThread';
import type { JobBody, JobRequest, WorkerMessage } from './jobRunner';
import { heapLimits, startWorker, workerFailure } from './rowReader';
import { formatFromName } from './source';
import type { ImportJobStatus } from './types';

export interface ImportJobsOptions {
  dbPath: string;
  nativeBinding?: string | undefined;
  workerEntry?: string | undefined;
}

interface Job {
  status: ImportJobStatus;
  worker: Worker | null;
  cancelFlag: Int32Array;
  started: number;
  done: Promise<ImportJobStatus>;
}

const KEEP_FINISHED = 20;

export function defaultWorkerEntry(): string {
  return entryBeside(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url), 'worker.ts', 'import-worker.cjs');
}

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly options: ImportJobsOptions) {}

  /** The running job, if any. */
  running(): ImportJobStatus | null {
    for (const j of this.jobs.values()) if (j.status.state === 'running') return { ...j.status };
    return null;
  }

  start(request: JobBody, totalBytes: number): ImportJobStatus {
    const busy = this.running();
    if (busy) throw new AppError('conflict', `已有导入正在进行（${busy.fileName}）：请等待完成或取消后再试`);
    const jobId = crypto.randomUUID();
    const shared = new SharedArrayBuffer(4);
    const entry = this.options.workerEntry ?? defaultWorkerEntry();
    // A large field log is read and judged on a second thread from the same entry (./rowReader.ts).
    const body: JobBody = request.kind === 'incidents' ? { ...request, params: { readerEntry: entry, ...request.params } } : request;
    const full: JobRequest = {
      ...body,
      dbPath: this.options.dbPath,
      nativeBinding: this.options.nativeBinding,
      cancelFlag: shared,
    } as JobRequest;
    const status: ImportJobStatus = {
      jobId,
      kind: request.kind,
      state: 'running',
      fileName: request.params.fileName,
      rowsRead: 0,
      bytesRead: 0,
      totalBytes,
      rowsPerSecond: 0,
      elapsedMs: 0,
      result: null,
      gridResult: null,
      error: null,
    };
    // The writing thread of a streamed field log (CSV, XLSX) holds little; JSON documents and grid files are parsed whole.
    const format = request.kind === 'incidents' ? (request.params.read?.format && request.params.read.format !== 'auto' ? request.params.read.format : safeFormat(request.params.fileName)) : null;
    const worker = startWorker(entry, full, heapLimits(format === 'csv' || format === 'xlsx' ? format : 'other'));
    const started = Date.now();
    const done = new Promise<ImportJobStatus>((resolve) => {
      const end = (patch: Partial<ImportJobStatus>) => {
        if (status.state !== 'running') return;
        Object.assign(status, patch, { elapsedMs: Date.now() - started });
        job.worker = null;
        this.prune();
        resolve({ ...status });
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          const elapsed = Math.max(1, Date.now() - started);
          Object.assign(status, {
            rowsRead: m.rowsRead,
            bytesRead: m.bytesRead,
            totalBytes: m.totalBytes,
            elapsedMs: elapsed,
            rowsPerSecond: Math.round((m.rowsRead * 1000) / elapsed),
          });
        } else if (m.type === 'done') {
          const rows = m.result?.total ?? status.rowsRead;
          end({ state: 'done', result: m.result, gridResult: m.gridResult, rowsRead: rows, bytesRead: status.totalBytes,
            rowsPerSecond: m.result?.rowsPerSecond ?? status.rowsPerSecond });
        } else if (m.type === 'cancelled') end({ state: 'cancelled' });
        else end({ state: 'failed', error: { kind: m.kind, message: m.message } });
      });
      worker.on('error', (e) => end({ state: 'failed', error: { kind: 'internal', message: workerFailure(e, '导入线程') } }));
      worker.on('exit', (code) =>
        end(
          Atomics.load(job.cancelFlag, 0) === 1
            ? { state: 'cancelled' }
            : { state: 'failed', error: { kind: 'internal', message: `导入线程意外退出（代码 ${code}）` } },
        ),
      );
    });
    const job: Job = { status, worker, cancelFlag: new Int32Array(shared), started, done };
    this.jobs.set(jobId, job);
    return { ...status };
  }

  private require(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', `导入任务不存在或已过期：${jobId}`);
    return job;
  }

  status(jobId: string): ImportJobStatus {
    const job = this.require(jobId);
    if (job.status.state === 'running') job.status.elapsedMs = Date.now() - job.started;
    return { ...job.status };
  }

  /** Asks the job to stop; it rolls back and ends as 'cancelled'. */
  cancel(jobId: string): ImportJobStatus {
    const job = this.require(jobId);
    if (job.status.state === 'running') Atomics.store(job.cancelFlag, 0, 1);
    return { ...job.status };
  }

  wait(jobId: string): Promise<ImportJobStatus> {
    return this.require(jobId).done;
  }

  /** Stops every running worker (closing the host). */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) {
      if (job.worker) {
        Atomics.store(job.cancelFlag, 0, 1);
        await job.worker.terminate();
      }
    }
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}

/** The format a file's name says (null: none, or refused later with its own message). */
function safeFormat(fileName: string): string | null {
  try {
    return formatFromName(fileName);
  } catch {
    return null;
  }
}

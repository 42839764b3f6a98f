/**
 * The import worker thread: its own better-sqlite3 connection (WAL lets it write while the main
 * connection keeps reading), the job from workerData, progress and the outcome posted back.
 * Started by ImportJobs (./jobs.ts); cancellation is a shared flag the writer polls between batches.
 * Started with reader data (./rowReader.ts), it is instead the thread that reads and judges a large
 * file; each role loads only its own modules.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobRequest, WorkerMessage } from './jobRunner';
import type { ReaderData } from './rowReader';

async function job(request: JobRequest): Promise<void> {
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  const { openDatabase, toBusyError } = await import('../open');
  const { isAppError } = await import('../errors');
  try {
    const { runJob } = await import('./jobRunner');
    const { db } = openDatabase(request.dbPath, { mustExist: true, ...(request.nativeBinding ? { nativeBinding: request.nativeBinding } : {}) });
    try {
      const flag = new Int32Array(request.cancelFlag);
      const outcome = await runJob(db, request, {
        onProgress: (p) => post({ type: 'progress', ...p }),
        isCancelled: () => Atomics.load(flag, 0) === 1,
      });
      post(outcome);
    } finally {
      db.close();
    }
  } catch (caught) {
    // A database another writer holds past the busy timeout is 'busy' (try again), not an internal error.
    const e = toBusyError(caught);
    post({
      type: 'error',
      kind: isAppError(e) ? e.kind : 'internal',
      message: isAppError(e) ? e.message : `导入失败：${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

async function reader(data: ReaderData): Promise<void> {
  const { readRows } = await import('./rowReader');
  await readRows(data, (m, transfer) => parentPort!.postMessage(m, transfer));
}

// Functions rather than top-level await, so the worker also bundles as CommonJS for Electron.
if ((workerData as { role?: unknown }).role === 'reader') void reader(workerData as ReaderData);
else void job(workerData as JobRequest);

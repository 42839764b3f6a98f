/**
 * The import worker thread: its own better-sqlite3 connection (WAL lets it write while the main
 * connection keeps reading), the job from workerData, progress and the outcome posted back.
 * Started by ImportJobs (./jobs.ts); cancellation is a shared flag the writer polls between batches.
 * Started with reader data (./rowReader.ts), it is instead the thread that reads and judges a large file.
 */
import { toBusyError } from '../open';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../open';
import { isAppError } from '../errors';
import { runJob, type JobRequest, type WorkerMessage } from './jobRunner';
import { isReaderData, readRows } from './rowReader';

const request = workerData as JobRequest;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function main(): Promise<void> {
  try {
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

// A function rather than top-level await, so the worker also bundles as CommonJS for Electron.
// The same entry runs the reading thread of a large import (started by the import's own thread).
if (isReaderData(workerData)) void readRows(workerData, (m, transfer) => parentPort!.postMessage(m, transfer));
else void main();

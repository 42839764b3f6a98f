/**
 * The read worker thread (./parallelRead.ts): its own read-only connection to the database file, one request at a
 * time: it begins a read transaction, says so through the request's shared flag (the caller checks that no commit
 * came between its own snapshot and this one), runs the statements, each answering one value, and posts them
 * back on its port. The connection is closed after every request, so the worker never holds a file that a
 * restore or a test wants to replace. Bundled to read-worker.cjs beside the bundles that use it; under tsx this file.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { numbers } from './numbers';
import { READ_STATE, type ReadReply, type ReadRequest, type ReadWorkerData } from './readProtocol';

const { port, nativeBinding } = workerData as ReadWorkerData;

function serve(request: ReadRequest): ReadReply {
  const flag = new Int32Array(request.flag);
  let db: Database.Database | null = null;
  try {
    db = new Database(request.file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec('BEGIN');
    // The first read takes the snapshot every statement below reads.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    Atomics.store(flag, 0, READ_STATE.snapshot);
    Atomics.notify(flag, 0);
    const values = request.statements.map((s) => {
      const value = db!.prepare(s.sql).pluck().get(s.params) ?? null;
      return s.as === 'numbers' ? numbers(value) : value;
    });
    db.exec('COMMIT');
    return { id: request.id, values };
  } catch (e) {
    return { id: request.id, error: e instanceof Error ? e.message : String(e) };
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a connection that failed to open: nothing to release.
    }
  }
}

(port as MessagePort).on('message', (request: ReadRequest) => {
  const reply = serve(request);
  port.postMessage(reply, 'values' in reply ? reply.values.flatMap((v) => (v instanceof Float64Array ? [v.buffer as ArrayBuffer] : [])) : []);
  const flag = new Int32Array(request.flag);
  Atomics.store(flag, 0, READ_STATE.done);
  Atomics.notify(flag, 0);
});

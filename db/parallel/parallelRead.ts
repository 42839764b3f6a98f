/**
 * Reads on a second core inside the caller's snapshot: `snapshotRead(db, body)` runs `body` in one read
 * transaction of `db`, and `fork(statements)` inside it hands statements to a worker thread (./readWorker.ts, its own
 * read-only connection) while this thread goes on with its own; `values()` waits for them. A month's assessment at
 * a million cases is two long reads of about a second each (the month's case rows, its stage instances and the
 * cases' keys): one on each core.
 *
 * Both connections must read the same snapshot. WAL lets two connections read while a third writes, but gives no
 * way to hand a snapshot from one connection to another, so a third connection witnesses it: PRAGMA data_version,
 * read on it before this thread's snapshot is taken and again after the worker has taken its own, changes when any
 * commit came in between (SQLite's documented contract). If one did — or the worker cannot be started, or fails —
 * the statements run here, in this thread's transaction: the answer is always the one snapshot's, only slower.
 *
 * Not used (everything runs here) for an in-memory database, inside a transaction already open on `db` (it may hold
 * writes no other connection sees), or where the worker's bundle is missing.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { nativeBindingOf, type Db } from '../open';
import { entryBeside, threadOn } from '../workerThread';
import { numbers } from './numbers';
import { READ_STATE, type ReadReply, type ReadStatement, type ReadWorkerData } from './readProtocol';

export type { ReadStatement } from './readProtocol';

/** Statements handed to the worker: their values, each statement's first row's first column (or null; see `as`). */
export interface Forked {
  /** Waits for the values; call it inside the body (a failed worker's statements then run in its transaction). */
  values(): unknown[];
  /** Where they ran: 'worker', or 'here' (the reason in `why`). */
  readonly where: 'worker' | 'here';
  readonly why?: string;
}

export type Fork = (statements: readonly ReadStatement[]) => Forked;

/** How many forks ran on the worker and here since the process started, and the last reason for here (diagnostics, tests). */
export const forkCounts = { worker: 0, here: 0, lastReason: '' };

/** How long the worker may take to take its snapshot (its first start under a TypeScript loader included). */
const SNAPSHOT_WAIT_MS = 15_000;
/** How long a new request waits for one given up on to finish. */
const STALE_WAIT_MS = 200;
/** An idle worker thread ends after this long (it holds no connection while idle; this frees its memory). */
const IDLE_MS = 60_000;

/** The worker's entry: ./readWorker.ts under tsx and the tests, read-worker.cjs beside a bundle. */
export function defaultReadWorkerEntry(): string {
  return entryBeside(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url), 'readWorker.ts', 'read-worker.cjs');
}


class ReadThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private nextId = 1;
  /** A request given up on (its snapshot came too late) that the worker may still be running. */
  private stale: { id: number; flag: Int32Array } | null = null;
  private idle: NodeJS.Timeout | null = null;
  dead = false;

  constructor(entry: string, nativeBinding: string | undefined) {
    const { port1, port2 } = new MessageChannel();
    const data: ReadWorkerData = { port: port2, nativeBinding };
    this.worker = threadOn(entry, { workerData: data, transferList: [port2] });
    this.port = port1;
    // An idle worker never keeps the process alive.
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', () => (this.dead = true));
    this.worker.on('exit', () => (this.dead = true));
  }

  private alive(): boolean {
    return !this.dead && this.worker.threadId !== -1;
  }

  /** Posts a request and waits until the worker has taken its snapshot; null when it cannot (the reason instead). */
  begin(file: string, statements: readonly ReadStatement[]): { id: number; flag: Int32Array } | string {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.close(), IDLE_MS).unref();
    // A request given up on may be finishing: a short wait, else this one runs here.
    if (this.stale && Atomics.load(this.stale.flag, 0) !== READ_STATE.done) Atomics.wait(this.stale.flag, 0, READ_STATE.snapshot, STALE_WAIT_MS);
    if (this.stale && Atomics.load(this.stale.flag, 0) !== READ_STATE.done) return '上一次后台读取尚未结束';
    this.stale = null;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const id = this.nextId++;
    this.port.postMessage({ id, file, statements, flag: flag.buffer });
    const until = Date.now() + SNAPSHOT_WAIT_MS;
    while (Atomics.load(flag, 0) === READ_STATE.posted) {
      if (!this.alive()) return '后台读取线程已退出';
      if (Date.now() > until) {
        this.stale = { id, flag };
        return '后台读取线程未能及时开始';
      }
      Atomics.wait(flag, 0, READ_STATE.posted, 50);
    }
    return { id, flag };
  }

  /** Gives up on a request whose snapshot is not the caller's (its reply is dropped when it comes). */
  abandon(request: { id: number; flag: Int32Array }): void {
    this.stale = request;
  }

  /** The request's reply, waiting for it; null when the worker died or failed. */
  finish(request: { id: number; flag: Int32Array }): unknown[] | null {
    while (Atomics.load(request.flag, 0) !== READ_STATE.done) {
      if (!this.alive()) return null;
      Atomics.wait(request.flag, 0, READ_STATE.snapshot, 100);
    }
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (!m) return null;
      const reply = m.message as ReadReply;
      if (reply.id !== request.id) continue;
      return 'values' in reply ? reply.values : null;
    }
  }

  async close(): Promise<void> {
    this.dead = true;
    if (this.idle) clearTimeout(this.idle);
    this.port.close();
    await this.worker.terminate();
  }
}

/** One worker per native addon (every database of the process shares it; it opens the file each request names). */
const threads = new Map<string, ReadThread>();

function threadFor(db: Db, entry: string): ReadThread | string {
  const binding = nativeBindingOf(db);
  const key = `${entry}\n${binding ?? ''}`;
  let t = threads.get(key);
  if (t?.dead) {
    threads.delete(key);
    t = undefined;
  }
  if (!t) {
    if (!fs.existsSync(entry)) return `缺少后台读取程序：${entry}`;
    try {
      t = new ReadThread(entry, binding);
    } catch (e) {
      return `无法启动后台读取线程：${e instanceof Error ? e.message : String(e)}`;
    }
    threads.set(key, t);
  }
  return t;
}

/** Ends every read worker (tests; a process that is about to exit need not). */
export async function closeReadThreads(): Promise<void> {
  const all = [...threads.values()];
  threads.clear();
  await Promise.all(all.map((t) => t.close()));
}

export interface SnapshotReadOptions {
  /** false: every forked statement runs here. */
  parallel?: boolean;
  /** The worker's entry (tests); default defaultReadWorkerEntry(). */
  entry?: string;
}

/**
 * Runs `body` in one read transaction of `db`; statements given to `fork` read the same snapshot on another core
 * when they can, else here (see the module's comment).
 */
export function snapshotRead<T>(db: Db, body: (fork: Fork) => T, options: SnapshotReadOptions = {}): T {
  // Run here at once, inside this thread's transaction.
  const here = (why: string) => (statements: readonly ReadStatement[]): Forked => {
    forkCounts.here++;
    forkCounts.lastReason = why;
    const values = statements.map((s) => {
      const value = db.prepare(s.sql).pluck().get(s.params) ?? null;
      return s.as === 'numbers' ? numbers(value) : value;
    });
    return { where: 'here', why, values: () => values };
  };
  const refusal = options.parallel === false
    ? '未启用'
    : db.memory || !db.name
      ? '内存数据库'
      : db.inTransaction
        ? '调用方已在事务中'
        : null;
  if (refusal) return db.transaction(() => body(here(refusal)))();

  let witness: Database.Database | null = null;
  try {
    const binding = nativeBindingOf(db);
    witness = new Database(db.name, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  } catch (e) {
    return db.transaction(() => body(here(`无法打开见证连接：${e instanceof Error ? e.message : String(e)}`)))();
  }
  const version = () => witness!.pragma('data_version', { simple: true }) as number;
  try {
    const before = version();
    return db.transaction(() => {
      // This thread's snapshot, taken now (after `before`), read by everything in the body.
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      const fork: Fork = (statements) => {
        const thread = threadFor(db, options.entry ?? defaultReadWorkerEntry());
        if (typeof thread === 'string') return here(thread)(statements);
        const request = thread.begin(db.name, statements);
        if (typeof request === 'string') return here(request)(statements);
        if (version() !== before) {
          thread.abandon(request);
          return here('读取期间数据库有新的提交')(statements);
        }
        forkCounts.worker++;
        let values: unknown[] | null = null;
        return {
          where: 'worker',
          // Waited for once; a worker that failed (a statement it cannot run, or gone) leaves them to this thread.
          values: () => (values ??= thread.finish(request) ?? here('后台读取失败')(statements).values()),
        };
      };
      return body(fork);
    })();
  } finally {
    witness.close();
  }
}

/**
 * Writes on the host's thread wait for the write lock without stopping the thread. The one writer
 * connection lives on the thread that serves every desk; when another connection holds the write lock
 * (an import job's worker, the command line), a write that simply ran would wait inside SQLite's busy
 * handler — and the whole thread, every desk's read included, would wait with it (an import of 10,000
 * rows at 1M cases holds the lock for several hundred milliseconds). Here a write first takes its turn:
 * the lock is tried without waiting (BEGIN IMMEDIATE with no busy timeout, rolled back at once), and
 * while another connection holds it the turn is retried after a short timer, the thread answering reads
 * meanwhile. Writes keep the order they arrived in (one turn at a time, first come first served).
 *
 * After `maxWaitMs` the write runs anyway and meets the busy timeout as before (a clear 'busy' answer).
 * Nothing here changes what a write does: the turn holds no lock once it is given, and a write inside an
 * open transaction, or with no writer to ask, runs at once.
 */
import { isSqliteBusy, type Db } from '../../db/open';

export interface WriteTurns {
  /** Runs `start` once the writer can take the write lock (or after the longest wait); resolves with its result. */
  run<T>(start: () => Promise<T>): Promise<T>;
  /** Turns waiting (for tests and the host's status). */
  readonly waiting: number;
}

export interface WriteTurnOptions {
  /** The longest a write waits for its turn before it runs anyway (ms). Default 5000, the busy timeout. */
  readonly maxWaitMs?: number;
  /** First retry delay (ms), doubled up to `maxDelayMs`. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Whether the writer could take the write lock at this instant (never waits). */
export function writeLockFree(db: Db): boolean {
  if (!db.open || db.readonly || db.inTransaction) return true;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (isSqliteBusy(e)) return false;
    // Any other failure is the write's own to meet and report.
    return true;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createWriteTurns(writer: () => Db | null | undefined, options: WriteTurnOptions = {}): WriteTurns {
  const maxWaitMs = options.maxWaitMs ?? 5_000;
  const firstDelayMs = options.firstDelayMs ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 20;
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;

  const turn = async (): Promise<void> => {
    const deadline = Date.now() + maxWaitMs;
    let delay = firstDelayMs;
    for (;;) {
      const db = writer();
      if (!db || writeLockFree(db) || Date.now() >= deadline) return;
      await sleep(delay);
      delay = Math.min(maxDelayMs, delay * 2);
    }
  };

  return {
    async run<T>(start: () => Promise<T>): Promise<T> {
      waiting += 1;
      const previous = tail;
      let release!: () => void;
      tail = new Promise<void>((resolve) => (release = resolve));
      try {
        await previous;
        await turn();
      } catch {
        // The writer could not be asked (closed, reopened by a restore): the write meets whatever it meets.
      } finally {
        waiting -= 1;
      }
      // The next write's turn begins once this one has started (its synchronous part, where a handler
      // writes, has run); a handler that goes on asynchronously does not hold the others back.
      let started: Promise<T>;
      try {
        started = start();
      } finally {
        release();
      }
      return started;
    },
    get waiting() {
      return waiting;
    },
  };
}

/** One queue of turns per writer connection, shared by every server in front of it (loopback and host mode). */
const turnsByWriter = new WeakMap<Db, WriteTurns>();

/** The turns of the writer `writer()` returns now (a restore reopens the database: a new writer, new turns). */
export function writeTurnsOf(writer: () => Db | null | undefined): WriteTurns {
  return {
    run<T>(start: () => Promise<T>): Promise<T> {
      const db = writer();
      if (!db) return start();
      let turns = turnsByWriter.get(db);
      if (!turns) {
        turns = createWriteTurns(() => (db.open ? db : null));
        turnsByWriter.set(db, turns);
      }
      return turns.run(start);
    },
    get waiting() {
      const db = writer();
      return db ? (turnsByWriter.get(db)?.waiting ?? 0) : 0;
    },
  };
}

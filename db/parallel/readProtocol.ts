/** What the read worker (./readWorker.ts) and its caller (./parallelRead.ts) say to each other. Pure module. */
import type { MessagePort } from 'node:worker_threads';

/** The request's shared flag: posted, the worker's snapshot taken, the reply posted. */
export const READ_STATE = { posted: 0, snapshot: 1, done: 2 } as const;

export interface ReadStatement {
  readonly sql: string;
  readonly params: Record<string, number | string>;
  /**
   * 'numbers': the value is a JSON array of numbers (or NULL: none), answered as a Float64Array (moved between
   * threads, not copied; parsed on the worker's core).
   */
  readonly as?: 'value' | 'numbers';
}

export interface ReadRequest {
  readonly id: number;
  readonly file: string;
  readonly statements: readonly ReadStatement[];
  /** Int32 [state] (READ_STATE), waited on by the caller. */
  readonly flag: SharedArrayBuffer;
}

/** Each statement's one value (its first row's first column, or null), or why the request failed. */
export type ReadReply = { readonly id: number; readonly values: unknown[] } | { readonly id: number; readonly error: string };

export interface ReadWorkerData {
  /** The worker's end of the caller's channel. */
  readonly port: MessagePort;
  /** better-sqlite3's native addon for the runtime's ABI (Electron), as the caller's connection was opened with. */
  readonly nativeBinding?: string | undefined;
}

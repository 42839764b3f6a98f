/**
 * What the crash test, its child processes and its checker share: the six paths, the trial folder
 * layout, the options a child reads and the references a check compares against.
 *
 * A trial folder holds the database as the app keeps it: `griddesk.sqlite` (with -wal/-shm after a
 * kill), `attachments/` beside it, `backups/` beside it.
 */

export const CRASH_PATHS = ['import', 'bulk', 'demo', 'migration', 'backup', 'restore'] as const;
export type CrashPath = (typeof CRASH_PATHS)[number];

export const DB_FILE = 'griddesk.sqlite';
export const ATTACHMENTS_DIR = 'attachments';
export const BACKUPS_DIR = 'backups';

/** The name the crash-test field log is imported under (how its batch is found afterwards). */
export const CRASH_LOG_NAME = '巡查日志-断电测试.csv';

/** What a child reads (a JSON file named on its command line). */
export interface ChildOptions {
  /** The clock every step runs at (epoch ms). */
  readonly now: number;
  /** import: the field log; the operator the batch is imported by; the bundled import worker. */
  readonly csv?: string;
  readonly operatorId?: number;
  readonly workerEntry?: string;
  /** bulk: the supervisor and the cases to register, in order, at the version each has. */
  readonly bulk?: { readonly operatorId: number; readonly items: readonly { incidentId: number; expectedVersion: number }[] };
  /** demo: what to load. */
  readonly demo?: { readonly seed: number; readonly until: string; readonly incidents: number };
  /** restore: the backup folder put back. */
  readonly restoreFrom?: string;
}

/** A reference state: a copy of the database in it, and its version, schema and row counts. */
export interface DbFacts {
  /** A copy in rollback-journal mode, never written, that the checks ATTACH to compare content. */
  readonly file: string;
  readonly userVersion: number;
  /** sqlite_schema as JSON, sorted. */
  readonly schema: string;
  /** Rows of every ordinary table (sqlite_* tables, i.e. planner statistics, left out). */
  readonly counts: Readonly<Record<string, number>>;
}

/** What each path's check compares the state after a kill with. */
export type CheckRefs =
  | { readonly path: 'import'; readonly before: DbFacts; readonly after: DbFacts; readonly rows: number }
  | { readonly path: 'bulk'; readonly before: DbFacts; readonly items: readonly number[] }
  | { readonly path: 'demo'; readonly empty: DbFacts; readonly complete: DbFacts }
  | { readonly path: 'migration'; readonly old: DbFacts; readonly migrated: DbFacts }
  | { readonly path: 'backup'; readonly live: DbFacts }
  | { readonly path: 'restore'; readonly old: DbFacts; readonly restored: DbFacts };

export interface CheckRequest {
  readonly id: number;
  readonly trialDir: string;
  readonly refs: CheckRefs;
}

/** The state a kill left, as classified, and everything wrong with it. */
export interface Verdict {
  /** e.g. 'absent' / 'present', 'old' / 'new', 'registered 713 of 2000'. */
  readonly outcome: string;
  /** Broken invariants, each naming what is wrong; empty when all hold. */
  readonly problems: readonly string[];
  /** Things worth reporting that break no invariant (leftover temporary files). */
  readonly notes: readonly string[];
  /** How long the check took. */
  readonly ms: number;
}

export type CheckerMessage = { readonly id: number; readonly verdict: Verdict } | { readonly id: number; readonly error: string };

/**
 * The host's lifetime around one database, for browser mode and Electron alike (no Electron import):
 * the lock that makes this process the database's one host, the store and its handlers, the backup
 * schedule, the clock of the escalation ladder (催办/督办: runs shortly after start — catching up on what came
 * due while GridDesk was closed — then every minute), and the restore swap (stop the schedule and the
 * clock, close, restore, reopen — everyone logs in again).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../db/domain/errors';
import { acquireLock, releaseLock, type DatabaseLock } from '../db/lock';
import { restoreBackup, startBackupSchedule, verifyBackup, type RestoreResult } from '../db/backup/index';
import { logSettingsChange } from '../db/trust/settingsLog';
import { runLadder, type LadderRunResult } from '../db/supervision/ladder';
import type { CallContext, Handlers } from './contract';
import { actorOf } from './auth/gate';
import { openStore, type OpenedStore } from './host';
import type { HandlerContext } from './handlers/index';
import { APP_VERSION } from './version';

export interface RuntimeOptions {
  readonly databasePath: string;
  readonly transport: HandlerContext['transport'];
  readonly createFolder?: boolean;
  readonly now?: () => number;
  readonly nativeBinding?: string | undefined;
  /** Run the automatic backups (default true). */
  readonly backups?: boolean;
  /** Where a failed automatic backup is reported (the console in browser mode, a dialog in Electron). */
  readonly onBackupError?: (message: string) => void;
  /** Tests: the schedule's timers. */
  readonly backupDelayMs?: number;
  /**
   * Open read-only beside the host that holds the database (offered when the lock is taken): no lock, no
   * migration, no backups; every write is refused with a clear message.
   */
  readonly readonly?: boolean;
  /** Run the escalation ladder's clock (default true; never read-only). */
  readonly ladder?: boolean;
  /** Tests: the ladder clock's first run after start, and its interval (default 5 s and 60 s). */
  readonly ladderDelayMs?: number;
  readonly ladderIntervalMs?: number;
  /** Each run of the ladder that wrote something, and each failed run (a busy database is retried next time). */
  readonly onLadder?: (result: LadderRunResult) => void;
  readonly onLadderError?: (message: string) => void;
  /** How reports become PDF files and where saved files go (Electron: its own printToPDF and a save dialog). */
  readonly output?: HandlerContext['output'];
  /** Run the long reads in a call host's workers (browser mode's threads, Electron's utility processes). */
  readonly callHost?: Parameters<typeof openStore>[1]['callHost'];
}

export interface HostRuntime {
  readonly databasePath: string;
  /** The current store (it changes after a restore). */
  store(): OpenedStore;
  /** The current handlers, for the transports. */
  handlers(): Handlers;
  stop(): Promise<void>;
}

export function startRuntime(options: RuntimeOptions): HostRuntime {
  const databasePath = path.resolve(options.databasePath);
  const now = options.now ?? Date.now;
  // The folder must exist before the lock file can be written beside the database.
  if (options.createFolder) fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  let lock: DatabaseLock | null = options.readonly ? null : acquireLock(databasePath, { mode: options.transport, now });
  let lastBackupError: string | null = null;
  let stopSchedule: (() => Promise<void>) | null = null;
  let stopLadder: (() => void) | null = null;
  let store: OpenedStore;

  const startLadder = () => {
    if (options.ladder === false || options.readonly) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const tick = () => {
      try {
        const result = runLadder(store.db, now());
        if (result.fired.length) options.onLadder?.(result);
      } catch (e) {
        options.onLadderError?.(e instanceof Error ? e.message : String(e));
      }
    };
    const first = setTimeout(() => {
      tick();
      timer = setInterval(tick, options.ladderIntervalMs ?? 60_000);
      timer.unref?.();
    }, options.ladderDelayMs ?? 5_000);
    first.unref?.();
    stopLadder = () => {
      clearTimeout(first);
      if (timer) clearInterval(timer);
    };
  };

  const startSchedule = () => {
    if (options.backups === false || options.readonly) return;
    stopSchedule = startBackupSchedule({
      db: store.db,
      databasePath,
      appVersion: APP_VERSION,
      now,
      ...(options.backupDelayMs !== undefined ? { startupDelayMs: options.backupDelayMs } : {}),
      onBackup: () => {
        lastBackupError = null;
      },
      onError: (e) => {
        lastBackupError = e.message;
        options.onBackupError?.(e.message);
      },
    });
  };

  const restore = async (dir: string, ctx: CallContext | undefined): Promise<RestoreResult> => {
    const actor = actorOf(ctx);
    const report = await verifyBackup(dir);
    if (!report.ok) throw new AppError('invalid-input', `备份不可用，未作任何修改：${report.problems.join('；')}`);
    await stopSchedule?.();
    stopSchedule = null;
    stopLadder?.();
    stopLadder = null;
    store.close();
    let result: RestoreResult;
    try {
      result = await restoreBackup({ databasePath, from: dir, now: now(), appVersion: APP_VERSION });
    } finally {
      store = open();
      startSchedule();
      startLadder();
    }
    // The restored database records who restored it (the operator may not exist in it: then by name).
    const known = actor.operatorId !== null && store.db.prepare(`SELECT 1 FROM operators WHERE id = ? AND name = ?`).get(actor.operatorId, actor.name);
    store.db
      .transaction(() =>
        logSettingsChange(
          store.db,
          { operatorId: known ? actor.operatorId : null, name: actor.name },
          { action: 'backup.restore', target: `从备份恢复 ${path.basename(dir)}`, after: { from: dir, createdAt: result.createdAt, counts: result.counts, beforeRestore: result.beforeRestore } },
          now(),
        ),
      )
      .immediate();
    return result;
  };

  const open = (): OpenedStore =>
    openStore(databasePath, {
      transport: options.transport,
      createFolder: options.createFolder ?? false,
      ...(options.now ? { now: options.now } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true } : { restore }),
      lastBackupError: () => lastBackupError,
      ...(options.output ? { output: options.output } : {}),
      ...(options.callHost ? { callHost: options.callHost } : {}),
    });

  try {
    store = open();
  } catch (e) {
    if (lock) releaseLock(lock);
    throw e;
  }
  startSchedule();
  startLadder();

  return {
    databasePath,
    store: () => store,
    handlers: () => store.handlers,
    async stop() {
      stopLadder?.();
      stopLadder = null;
      await stopSchedule?.();
      store.close();
      if (lock) releaseLock(lock);
      lock = null;
    },
  };
}

/**
 * Automatic backups for a host that keeps the database open (Electron main, browser mode): one shortly
 * after start-up unless a recent one exists, then one a day while running, each followed by rotation.
 * Settings live in the settings table under 'backup'. No Electron here: the clock and the timers are
 * injectable.
 */
import path from 'node:path';
import { AppError, isAppError } from '../errors';
import type { Db } from '../open';
import { getSetting, setSetting } from '../queries/settings';
import { createBackup, defaultBackupsDir, type BackupResult } from './create';
import { DEFAULT_ROTATION, listBackups, rotateBackups, type RotationResult } from './rotate';

export const BACKUP_SETTING_KEY = 'backup';

/** As stored: folder null means the default, backups/ beside the database (it follows the file). */
interface StoredBackupSettings {
  enabled?: boolean;
  folder?: string | null;
  keepDaily?: number;
  keepWeekly?: number;
}

export interface BackupSettings {
  readonly enabled: boolean;
  /** Absolute folder the backups go to. */
  readonly folder: string;
  /** Whether folder is the default (backups/ beside the database). */
  readonly folderIsDefault: boolean;
  readonly keepDaily: number;
  readonly keepWeekly: number;
}

export function getBackupSettings(db: Db, databasePath: string): BackupSettings {
  const stored = getSetting<StoredBackupSettings>(db, BACKUP_SETTING_KEY) ?? {};
  const folder = typeof stored.folder === 'string' && stored.folder.trim() !== '' ? path.resolve(stored.folder) : null;
  return {
    enabled: stored.enabled ?? true,
    folder: folder ?? defaultBackupsDir(databasePath),
    folderIsDefault: folder === null,
    keepDaily: stored.keepDaily ?? DEFAULT_ROTATION.daily,
    keepWeekly: stored.keepWeekly ?? DEFAULT_ROTATION.weekly,
  };
}

export interface BackupSettingsPatch {
  readonly enabled?: boolean;
  /** An absolute folder, or null for the default. */
  readonly folder?: string | null;
  readonly keepDaily?: number;
  readonly keepWeekly?: number;
}

/** Validates and stores a change to the backup settings; returns the settings now in force. */
export function setBackupSettings(db: Db, databasePath: string, patch: BackupSettingsPatch, now: number): BackupSettings {
  const stored = getSetting<StoredBackupSettings>(db, BACKUP_SETTING_KEY) ?? {};
  const next: StoredBackupSettings = { ...stored };
  if (patch.enabled !== undefined) next.enabled = patch.enabled;
  if (patch.folder !== undefined) {
    if (patch.folder !== null && !path.isAbsolute(patch.folder)) {
      throw new AppError('invalid-input', `备份文件夹应为完整路径（绝对路径）：${patch.folder}`);
    }
    next.folder = patch.folder === null ? null : path.resolve(patch.folder);
  }
  const count = (name: string, value: number | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < min || value > 1000) throw new AppError('invalid-input', `${name}应为 ${min}–1000 的整数：${value}`);
    return value;
  };
  next.keepDaily = count('按天保留份数', patch.keepDaily, 1) ?? next.keepDaily;
  next.keepWeekly = count('按周保留份数', patch.keepWeekly, 0) ?? next.keepWeekly;
  setSetting(db, BACKUP_SETTING_KEY, next, now);
  return getBackupSettings(db, databasePath);
}

export type BackupTrigger = 'startup' | 'daily';

export interface BackupScheduleOptions {
  readonly db: Db;
  readonly databasePath: string;
  /** Default: attachments/ beside the database. */
  readonly attachmentsDir?: string;
  readonly appVersion?: string | null;
  /** The clock; default Date.now. */
  readonly now?: () => number;
  /** No start-up backup when the newest one is younger than this; default 12 hours. */
  readonly startupGapMs?: number;
  /** A backup is due while running when the newest is this old; default 24 hours. */
  readonly intervalMs?: number;
  /** How often the running check looks; default 1 hour (copes with sleep and clock changes). */
  readonly checkEveryMs?: number;
  /** Delay before the start-up backup, so it does not compete with opening the window; default 30 s. */
  readonly startupDelayMs?: number;
  /** Timers; default the global ones. */
  readonly timers?: {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
  readonly onBackup?: (result: BackupResult, rotation: RotationResult) => void;
  /** A failed backup (full disk, unwritable folder): the host shows or logs it; the schedule keeps going. */
  readonly onError?: (error: AppError) => void;
}

const HOUR = 3_600_000;

/**
 * Makes a backup when one is due (enabled, and the newest in the folder is older than the gap for this
 * trigger, or in the future after a clock change), then rotates. Returns null when none was due.
 */
export async function backupIfDue(
  options: BackupScheduleOptions,
  trigger: BackupTrigger,
): Promise<{ backup: BackupResult; rotation: RotationResult } | null> {
  const now = (options.now ?? Date.now)();
  const settings = getBackupSettings(options.db, options.databasePath);
  if (!settings.enabled) return null;
  const gap = trigger === 'startup' ? (options.startupGapMs ?? 12 * HOUR) : (options.intervalMs ?? 24 * HOUR);
  const newest = listBackups(settings.folder).find((b) => b.createdAtMs <= now + HOUR);
  if (newest && now - newest.createdAtMs < gap) return null;
  const backup = await createBackup(options.db, {
    databasePath: options.databasePath,
    ...(options.attachmentsDir ? { attachmentsDir: options.attachmentsDir } : {}),
    outDir: settings.folder,
    now,
    reason: trigger,
    appVersion: options.appVersion ?? null,
  });
  const rotation = rotateBackups(settings.folder, { daily: settings.keepDaily, weekly: settings.keepWeekly }, { now });
  return { backup, rotation };
}

/**
 * Starts the schedule; returns stop(). Await stop() before closing the database: it cancels the
 * timers and waits for a backup in progress to finish.
 */
export function startBackupSchedule(options: BackupScheduleOptions): () => Promise<void> {
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout),
  };
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = (trigger: BackupTrigger): Promise<void> => {
    if (stopped || running) return running ?? Promise.resolve();
    const job = (async () => {
      let made: Awaited<ReturnType<typeof backupIfDue>> = null;
      let error: AppError | null = null;
      try {
        made = await backupIfDue(options, trigger);
      } catch (e) {
        error = isAppError(e) ? e : new AppError('database', `自动备份失败：${(e as Error).message}`, { cause: e });
      }
      running = null; // before the callbacks, so a callback may start the next run
      try {
        if (made) options.onBackup?.(made.backup, made.rotation);
        if (error) options.onError?.(error);
      } catch {
        // A failing callback must not stop the schedule.
      }
    })();
    running = job;
    return running;
  };

  const startupTimer = timers.setTimeout(() => void run('startup'), options.startupDelayMs ?? 30_000);
  const intervalTimer = timers.setInterval(() => void run('daily'), options.checkEveryMs ?? HOUR);
  // Neither timer should keep a Node process alive on its own.
  for (const t of [startupTimer, intervalTimer]) (t as { unref?: () => void } | null)?.unref?.();

  return async () => {
    stopped = true;
    timers.clearTimeout(startupTimer);
    timers.clearInterval(intervalTimer);
    if (running) await running;
  };
}

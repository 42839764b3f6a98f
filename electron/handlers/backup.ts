/** Handlers of the backup slice; the restore swap itself belongs to the host runtime that owns the database. */
import path from 'node:path';
import type { Db } from '../../db/open';
import { AppError } from '../../db/domain/errors';
import { createBackup, getBackupSettings, listBackups, rotateBackups, setBackupSettings, verifyBackup, type RestoreResult } from '../../db/backup/index';
import { logSettingsChange } from '../../db/trust/settingsLog';
import type { CallContext, SliceHandlers, backupCalls } from '../contract';
import { actorOf } from '../auth/gate';

export interface BackupDeps {
  readonly db: Db;
  readonly now: () => number;
  readonly databasePath: string;
  readonly version: string;
  /** The host's swap (close, restore, reopen); absent where the host cannot swap (the command line). */
  readonly restore?: ((dir: string, ctx: CallContext | undefined) => Promise<RestoreResult>) | undefined;
  /** The last automatic backup's failure, kept by the schedule. */
  readonly lastError?: () => string | null;
}

export function backupHandlers(deps: BackupDeps): SliceHandlers<typeof backupCalls> {
  const { db, now, databasePath } = deps;
  return {
    'backup:status': () => {
      const settings = getBackupSettings(db, databasePath);
      return {
        settings,
        backups: listBackups(settings.folder).map((b) => ({ dir: b.dir, name: b.name, createdAt: b.createdAtMs, reason: b.manifest.reason ?? null, counts: { ...b.manifest.counts } })),
        lastError: deps.lastError?.() ?? null,
        canRestore: deps.restore !== undefined,
      };
    },
    'backup:now': async (_input, ctx) => {
      const settings = getBackupSettings(db, databasePath);
      const at = now();
      const result = await createBackup(db, { databasePath, outDir: settings.folder, now: at, reason: 'manual', appVersion: deps.version });
      rotateBackups(settings.folder, { daily: settings.keepDaily, weekly: settings.keepWeekly }, { now: at });
      db.transaction(() =>
        logSettingsChange(db, actorOf(ctx), { action: 'backup.create', target: `备份 ${path.basename(result.dir)}`, after: { dir: result.dir, counts: result.manifest.counts } }, at),
      ).immediate();
      return { dir: result.dir, createdAt: result.manifest.createdAt, counts: { ...result.manifest.counts } };
    },
    'backup:set': (input, ctx) => {
      const before = getBackupSettings(db, databasePath);
      const after = db
        .transaction(() => {
          const next = setBackupSettings(db, databasePath, input, now());
          logSettingsChange(db, actorOf(ctx), { action: 'backup.settings', target: '备份设置', before, after: next }, now());
          return next;
        })
        .immediate();
      return after;
    },
    'backup:verify': ({ dir }) => verifyBackup(path.resolve(dir)),
    'backup:restore': async ({ dir }, ctx) => {
      if (!deps.restore) throw new AppError('forbidden', '此处不能在运行中恢复：请关闭 GridDesk 后使用命令行 restore --db … --from …');
      return deps.restore(path.resolve(dir), ctx);
    },
  };
}

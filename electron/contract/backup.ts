/** Backups: back up now, the folder and rotation, the list of backups, verify one, restore one. */
import { z } from 'zod';
import type { BackupReport, BackupSettings, RestoreResult } from '../../db/backup/index';
import { call, ADMIN_ONLY } from './define';
import { empty } from './common';

const folder = z.string().trim().min(1, '请选择备份文件夹').max(4096);

export interface BackupListItem {
  readonly dir: string;
  readonly name: string;
  readonly createdAt: number;
  readonly reason: string | null;
  readonly counts: Record<string, number>;
}

export interface BackupStatus {
  readonly settings: BackupSettings;
  readonly backups: readonly BackupListItem[];
  /** The last automatic backup's failure, if the latest attempt failed (full disk, folder gone). */
  readonly lastError: string | null;
  /** Whether this host can swap the database in place (browser mode and Electron; not the command line). */
  readonly canRestore: boolean;
}

export const backupCalls = {
  'backup:status': call<BackupStatus>()({
    input: empty,
    doc: 'The backup settings, the backups in the folder (newest first) and the last automatic failure.',
    access: ADMIN_ONLY,
    reads: ['settings', 'log'],
  }),
  'backup:now': call<{ dir: string; createdAt: string; counts: Record<string, number> }>()({
    input: empty,
    doc: 'Back up now (online: the desk keeps working), then rotate.',
    access: ADMIN_ONLY,
    writes: ['log'],
  }),
  'backup:set': call<BackupSettings>()({
    input: z
      .object({
        enabled: z.boolean().optional(),
        folder: folder.nullable().optional(),
        keepDaily: z.number().int().min(1).max(60).optional(),
        keepWeekly: z.number().int().min(0).max(52).optional(),
      })
      .strict(),
    doc: 'Change the backup folder (a network share or USB stick), rotation or the automatic schedule.',
    access: ADMIN_ONLY,
    writes: ['settings', 'log'],
  }),
  'backup:verify': call<BackupReport>()({
    input: z.object({ dir: folder }).strict(),
    doc: 'Check a backup before restoring it: manifest sums, integrity, GridDesk schema, what it holds.',
    access: ADMIN_ONLY,
  }),
  'backup:restore': call<RestoreResult>()({
    input: z.object({ dir: folder }).strict(),
    doc: 'Restore a verified backup: the current database is kept as a before-restore backup, then swapped; everyone logs in again.',
    access: ADMIN_ONLY,
    writes: ['grids', 'categories', 'operators', 'persons', 'incidents', 'attachments', 'calendar', 'settings', 'campaigns', 'imports', 'mappings', 'session', 'log'],
  }),
} as const;

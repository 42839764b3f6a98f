/**
 * Backups of a GridDesk database and its photos: create (online, while the app runs), verify, restore,
 * rotate, and a schedule a host can run. See format.ts for the folder layout.
 */
export { createBackup, defaultAttachmentsDir, defaultBackupsDir, onlineBackup } from './create';
export type { BackupIo, BackupResult, CreateBackupOptions } from './create';
export { verifyBackup } from './verify';
export type { BackupReport } from './verify';
export { restoreBackup } from './restore';
export type { RestoreOptions, RestoreResult } from './restore';
export { DEFAULT_ROTATION, listBackups, rotateBackups, selectKept } from './rotate';
export type { BackupEntry, RotationPolicy, RotationResult } from './rotate';
export {
  BACKUP_SETTING_KEY,
  backupIfDue,
  getBackupSettings,
  setBackupSettings,
  startBackupSchedule,
} from './schedule';
export type { BackupScheduleOptions, BackupSettings, BackupSettingsPatch, BackupTrigger } from './schedule';
export { BACKUP_DB_FILE, MANIFEST_FILE } from './format';
export type { BackupCounts, BackupFileEntry, BackupManifest } from './format';

import { AppError } from '../../../db/errors';
import { openDatabase } from '../../../db/open';
import { createBackup } from '../../../db/backup/index';
import { APP_VERSION } from '../../version';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export const backupCommand: Command = {
  summary: '备份数据库和照片（程序运行时也可以备份）',
  usage:
    'backup --db PATH --out DIR [--reason TEXT] [--json]\n' +
    '  Makes DIR/griddesk-YYYYMMDD-HHMMSS-<reason>/ with the database (SQLite online backup, consistent while\n' +
    '  GridDesk keeps working), the photos beside it (attachments/) and manifest.json (schema version, counts,\n' +
    '  SHA-256 of every file). The folder appears only when complete. --reason defaults to "manual".',
  options: { ...dbOption, ...jsonOption, out: { type: 'string' }, reason: { type: 'string' } },
  async run(values, io) {
    const databasePath = requireExistingDb(values);
    if (typeof values.out !== 'string' || values.out.trim() === '') {
      throw new AppError('invalid-input', '缺少 --out DIR（备份存放的文件夹）');
    }
    const { db } = openDatabase(databasePath, { readonly: true });
    try {
      const { dir, manifest } = await createBackup(db, {
        databasePath,
        outDir: values.out,
        now: Date.now(),
        reason: typeof values.reason === 'string' ? values.reason : 'manual',
        appVersion: APP_VERSION,
      });
      const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
      const photos = manifest.files.length - 1;
      if (values.json) {
        const { files: _files, ...rest } = manifest;
        io.stdout(JSON.stringify({ dir, ...rest, fileCount: manifest.files.length, photos, bytes }, null, 2) + '\n');
      } else {
        io.stdout(`备份完成：${dir}\n`);
        io.stdout(
          `时间 ${manifest.createdAtShanghai}（北京时间），结构版本 ${manifest.schemaVersion}；案件 ${manifest.counts.incidents} 件，` +
            `案件记录 ${manifest.counts.incidentEvents} 条，网格 ${manifest.counts.grids} 个，人员 ${manifest.counts.persons} 名，` +
            `照片 ${photos} 张，共 ${mb(bytes)} MB\n`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

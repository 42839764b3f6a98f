import { AppError } from '../../../db/errors';
import { restoreBackup } from '../../../db/backup/index';
import { APP_VERSION } from '../../version';
import { dbOption, jsonOption, requireDb, type Command } from '../command';

export const restoreCommand: Command = {
  summary: '从备份恢复数据库和照片（先校验；恢复前的数据库另存一份）',
  usage:
    'restore --db PATH --from DIR [--json]\n' +
    '  Verifies the backup first and refuses, changing nothing, if it is not sound. Then keeps the current\n' +
    '  database as a "before-restore" backup in backups/ beside it, puts back the photos and replaces the\n' +
    '  database file. GridDesk must be closed (refused while another process holds the database).',
  options: { ...dbOption, ...jsonOption, from: { type: 'string' } },
  async run(values, io) {
    const databasePath = requireDb(values);
    if (typeof values.from !== 'string' || values.from.trim() === '') {
      throw new AppError('invalid-input', '缺少 --from DIR（要恢复的备份文件夹）');
    }
    const result = await restoreBackup({ databasePath, from: values.from, now: Date.now(), appVersion: APP_VERSION });
    if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      io.stdout(`已恢复 ${result.createdAtShanghai}（北京时间）的备份到：${result.databasePath}\n`);
      io.stdout(
        `案件 ${result.counts.incidents} 件，案件记录 ${result.counts.incidentEvents} 条，网格 ${result.counts.grids} 个，` +
          `人员 ${result.counts.persons} 名；写回照片 ${result.photosRestored} 张\n`,
      );
      if (result.beforeRestore) io.stdout(`恢复前的数据库已保存到：${result.beforeRestore}\n`);
    }
    return 0;
  },
};

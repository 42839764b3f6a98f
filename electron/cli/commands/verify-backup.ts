import { AppError } from '../../../db/errors';
import { verifyBackup } from '../../../db/backup/index';
import { jsonOption, type Command } from '../command';

export const verifyBackupCommand: Command = {
  summary: '校验一个备份文件夹（只读）',
  usage:
    'verify-backup DIR [--json]\n' +
    '  Read-only: manifest present, every file matches its SHA-256 and size, the database passes SQLite\'s\n' +
    '  integrity and foreign-key checks, is a GridDesk database this version can open, and holds the counts\n' +
    '  the manifest names. Exit 0 when the backup is sound, 1 when a problem is found (each one named).',
  positionals: ['dir'],
  options: { ...jsonOption, dir: { type: 'string' } },
  async run(values, io) {
    if (typeof values.dir !== 'string' || values.dir.trim() === '') {
      throw new AppError('invalid-input', '缺少备份文件夹：verify-backup DIR');
    }
    const { manifest, ...report } = await verifyBackup(values.dir);
    if (values.json) {
      io.stdout(JSON.stringify({ ...report, fileCount: manifest?.files.length ?? null }, null, 2) + '\n');
    } else {
      io.stdout(`备份：${report.dir}\n`);
      if (report.createdAtShanghai) io.stdout(`创建时间：${report.createdAtShanghai}（北京时间）\n`);
      if (report.schemaVersion !== null) io.stdout(`结构版本：${report.schemaVersion}\n`);
      if (report.counts) {
        io.stdout(
          `案件 ${report.counts.incidents} 件，案件记录 ${report.counts.incidentEvents} 条，网格 ${report.counts.grids} 个，` +
            `人员 ${report.counts.persons} 名，操作员 ${report.counts.operators} 名，导入批次 ${report.counts.importBatches} 个\n`,
        );
      }
      for (const p of report.problems) io.stdout(`问题：${p}\n`);
      for (const w of report.warnings) io.stdout(`提示：${w}\n`);
      io.stdout(report.ok ? '结果：备份完好，可以恢复\n' : '结果：备份不可用\n');
      if (!report.ok) io.stderr(`griddesk verify-backup: 备份校验未通过：${report.problems.join('；').replace(/\s*\n\s*/g, ' ')}\n`);
    }
    return report.ok ? 0 : 1;
  },
};

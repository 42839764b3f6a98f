import { checkIntegrity, openDatabase } from '../../../db/open';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const checkCommand: Command = {
  summary: '检查数据库完整性与结构版本（只读）',
  usage:
    'check --db PATH [--json]\n' +
    '  Read-only: SQLite integrity check, foreign keys, and the schema version against this GridDesk.\n' +
    '  Exit 0 when all is well, 1 when a problem is found.',
  options: { ...dbOption, ...jsonOption },
  run(values, io) {
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const report = checkIntegrity(db);
      if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        io.stdout(`完整性：${report.integrity.join('; ')}\n`);
        io.stdout(`外键问题：${report.foreignKeyViolations}\n`);
        io.stdout(`结构版本：${report.schemaVersion}（本程序为 ${report.latestSchemaVersion}）\n`);
        io.stdout(report.ok ? '结果：正常\n' : '结果：发现问题\n');
      }
      if (!report.ok && !values.json) {
        io.stderr(
          report.schemaVersion < report.latestSchemaVersion
            ? `griddesk: 数据库结构版本较旧（${report.schemaVersion}），打开时会自动升级\n`
            : 'griddesk: 数据库完整性检查未通过\n',
        );
      }
      return report.ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
  };

import { openStore } from '../../host';
import { call, dbOption, jsonOption, requireExistingDb, type Command } from '../command';

const STATUS: Record<string, string> = { running: '进行中', committed: '已导入', failed: '失败', undone: '已撤销' };

export const importsCommand: Command = {
  summary: '列出导入批次',
  usage: 'imports --db PATH [--json]\n  The import batches, newest first: file, time, operator, counts and status.',
  options: { ...dbOption, ...jsonOption },
  async run(values, io) {
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const batches = await call(store.handlers, 'imports:list', {});
      if (values.json) io.stdout(JSON.stringify(batches, null, 2) + '\n');
      else {
        for (const b of batches) {
          io.stdout(
            `#${b.id}  ${new Date(b.startedAt).toISOString()}  ${b.fileName}  ${b.format}  共 ${b.total}，接收 ${b.accepted}，拒收 ${b.rejected}，重复 ${b.duplicates}  ${STATUS[b.status] ?? b.status}${b.message ? `（${b.message}）` : ''}\n`,
          );
        }
        io.stdout(`共 ${batches.length} 个批次\n`);
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};

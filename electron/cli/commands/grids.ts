import { openStore } from '../../host';
import type { Grid } from '../../../db/types';
import { call, dbOption, integerOption, jsonOption, requireExistingDb, type Command } from '../command';

export const gridsCommand: Command = {
  summary: '列出网格（区、街道、社区网格）',
  usage: 'grids --db PATH [--level 1|2|3] [--json]\n  Lists the grids with their 15-digit codes, levels and parents.',
  options: { ...dbOption, ...jsonOption, level: { type: 'string' } },
  async run(values, io) {
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const level = values.level !== undefined ? integerOption('level', values.level) : undefined;
      const grids: Grid[] = await call(store.handlers, 'grids:list', level !== undefined ? { level } : {});
      if (values.json) {
        io.stdout(JSON.stringify(grids, null, 2) + '\n');
      } else {
        for (const g of grids) {
          io.stdout(`${g.code}  ${'  '.repeat(g.level - 1)}${g.name}  (上级 ${g.parentCode ?? '—'})\n`);
        }
        io.stdout(`共 ${grids.length} 个网格\n`);
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
  };

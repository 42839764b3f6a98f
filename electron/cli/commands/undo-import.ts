import { openStore } from '../../host';
import { call, dbOption, integerOption, jsonOption, requireExistingDb, type Command } from '../command';
import { AppError } from '../../../db/errors';

export const undoImportCommand: Command = {
  summary: '撤销一个导入批次（案件作废，不删除）',
  usage:
    'undo-import BATCH --db PATH [--operator ID] [--json]\n' +
    '  Voids the cases of the batch (each with an event naming it) and removes its patrols; cases changed\n' +
    '  since the import are kept and listed.',
  positionals: ['batch'],
  options: { ...dbOption, ...jsonOption, batch: { type: 'string' }, operator: { type: 'string' } },
  async run(values, io) {
    if (values.batch === undefined) throw new AppError('invalid-input', '缺少批次编号：undo-import BATCH --db PATH（批次见 imports 命令）');
    const batchId = integerOption('batch', values.batch);
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const result = await call(store.handlers, 'imports:undo', {
        batchId,
        ...(values.operator !== undefined ? { operatorId: integerOption('operator', values.operator) } : {}),
      });
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else {
        io.stdout(`已撤销批次 #${batchId}：作废 ${result.voided} 件案件，删除 ${result.patrolsRemoved} 条巡查轨迹\n`);
        if (result.kept.length) {
          io.stdout(`导入后已被办理、未作废的 ${result.kept.length} 件：${result.kept.map((k) => k.caseNo).join('、')}\n`);
        }
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};

import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../db/errors';
import { openDatabase } from '../../../db/open';
import { parseDateRange } from '../../../db/stats/period';
import { platformRows, platformWorkbook } from '../../../db/export/hotline';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const hotlineExportCommand: Command = {
  summary: '导出 12345 工单办理结果（回传市热线平台的 Excel）',
  usage:
    'hotline-export --db PATH --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [--json]\n' +
    '  The 12345 orders closed (办结) or returned (退单) in the dates (inclusive, Asia/Shanghai), with the city\n' +
    "  platform's columns 工单编号, 办理结果, 答复内容, 办结时间, 回访结果. No caller data is exported.",
  options: { ...dbOption, ...jsonOption, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  async run(values, io) {
    if (typeof values.out !== 'string' || !values.out) throw new AppError('invalid-input', '缺少 --out FILE.xlsx（导出文件路径）');
    const out = path.resolve(values.out);
    if (path.extname(out).toLowerCase() !== '.xlsx') throw new AppError('invalid-input', `--out 应以 .xlsx 结尾，收到：${out}`);
    const dir = path.dirname(out);
    if (!fs.existsSync(dir)) throw new AppError('not-found', `输出文件夹不存在：${dir}`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      if (fs.existsSync(out)) fs.accessSync(out, fs.constants.W_OK);
    } catch {
      throw new AppError('invalid-input', `无法写入输出文件：${out}`);
    }
    if (typeof values.from !== 'string' || typeof values.to !== 'string') throw new AppError('invalid-input', '缺少 --from 和 --to（YYYY-MM-DD）');
    const period = parseDateRange(values.from, values.to);
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const rows = platformRows(db, period);
      fs.writeFileSync(out, await platformWorkbook(rows));
      const result = { out, from: values.from, to: values.to, orders: rows.length, closed: rows.filter((r) => r.result === '已办结').length, returned: rows.filter((r) => r.result === '退单').length };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已导出 ${result.orders} 件 12345 工单（办结 ${result.closed}，退单 ${result.returned}）：${out}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

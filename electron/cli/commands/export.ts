import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../db/errors';
import { exportCases, type ExportFormat } from '../../../db/export/cases';
import { parseDateRange } from '../../../db/stats/period';
import { openDatabase } from '../../../db/open';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

const FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'geojson', 'open311'];

export const exportCommand: Command = {
  summary: '导出案件及处理记录（CSV、Excel、GeoJSON、Open311）',
  usage:
    'export --db PATH --format csv|xlsx|geojson|open311 --out FILE [--from YYYY-MM-DD --to YYYY-MM-DD] [--json]\n' +
    '  Cases reported in the date range (inclusive, Asia/Shanghai; default: all) with their event history.\n' +
    '  CSV is UTF-8 with BOM (opens in Excel with a double-click); the history goes to FILE.events.csv.\n' +
    '  XLSX has two sheets (案件, 处理记录). Text that would run as a formula is neutralised.',
  options: { ...dbOption, ...jsonOption, format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(values, io) {
    const format = String(values.format ?? '');
    if (!FORMATS.includes(format as ExportFormat)) {
      throw new AppError('invalid-input', `--format 应为 ${FORMATS.join('、')} 之一，收到：${format || '无'}`);
    }
    if (typeof values.out !== 'string' || !values.out) throw new AppError('invalid-input', '缺少 --out FILE（导出文件路径）');
    const out = path.resolve(values.out);
    const dir = path.dirname(out);
    if (!fs.existsSync(dir)) throw new AppError('not-found', `输出文件夹不存在：${dir}`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      if (fs.existsSync(out)) fs.accessSync(out, fs.constants.W_OK);
    } catch {
      throw new AppError('invalid-input', `无法写入输出文件：${out}`);
    }
    if ((values.from === undefined) !== (values.to === undefined)) throw new AppError('invalid-input', '--from 和 --to 需要同时给出');
    const range = values.from !== undefined ? parseDateRange(String(values.from), String(values.to)) : null;
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const result = await exportCases(db, {
        format: format as ExportFormat,
        file: out,
        filter: range ? { reportedFrom: range.start, reportedTo: range.end } : {},
        now: Date.now(),
      });
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已导出 ${result.cases} 件案件${result.events ? `、${result.events} 条处理记录` : ''}：${result.files.join('，')}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

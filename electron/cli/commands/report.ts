import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../db/errors';
import { openDatabase } from '../../../db/open';
import { buildWeeklyReport } from '../../report/weeklyReport';
import { findChromium, printHtmlToPdf } from '../../report/pdf';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const reportCommand: Command = {
  summary: '生成周报（A4，HTML 或 PDF）',
  usage:
    'report --db PATH --week YYYY-Www [--area CODE] --out FILE.html|FILE.pdf [--chromium PATH] [--json]\n' +
    '  The weekly summary for the district or an area. PDF is printed by a local Chromium, Chrome or Edge\n' +
    '  (found automatically, or given with --chromium); HTML opens in any browser and prints the same.',
  options: { ...dbOption, ...jsonOption, week: { type: 'string' }, area: { type: 'string' }, out: { type: 'string' }, chromium: { type: 'string' } },
  async run(values, io) {
    if (typeof values.out !== 'string' || !values.out) throw new AppError('invalid-input', '缺少 --out FILE.html 或 FILE.pdf');
    const out = path.resolve(values.out);
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.html' && ext !== '.pdf') throw new AppError('invalid-input', `--out 应以 .html 或 .pdf 结尾，收到：${out}`);
    if (!fs.existsSync(path.dirname(out))) throw new AppError('not-found', `输出文件夹不存在：${path.dirname(out)}`);
    try {
      fs.accessSync(path.dirname(out), fs.constants.W_OK);
    } catch {
      throw new AppError('invalid-input', `无法写入输出文件：${out}`);
    }
    const chromium = ext === '.pdf' ? findChromium(typeof values.chromium === 'string' ? values.chromium : undefined) : null;
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const started = Date.now();
      const { html, report } = buildWeeklyReport(db, {
        week: typeof values.week === 'string' ? values.week : undefined,
        areaCode: typeof values.area === 'string' ? values.area : undefined,
        now: Date.now(),
      });
      if (chromium) await printHtmlToPdf(html, out, chromium);
      else fs.writeFileSync(out, html);
      const result = { out, format: ext.slice(1), week: report.period.label, area: report.area.name, ms: Date.now() - started };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已生成周报：${out}（${report.area.name}，${report.period.label}，用时 ${(result.ms / 1000).toFixed(1)} 秒）\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

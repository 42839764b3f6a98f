import { openDatabase } from '../../../db/open';
import { AppError } from '../../../db/domain/errors';
import { buildWeeklyReport } from '../../report/weeklyReport';
import { monthlyReportOf } from '../../report/monthlyReport';
import { printTarget } from '../printOut';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const reportCommand: Command = {
  summary: '生成周报或月报（A4，HTML 或 PDF）',
  usage:
    'report --db PATH --week YYYY-Www [--area CODE] --out FILE.html|FILE.pdf [--chromium PATH] [--json]\n' +
    'report --db PATH --month YYYY-MM [--scheme ID] --out FILE.html|FILE.pdf [--chromium PATH] [--json]\n' +
    '  The weekly summary for the district or an area, or the monthly report (月报: the month’s figures, its\n' +
    '  assessment — the latest published version, else the draft — patrol coverage and the scheme). PDF is\n' +
    '  printed by a local Chromium, Chrome or Edge (found automatically, or given with --chromium); HTML opens\n' +
    '  in any browser and prints the same.',
  options: {
    ...dbOption,
    ...jsonOption,
    week: { type: 'string' },
    month: { type: 'string' },
    scheme: { type: 'string' },
    area: { type: 'string' },
    out: { type: 'string' },
    chromium: { type: 'string' },
  },
  async run(values, io) {
    const month = typeof values.month === 'string' ? values.month : undefined;
    if (month && typeof values.week === 'string') throw new AppError('invalid-input', '--week 与 --month 只能选一个');
    if (month && typeof values.area === 'string') throw new AppError('invalid-input', '月报为全区报告，不支持 --area');
    const scheme = typeof values.scheme === 'string' ? values.scheme : undefined;
    if (scheme !== undefined && (!month || !/^\d{1,9}$/.test(scheme))) throw new AppError('invalid-input', '--scheme 应为考核方案编号，且只用于 --month');
    const target = printTarget(values);
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const started = Date.now();
      if (month) {
        const { html, figures } = monthlyReportOf(db, { month, schemeId: scheme === undefined ? undefined : Number(scheme), now: Date.now() });
        await target.write(html);
        const result = { out: target.out, format: target.format, month: figures.month.month, ms: Date.now() - started };
        if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
        else io.stdout(`已生成月报：${target.out}（${figures.month.name}，用时 ${(result.ms / 1000).toFixed(1)} 秒）\n`);
        return 0;
      }
      const { html, report } = buildWeeklyReport(db, {
        week: typeof values.week === 'string' ? values.week : undefined,
        areaCode: typeof values.area === 'string' ? values.area : undefined,
        now: Date.now(),
      });
      await target.write(html);
      const result = { out: target.out, format: target.format, week: report.period.label, area: report.area.name, ms: Date.now() - started };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已生成周报：${target.out}（${report.area.name}，${report.period.label}，用时 ${(result.ms / 1000).toFixed(1)} 秒）\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

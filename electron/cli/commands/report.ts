import { openDatabase } from '../../../db/open';
import { buildWeeklyReport } from '../../report/weeklyReport';
import { printTarget } from '../printOut';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const reportCommand: Command = {
  summary: '生成周报（A4，HTML 或 PDF）',
  usage:
    'report --db PATH --week YYYY-Www [--area CODE] --out FILE.html|FILE.pdf [--chromium PATH] [--json]\n' +
    '  The weekly summary for the district or an area. PDF is printed by a local Chromium, Chrome or Edge\n' +
    '  (found automatically, or given with --chromium); HTML opens in any browser and prints the same.',
  options: { ...dbOption, ...jsonOption, week: { type: 'string' }, area: { type: 'string' }, out: { type: 'string' }, chromium: { type: 'string' } },
  async run(values, io) {
    const target = printTarget(values);
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const started = Date.now();
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

import { openStore } from '../../host';
import type { Figures, StatsReport } from '../../contract';
import { call, dbOption, jsonOption, requireExistingDb, type Command } from '../command';
import { hotlineSentence } from '../../../db/stats/hotline';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

function line(name: string, f: Figures): string {
  return [
    name.padEnd(12, '　'),
    String(f.received).padStart(7),
    String(f.registered).padStart(7),
    String(f.due).padStart(7),
    String(f.closed).padStart(7),
    String(f.closedOnTime).padStart(7),
    String(f.overdueOpen).padStart(7),
    pct(f.closureRate).padStart(9),
    pct(f.onTimeRate).padStart(9),
  ].join(' ');
}

export const statsCommand: Command = {
  summary: '统计指标与周报数据（按周、按区域）',
  usage:
    'stats --db PATH [--week YYYY-Www] [--area CODE] [--rule standard|exclude-extended|closed-based] [--json]\n' +
    '  The indicators of an ISO week (Monday–Sunday, Asia/Shanghai; default: this week) for the district or an\n' +
    '  area (street or grid code), by street, grid and category, with the previous week. --json prints\n' +
    '  {period, rule, totals, byStreet, byGrid, byCategory, byPerson, cleanup, overdueList, previous, stages,\n' +
    '  stagesByStreet, stagesByGrid, stagesByPerson, hotline, supervision, ruleNotes}; stages is {dispatch, handling,\n' +
    '  verification}, each {due, onTime, late, onTimeRate} (按时派遣率, 按时处置率, 按时核查率); hotline is the 12345 orders\n' +
    '  {received, acknowledged, acknowledgedOnTime, handled, closed, closedOnTime, callbacks, satisfied, dissatisfied,\n' +
    '  unreachable, reopened, returnedToPlatform, onTimeRate, satisfactionRate, …}; supervision counts 预警, 催办 and 督办.',
  options: { ...dbOption, ...jsonOption, week: { type: 'string' }, area: { type: 'string' }, rule: { type: 'string' } },
  async run(values, io) {
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const report: StatsReport = await call(store.handlers, 'stats:week', {
        ...(values.week !== undefined ? { week: String(values.week) } : {}),
        ...(values.area !== undefined ? { areaCode: String(values.area) } : {}),
        ...(values.rule !== undefined ? { rule: String(values.rule) } : {}),
      });
      if (values.json) {
        io.stdout(JSON.stringify(report, null, 2) + '\n');
        return 0;
      }
      io.stdout(`${report.unitName}　${report.area.name}　${report.period.label}\n`);
      io.stdout(`统计口径：${report.rule.name}。${report.rule.description}\n\n`);
      io.stdout(`${'区域'.padEnd(12, '　')}    受理    立案   应结案    结案  按期结案  超期未结     结案率   按期结案率\n`);
      io.stdout(line('合计', report.totals) + '\n');
      for (const s of report.byStreet) io.stdout(line(s.name, s) + '\n');
      if (report.previous) io.stdout(line('上周合计', report.previous.totals) + '\n');
      if (report.cleanup.length) io.stdout(`\n清理：${report.cleanup.map((c) => `${c.label} ${c.count} 处`).join('，')}\n`);
      if (report.hotline && report.hotline.received + report.hotline.acknowledged + report.hotline.closed > 0) {
        io.stdout(`\n12345 热线：${hotlineSentence(report.hotline)}\n`);
      }
      if (report.supervision) {
        const s = report.supervision;
        io.stdout(`催办督办：预警 ${s.warnings} 次，催办 ${s.urges} 次，督办 ${s.supervisedCases} 件\n`);
      }
      if (report.stages) {
        const s = report.stages;
        io.stdout(
          `\n环节时效：按时派遣率 ${pct(s.dispatch.onTimeRate)}（超时 ${s.dispatch.late}），按时处置率 ${pct(s.handling.onTimeRate)}（超时 ${s.handling.late}），按时核查率 ${pct(s.verification.onTimeRate)}（超时 ${s.verification.late}）\n`,
        );
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};

import { openStore } from '../../host';
import { AppError } from '../../../db/errors';
import { addDays, isoWeekday, shanghaiDateTime } from '../../../db/domain/time';
import type { CoverageReport } from '../../contract';
import { call, dbOption, integerOption, jsonOption, requireExistingDb, type Command } from '../command';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const km = (m: number) => (m / 1000).toFixed(2);
const hours = (ms: number) => (ms / 3_600_000).toFixed(1);

export const coverageCommand: Command = {
  summary: '巡查覆盖：巡查里程、时长、覆盖率与可疑轨迹（按网格、按人员）',
  usage:
    'coverage --db PATH --from YYYY-MM-DD --to YYYY-MM-DD [--by day|week|month] [--person ID] [--grid CODE] [--json]\n' +
    '  Patrol figures of the GPS tracks started in the period (Asia/Shanghai dates, both inclusive): per community\n' +
    '  grid and per person 巡查里程 (lengthM), 巡查时长 (durationMs), 覆盖率 (coveredShare, 0..1: the share of the\n' +
    '  grid’s area within 25 m of a track, counted in H3 cells of resolution 12), patrols, cases found by patrol and\n' +
    '  per km; and the suspicious patrols with their flags (speed, jump, off_hours, frozen, far_outside) and notes.\n' +
    '  --json prints {period: {from, to}, definition, totals, grids: [{code, name, streetName, lengthM, durationMs,\n' +
    '  coveredShare, patrolCount, casesFound, casesPerKm, lastWalkedAt}], persons: [{personId, name, lengthM, durationMs,\n' +
    '  patrolCount, gridCount, dayCount, coveredShare, casesFound, casesPerKm, flaggedCount}], flagged: [...]}.\n' +
    '  --by day|week|month adds series: [{from, to, totals, grids, persons}] per day, ISO week or calendar month\n' +
    '  of the period (cut at its ends), with the grids and persons that walked in each.',
  options: { ...dbOption, ...jsonOption, from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, person: { type: 'string' }, grid: { type: 'string' } },
  async run(values, io) {
    if (typeof values.from !== 'string' || typeof values.to !== 'string') {
      throw new AppError('invalid-input', '缺少 --from YYYY-MM-DD 或 --to YYYY-MM-DD（巡查统计的起止日期）');
    }
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      let gridId: number | undefined;
      if (values.grid !== undefined) {
        const row = store.db.prepare(`SELECT id FROM grids WHERE code = ? AND level = 3`).get(String(values.grid)) as { id: number } | undefined;
        if (!row) throw new AppError('not-found', `没有编码为 ${String(values.grid)} 的社区网格`);
        gridId = row.id;
      }
      const filter = values.person !== undefined ? { personId: integerOption('person', values.person) } : {};
      const report: CoverageReport = await call(store.handlers, 'patrol:coverage', {
        from: values.from,
        to: values.to,
        ...filter,
        ...(gridId !== undefined ? { gridId } : {}),
      });
      const { fromMs: _from, toMs: _to, ...rest } = report;
      const series: Array<{ from: string; to: string; report: CoverageReport }> = [];
      if (values.by !== undefined) {
        const by = String(values.by);
        if (by !== 'day' && by !== 'week' && by !== 'month') throw new AppError('invalid-input', `--by 应为 day、week 或 month，收到：${by}`);
        for (const b of buckets(values.from, values.to, by)) {
          series.push({ ...b, report: await call(store.handlers, 'patrol:coverage', { ...b, ...(filter.personId !== undefined ? { personId: filter.personId } : {}), ...(gridId !== undefined ? { gridId } : {}) }) });
        }
      }
      if (values.json) {
        const doc = { period: { from: values.from, to: values.to }, ...rest };
        const bySeries = series.map(({ from, to, report: r }) => ({
          from,
          to,
          totals: r.totals,
          grids: r.grids.filter((g) => g.patrolCount > 0).map(({ gridId, code, name, lengthM, durationMs, coveredShare, patrolCount, casesFound }) => ({ gridId, code, name, lengthM, durationMs, coveredShare, patrolCount, casesFound })),
          persons: r.persons.map(({ personId, name, lengthM, durationMs, patrolCount, coveredShare, casesFound, flaggedCount }) => ({ personId, name, lengthM, durationMs, patrolCount, coveredShare, casesFound, flaggedCount })),
        }));
        io.stdout(JSON.stringify(values.by !== undefined ? { ...doc, by: values.by, series: bySeries } : doc, null, 2) + '\n');
        return 0;
      }
      const t = report.totals;
      io.stdout(`巡查覆盖　${values.from} 至 ${values.to}\n${report.definition}\n\n`);
      io.stdout(
        `合计：里程 ${km(t.lengthM)} 公里，时长 ${hours(t.durationMs)} 小时，${t.patrolCount} 次巡查，覆盖率 ${pct(t.coveredShare)}，` +
          `走到 ${t.gridsWalked} / ${t.gridCount} 个网格，巡查发现 ${t.casesFound} 件\n\n`,
      );
      io.stdout('网格编码            网格            里程(公里)  时长(小时)  巡查次数  覆盖率   发现/公里\n');
      for (const g of report.grids) {
        io.stdout(
          `${g.code}  ${g.name.padEnd(8, '　')}  ${km(g.lengthM).padStart(9)}  ${hours(g.durationMs).padStart(9)}  ${String(g.patrolCount).padStart(7)}  ${pct(g.coveredShare).padStart(6)}  ${g.casesPerKm === null ? '—'.padStart(8) : g.casesPerKm.toFixed(2).padStart(8)}\n`,
        );
      }
      io.stdout('\n人员        里程(公里)  时长(小时)  巡查次数  网格数  覆盖率   可疑轨迹\n');
      for (const p of report.persons) {
        io.stdout(
          `${p.name.padEnd(5, '　')}  ${km(p.lengthM).padStart(9)}  ${hours(p.durationMs).padStart(9)}  ${String(p.patrolCount).padStart(7)}  ${String(p.gridCount).padStart(5)}  ${pct(p.coveredShare).padStart(6)}  ${String(p.flaggedCount).padStart(6)}\n`,
        );
      }
      if (series.length > 0) {
        io.stdout(`\n按${values.by === 'day' ? '日' : values.by === 'week' ? '周' : '月'}：\n`);
        for (const { from, to, report: r } of series) {
          io.stdout(`  ${from} 至 ${to}　里程 ${km(r.totals.lengthM)} 公里，时长 ${hours(r.totals.durationMs)} 小时，${r.totals.patrolCount} 次，覆盖率 ${pct(r.totals.coveredShare)}\n`);
        }
      }
      if (report.flagged.length > 0) {
        io.stdout('\n可疑轨迹与说明：\n');
        for (const f of report.flagged) {
          const what = [...f.flags.map((x) => `${x.label}（${x.detail}）`), ...(f.note ? [f.note] : [])].join('；');
          io.stdout(`  #${f.patrolId} ${f.inspector} ${shanghaiDateTime(f.startedAt)}　${what}\n`);
        }
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};

/** The days, ISO weeks or calendar months of a period, cut at its ends. */
function buckets(from: string, to: string, by: 'day' | 'week' | 'month'): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to && out.length <= 400; ) {
    let end =
      by === 'day'
        ? start
        : by === 'week'
          ? addDays(start, 7 - isoWeekday(start))
          : addDays(nextMonth(start), -1);
    if (end > to) end = to;
    out.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return out;
}

function nextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

import { describe, expect, it } from 'vitest';
import { figureLink, personLink, unitLink } from '../../../renderer/features/stats/caseLinks';
import { CHART_COLORS, categoryOption, trendOption, unitOption } from '../../../renderer/features/stats/chartOptions';
import { changeOf, formatRate } from '../../../renderer/features/stats/figures';
import { isIsoWeek, isoWeekOf, isoWeeksInYear as weeksInYear, shiftWeek } from '../../../db/domain/time';
import { weekDates } from '../../../renderer/features/stats/isoWeek';
import { pageMarginOf, scopeReportCss } from '../../../renderer/features/reports/reportDocument';

describe('ISO weeks in Shanghai time', () => {
  it('finds the week of an instant by the Shanghai calendar', () => {
    expect(isoWeekOf(Date.UTC(2026, 10, 22, 15, 59))).toBe('2026-W47'); // Sunday 23:59 in Shanghai
    expect(isoWeekOf(Date.UTC(2026, 10, 22, 16, 0))).toBe('2026-W48'); // Monday 00:00
    expect(isoWeekOf(Date.UTC(2026, 11, 31, 16))).toBe('2026-W53'); // Friday 1 January 2027
    expect(isoWeekOf(Date.UTC(2027, 0, 3, 16))).toBe('2027-W01');
  });

  it('knows long years and the dates of a week', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weekDates('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
    expect(weekDates('2017-W25')).toEqual({ monday: '2017-06-19', sunday: '2017-06-25' });
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2026-48')).toBe(false);
  });
});

describe('figures', () => {
  it('reports changes in percentage points for rates and colours them by direction', () => {
    expect(changeOf('rate', 'up-good', 0.8028, 0.8615)).toEqual({ tone: 'bad', text: '▼ 5.87 个百分点', spoken: '比上周下降 5.87 个百分点' });
    expect(changeOf('count', 'up-bad', 7, 4).tone).toBe('bad');
    expect(changeOf('count', 'neutral', 7, 4).tone).toBe('neutral');
    expect(changeOf('count', 'up-good', 7, 7).text).toBe('持平');
    expect(changeOf('rate', 'up-good', null, 0.5).text).toBe('—');
    expect(formatRate(0.93724)).toBe('93.72%');
  });
});

describe('chart options', () => {
  type Axis = { data: string[]; inverse?: boolean };
  type Series = { data: ({ value: number | null; itemStyle: { color: string } } | number | null)[] };

  it('keep rows in the order given (first at the top), so a clicked bar’s index is its row', () => {
    const units = [
      { name: '定王台街道', onTimeRate: 0.8443, overdueOpen: 5 },
      { name: '湘湖街道', onTimeRate: 0.6898, overdueOpen: 10 },
    ];
    const option = unitOption(units, 0.7717, '芙蓉区') as { yAxis: Axis; series: Series[] };
    expect(option.yAxis.data).toEqual(['定王台街道', '湘湖街道']);
    expect(option.yAxis.inverse).toBe(true);
    expect(option.series[0]!.data).toEqual([
      { value: 84.43, itemStyle: { color: CHART_COLORS.good } },
      { value: 68.98, itemStyle: { color: CHART_COLORS.below } },
    ]);
    const categories = categoryOption([
      { name: '暴露垃圾', received: 374, closed: 337 },
      { name: '占道停车', received: 229, closed: 206 },
    ]) as { yAxis: Axis; series: Series[] };
    expect(categories.yAxis.data).toEqual(['暴露垃圾', '占道停车']);
    expect(categories.yAxis.inverse).toBe(true);
  });

  it('plots the on-time rate in percent and leaves weeks without cases due empty', () => {
    const point = (week: string, onTimeRate: number | null) => ({
      week,
      start: 0,
      end: 0,
      totals: { received: 10, registered: 9, due: 8, closed: 7, closedOnTime: 6, overdueOpen: 1, closedLate: 1, rework: 0, extended: 0, hung: 0, fixedOnSpot: 0, closureRate: 0.875, onTimeRate, reworkRate: 0, extensionRate: 0, avgHandlingHours: 3 },
    });
    const option = trendOption([point('2026-W46', null), point('2026-W47', 0.7717)], '2026-W47') as { series: Series[] };
    expect(option.series[2]!.data).toEqual([null, 77.17]);
  });
});

describe('case links', () => {
  it('speaks the case list’s hash format', () => {
    const street = { code: '430102001000000', level: 2 as const };
    expect(figureLink('received', street, '2026-W47')?.hash).toBe('#/cases?street=430102001000000&from=2026-11-16&to=2026-11-22');
    expect(figureLink('closed', { code: '430102001001001', level: 3 }, '2026-W47')?.hash).toBe(
      '#/cases?status=closed&grid=430102001001001&from=2026-11-16&to=2026-11-22',
    );
    expect(figureLink('overdueOpen', { code: '430102000000000', level: 1 }, '2026-W47')?.hash).toBe('#/cases?overdue=1&sort=due_asc');
    expect(figureLink('onTimeRate', street, '2026-W47')).toBeNull();
    expect(unitLink(street, '2026-W01').hash).toBe('#/cases?street=430102001000000&from=2025-12-29&to=2026-01-04');
    expect(personLink(null, '2026-W47').hash).toBe('#/cases?assignee=unassigned&from=2026-11-16&to=2026-11-22');
  });
});

describe('report CSS scoping', () => {
  const css = `@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "第 " counter(page) " 页"; } }
/* body { color: red } in a comment */
html, body { margin: 0; }
body { font-size: 10.5pt; }
body.x, table.body { color: #111; }
.bodyish td { padding: 0; }
@media print { body { background: #fff; } @page :first { margin-top: 20mm; } }
@keyframes spin { to { transform: rotate(1turn); } }`;

  it('aims html/body rules at the wrapper, keeps other selectors, and moves @page out', () => {
    const { css: out, pageCss } = scopeReportCss(css, 'doc');
    expect(out).toContain('.doc, .doc { margin: 0; }');
    expect(out).toContain('.doc { font-size: 10.5pt; }');
    expect(out).toContain('.doc.x, table.body { color: #111; }');
    expect(out).toContain('.bodyish td { padding: 0; }');
    expect(out).toContain('@media print {\n.doc { background: #fff; }');
    expect(out).toContain('@keyframes spin');
    expect(out).not.toContain('@page');
    expect(out).not.toContain('comment');
    expect(pageCss).toContain('@page { size: A4;');
    expect(pageCss).toContain('counter(page)');
    expect(pageCss).toContain('@page :first');
    expect(pageMarginOf(pageCss)).toBe('16mm 14mm 18mm 14mm');
  });
});

/**
 * The monthly report (月报): the month's figures equal stats:period over the same dates, the ranking is
 * printed by object type with grades (样本不足 rows unranked at the bottom), the lowest grids name the cases
 * that cost them points and why, the scheme is printed in full, and the published version and hash sit on
 * the last page. Printed by the machine's Chromium and read back with pdftotext.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../db/demo/load';
import { openStore, type OpenedStore } from '../../electron/host';
import type { AssessObjectResult, AssessResult } from '../../db/assess/types';
import { GRADE_COLOURS } from '../../db/domain/assess';
import { buildMonthlyReport, lostPointCases, monthlyPdfName } from '../../electron/report/monthlyReport';
import { lastCompleteMonth, parseMonth, shiftMonth } from '../../electron/report/monthPeriod';
import { api } from '../../electron/contract';
import { printHtmlToPdfBytes, locateChromium, countPdfPages } from '../../electron/report/pdf';
import { tempDir } from '../helpers/tmp';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const chromium = locateChromium();
const HASH = 'ab'.repeat(32);

let store: OpenedStore;

beforeAll(() => {
  store = openStore(path.join(tempDir(), 'month.sqlite'), { transport: 'http', now: () => NOW });
  loadDemo(store.db, { until: '2026-11-25', incidents: 3000 });
});

afterAll(() => store.close());

/** A hand-made published result over the demo's first grids: two ranked, one 样本不足. */
function fixture(): { result: AssessResult; lateCase: { id: number; caseNo: string } } {
  const db = store.db;
  const grids = db
    .prepare(`SELECT g.id, g.code, g.name, s.name AS street FROM grids g JOIN grids s ON s.id = g.parent_id WHERE g.level = 3 ORDER BY g.code LIMIT 3`)
    .all() as { id: number; code: string; name: string; street: string }[];
  const cases = db.prepare(`SELECT id, case_no AS caseNo FROM incidents WHERE grid_id = ? ORDER BY id LIMIT 3`).all(grids[1]!.id) as { id: number; caseNo: string }[];
  const grid = (g: (typeof grids)[number], over: Partial<AssessObjectResult>): AssessObjectResult => ({
    type: 'grid',
    id: g.id,
    code: g.code,
    name: g.name,
    parentName: g.street,
    cases: 40,
    score: 90,
    grade: '优',
    gradeColour: GRADE_COLOURS['优'],
    rank: 1,
    insufficient: false,
    indicators: {},
    deductions: [],
    ...over,
  });
  const objects = [
    grid(grids[0]!, {}),
    grid(grids[1]!, {
      score: 61.5,
      grade: '中',
      gradeColour: GRADE_COLOURS['中'],
      rank: 2,
      indicators: {
        onTimeClosureRate: {
          id: 'onTimeClosureRate',
          label: '按期结案率',
          value: 1 / 3,
          numerator: 1,
          denominator: 3,
          weight: 60,
          points: 20,
          caseIds: cases.map((c) => c.id),
          numeratorCaseIds: [cases[0]!.id],
        },
      },
      deductions: [{ indicator: 'supervisedCases', label: '督办件数', count: 1, points: 2, caseIds: [cases[2]!.id] }],
    }),
    grid(grids[2]!, { cases: 2, score: null, grade: null, gradeColour: null, rank: null, insufficient: true }),
  ];
  const result: AssessResult = {
    period: '2026-10',
    scheme: { id: 1, code: 'default', name: '网格化管理月度考核方案', version: 3 },
    version: 2,
    hash: HASH,
    status: 'published',
    publishedAt: Date.parse('2026-11-03T09:30:00+08:00'),
    publishedBy: '赵管理',
    computedAt: Date.parse('2026-11-03T09:30:00+08:00'),
    objects,
    notes: [],
    definition: {
      name: '网格化管理月度考核方案',
      objects: ['grid'],
      personDuties: [],
      indicators: [
        { id: 'onTimeClosureRate', weight: 60, direction: 'higher', normalisation: 'rate' },
        { id: 'overdueOpen', weight: 40, direction: 'lower', normalisation: 'peers' },
      ],
      deductions: [{ indicator: 'supervisedCases', pointsEach: 2, cap: 10 }],
      grades: [
        { grade: '优', min: 90, colour: GRADE_COLOURS['优'] },
        { grade: '良', min: 80, colour: GRADE_COLOURS['良'] },
        { grade: '中', min: 60, colour: GRADE_COLOURS['中'] },
        { grade: '差', min: 0, colour: GRADE_COLOURS['差'] },
      ],
      minCases: 5,
    },
  };
  return { result, lateCase: cases[1]! };
}

describe('monthly report', () => {
  it('months are calendar months in Shanghai time', () => {
    const nov = parseMonth('2026-11');
    expect(nov).toMatchObject({ first: '2026-11-01', last: '2026-11-30', name: '2026年11月' });
    expect(nov.start).toBe(Date.parse('2026-11-01T00:00:00+08:00'));
    expect(nov.end).toBe(Date.parse('2026-12-01T00:00:00+08:00'));
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(lastCompleteMonth(NOW)).toBe('2026-10');
    expect(() => parseMonth('2026-13')).toThrow(/YYYY-MM/);
    // Years outside 2000–2099 are refused by name, as weeks are (not a 500 from the date helpers).
    expect(() => parseMonth('0083-10')).toThrow(/2000–2099/);
    expect(api['reports:monthly-pdf'].input.safeParse({ month: '0083-10' }).success).toBe(false);
    expect(monthlyPdfName('2026-10')).toBe('《城市管理网格化工作月报（2026年10月）》.pdf');
  });

  it("the month's figures are stats:period's over the same dates", async () => {
    const { figures } = buildMonthlyReport(store.db, { month: '2026-10', now: NOW, assessment: null, coverage: null });
    const period = await store.handlers['stats:period']({ from: '2026-10-01', to: '2026-10-31' });
    expect(figures.report.totals).toEqual(period.totals);
    expect(figures.report.totals.received).toBeGreaterThan(0);
    expect(figures.trend.map((m) => m.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(figures.trend.at(-1)!.totals.received).toBe(period.totals.received);
  });

  it('the cases behind lost points: a rate’s cases outside its numerator, and each deduction’s', () => {
    const { result, lateCase } = fixture();
    const lost = lostPointCases(result.objects[1]!, () => 'higher');
    expect([...lost.keys()].sort((a, b) => a - b)).toEqual([lateCase.id, result.objects[1]!.deductions[0]!.caseIds[0]!].sort((a, b) => a - b));
    expect(lost.get(lateCase.id)).toEqual(['onTimeClosureRate']);
  });

  it.skipIf(!chromium)('prints an A4 PDF with the ranking, the worst grids’ cases, the scheme and the published hash on the last page', async () => {
    const { result, lateCase } = fixture();
    const { html, figures } = buildMonthlyReport(store.db, { month: '2026-10', now: NOW, assessment: result, coverage: null });
    expect(html).not.toMatch(/<script|(src|href)="https?:/);
    const pdf = await printHtmlToPdfBytes(html, chromium!);
    const file = path.join(tempDir(), 'month.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = countPdfPages(pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('城市管理网格化工作月报');
    expect(text).toContain('2026年10月（2026-10-01 至 2026-10-31）');
    expect(text).toContain(`本月共受理各类城市管理问题 ${figures.report.totals.received.toLocaleString('zh-CN')} 件`);
    expect(text).toContain('已发布第 2 版');
    expect(text).toMatch(/社区网格（2 个参与排名，1 个样本不足不排名）/);
    expect(text).toContain(`${lateCase.caseNo}`);
    expect(text).toMatch(/未按期结案/);
    expect(text).toContain('每件扣分');
    expect(text).toContain('按期结案率');
    expect(text).toMatch(/最少案件数：5 件/);
    expect(text).toContain('巡查覆盖率：网格面积中距当月已走巡查轨迹 25 米以内部分所占比例');
    // The last page: the publication, with its version and hash.
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-'], { encoding: 'utf8' });
    expect(last).toContain('考核结果发布信息');
    expect(last).toContain('第 2 版');
    expect(last.replace(/\s/g, '')).toContain(HASH);
    expect(last).toMatch(new RegExp(`第 ${pages} 页，共 ${pages} 页`));
    if (process.env.MONTHLY_PDF_OUT) fs.copyFileSync(file, process.env.MONTHLY_PDF_OUT);
  });

  it('without a scheme the report says there is no ranking; a draft says it is not published', () => {
    const none = buildMonthlyReport(store.db, { month: '2026-10', now: NOW, assessment: null, coverage: null });
    expect(none.html).toContain('尚未设置考核方案');
    const { result } = fixture();
    const draft = buildMonthlyReport(store.db, { month: '2026-10', now: NOW, assessment: { ...result, status: 'draft', version: null, hash: null, publishedAt: null, publishedBy: null }, coverage: null });
    expect(draft.html).toContain('本月考核结果尚未发布');
    expect(draft.html).not.toContain(HASH);
  });
});

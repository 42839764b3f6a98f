/**
 * Everything the printed monthly report (月报) shows, as one HTML document: the month's figures (db/stats),
 * the month's assessment (the latest published version, else the draft), the grade choropleth, patrol
 * coverage and the lowest-scoring grids with the cases that cost them points.
 */
import type { Db } from '../../db/open';
import type { AssessObjectResult, AssessResult } from '../../db/assess/types';
import type { AssessIndicatorId } from '../../db/domain/assess';
import { INDICATOR_INFO } from '../../db/domain/assess';
import { STATUS_LABELS } from '../../db/domain/workflow';
import type { IncidentStatus } from '../../db/domain/codes';
import { getSetting } from '../../db/queries/settings';
import { chainHead, countEvents } from '../../db/trust/chain';
import { shanghaiIso } from '../../db/stats/period';
import { monthFigures, type MonthFigures } from './monthFigures';
import { parseMonth } from './monthPeriod';
import { renderGradeMapSvg, type GradeFill } from './gradeMapSvg';
import { renderMonthlyReportHtml, type CoverageTable, type WorstGrid } from './monthlyReportHtml';
import { monthlyAssessment } from './monthlyAssessment';
import { monthlyCoverage } from './monthlyCoverage';

/** What a case did to lose a grid its points, by indicator (the report's words). */
const LOST_BECAUSE: Readonly<Record<AssessIndicatorId, string>> = {
  dispatchOnTimeRate: '派遣超时',
  handlingOnTimeRate: '处置超时',
  verificationOnTimeRate: '核查超时',
  closureRate: '未结案',
  onTimeClosureRate: '未按期结案',
  reworkRate: '返工',
  extensionRate: '延期',
  overdueOpen: '超期未结',
  satisfactionRate: '回访不满意',
  returnRate: '退单',
  supervisedCases: '督办',
  patrolCoverage: '巡查覆盖不足',
  patrolKm: '巡查里程不足',
  validReportRate: '无效上报',
  missedReports: '漏报',
};

/**
 * The cases behind an object's lost points, each with why: for a rate where higher is better the cases
 * counted in its denominator but not its numerator; where lower is better the numerator's; for a count
 * the cases counted; and the cases behind each deduction.
 */
export function lostPointCases(o: AssessObjectResult, direction: (id: AssessIndicatorId) => 'higher' | 'lower'): Map<number, AssessIndicatorId[]> {
  const why = new Map<number, AssessIndicatorId[]>();
  const add = (caseId: number, id: AssessIndicatorId) => {
    const list = why.get(caseId);
    if (!list) why.set(caseId, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const s of Object.values(o.indicators)) {
    if (!s || s.points >= s.weight) continue;
    const info = INDICATOR_INFO[s.id];
    if (info.kind === 'rate' && s.numeratorCaseIds) {
      const numerator = new Set(s.numeratorCaseIds);
      const lost = direction(s.id) === 'higher' ? s.caseIds.filter((c) => !numerator.has(c)) : s.numeratorCaseIds;
      for (const c of lost) add(c, s.id);
    } else if (info.kind === 'count' && direction(s.id) === 'lower') {
      for (const c of s.caseIds) add(c, s.id);
    }
  }
  for (const d of o.deductions) for (const c of d.caseIds) add(c, d.indicator);
  return why;
}

const WORST_COUNT = 10;
const CASES_PER_GRID = 6;

function worstGrids(db: Db, a: AssessResult): WorstGrid[] {
  const direction = (id: AssessIndicatorId) => a.definition.indicators.find((i) => i.id === id)?.direction ?? INDICATOR_INFO[id].direction;
  const grids = a.objects
    .filter((o) => o.type === 'grid' && !o.insufficient && o.score !== null)
    .sort((x, y) => (y.rank ?? 0) - (x.rank ?? 0))
    .slice(0, WORST_COUNT);
  const caseRow = db.prepare(
    `SELECT i.case_no AS caseNo, c.name AS categoryName, i.status FROM incidents i JOIN categories c ON c.id = i.category_id WHERE i.id = ?`,
  );
  return grids.map((object) => {
    const lost = [...lostPointCases(object, direction).entries()].sort((x, y) => y[1].length - x[1].length || x[0] - y[0]);
    const cases = lost.slice(0, CASES_PER_GRID).flatMap(([id, why]) => {
      const row = caseRow.get(id) as { caseNo: string; categoryName: string; status: IncidentStatus } | undefined;
      return row ? [{ caseNo: row.caseNo, categoryName: row.categoryName, statusLabel: STATUS_LABELS[row.status], why: why.map((w) => LOST_BECAUSE[w]).join('、') }] : [];
    });
    return { object, streetName: object.parentName, cases, more: Math.max(0, lost.length - CASES_PER_GRID) };
  });
}

/** Every graded grid and street in its grade's colour; a 样本不足 grid white (as on the page), not its street's. */
export function gradeFills(a: AssessResult): Map<string, GradeFill> {
  const fills = new Map<string, GradeFill>();
  for (const o of a.objects) {
    if (o.type !== 'grid' && o.type !== 'street') continue;
    if (o.insufficient) {
      if (o.type === 'grid') fills.set(o.code, { fill: '#ffffff' });
    } else if (o.gradeColour) fills.set(o.code, { fill: o.gradeColour });
  }
  return fills;
}

export interface MonthlyReportInput {
  readonly month: string;
  readonly now: number;
  /** The month's assessment as the report shows it (published, else draft); null: none. */
  readonly assessment: AssessResult | null;
  /** Patrol coverage by street; null: no tracks. */
  readonly coverage: CoverageTable | null;
}

export function buildMonthlyReport(db: Db, input: MonthlyReportInput): { html: string; figures: MonthFigures; title: string } {
  const figures = monthFigures(db, { month: input.month, now: input.now });
  const a = input.assessment;
  const html = renderMonthlyReportHtml({
    figures,
    assessment: a,
    gradeMapSvg: a ? renderGradeMapSvg(db, gradeFills(a)) : '',
    coverage: input.coverage,
    worstGrids: a ? worstGrids(db, a) : [],
    generatedAt: shanghaiIso(input.now).slice(0, 16).replace('T', ' '),
    isDemo: getSetting(db, 'demo') !== null,
    chain: { head: chainHead(db), events: countEvents(db) },
  });
  return { html, figures, title: `${figures.report.unitName} 城市管理网格化工作月报 ${figures.month.name}` };
}

/** A month's report as the host and the command line make it: the latest published assessment (else the draft) and the month's coverage. */
export function monthlyReportOf(db: Db, input: { month: string; schemeId?: number | undefined; now: number }): { html: string; figures: MonthFigures; title: string } {
  const month = parseMonth(input.month);
  return buildMonthlyReport(db, {
    month: month.month,
    now: input.now,
    assessment: monthlyAssessment(db, month.month, input.now, input.schemeId),
    coverage: monthlyCoverage(db, month),
  });
}

/** 《城市管理网格化工作月报（2026年11月）》.pdf */
export function monthlyPdfName(month: string): string {
  const [year, n] = month.split('-');
  return `《城市管理网格化工作月报（${year}年${Number(n)}月）》.pdf`;
}

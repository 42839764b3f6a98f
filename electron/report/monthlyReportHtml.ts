/**
 * The monthly report (月报) as one self-contained A4 HTML document in the weekly summary's look (its
 * stylesheet and sections): the month's figures, the assessment ranking by object type with grades and
 * their colours, a choropleth of the grades, patrol coverage, the ten lowest-scoring grids with their
 * cases, the scheme printed in full, and on the last page the published version and its SHA-256.
 */
import type { AssessObjectResult, AssessResult, SchemeDefinition } from '../../db/assess/types';
import {
  ASSESS_OBJECT_LABELS,
  INDICATOR_INFO,
  INSUFFICIENT_LABEL,
  NORMALISATION_LABELS,
  TIE_BREAK_TEXT,
  type AssessObjectType,
} from '../../db/domain/assess';
import { DUTY_ROLE_LABELS } from '../../db/domain/labels';
import { escapeXml as esc } from '../../db/stats/mapSvg';
import { shanghaiDateTime } from '../../db/domain/time';
import { trendChart } from './charts';
import type { MonthFigures } from './monthFigures';
import { REPORT_CSS, figuresTable, hotlineSection, num, overviewSection, pct, stagesSection, supervisionSection } from './weeklyReportHtml';

/** Patrol coverage by street, as the report prints it. */
export interface CoverageRow {
  readonly code: string;
  readonly name: string;
  readonly grids: number;
  readonly walkedGrids: number;
  readonly lengthKm: number;
  readonly hours: number;
  /** Area-weighted share of the street's grids within 25 m of a walked track, 0..1. */
  readonly coveredShare: number;
}

export interface CoverageTable {
  readonly rows: readonly CoverageRow[];
  readonly total: CoverageRow;
}

/** A grid among the lowest scores, with the cases that cost it points. */
export interface WorstGrid {
  readonly object: AssessObjectResult;
  readonly streetName: string | null;
  readonly cases: readonly { caseNo: string; categoryName: string; statusLabel: string; why: string }[];
  /** Cases behind its lost points beyond those listed. */
  readonly more: number;
}

export interface MonthlyReportExtras {
  readonly figures: MonthFigures;
  /** The month's published result (latest version) or, when none is published, the draft. Null: no scheme. */
  readonly assessment: AssessResult | null;
  readonly gradeMapSvg: string;
  /** Null when no patrol tracks could be read. */
  readonly coverage: CoverageTable | null;
  readonly worstGrids: readonly WorstGrid[];
  readonly generatedAt: string;
  readonly isDemo: boolean;
  readonly chain: { head: string; events: number };
}

export const COVERAGE_DEFINITION = '巡查覆盖率：网格面积中距当月已走巡查轨迹 25 米以内部分所占比例；街道与全区为其社区网格按面积加权。';

const TYPE_ORDER: readonly AssessObjectType[] = ['street', 'grid', 'unit', 'person'];

function gradeChip(o: { grade: string | null; gradeColour: string | null }): string {
  if (!o.grade) return '';
  const colour = o.gradeColour ?? '#52607a';
  return `<span class="grade" style="background:${esc(colour)}">${esc(o.grade)}</span>`;
}

const score = (v: number | null) => (v === null ? '—' : v.toFixed(2));

function rankingTable(type: AssessObjectType, objects: readonly AssessObjectResult[]): string {
  const ranked = objects.filter((o) => !o.insufficient).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const unranked = objects.filter((o) => o.insufficient).sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code));
  const parent = type === 'grid' ? '所属街道' : type === 'person' ? '单位 / 网格' : type === 'unit' ? '上级' : '';
  const head = `<tr><th>名次</th><th class="name">${ASSESS_OBJECT_LABELS[type]}</th>${parent ? `<th class="name">${parent}</th>` : ''}<th>得分</th><th>等级</th><th>案件数</th></tr>`;
  const row = (o: AssessObjectResult) =>
    `<tr${o.insufficient ? ' class="unranked"' : ''}><td>${o.rank ?? '—'}</td><td class="name">${esc(o.name)}</td>${parent ? `<td class="name">${esc(o.parentName ?? '')}</td>` : ''}<td>${o.insufficient ? INSUFFICIENT_LABEL : score(o.score)}</td><td class="grade-cell">${gradeChip(o)}</td><td>${num(o.cases)}</td></tr>`;
  // The unranked are named after the table, compactly: a district has many grids and persons with few cases.
  const rest = unranked.length
    ? `<p class="unranked-list"><b>${INSUFFICIENT_LABEL}，不参与排名：</b>${unranked.map((o) => `${esc(o.name)}（${num(o.cases)} 件）`).join('、')}</p>`
    : '';
  return `<h3>${ASSESS_OBJECT_LABELS[type]}（${num(ranked.length)} 个参与排名${unranked.length ? `，${num(unranked.length)} 个${INSUFFICIENT_LABEL}不排名` : ''}）</h3>
    ${ranked.length ? `<table class="figures ranking"><thead>${head}</thead><tbody>${ranked.map(row).join('')}</tbody></table>` : ''}${rest}`;
}

function gradeLegend(def: SchemeDefinition): string {
  const bands = [...def.grades].sort((a, b) => b.min - a.min);
  return bands
    .map((b, k) => {
      const upper = k === 0 ? 100 : bands[k - 1]!.min;
      return `<span class="legend"><span class="swatch" style="background:${esc(b.colour)}"></span>${esc(b.grade)}（${b.min}${k === 0 ? ' 分及以上' : `–${upper} 分`}）</span>`;
    })
    .join('');
}

function assessmentStatus(a: AssessResult): string {
  return a.status === 'published'
    ? `已发布第 ${a.version} 版（${a.publishedAt ? esc(shanghaiDateTime(a.publishedAt)) : ''}${a.publishedBy ? `，${esc(a.publishedBy)}` : ''}）`
    : '<span class="bad">草稿：本月考核结果尚未发布，数字可能随案件办理而变化</span>';
}

/** The scheme in full: objects, indicators with weights, directions and scoring, deductions, bands, minimum cases. */
export function schemeSection(def: SchemeDefinition, title: string): string {
  const objects = def.objects.map((t) => ASSESS_OBJECT_LABELS[t]).join('、');
  const duties = def.personDuties.map((d) => DUTY_ROLE_LABELS[d]).join('、');
  const indicatorRows = def.indicators
    .map((i) => {
      const info = INDICATOR_INFO[i.id];
      const how = NORMALISATION_LABELS[i.normalisation] + (i.normalisation === 'target' && i.target != null ? `（目标值 ${i.target}${info.unit}）` : '');
      return `<tr><td class="name">${esc(info.label)}</td><td>${i.weight}</td><td>${i.direction === 'higher' ? '越高越好' : '越低越好'}</td><td class="name">${esc(how)}</td><td class="name">${esc(info.definition)}</td></tr>`;
    })
    .join('');
  const total = def.indicators.reduce((n, i) => n + i.weight, 0);
  const deductions = def.deductions.length
    ? `<table class="figures"><thead><tr><th class="name">扣分项</th><th>每件扣分</th><th>最多扣分</th></tr></thead><tbody>${def.deductions
        .map((d) => `<tr><td class="name">${esc(INDICATOR_INFO[d.indicator].label)}</td><td>${d.pointsEach}</td><td>${d.cap}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">本方案没有扣分项。</p>';
  return `<section><h2>${esc(title)}</h2>
    <p>方案名称：<b>${esc(def.name)}</b>　考核对象：${esc(objects)}${duties ? `（人员按岗位：${esc(duties)}）` : ''}　最少案件数：${num(def.minCases)} 件（不足者列为“${INSUFFICIENT_LABEL}”，不参与排名）</p>
    <table class="figures scheme"><thead><tr><th class="name">指标</th><th>权重</th><th>方向</th><th class="name">计分方法</th><th class="name">口径</th></tr></thead>
      <tbody>${indicatorRows}<tr class="total"><td class="name">合计</td><td>${total}</td><td></td><td></td><td></td></tr></tbody></table>
    ${deductions}
    <p>等级划分：${gradeLegend(def)}</p>
    <p class="muted">${esc(TIE_BREAK_TEXT)}${def.note ? esc(def.note) : ''}</p>
  </section>`;
}

function coverageSection(c: CoverageTable | null): string {
  if (!c) return `<section class="keep"><h2>四、巡查覆盖</h2><p class="muted">本月没有可用的巡查轨迹。</p><p class="muted">${esc(COVERAGE_DEFINITION)}</p></section>`;
  const row = (r: CoverageRow, isTotal = false) =>
    `<tr${isTotal ? ' class="total"' : ''}><td class="name">${esc(r.name)}</td><td>${num(r.grids)}</td><td>${num(r.walkedGrids)}</td><td>${num(r.grids - r.walkedGrids)}</td><td>${r.lengthKm.toFixed(1)}</td><td>${r.hours.toFixed(1)}</td><td>${pct(r.coveredShare)}</td></tr>`;
  return `<section><h2>四、巡查覆盖</h2>
    <p class="narrative">本月全区巡查 ${c.total.lengthKm.toFixed(1)} 公里、${c.total.hours.toFixed(1)} 小时，巡查覆盖率 ${pct(c.total.coveredShare)}；${num(c.total.grids - c.total.walkedGrids)} 个社区网格本月无人巡查。</p>
    <table class="figures"><thead><tr><th class="name">街道</th><th>网格数</th><th>有巡查</th><th>无巡查</th><th>里程（公里）</th><th>时长（小时）</th><th>覆盖率</th></tr></thead>
      <tbody>${c.rows.map((r) => row(r)).join('')}${row(c.total, true)}</tbody></table>
    <p class="muted">${esc(COVERAGE_DEFINITION)}</p>
  </section>`;
}

function worstSection(worst: readonly WorstGrid[]): string {
  if (!worst.length) return `<section><h2>五、得分最低的十个网格</h2><p class="muted">本月没有参与排名的社区网格。</p></section>`;
  return `<section><h2>五、得分最低的十个网格</h2>
    <table class="list worst"><thead><tr><th>名次</th><th>网格</th><th>得分</th><th>等级</th><th>失分案件</th></tr></thead><tbody>${worst
      .map(
        (w) =>
          `<tr><td>${w.object.rank ?? '—'}</td><td><b>${esc(w.object.name)}</b><span class="code">${esc(w.streetName ?? '')} ${esc(w.object.code)}</span></td><td>${score(w.object.score)}</td><td class="grade-cell">${gradeChip(w.object)}</td><td>${
            w.cases.length
              ? w.cases.map((c) => `<span class="case">${esc(c.caseNo)} ${esc(c.categoryName)}（${esc(c.statusLabel)}，${esc(c.why)}）</span>`).join('') +
                (w.more > 0 ? `<span class="case muted">另有 ${num(w.more)} 件</span>` : '')
              : '<span class="muted">无失分案件</span>'
          }</td></tr>`,
      )
      .join('')}</tbody></table>
  </section>`;
}

const MONTHLY_CSS = `
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.grade { display: inline-block; min-width: 16pt; padding: 0 4pt; border-radius: 2pt; color: #fff; text-align: center; font-weight: bold; font-size: 8.5pt; }
td.grade-cell { text-align: center; }
p.unranked-list { font-size: 8.5pt; color: #555; margin: 4pt 0 8pt; }
.legend { display: inline-block; margin-right: 10pt; font-size: 9pt; }
.swatch { display: inline-block; width: 10pt; height: 10pt; vertical-align: -1pt; margin-right: 3pt; border-radius: 1.5pt; }
table.worst td .case { display: block; font-size: 8.5pt; }
table.scheme td { white-space: normal; }
table.scheme td:nth-child(-n+3) { white-space: nowrap; }
section.publication { break-before: page; }
.hash { font-family: Consolas, 'DejaVu Sans Mono', monospace; font-size: 9pt; word-break: break-all; border: 0.75pt solid #c9d3e0; padding: 4pt 6pt; background: #f6f8fb; }
`;

export function renderMonthlyReportHtml(extras: MonthlyReportExtras): string {
  const { report: r, month } = extras.figures;
  const a = extras.assessment;
  const trend = `
    <figure class="chart">${trendChart(extras.figures.trend.map((m) => ({ week: `${Number(m.month.slice(5))}月`, received: m.totals.received, closed: m.totals.closed, onTimeRate: m.totals.onTimeRate })))}<figcaption>近 ${extras.figures.trend.length} 个月受理、结案与按期结案率</figcaption></figure>`;
  const sections: string[] = [overviewSection(r, '月', trend)];
  for (const s of [hotlineSection(r), stagesSection(r), supervisionSection(r)]) if (s) sections.push(s.replace(/本期/g, '本月'));
  if (a) {
    const types = TYPE_ORDER.filter((type) => a.definition.objects.includes(type));
    sections.push(`<section><h2>二、考核排名</h2>
      <p>考核方案：${esc(a.scheme.name)}（方案第 ${a.scheme.version} 版）　状态：${assessmentStatus(a)}</p>
      ${types.map((type) => rankingTable(type, a.objects.filter((o) => o.type === type))).join('')}
      <p class="muted">${esc(TIE_BREAK_TEXT)}案件数为本月立案或到期的案件；少于 ${num(a.definition.minCases)} 件的列为“${INSUFFICIENT_LABEL}”，不参与排名。</p>
    </section>`);
    sections.push(`<section class="keep"><h2>三、考核等级分布图</h2>
      <figure class="map">${extras.gradeMapSvg}<figcaption>${gradeLegend(a.definition)}<span class="legend"><span class="swatch" style="background:#ffffff;border:0.5pt solid #9aa8bb"></span>${INSUFFICIENT_LABEL}或未考核</span></figcaption></figure>
    </section>`);
  } else {
    sections.push(`<section><h2>二、考核排名</h2><p class="muted">尚未设置考核方案：本月没有考核排名。</p></section>`);
  }
  sections.push(coverageSection(extras.coverage));
  if (a) sections.push(worstSection(extras.worstGrids));
  if (r.byStreet.length > 1) {
    sections.push(`<section><h2>六、各街道情况</h2>${figuresTable('街道', r.byStreet.map((s) => ({ name: s.name, figures: s })), r.totals)}</section>`);
  }
  if (a) sections.push(schemeSection(a.definition, '七、考核方案'));
  sections.push(`<section class="publication keep"><h2>八、考核结果发布信息</h2>${
    a && a.status === 'published'
      ? `<p>本月考核结果为<b>第 ${a.version} 版</b>，由 ${esc(a.publishedBy ?? '')} 于 ${a.publishedAt ? esc(shanghaiDateTime(a.publishedAt)) : ''} 发布，考核方案“${esc(a.scheme.name)}”第 ${a.scheme.version} 版。</p>
         <p>发布内容（排名、得分及每项得分所依据的案件）的 SHA-256：</p><div class="hash">${esc(a.hash ?? '')}</div>
         <p class="muted">发布后的结果不随案件此后的修改而变化；可用 check 命令核对发布内容未被改动。重新发布将生成新的版本，并列明变动及其原因。</p>`
      : a
        ? `<p class="bad">本月考核结果尚未发布：以上排名为草稿，发布后方可作为正式考核结果。</p>`
        : '<p class="muted">本月没有考核结果。</p>'
  }</section>`);

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(r.unitName)} 城市管理网格化工作月报 ${esc(month.name)}</title>
<style>
${REPORT_CSS}${MONTHLY_CSS}</style></head>
<body>
<header>
  <div class="unit">${esc(r.unitName)}</div>
  <h1>城市管理网格化工作月报</h1>
  <div class="meta">统计周期：${esc(r.period.label)}　区域：${esc(r.area.name)}${extras.isDemo ? '<span class="demo">演示数据</span>' : ''}</div>
</header>
${sections.join('\n')}
<footer>
  <div class="rule">统计口径（${esc(r.rule.name)}）：${esc(r.rule.description)}${esc((r.ruleNotes ?? []).join(''))}统计时间以北京时间为准，月份为当月 1 日 00:00 至月末 24:00。</div>
  <div>生成时间：${esc(extras.generatedAt)}　由 GridDesk 网格案件管理生成</div>
  <div class="chain">案件记录校验链：共 ${num(extras.chain.events)} 条记录，链头 SHA-256 <code>${esc(extras.chain.head)}</code>${
    a?.status === 'published' ? `　考核结果第 ${a.version} 版 SHA-256 <code>${esc(a.hash ?? '')}</code>` : ''
  }</div>
  <div class="signatures"><div>填报人：<span></span></div><div>审核人：<span></span></div><div>日期：<span></span></div></div>
</footer>
</body></html>`;
}

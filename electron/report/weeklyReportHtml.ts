/**
 * The weekly summary (周报) as one self-contained A4 HTML document: no script, no external resource,
 * fonts from the operating system. Printed by Chromium/Electron to PDF, shown in the app's preview.
 * Tables repeat their header on every page and never cut a row.
 */
import type { Figures } from '../../db/stats/indicators';
import type { StatsReport } from '../../db/stats/summary';
import type { TrendPoint } from '../../db/stats/trend';
import type { CampaignTally } from '../../db/stats/campaigns';
import { escapeXml as esc } from '../../db/stats/mapSvg';
import { categoryChart, streetChart, trendChart } from './charts';
import { shanghaiDateTime } from '../../db/domain/time';
import { CASE_STAGES, CLOCK_STAGE_LABELS } from '../../db/domain/stages';
import type { StagesBlock } from '../../db/stats/stages';
import { hotlineSentence } from '../../db/stats/hotline';

export const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
export const num = (v: number): string => v.toLocaleString('zh-CN');

export function change(current: number | null, previous: number | null | undefined, isRate: boolean, goodWhenUp: boolean): string {
  if (current === null || previous === null || previous === undefined) return '<span class="chg">—</span>';
  const d = current - previous;
  if (Math.abs(d) < (isRate ? 0.00005 : 0.5)) return '<span class="chg">持平</span>';
  const up = d > 0;
  const cls = up === goodWhenUp ? 'good' : 'bad';
  const text = isRate ? `${(Math.abs(d) * 100).toFixed(2)} 个百分点` : num(Math.abs(d));
  return `<span class="chg ${cls}">${up ? '▲' : '▼'} ${text}</span>`;
}

const FIGURE_COLUMNS: { key: keyof Figures; label: string; rate?: boolean }[] = [
  { key: 'received', label: '受理' },
  { key: 'registered', label: '立案' },
  { key: 'due', label: '应结案' },
  { key: 'closed', label: '结案' },
  { key: 'closedOnTime', label: '按期结案' },
  { key: 'closedLate', label: '超期结案' },
  { key: 'overdueOpen', label: '超期未结' },
  { key: 'closureRate', label: '结案率', rate: true },
  { key: 'onTimeRate', label: '按期结案率', rate: true },
];

function cell(f: Figures, c: (typeof FIGURE_COLUMNS)[number]): string {
  const v = f[c.key];
  if (c.rate) return pct(v as number | null);
  const n = v as number;
  return c.key === 'overdueOpen' && n > 0 ? `<span class="bad">${num(n)}</span>` : num(n);
}

export function figuresTable(title: string, rows: { name: string; code?: string; figures: Figures }[], total?: Figures): string {
  const head = `<tr><th class="name">${esc(title)}</th>${FIGURE_COLUMNS.map((c) => `<th>${c.label}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr><td class="name">${esc(r.name)}${r.code ? `<span class="code">${esc(r.code)}</span>` : ''}</td>${FIGURE_COLUMNS.map((c) => `<td>${cell(r.figures, c)}</td>`).join('')}</tr>`)
    .join('');
  const foot = total ? `<tr class="total"><td class="name">合计</td>${FIGURE_COLUMNS.map((c) => `<td>${cell(total, c)}</td>`).join('')}</tr>` : '';
  return `<table class="figures"><thead>${head}</thead><tbody>${body}${foot}</tbody></table>`;
}

export function narrative(r: StatsReport): string {
  const t = r.totals;
  const p = r.previous?.totals;
  const parts = [
    `本期共受理各类城市管理问题 ${num(t.received)} 件，立案 ${num(t.registered)} 件，应结案 ${num(t.due)} 件，结案 ${num(t.closed)} 件，结案率 ${pct(t.closureRate)}，按期结案率 ${pct(t.onTimeRate)}。`,
    t.fixedOnSpot > 0 ? `其中巡查人员现场自行处置 ${num(t.fixedOnSpot)} 件。` : '',
    t.overdueOpen > 0 ? `截至本期末仍有 ${num(t.overdueOpen)} 件案件超期未结，请相关责任人抓紧办理。` : '本期末无超期未结案件。',
    p && p.received > 0 ? `与上期相比，受理量${t.received >= p.received ? '增加' : '减少'} ${num(Math.abs(t.received - p.received))} 件，按期结案率${(t.onTimeRate ?? 0) >= (p.onTimeRate ?? 0) ? '上升' : '下降'} ${(Math.abs((t.onTimeRate ?? 0) - (p.onTimeRate ?? 0)) * 100).toFixed(2)} 个百分点。` : '',
  ];
  return parts.filter(Boolean).join('');
}

/** 环节时效: each stage due, on time and late, and the streets' on-time rates. */
export function stagesSection(r: StatsReport): string {
  const s = r.stages;
  if (!s) return '';
  const any = CASE_STAGES.some((k) => s[k].due > 0);
  const rows = CASE_STAGES.map(
    (k) =>
      `<tr><td class="name">${CLOCK_STAGE_LABELS[k]}</td><td>${num(s[k].due)}</td><td>${num(s[k].onTime)}</td><td>${s[k].late > 0 ? `<span class="bad">${num(s[k].late)}</span>` : '0'}</td><td>${pct(s[k].onTimeRate)}</td></tr>`,
  ).join('');
  const lateTotal = (b: StagesBlock) => CASE_STAGES.reduce((n, k) => n + b[k].late, 0);
  const streets = (r.stagesByStreet ?? []).filter((x) => CASE_STAGES.some((k) => x.stages[k].due > 0));
  const streetTable =
    streets.length > 1
      ? `<table class="figures"><thead><tr><th class="name">街道</th><th>按时派遣率</th><th>按时处置率</th><th>按时核查率</th><th>超时环节</th></tr></thead><tbody>${streets
          .map(
            (x) =>
              `<tr><td class="name">${esc(x.name)}</td><td>${pct(x.stages.dispatch.onTimeRate)}</td><td>${pct(x.stages.handling.onTimeRate)}</td><td>${pct(x.stages.verification.onTimeRate)}</td><td>${num(lateTotal(x.stages))}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '';
  return `<section class="keep"><h2>环节时效</h2>${
    any
      ? `<p class="narrative">本期按时派遣率 ${pct(s.dispatch.onTimeRate)}，按时处置率 ${pct(s.handling.onTimeRate)}，按时核查率 ${pct(s.verification.onTimeRate)}；超时环节共 ${num(lateTotal(s))} 个（派遣 ${num(s.dispatch.late)}、处置 ${num(s.handling.late)}、核查 ${num(s.verification.late)}）。</p>
         <table class="figures"><thead><tr><th class="name">环节</th><th>应完成</th><th>按时</th><th>超时</th><th>按时率</th></tr></thead><tbody>${rows}</tbody></table>${streetTable}`
      : '<p class="muted">本期没有到期的派遣、处置、核查环节。</p>'
  }</section>`;
}

/** 12345 热线工单: the district report's sentence from the data, and the figures behind it. */
export function hotlineSection(r: StatsReport): string {
  const h = r.hotline;
  if (!h) return '';
  const cells: [string, string][] = [
    ['接收工单', `${num(h.received)} 件`],
    ['签收工单', `${num(h.acknowledged)} 件`],
    ['按时签收率', pct(h.acknowledgedOnTimeRate)],
    ['办理工单', `${num(h.handled)} 件`],
    ['结案工单', `${num(h.closed)} 件`],
    ['按时办结率', pct(h.onTimeRate)],
    ['回访', `${num(h.callbacks)} 次`],
    ['满意率', pct(h.satisfactionRate)],
    ['不满意重办', `${num(h.reopened)} 件`],
    ['无法联系', `${num(h.unreachable)} 件`],
    ['退单', `${num(h.returnedToPlatform)} 件`],
    ['退单率', pct(h.returnRate)],
  ];
  const any = h.received + h.acknowledged + h.handled + h.closed + h.callbacks + h.returnedToPlatform + h.unreachable > 0;
  return `<section class="keep"><h2>12345 热线工单</h2>${
    any
      ? `<p class="narrative hotline">本期${esc(hotlineSentence(h))}。</p>
         ${[cells.slice(0, 6), cells.slice(6)]
           .map((part) => `<table class="figures"><thead><tr>${part.map(([k]) => `<th>${k}</th>`).join('')}</tr></thead><tbody><tr>${part.map(([, v]) => `<td>${v}</td>`).join('')}</tr></tbody></table>`)
           .join('')}`
      : '<p class="muted">本期没有 12345 热线工单。</p>'
  }</section>`;
}

/** 催办督办: what the clocks chased, by street. */
export function supervisionSection(r: StatsReport): string {
  const s = r.supervision;
  if (!s) return '';
  const streets = s.byStreet.filter((x) => x.warnings + x.urges + x.supervisions > 0);
  return `<section class="keep"><h2>催办督办</h2>${
    s.warnings + s.urges + s.supervisions > 0
      ? `<p class="narrative">本期超时预警 ${num(s.warnings)} 次，催办 ${num(s.urges)} 次（其中人工催办 ${num(s.manualUrges)} 次），督办案件 ${num(s.supervisedCases)} 件。</p>${
          streets.length
            ? `<table class="figures"><thead><tr><th class="name">街道</th><th>预警</th><th>催办</th><th>督办件数</th></tr></thead><tbody>${streets
                .map((x) => `<tr><td class="name">${esc(x.name)}</td><td>${num(x.warnings)}</td><td>${num(x.urges)}</td><td>${num(x.supervisedCases)}</td></tr>`)
                .join('')}</tbody></table>`
            : ''
        }`
      : '<p class="muted">本期没有预警、催办或督办。</p>'
  }</section>`;
}

export interface WeeklyReportExtras {
  mapSvg: string;
  trend: TrendPoint[];
  generatedAt: string;
  isDemo: boolean;
  /** Campaigns running during the period, with their tallies up to its end. */
  campaigns: CampaignTally[];
  /** The case history's chain head when the summary was made: the paper copy anchors the history. */
  chain: { head: string; events: number };
}

/** The printed reports' one stylesheet (A4, the weekly summary's look): the monthly report uses it too. */
export const REPORT_CSS = `@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #666; } }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", sans-serif;
  font-size: 10.5pt; color: #1b2a41; margin: 0; line-height: 1.55; }
header { border-bottom: 2.5pt solid #b0282f; padding-bottom: 6pt; margin-bottom: 10pt; text-align: center; }
header .unit { font-size: 12pt; letter-spacing: 1pt; }
header h1 { font-size: 20pt; margin: 4pt 0 2pt; letter-spacing: 3pt; color: #b0282f; }
header .meta { font-size: 10pt; color: #3d5a80; }
.demo { display: inline-block; border: 1pt solid #c27c0e; color: #c27c0e; padding: 0 4pt; margin-left: 6pt; font-size: 9pt; }
h2 { font-size: 13pt; border-left: 4pt solid #2f6fdb; padding-left: 6pt; margin: 14pt 0 6pt; break-after: avoid; }
section.keep { break-inside: avoid; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt; }
.kpi { border: 0.75pt solid #c9d3e0; border-radius: 3pt; padding: 5pt 7pt; font-size: 9pt; }
.kpi .label { color: #3d5a80; }
.kpi .value { font-size: 16pt; font-weight: bold; margin: 1pt 0; }
.chg { color: #666; } .good { color: #2e9e5b; } .bad { color: #d64545; }
.narrative { text-indent: 2em; margin: 8pt 0 4pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #9aa8bb; padding: 2.5pt 4pt; text-align: right; white-space: nowrap; }
th { background: #eef2f8; text-align: center; font-weight: bold; }
td.name, th.name { text-align: left; white-space: normal; }
td .code { display: block; font-size: 7.5pt; color: #777; font-family: monospace; }
tr.total td { font-weight: bold; background: #f6f8fb; }
table.list td { text-align: left; white-space: normal; }
table.small-figures td { border: none; text-align: left; color: #3d5a80; padding: 0 6pt 0 0; }
.cleanup { display: flex; flex-wrap: wrap; gap: 6pt; }
.cleanup div { border: 0.75pt solid #c9d3e0; border-radius: 3pt; padding: 4pt 8pt; }
.cleanup .value { font-size: 14pt; font-weight: bold; margin-right: 4pt; color: #2e9e5b; }
figure { margin: 6pt 0; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #555; margin-top: 2pt; }
.dot { display: inline-block; width: 7pt; height: 7pt; border-radius: 50%; vertical-align: middle; margin-right: 2pt; }
.dot.green { background: #2e9e5b; } .dot.blue { background: #2f6fdb; } .dot.red { background: #d64545; }
.muted { color: #777; }
footer { margin-top: 14pt; border-top: 0.75pt solid #9aa8bb; padding-top: 6pt; font-size: 9pt; break-inside: avoid; }
footer .rule { color: #3d5a80; }
footer .chain { color: #52607a; font-size: 7.5pt; margin-top: 2pt; }
footer .chain code { font-family: Consolas, 'DejaVu Sans Mono', monospace; letter-spacing: 0; word-break: break-all; }
.signatures { display: flex; justify-content: space-between; margin-top: 18pt; font-size: 10.5pt; }
.signatures span { display: inline-block; min-width: 120pt; border-bottom: 0.75pt solid #1b2a41; }
`;

/**
 * 一、总体情况: the headline figures against the period before, the narrative and the small figures, for a
 * week ('期': 本期 / 上期) or a month ('月': 本月 / 上月); `extra` (a trend chart) closes the section.
 */
export function overviewSection(r: StatsReport, unit: '期' | '月', extra = ''): string {
  const t = r.totals;
  const p = r.previous?.totals;
  const empty = t.received === 0 && t.due === 0 && t.closed === 0 && t.overdueOpen === 0;
  const kpis: { label: string; value: string; change: string }[] = [
    { label: '受理', value: num(t.received), change: change(t.received, p?.received, false, true) },
    { label: '立案', value: num(t.registered), change: change(t.registered, p?.registered, false, true) },
    { label: '结案', value: num(t.closed), change: change(t.closed, p?.closed, false, true) },
    { label: '结案率', value: pct(t.closureRate), change: change(t.closureRate, p?.closureRate, true, true) },
    { label: '按期结案率', value: pct(t.onTimeRate), change: change(t.onTimeRate, p?.onTimeRate, true, true) },
    { label: '超期未结', value: num(t.overdueOpen), change: change(t.overdueOpen, p?.overdueOpen, false, false) },
    { label: '返工率', value: pct(t.reworkRate), change: change(t.reworkRate, p?.reworkRate, true, false) },
    { label: '延期率', value: pct(t.extensionRate), change: change(t.extensionRate, p?.extensionRate, true, false) },
  ];
  const text = unit === '期' ? narrative(r) : narrative(r).replace(/本期/g, '本月').replace(/上期/g, '上月');
  return `<section><h2>一、总体情况</h2>
    <div class="kpis">${kpis.map((k) => `<div class="kpi"><div class="label">${k.label}</div><div class="value">${k.value}</div><div>较上${unit} ${k.change}</div></div>`).join('')}</div>
    <p class="narrative">${esc(empty ? `本${unit}没有案件数据，各项指标均为零。` : text)}</p>
    <table class="small-figures"><tr><td>超期结案 ${num(t.closedLate)} 件</td><td>返工 ${num(t.rework)} 件</td><td>延期 ${num(t.extended)} 件</td><td>挂账 ${num(t.hung)} 件</td><td>自行处置 ${num(t.fixedOnSpot)} 件</td><td>平均处置时长 ${t.avgHandlingHours === null ? '—' : `${t.avgHandlingHours.toFixed(1)} 小时`}</td></tr></table>${extra}
  </section>`;
}

export function renderWeeklyReportHtml(r: StatsReport, extras: WeeklyReportExtras): string {
  const t = r.totals;
  const sections: string[] = [];
  sections.push(overviewSection(r, '期'));
  const hotline = hotlineSection(r);
  if (hotline) sections.push(hotline);
  const stages = stagesSection(r);
  if (stages) sections.push(stages);
  const supervision = supervisionSection(r);
  if (supervision) sections.push(supervision);
  sections.push(`<section><h2>二、清理成效</h2>${
    r.cleanup.length
      ? `<div class="cleanup">${r.cleanup.map((c) => `<div><span class="value">${num(c.count)}</span><span class="label">${esc(c.label)}（处）</span></div>`).join('')}</div>`
      : '<p class="muted">本期没有已结案的清理类案件。</p>'
  }</section>`);
  if (extras.campaigns.length) {
    sections.push(`<section class="keep"><h2>专项行动</h2><table class="list"><thead><tr><th>行动</th><th>时间</th><th>区域</th><th>累计完成</th><th>目标</th><th>办理中</th><th>分类</th></tr></thead><tbody>${extras.campaigns
      .map(
        (c) =>
          `<tr><td>${esc(c.name)}</td><td>${esc(c.startDate)} 至 ${esc(c.endDate)}</td><td>${esc(c.areaName)}</td><td><b>${num(c.closed)}</b></td><td>${c.target ? `${num(c.target)}（${((c.closed / c.target) * 100).toFixed(1)}%）` : '—'}</td><td>${num(c.open)}</td><td>${esc(c.byLabel.map((l) => `${l.label} ${num(l.count)}`).join('，'))}</td></tr>`,
      )
      .join('')}</tbody></table></section>`);
  }
  if (r.byStreet.length > 1) {
    sections.push(`<section><h2>三、各街道情况</h2>
      ${figuresTable('街道', r.byStreet.map((s) => ({ name: s.name, figures: s })), t)}
      <figure class="chart">${streetChart(r.byStreet)}<figcaption>各街道按期结案率与超期未结案件数</figcaption></figure>
    </section>`);
  }
  sections.push(`<section class="keep"><h2>四、近 ${extras.trend.length} 周走势</h2>
    <figure class="chart">${trendChart(extras.trend.map((w) => ({ week: w.week, received: w.totals.received, closed: w.totals.closed, onTimeRate: w.totals.onTimeRate })))}</figure>
  </section>`);
  sections.push(`<section class="keep"><h2>五、案件分布图</h2>
    <figure class="map">${extras.mapSvg}<figcaption><span class="dot green"></span>多数已结案　<span class="dot blue"></span>多数办理中　<span class="dot red"></span>有超期未结　（本期上报案件，按小方格汇总，颜色越深案件越多）</figcaption></figure>
  </section>`);
  sections.push(`<section><h2>六、问题类别</h2>${
    r.byCategory.length
      ? `<figure class="chart">${categoryChart(r.byCategory)}<figcaption>本期受理最多的问题类别</figcaption></figure>
         ${figuresTable('类别', r.byCategory.map((c) => ({ name: `${c.bigClassName} · ${c.name}`, code: c.code, figures: c })))}`
      : '<p class="muted">本期没有案件。</p>'
  }</section>`);
  sections.push(`<section><h2>七、超期未结案件清单</h2>${
    r.overdueList.length
      ? `<table class="list"><thead><tr><th>案件编号</th><th>类别</th><th>街道 / 网格</th><th>责任人</th><th>联系电话</th><th>处置期限</th><th>已超期</th></tr></thead><tbody>${r.overdueList
          .map(
            (o) =>
              `<tr><td>${esc(o.caseNo)}</td><td>${esc(o.categoryName)}</td><td>${esc(o.streetName ?? '')} ${esc(o.gridName ?? '')}</td><td>${esc(o.assigneeName ?? '未分配')}</td><td>${esc(o.assigneePhone ?? '')}</td><td>${esc(shanghaiDateTime(o.dueAt))}</td><td class="bad">${o.overdueHours >= 24 ? `${(o.overdueHours / 24).toFixed(1)} 天` : `${o.overdueHours} 小时`}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '<p class="muted">无超期未结案件。</p>'
  }</section>`);
  sections.push(`<section><h2>八、各网格情况</h2>${figuresTable('网格', r.byGrid.map((g) => ({ name: g.name, code: g.code, figures: g })))}</section>`);

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(r.unitName)} 城市管理网格化工作周报 ${esc(r.period.label)}</title>
<style>
${REPORT_CSS}</style></head>
<body>
<header>
  <div class="unit">${esc(r.unitName)}</div>
  <h1>城市管理网格化工作周报</h1>
  <div class="meta">统计周期：${esc(r.period.label)}　区域：${esc(r.area.name)}${extras.isDemo ? '<span class="demo">演示数据</span>' : ''}</div>
</header>
${sections.join('\n')}
<footer>
  <div class="rule">统计口径（${esc(r.rule.name)}）：${esc(r.rule.description)}${esc((r.ruleNotes ?? []).join(''))}统计时间以北京时间为准，周期为周一 00:00 至周日 24:00。</div>
  <div>生成时间：${esc(extras.generatedAt)}　由 GridDesk 网格案件管理生成</div>
  <div class="chain">案件记录校验链：共 ${num(extras.chain.events)} 条记录，链头 SHA-256 <code>${esc(extras.chain.head)}</code>（可用 check 命令核对此后记录未被改动）</div>
  <div class="signatures"><div>填报人：<span></span></div><div>审核人：<span></span></div><div>日期：<span></span></div></div>
</footer>
</body></html>`;
}

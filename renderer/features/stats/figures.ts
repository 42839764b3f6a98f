/**
 * How the desk shows the indicators: number formats, week-over-week changes and which direction is
 * good. Rates print with two decimals, as on the printed weekly summary, so the two always agree.
 */
import type { Figures } from '../../../electron/contract';

export type MetricKind = 'count' | 'rate' | 'hours';
/** Whether a rise is good news (closures), bad news (overdue) or neither (volume of reports). */
export type Direction = 'up-good' | 'up-bad' | 'neutral';

export interface Metric {
  readonly key: keyof Figures;
  readonly label: string;
  readonly kind: MetricKind;
  readonly direction: Direction;
  /** What the figure counts, in the words of the counting rules. */
  readonly hint: string;
}

export const HEADLINE_METRICS: readonly Metric[] = [
  { key: 'received', label: '受理', kind: 'count', direction: 'neutral', hint: '本周上报的案件' },
  { key: 'registered', label: '立案', kind: 'count', direction: 'neutral', hint: '本周立案的案件（含现场自行处置）' },
  { key: 'due', label: '应结案', kind: 'count', direction: 'neutral', hint: '已立案、期限在本周内或在本周内结案的案件（按统计口径扣除）' },
  { key: 'closed', label: '结案', kind: 'count', direction: 'up-good', hint: '本周结案的案件' },
  { key: 'closedOnTime', label: '按期结案', kind: 'count', direction: 'up-good', hint: '本周在处置期限内结案的案件（期限按批准的延期顺延）' },
  { key: 'overdueOpen', label: '超期未结', kind: 'count', direction: 'up-bad', hint: '本周末已超过处置期限仍未结案的案件' },
  { key: 'closureRate', label: '结案率', kind: 'rate', direction: 'up-good', hint: '结案数 ÷ 应结案数' },
  { key: 'onTimeRate', label: '按期结案率', kind: 'rate', direction: 'up-good', hint: '按期结案数 ÷ 应结案数（结案口径：÷ 结案数）' },
  { key: 'reworkRate', label: '返工率', kind: 'rate', direction: 'up-bad', hint: '核查未通过至少一次的结案案件 ÷ 结案数' },
  { key: 'extensionRate', label: '延期率', kind: 'rate', direction: 'up-bad', hint: '本周批准延期的案件 ÷ 立案数' },
  { key: 'avgHandlingHours', label: '平均处置时长', kind: 'hours', direction: 'up-bad', hint: '本周结案案件从派遣到结案的平均小时数（自然时间）' },
];

const NUMBER = new Intl.NumberFormat('zh-CN');

export const formatCount = (n: number): string => NUMBER.format(n);

export const formatRate = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

export const formatHours = (v: number | null): string => (v === null ? '—' : v.toFixed(1));

export function formatMetric(kind: MetricKind, v: number | null): string {
  if (kind === 'rate') return formatRate(v);
  if (kind === 'hours') return formatHours(v);
  return v === null ? '—' : formatCount(v);
}

export type ChangeTone = 'good' | 'bad' | 'neutral' | 'flat' | 'none';

export interface Change {
  readonly tone: ChangeTone;
  /** '▲ 145', '▼ 1.35 个百分点', '持平', '—' */
  readonly text: string;
  /** For screen readers and tooltips: '比上周增加 145'. */
  readonly spoken: string;
}

export function changeOf(kind: MetricKind, direction: Direction, current: number | null, previous: number | null | undefined): Change {
  if (current === null || previous === null || previous === undefined) return { tone: 'none', text: '—', spoken: '无法与上周比较' };
  const d = current - previous;
  const threshold = kind === 'rate' ? 0.00005 : kind === 'hours' ? 0.05 : 0.5;
  if (Math.abs(d) < threshold) return { tone: 'flat', text: '持平', spoken: '与上周持平' };
  const isUp = d > 0;
  const amount =
    kind === 'rate' ? `${(Math.abs(d) * 100).toFixed(2)} 个百分点` : kind === 'hours' ? `${Math.abs(d).toFixed(1)} 小时` : formatCount(Math.abs(d));
  const tone: ChangeTone = direction === 'neutral' ? 'neutral' : isUp === (direction === 'up-good') ? 'good' : 'bad';
  return { tone, text: `${isUp ? '▲' : '▼'} ${amount}`, spoken: `比上周${isUp ? (kind === 'rate' ? '上升' : '增加') : kind === 'rate' ? '下降' : '减少'} ${amount}` };
}

/** Verb and measure word for a cleanup label, as the district's reports phrase them. */
const CLEANUP_WORDING: Readonly<Record<string, { verb: string; unit: string }>> = {
  违章建筑: { verb: '拆除', unit: '处' },
  环保信访: { verb: '办结', unit: '件' },
};

export function cleanupWording(label: string): { verb: string; unit: string } {
  return CLEANUP_WORDING[label] ?? { verb: '清理', unit: '处' };
}

/** Nothing happened: no report, registration, deadline, closure or overdue case in the period. */
export function isQuiet(f: Figures): boolean {
  return f.received === 0 && f.registered === 0 && f.due === 0 && f.closed === 0 && f.overdueOpen === 0;
}

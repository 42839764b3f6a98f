/**
 * Choropleth measures for grids and streets: open cases and overdue cases (now, from the grid tree)
 * and this week's on-time closure rate (stats:week). Classes are fixed-count steps of the range, so the
 * legend reads in plain numbers.
 */
import type { GridTreeNode, NamedFigures } from '../../../electron/contract';

export type Measure = 'none' | 'open' | 'overdue' | 'onTime';

export const MEASURES: readonly { id: Measure; label: string }[] = [
  { id: 'none', label: '不着色' },
  { id: 'open', label: '在办案件' },
  { id: 'overdue', label: '超期未结' },
  { id: 'onTime', label: '本周按期结案率' },
];

/** Light to dark; for the on-time rate the scale runs the other way (low = dark red). */
const COUNT_RAMP = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603'];
const RATE_RAMP = ['#a50f15', '#ef3b2c', '#fc9272', '#c7e9c0', '#31a354'];
export const NO_DATA_FILL = '#eef1f5';

export interface LegendStep {
  readonly color: string;
  readonly label: string;
}

export interface Choropleth {
  readonly measure: Measure;
  readonly values: ReadonlyMap<string, number | null>;
  readonly fillFor: (code: string) => string | null;
  readonly legend: readonly LegendStep[];
}

/** Each node's value for a measure, by code. */
export function measureValues(
  measure: Measure,
  nodes: Iterable<GridTreeNode>,
  week: readonly NamedFigures[] | null,
): Map<string, number | null> {
  const values = new Map<string, number | null>();
  if (measure === 'none') return values;
  if (measure === 'onTime') {
    for (const f of week ?? []) values.set(f.code, f.onTimeRate);
    return values;
  }
  for (const n of nodes) values.set(n.code, measure === 'open' ? n.openIncidents : n.overdueIncidents);
  return values;
}

export function buildChoropleth(measure: Measure, values: ReadonlyMap<string, number | null>): Choropleth {
  if (measure === 'none') return { measure, values, fillFor: () => null, legend: [] };
  if (measure === 'onTime') {
    const breaks = [0.6, 0.8, 0.9, 0.95];
    const labels = ['60% 以下', '60%–80%', '80%–90%', '90%–95%', '95% 及以上'];
    const classOf = (v: number) => breaks.filter((b) => v >= b).length;
    return {
      measure,
      values,
      fillFor: (code) => {
        const v = values.get(code);
        return v === undefined ? null : v === null ? NO_DATA_FILL : RATE_RAMP[classOf(v)]!;
      },
      legend: [...RATE_RAMP.map((color, i) => ({ color, label: labels[i]! })), { color: NO_DATA_FILL, label: '本周无应结案件' }],
    };
  }
  let max = 0;
  for (const v of values.values()) if (v !== null) max = Math.max(max, v);
  const step = Math.max(1, Math.ceil(max / 4));
  const classOf = (v: number) => (v <= 0 ? 0 : Math.min(4, Math.floor((v - 1) / step) + 1));
  const legend = COUNT_RAMP.map((color, i) => {
    if (i === 0) return { color, label: '0' };
    const lo = (i - 1) * step + 1;
    const hi = Math.min(i * step, max);
    return { color, label: lo >= hi ? `${lo}` : `${lo}–${hi}` };
  }).filter((s, i) => i === 0 || (i - 1) * step + 1 <= max);
  return {
    measure,
    values,
    fillFor: (code) => {
      const v = values.get(code);
      return v === undefined || v === null ? null : COUNT_RAMP[classOf(v)]!;
    },
    legend,
  };
}

export function formatMeasure(measure: Measure, value: number | null | undefined): string {
  if (value === undefined) return '—';
  if (measure === 'onTime') return value === null ? '无应结案件' : `${(value * 100).toFixed(1)}%`;
  return value === null ? '—' : `${value} 件`;
}

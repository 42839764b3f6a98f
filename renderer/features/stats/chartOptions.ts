/** ECharts options for the dashboard, built from the API's figures (pure, so they can be tested). */
import type { TrendPoint } from '../../../electron/contract';
import type { ChartOption } from './EChart';
import { weekShort } from './isoWeek';

export const CHART_FONT = '"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif';

export const CHART_COLORS = {
  received: '#8fb0dc',
  closed: '#2e8b57',
  rate: '#1f5aa6',
  good: '#2e8b57',
  below: '#d9822b',
  overdue: '#c62828',
  axis: '#728095',
  split: '#e7ecf2',
} as const;

const percent = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 100);

const base = {
  animation: false,
  textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#1d2733' },
  tooltip: {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    textStyle: { fontFamily: CHART_FONT, fontSize: 12 },
    confine: true,
  },
};

const valueAxisStyle = {
  axisLabel: { color: CHART_COLORS.axis, fontFamily: CHART_FONT },
  splitLine: { lineStyle: { color: CHART_COLORS.split } },
};

/** Received and closed per week (bars) with the on-time rate (line, right axis); the chosen week in bold. */
export function trendOption(points: readonly TrendPoint[], selectedWeek: string): ChartOption {
  return {
    ...base,
    legend: { top: 0, right: 8, itemWidth: 14, itemHeight: 9, textStyle: { fontFamily: CHART_FONT, color: '#47566a' } },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.week),
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: '#b9c5d4' } },
      axisLabel: {
        interval: 0,
        color: CHART_COLORS.axis,
        fontFamily: CHART_FONT,
        formatter: (week: string) => (week === selectedWeek ? `{selected|${weekShort(week)}}` : weekShort(week)),
        rich: { selected: { fontWeight: 'bold', color: '#123863', fontFamily: CHART_FONT } },
      },
    },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1, nameTextStyle: { color: CHART_COLORS.axis, fontFamily: CHART_FONT }, ...valueAxisStyle },
      {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { color: CHART_COLORS.axis, formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      { name: '受理', type: 'bar', data: points.map((p) => p.totals.received), itemStyle: { color: CHART_COLORS.received }, barMaxWidth: 18, barGap: '15%' },
      { name: '结案', type: 'bar', data: points.map((p) => p.totals.closed), itemStyle: { color: CHART_COLORS.closed }, barMaxWidth: 18 },
      {
        name: '按期结案率',
        type: 'line',
        yAxisIndex: 1,
        data: points.map((p) => percent(p.totals.onTimeRate)),
        itemStyle: { color: CHART_COLORS.rate },
        lineStyle: { width: 2 },
        symbolSize: 6,
        connectNulls: false,
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') },
      },
    ],
  };
}

export interface RankedUnit {
  readonly name: string;
  readonly onTimeRate: number | null;
  readonly overdueOpen: number;
}

/**
 * Streets (or grids) by on-time rate, best at the top; bars at or above the area's own rate green,
 * below it orange, with the area's rate as a reference line.
 */
export function unitOption(units: readonly RankedUnit[], areaRate: number | null, areaName: string): ChartOption {
  const rows = units;
  const reference = percent(areaRate);
  return {
    ...base,
    grid: { left: 8, right: 64, top: reference === null ? 8 : 26, bottom: 4, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: CHART_COLORS.axis, formatter: '{value}%' }, splitLine: { lineStyle: { color: CHART_COLORS.split } } },
    yAxis: {
      type: 'category',
      inverse: true, // first row at the top; data indexes stay those of `units`
      data: rows.map((u) => u.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#b9c5d4' } },
      axisLabel: { color: '#1d2733', fontFamily: CHART_FONT, width: 132, overflow: 'truncate' },
    },
    series: [
      {
        name: '按期结案率',
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((u) => {
          const value = percent(u.onTimeRate);
          const isBelow = value !== null && reference !== null && value < reference;
          return { value, itemStyle: { color: isBelow ? CHART_COLORS.below : CHART_COLORS.good } };
        }),
        label: {
          show: true,
          position: 'right',
          fontFamily: CHART_FONT,
          color: '#47566a',
          formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(2)}%` : '无应结案'),
        },
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '无应结案') },
        markLine:
          reference === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                lineStyle: { color: CHART_COLORS.rate, type: 'dashed' },
                label: { formatter: `${areaName} ${reference.toFixed(2)}%`, fontFamily: CHART_FONT, color: CHART_COLORS.rate, position: 'start' }, // the top, on the inverted axis
                data: [{ xAxis: reference }],
              },
      },
    ],
  };
}

export interface CategoryBar {
  readonly name: string;
  readonly received: number;
  readonly closed: number;
}

/** The most reported small classes this week: received and closed side by side, most at the top. */
export function categoryOption(rows: readonly CategoryBar[]): ChartOption {
  const shown = rows;
  return {
    ...base,
    legend: { top: 0, right: 8, itemWidth: 14, itemHeight: 9, textStyle: { fontFamily: CHART_FONT, color: '#47566a' } },
    grid: { left: 8, right: 40, top: 28, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...valueAxisStyle },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((r) => r.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#b9c5d4' } },
      axisLabel: { color: '#1d2733', fontFamily: CHART_FONT, width: 120, overflow: 'truncate' },
    },
    series: [
      { name: '受理', type: 'bar', data: shown.map((r) => r.received), itemStyle: { color: CHART_COLORS.received }, barMaxWidth: 10, label: { show: true, position: 'right', color: '#47566a', fontSize: 11 } },
      { name: '结案', type: 'bar', data: shown.map((r) => r.closed), itemStyle: { color: CHART_COLORS.closed }, barMaxWidth: 10, label: { show: true, position: 'right', color: '#47566a', fontSize: 11 } },
    ],
  };
}

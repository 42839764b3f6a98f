/** Charts for printed reports, rendered to SVG by ECharts' server-side renderer (no browser needed). */
import * as echarts from 'echarts';

const FONT = "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif";
const BLUE = '#2f6fdb';
const GREEN = '#2e9e5b';
const RED = '#d64545';

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 11 }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** On-time rate (bars) and overdue-open count (line) per street. */
export function streetChart(rows: { name: string; onTimeRate: number | null; overdueOpen: number }[], width = 680, height = 260): string {
  return render(
    {
      grid: { left: 44, right: 44, top: 30, bottom: 56 },
      legend: { top: 0, textStyle: { fontFamily: FONT } },
      xAxis: { type: 'category', data: rows.map((r) => r.name.replace(/街道$/, '')), axisLabel: { interval: 0, rotate: 30, fontFamily: FONT } },
      yAxis: [
        { type: 'value', name: '按期结案率 %', max: 100, nameTextStyle: { fontFamily: FONT } },
        { type: 'value', name: '超期未结', minInterval: 1, nameTextStyle: { fontFamily: FONT } },
      ],
      series: [
        { name: '按期结案率', type: 'bar', data: rows.map((r) => (r.onTimeRate === null ? 0 : Math.round(r.onTimeRate * 1000) / 10)), itemStyle: { color: BLUE }, barMaxWidth: 22 },
        { name: '超期未结', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.overdueOpen), itemStyle: { color: RED } },
      ],
    },
    width,
    height,
  );
}

/** Received and closed per week, with the on-time rate. */
export function trendChart(points: { week: string; received: number; closed: number; onTimeRate: number | null }[], width = 680, height = 240): string {
  return render(
    {
      grid: { left: 44, right: 44, top: 30, bottom: 30 },
      legend: { top: 0, textStyle: { fontFamily: FONT } },
      xAxis: { type: 'category', data: points.map((p) => p.week.replace(/^\d{4}-/, '')) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: '受理', type: 'bar', data: points.map((p) => p.received), itemStyle: { color: '#9db4d9' }, barMaxWidth: 16 },
        { name: '结案', type: 'bar', data: points.map((p) => p.closed), itemStyle: { color: GREEN }, barMaxWidth: 16 },
        { name: '按期结案率', type: 'line', yAxisIndex: 1, data: points.map((p) => (p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)), itemStyle: { color: BLUE } },
      ],
    },
    width,
    height,
  );
}

/** The most frequent small classes this period. */
export function categoryChart(rows: { name: string; received: number }[], width = 680, height = 240): string {
  const top = [...rows].sort((a, b) => b.received - a.received).slice(0, 10).reverse();
  return render(
    {
      grid: { left: 110, right: 30, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { fontFamily: FONT } },
      series: [{ type: 'bar', data: top.map((r) => r.received), itemStyle: { color: BLUE }, barMaxWidth: 14, label: { show: true, position: 'right' } }],
    },
    width,
    height,
  );
}

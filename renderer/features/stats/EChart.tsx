import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface EChartProps {
  readonly option: ChartOption;
  readonly height: number;
  /** Names the chart for screen readers; the table view carries the numbers. */
  readonly ariaLabel: string;
  /** A click on a bar or point: its category index. */
  readonly onItemClick?: (dataIndex: number) => void;
}

/**
 * One ECharts instance in a div (SVG renderer: crisp Chinese text, no eval, fine under the CSP),
 * resized with its container; the option is replaced, not merged, on every change.
 */
export function EChart({ option, height, ariaLabel, onItemClick }: EChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const chart = echarts.init(box, null, { renderer: 'svg', locale: 'ZH' });
    chartRef.current = chart;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(box);
    return () => {
      observer?.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !onItemClick) return;
    const onClick = (params: { dataIndex?: number }) => {
      if (typeof params.dataIndex === 'number') onItemClick(params.dataIndex);
    };
    chart.on('click', onClick);
    return () => {
      chart.off('click', onClick);
    };
  }, [onItemClick]);

  return <div ref={boxRef} className={`gd-echart${onItemClick ? ' is-clickable' : ''}`} style={{ height }} role="img" aria-label={ariaLabel} />;
}

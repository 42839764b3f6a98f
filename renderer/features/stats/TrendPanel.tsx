import { useCallback, useMemo } from 'react';
import type { TrendPoint } from '../../../electron/contract';
import type { ApiError } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { ChartPanel } from './ChartPanel';
import { EChart } from './EChart';
import { FigureTable, type FigureColumn } from './FigureTable';
import { trendOption } from './chartOptions';
import { formatCount, formatRate } from './figures';
import { weekSpan, weekTitle } from './isoWeek';

interface TrendPanelProps {
  readonly points: readonly TrendPoint[] | undefined;
  readonly error: ApiError | null;
  readonly onRetry: () => void;
  readonly week: string;
  /** A click on a week shows that week. */
  readonly onSelectWeek: (week: string) => void;
  readonly onNavigate: (hash: string) => void;
}

const COLUMNS: readonly FigureColumn<TrendPoint>[] = [
  {
    id: 'week',
    label: '周次',
    isText: true,
    value: (p) => p.week,
    render: (p) => (
      <>
        {weekTitle(p.week)}
        <span className="gd-figtable__sub">{weekSpan(p.week)}</span>
      </>
    ),
  },
  { id: 'received', label: '受理', value: (p) => p.totals.received, render: (p) => formatCount(p.totals.received) },
  { id: 'registered', label: '立案', value: (p) => p.totals.registered, render: (p) => formatCount(p.totals.registered) },
  { id: 'due', label: '应结案', value: (p) => p.totals.due, render: (p) => formatCount(p.totals.due) },
  { id: 'closed', label: '结案', value: (p) => p.totals.closed, render: (p) => formatCount(p.totals.closed) },
  { id: 'closedOnTime', label: '按期结案', value: (p) => p.totals.closedOnTime, render: (p) => formatCount(p.totals.closedOnTime) },
  {
    id: 'overdueOpen',
    label: '超期未结',
    value: (p) => p.totals.overdueOpen,
    render: (p) => formatCount(p.totals.overdueOpen),
    tone: (p) => (p.totals.overdueOpen > 0 ? 'bad' : null),
  },
  { id: 'closureRate', label: '结案率', value: (p) => p.totals.closureRate, render: (p) => formatRate(p.totals.closureRate) },
  { id: 'onTimeRate', label: '按期结案率', value: (p) => p.totals.onTimeRate, render: (p) => formatRate(p.totals.onTimeRate) },
];

/** 近 12 周走势: received and closed per week with the on-time rate. */
export function TrendPanel({ points, error, onRetry, week, onSelectWeek, onNavigate }: TrendPanelProps) {
  const option = useMemo(() => (points ? trendOption(points, week) : null), [points, week]);
  const onItemClick = useCallback(
    (index: number) => {
      const point = points?.[index];
      if (point) onSelectWeek(point.week);
    },
    [points, onSelectWeek],
  );

  const status = error ? (
    <ErrorNotice error={error} action="读取走势" onRetry={onRetry} />
  ) : (
    <div className="gd-stats-loading">
      <Spinner label="正在统计近 12 周…" />
    </div>
  );

  return (
    <ChartPanel
      title={`近 ${points?.length ?? 12} 周走势`}
      note="点击某一周查看该周"
      chart={() => (option ? <EChart option={option} height={250} ariaLabel="近 12 周受理、结案与按期结案率走势图" onItemClick={onItemClick} /> : status)}
      table={() =>
        points ? (
          <FigureTable
            label="近 12 周走势"
            rows={[...points].reverse()}
            columns={COLUMNS}
            rowKey={(p) => p.week}
            onNavigate={onNavigate}
            onRowClick={(p) => onSelectWeek(p.week)}
            rowTitle={(p) => (p.week === week ? '正在查看这一周' : `查看${weekTitle(p.week)}`)}
            selectedKey={week}
          />
        ) : (
          status
        )
      }
    />
  );
}

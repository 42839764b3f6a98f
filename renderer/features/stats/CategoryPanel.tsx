import { useCallback, useMemo } from 'react';
import type { CategoryFigures, StatsReport } from '../../../electron/contract';
import { ChartPanel } from './ChartPanel';
import { EChart } from './EChart';
import { FigureTable, type FigureColumn } from './FigureTable';
import { categoryLink, type AreaScope } from './caseLinks';
import { categoryOption } from './chartOptions';
import { countColumn, overdueTone, rateColumn } from './figureColumns';
import { isQuiet } from './figures';

interface CategoryPanelProps {
  readonly report: StatsReport;
  readonly week: string;
  /** The category id the case list filters on, from its kind and code. */
  readonly categoryIdOf: (c: CategoryFigures) => number | undefined;
  readonly onNavigate: (hash: string) => void;
}

const TOP = 10;

/** 问题类别: the small classes reported most this week. */
export function CategoryPanel({ report, week, categoryIdOf, onNavigate }: CategoryPanelProps) {
  const { code: areaCode, level: areaLevel } = report.area;
  const area = useMemo<AreaScope>(() => ({ code: areaCode, level: areaLevel }), [areaCode, areaLevel]);
  const rows = useMemo(() => report.byCategory.filter((c) => !isQuiet(c)).sort((a, b) => b.received - a.received || b.due - a.due || a.code.localeCompare(b.code)), [report.byCategory]);
  const top = useMemo(() => rows.filter((c) => c.received > 0 || c.closed > 0).slice(0, TOP), [rows]);
  const option = useMemo(() => categoryOption(top), [top]);

  const linkOf = useCallback(
    (c: CategoryFigures) => {
      const id = categoryIdOf(c);
      return id === undefined ? null : categoryLink(id, area, week);
    },
    [categoryIdOf, area, week],
  );
  const onItemClick = useCallback(
    (index: number) => {
      const c = top[index];
      const link = c && linkOf(c);
      if (link) onNavigate(link.hash);
    },
    [top, linkOf, onNavigate],
  );

  const columns = useMemo<FigureColumn<CategoryFigures>[]>(
    () => [
      {
        id: 'name',
        label: '问题类别',
        isText: true,
        value: (c) => c.name,
        render: (c) => (
          <>
            {c.name}
            <span className="gd-figtable__sub">
              {c.kind === 'component' ? '部件' : '事件'} · {c.bigClassName} · {c.code}
            </span>
          </>
        ),
        link: linkOf,
      },
      countColumn('received', '受理'),
      countColumn('due', '应结案'),
      countColumn('closed', '结案'),
      countColumn('overdueOpen', '超期未结', { tone: overdueTone }),
      rateColumn('onTimeRate', '按期结案率'),
    ],
    [linkOf],
  );

  return (
    <ChartPanel
      title="问题类别"
      note={rows.length > TOP ? `受理最多的 ${TOP} 类（共 ${rows.length} 类）` : undefined}
      chart={() =>
        top.length ? (
          <EChart option={option} height={Math.max(150, top.length * 30 + 36)} ariaLabel="受理最多的问题类别条形图" onItemClick={onItemClick} />
        ) : (
          <div className="gd-stats-empty">本周没有案件。</div>
        )
      }
      table={() => (
        <FigureTable
          label="问题类别指标"
          rows={rows}
          columns={columns}
          rowKey={(c) => `${c.kind}-${c.code}`}
          onRowClick={(c) => {
            const link = linkOf(c);
            if (link) onNavigate(link.hash);
          }}
          rowTitle={(c) => `查看本周上报的“${c.name}”案件`}
          onNavigate={onNavigate}
          maxHeight={420}
          emptyText="本周没有案件。"
        />
      )}
    />
  );
}

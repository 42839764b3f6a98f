import { useCallback, useMemo } from 'react';
import type { NamedFigures, StatsReport } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';
import { ChartPanel } from './ChartPanel';
import { EChart } from './EChart';
import { FigureTable, type FigureColumn } from './FigureTable';
import { RankingLists } from './RankingLists';
import { unitLink, unitOverdueLink } from './caseLinks';
import { unitOption } from './chartOptions';
import { countColumn, overdueTone, rateColumn } from './figureColumns';

interface UnitPanelProps {
  readonly report: StatsReport;
  readonly week: string;
  readonly onNavigate: (hash: string) => void;
  /** Show the dashboard of one street. */
  readonly onDrill: (code: string) => void;
}

/** The streets of the district, or the grids of a street: rankings, a chart and the full table. */
export function UnitPanel({ report, week, onNavigate, onDrill }: UnitPanelProps) {
  const level: 2 | 3 = report.area.level === 1 ? 2 : 3;
  const units = level === 2 ? report.byStreet : report.byGrid;
  const word = level === 2 ? '街道' : '网格';
  const ranked = useMemo(
    () =>
      [...units].sort(
        (a, b) => (a.onTimeRate === null ? 1 : 0) - (b.onTimeRate === null ? 1 : 0) || (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) || a.code.localeCompare(b.code),
      ),
    [units],
  );
  const option = useMemo(() => unitOption(ranked, report.totals.onTimeRate, report.area.name), [ranked, report.totals.onTimeRate, report.area.name]);
  const openUnit = useCallback((u: NamedFigures) => onNavigate(unitLink({ code: u.code, level }, week).hash), [onNavigate, level, week]);
  const onItemClick = useCallback(
    (index: number) => {
      const u = ranked[index];
      if (u) openUnit(u);
    },
    [ranked, openUnit],
  );

  const columns = useMemo<FigureColumn<NamedFigures>[]>(
    () => [
      {
        id: 'name',
        label: word,
        isText: true,
        value: (u) => u.name,
        link: (u) => (u.code ? unitLink({ code: u.code, level }, week) : null),
      },
      countColumn('received', '受理'),
      countColumn('registered', '立案'),
      countColumn('due', '应结案'),
      countColumn('closed', '结案'),
      countColumn('closedOnTime', '按期结案'),
      countColumn<NamedFigures>('overdueOpen', '超期未结', { tone: overdueTone, link: (u) => (u.code && u.overdueOpen > 0 ? unitOverdueLink({ code: u.code, level }) : null) }),
      rateColumn('closureRate', '结案率'),
      rateColumn('onTimeRate', '按期结案率'),
      rateColumn('reworkRate', '返工率'),
    ],
    [word, level, week],
  );
  const total: NamedFigures = { ...report.totals, code: '', name: '合计' };

  return (
    <ChartPanel
      title={`${word}排名`}
      note={level === 2 ? '按期结案率；点击查看案件' : `${report.area.name}各网格；点击查看案件`}
      lead={<RankingLists units={units} level={level} week={week} onNavigate={onNavigate} />}
      chart={() =>
        units.some((u) => u.onTimeRate !== null) ? (
          <EChart option={option} height={Math.max(160, ranked.length * 24 + 24)} ariaLabel={`各${word}按期结案率条形图`} onItemClick={onItemClick} />
        ) : (
          <div className="gd-stats-empty">本周没有应结案件，没有按期结案率可比。</div>
        )
      }
      table={() => (
        <FigureTable
          label={`各${word}指标`}
          rows={units}
          columns={columns}
          rowKey={(u) => u.code}
          onRowClick={openUnit}
          rowTitle={(u) => `查看${u.name}本周上报的案件`}
          onNavigate={onNavigate}
          total={total}
          maxHeight={520}
          trailing={
            level === 2
              ? (u) => (
                  <button
                    type="button"
                    className="gd-iconbutton gd-iconbutton--plain"
                    aria-label={`查看${u.name}的统计`}
                    title={`查看${u.name}的统计`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onDrill(u.code);
                    }}
                  >
                    <Icon name="stats" size={14} />
                  </button>
                )
              : undefined
          }
        />
      )}
    />
  );
}

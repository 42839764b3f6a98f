import { useId, useState, type ReactNode } from 'react';

export type PanelView = 'chart' | 'table';

interface ChartPanelProps {
  readonly title: string;
  /** A short note beside the title (the period, what a click does). */
  readonly note?: ReactNode;
  /** Controls right of the title, before the view switch. */
  readonly tools?: ReactNode;
  /** Shown above the chart or table in both views. */
  readonly lead?: ReactNode;
  readonly chart: () => ReactNode;
  readonly table: () => ReactNode;
  readonly className?: string;
}

/** A dashboard panel whose figures can be seen as a chart or as a table (图表/表格). */
export function ChartPanel({ title, note, tools, lead, chart, table, className }: ChartPanelProps) {
  const titleId = useId();
  const [view, setView] = useState<PanelView>('chart');
  return (
    <section className={`gd-stats-panel${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <header className="gd-stats-panel__head">
        <h2 id={titleId}>{title}</h2>
        {note && <span className="gd-stats-panel__note">{note}</span>}
        <span className="gd-stats-panel__spacer" />
        {tools}
        <div className="gd-segmented gd-stats-panel__views" role="group" aria-label={`${title}：显示方式`}>
          {(['chart', 'table'] as const).map((v) => (
            <button key={v} type="button" className="gd-segmented__item" aria-pressed={view === v} onClick={() => setView(v)}>
              {v === 'chart' ? '图表' : '表格'}
            </button>
          ))}
        </div>
      </header>
      <div className="gd-stats-panel__body">
        {lead}
        {view === 'chart' ? chart() : table()}
      </div>
    </section>
  );
}

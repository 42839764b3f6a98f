import { useId, type ReactNode } from 'react';

interface PanelProps {
  readonly title: string;
  readonly note?: ReactNode;
  readonly tools?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
}

/** A panel without a chart. */
export function Panel({ title, note, tools, children, className }: PanelProps) {
  const titleId = useId();
  return (
    <section className={`gd-stats-panel${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <header className="gd-stats-panel__head">
        <h2 id={titleId}>{title}</h2>
        {note && <span className="gd-stats-panel__note">{note}</span>}
        <span className="gd-stats-panel__spacer" />
        {tools}
      </header>
      <div className="gd-stats-panel__body">{children}</div>
    </section>
  );
}

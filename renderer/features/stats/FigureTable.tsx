import { useMemo, useState, type ReactNode } from 'react';
import type { CaseLink } from './caseLinks';
import './figureTable.css';

export interface FigureColumn<T> {
  readonly id: string;
  readonly label: string;
  /** The value sorted on. */
  readonly value: (row: T) => number | string | null;
  /** What the cell shows; default: the value as text. */
  readonly render?: (row: T) => ReactNode;
  readonly isText?: boolean;
  /** A figure that opens its cases. */
  readonly link?: (row: T) => CaseLink | null;
  readonly tone?: (row: T) => 'bad' | 'good' | null;
  readonly title?: string;
}

interface FigureTableProps<T> {
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly FigureColumn<T>[];
  readonly rowKey: (row: T) => string;
  /** Clicking the row (anywhere but a linked figure): e.g. open its cases. */
  readonly onRowClick?: (row: T) => void;
  /** Tooltip of a clickable row: what the click does. */
  readonly rowTitle?: (row: T) => string | undefined;
  /** The row shown highlighted. */
  readonly selectedKey?: string;
  readonly onNavigate: (hash: string) => void;
  readonly initialSort?: { readonly id: string; readonly isDescending: boolean };
  /** A 合计 row under the rows. */
  readonly total?: T;
  readonly maxHeight?: number;
  /** Extra cell at the end of every row (e.g. drill down). */
  readonly trailing?: (row: T) => ReactNode;
  readonly emptyText?: string;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1; // no value: always last
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-CN');
}

/** A dense, sortable table of figures; a row opens its cases, a linked figure opens the cases behind it. */
export function FigureTable<T>({
  label,
  rows,
  columns,
  rowKey,
  onRowClick,
  rowTitle,
  selectedKey,
  onNavigate,
  initialSort,
  total,
  maxHeight,
  trailing,
  emptyText = '本周没有数据。',
}: FigureTableProps<T>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.id === sort.id);
    if (!sort || !column) return rows;
    return [...rows].sort((a, b) => {
      const va = column.value(a);
      const vb = column.value(b);
      if (va === null || vb === null) return compare(va, vb);
      return sort.isDescending ? compare(vb, va) : compare(va, vb);
    });
  }, [rows, columns, sort]);

  const toggleSort = (id: string, isText: boolean) =>
    setSort((s) => (s?.id === id ? { id, isDescending: !s.isDescending } : { id, isDescending: !isText }));

  const renderCell = (row: T, column: FigureColumn<T>, isTotal: boolean) => {
    const content = column.render ? column.render(row) : String(column.value(row) ?? '—');
    const target = !isTotal && column.link ? column.link(row) : null;
    const tone = column.tone?.(row);
    return (
      <td key={column.id} className={`${column.isText ? 'gd-figtable__text' : 'gd-num'}${tone ? ` is-${tone}` : ''}`}>
        {target ? (
          <button
            type="button"
            className="gd-figlink"
            title={`查看${target.description}`}
            onClick={(e) => {
              e.stopPropagation();
              onNavigate(target.hash);
            }}
          >
            {content}
          </button>
        ) : (
          content
        )}
      </td>
    );
  };

  if (rows.length === 0) return <div className="gd-stats-empty">{emptyText}</div>;

  return (
    <div className="gd-figtable__scroll" style={maxHeight ? { maxHeight } : undefined}>
      <table className="gd-figtable" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                className={c.isText ? 'gd-figtable__text' : 'gd-num'}
                aria-sort={sort?.id === c.id ? (sort.isDescending ? 'descending' : 'ascending') : undefined}
                title={c.title}
              >
                <button type="button" className="gd-figtable__sort" onClick={() => toggleSort(c.id, c.isText === true)}>
                  {c.label}
                  <span className="gd-figtable__arrow" aria-hidden="true">
                    {sort?.id === c.id ? (sort.isDescending ? '↓' : '↑') : ''}
                  </span>
                </button>
              </th>
            ))}
            {trailing && <th aria-label="操作" />}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr
              key={rowKey(row)}
              className={[onRowClick ? 'is-clickable' : '', rowKey(row) === selectedKey ? 'is-selected' : ''].filter(Boolean).join(' ') || undefined}
              title={rowTitle?.(row)}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
            >
              {columns.map((c) => renderCell(row, c, false))}
              {trailing && <td className="gd-figtable__action">{trailing(row)}</td>}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr>
              {columns.map((c) => renderCell(total, c, true))}
              {trailing && <td />}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

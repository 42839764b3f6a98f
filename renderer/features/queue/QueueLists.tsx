import { QUEUE_KIND_LABELS, type MyQueue, type QueueKind } from '../../../electron/contract';
import { hrefFor } from '../../app/routes';

interface QueueListsProps {
  readonly kinds: readonly QueueKind[];
  readonly counts: MyQueue['counts'];
  /** Late items per list among those loaded. */
  readonly late: Readonly<Partial<Record<QueueKind, number>>>;
  /** The list shown, or null for all. */
  readonly selected: QueueKind | null;
}

const hrefOf = (kind: QueueKind | null) => hrefFor({ page: 'queue', gridCode: null, ...(kind ? { query: `kind=${kind}` } : {}) });

/** The role's lists with their counts; each a link (#/queue?kind=…), so a list can be bookmarked. */
export function QueueLists({ kinds, counts, late, selected }: QueueListsProps) {
  const entries: { kind: QueueKind | null; label: string; count: number; late: number }[] = [
    { kind: null, label: '全部待办', count: counts.total, late: counts.late },
    ...kinds.map((kind) => ({ kind, label: QUEUE_KIND_LABELS[kind], count: counts[kind], late: late[kind] ?? 0 })),
  ];
  return (
    <nav className="gd-queuelists" aria-label="待办清单">
      <ul>
        {entries.map((entry) => (
          <li key={entry.kind ?? 'all'}>
            <a
              className={`gd-queuelists__link${entry.kind === null ? ' gd-queuelists__link--all' : ''}${entry.count === 0 ? ' is-empty' : ''}`}
              href={hrefOf(entry.kind)}
              aria-current={entry.kind === selected ? 'true' : undefined}
            >
              <span className="gd-queuelists__label">{entry.label}</span>
              {entry.late > 0 && (
                <span className="gd-queuelists__late" title={`其中已超时 ${entry.late} 件`}>
                  超时 {entry.late}
                </span>
              )}
              <span className="gd-queuelists__count">{entry.count}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

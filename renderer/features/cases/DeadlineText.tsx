import { OPEN_STATUSES, type IncidentListItem } from '../../../electron/contract';
import { deadlineState } from '../../domain/time';

/** Time left on a case's deadline: red and how long over when overdue, amber when due soon. */
export function DeadlineText({ item, now }: { item: Pick<IncidentListItem, 'dueAt' | 'status'>; now: number }) {
  const state = deadlineState(item.dueAt, OPEN_STATUSES.includes(item.status), now);
  if (state.tone === 'none') return <span className="gd-muted">—</span>;
  return <span className={`gd-tone--${state.tone}`}>{state.text}</span>;
}

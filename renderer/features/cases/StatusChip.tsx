import { STATUS_LABELS, type IncidentStatus } from '../../../electron/contract';

export function StatusChip({ status, isOverdue = false }: { status: IncidentStatus; isOverdue?: boolean }) {
  return (
    <span className={`gd-status gd-status--${status}${isOverdue ? ' is-overdue' : ''}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

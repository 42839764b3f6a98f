import { TRANSITIONS, type Account, type IncidentListItem, type WorkflowAction } from '../../../electron/contract';
import { canTakeOnRow, checkRole } from '../../domain/permissions';

/** Steps offered for many cases at once. */
export const BULK_ACTIONS: readonly WorkflowAction[] = ['register', 'reject', 'dispatch', 'verify_pass', 'hang', 'void'];

const BULK_LABELS: Partial<Record<WorkflowAction, string>> = { verify_pass: '核查通过' };

interface BulkBarProps {
  readonly selected: readonly IncidentListItem[];
  readonly operator: Account | null;
  readonly onAction: (action: WorkflowAction) => void;
  readonly onClear: () => void;
}

/** What can be done with the ticked rows; each button says for how many of them it applies. */
export function BulkBar({ selected, operator, onAction, onClear }: BulkBarProps) {
  return (
    <div className="gd-bulkbar" role="toolbar" aria-label="批量操作">
      <span className="gd-bulkbar__count">
        已选 <strong>{selected.length}</strong> 件
      </span>
      {BULK_ACTIONS.map((action) => {
        const applicable = selected.filter((row) => canTakeOnRow(action, row, operator)).length;
        const role = checkRole(action, operator, null);
        const label = BULK_LABELS[action] ?? TRANSITIONS[action].label;
        return (
          <button
            key={action}
            type="button"
            className={`gd-button gd-button--small${action === 'void' || action === 'reject' ? ' gd-button--danger' : ''}`}
            disabled={applicable === 0}
            title={
              !role.isAllowed
                ? role.reason
                : applicable === 0
                  ? `所选案件都不在可「${label}」的状态`
                  : `对 ${applicable} 件案件执行「${label}」`
            }
            onClick={() => onAction(action)}
          >
            {label}
            {TRANSITIONS[action].needsReason || action === 'dispatch' ? '…' : ''}
            {applicable > 0 && applicable < selected.length && <span className="gd-bulkbar__n">{applicable}</span>}
          </button>
        );
      })}
      <span className="gd-bulkbar__spacer" />
      <button type="button" className="gd-linkbutton" onClick={onClear}>
        取消选择
      </button>
    </div>
  );
}

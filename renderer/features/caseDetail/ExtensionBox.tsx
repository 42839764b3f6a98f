import type { IncidentDetail, WorkflowAction } from '../../../electron/contract';
import type { ActionOffer } from '../../domain/permissions';
import { formatDateTime } from '../../domain/time';
import { ACTION_LETTERS } from './actionKeys';

interface ExtensionBoxProps {
  readonly pending: NonNullable<IncidentDetail['pendingExtension']>;
  readonly dueAt: number | null;
  readonly offers: readonly ActionOffer[];
  readonly running: WorkflowAction | null;
  readonly onAction: (action: WorkflowAction) => void;
}

/** A pending extension request, with approve / deny for those who decide. */
export function ExtensionBox({ pending, dueAt, offers, running, onAction }: ExtensionBoxProps) {
  const allowed = offers.filter((o) => o.check.isAllowed).map((o) => o.action);
  const canDecide = allowed.includes('extend_approve') || allowed.includes('extend_deny');
  const key = (a: WorkflowAction) => `${allowed.indexOf(a) + 1}`;
  return (
    <section className="gd-extbox" aria-label="延期申请">
      <div className="gd-extbox__title">延期申请待审批</div>
      <div className="gd-extbox__body">
        申请将期限{dueAt !== null ? `由 ${formatDateTime(dueAt)} ` : ''}延至 <strong>{formatDateTime(pending.requestedDueAt)}</strong>
        <span className="gd-muted">（{formatDateTime(pending.requestedAt)} 提出）</span>
      </div>
      {pending.reason && <div className="gd-extbox__reason">理由：{pending.reason}</div>}
      {canDecide ? (
        <div className="gd-extbox__buttons">
          {allowed.includes('extend_approve') && (
            <button
              type="button"
              className="gd-button gd-button--small gd-button--accent"
              disabled={running !== null}
              title={`快捷键：${key('extend_approve')} 或 Alt+${ACTION_LETTERS.extend_approve}`}
              onClick={() => onAction('extend_approve')}
            >
              批准延期 <kbd className="gd-kbd">{key('extend_approve')}</kbd>
            </button>
          )}
          {allowed.includes('extend_deny') && (
            <button
              type="button"
              className="gd-button gd-button--small gd-button--danger"
              disabled={running !== null}
              title={`快捷键：${key('extend_deny')} 或 Alt+${ACTION_LETTERS.extend_deny}`}
              onClick={() => onAction('extend_deny')}
            >
              驳回延期… <kbd className="gd-kbd">{key('extend_deny')}</kbd>
            </button>
          )}
        </div>
      ) : (
        <div className="gd-muted">等待监督员审批。</div>
      )}
    </section>
  );
}

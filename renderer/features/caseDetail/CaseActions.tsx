import { TRANSITIONS, type WorkflowAction } from '../../../electron/contract';
import type { ActionOffer } from '../../domain/permissions';
import { ACTION_LETTERS, needsDialog } from './actionKeys';

interface CaseActionsProps {
  readonly offers: readonly ActionOffer[];
  readonly running: WorkflowAction | null;
  readonly onAction: (action: WorkflowAction) => void;
  /** The case is a 12345 order (办结 and 回访 then open a dialog). */
  readonly isOrder?: boolean;
  /** Said when nothing is left to do. */
  readonly emptyText?: string;
}

const DANGER: ReadonlySet<WorkflowAction> = new Set(['reject', 'void', 'verify_fail', 'return', 'extend_deny', 'return_deny', 'callback_redo']);
const PRIMARY: ReadonlySet<WorkflowAction> = new Set(['acknowledge', 'register', 'dispatch', 'accept', 'handle', 'verify_pass', 'callback']);
// Extension decisions sit in the extension box, not in the main row.
const IN_EXTENSION_BOX: ReadonlySet<WorkflowAction> = new Set(['extend_approve', 'extend_deny']);

/** The steps legal now: buttons for those this operator may take, a line naming who takes the others. */
export function CaseActions({ offers, running, onAction, isOrder = false, emptyText = '该案件已办结，没有可执行的操作。' }: CaseActionsProps) {
  const allowed = offers.filter((o) => o.check.isAllowed);
  const others = offers.filter((o) => !o.check.isAllowed && !IN_EXTENSION_BOX.has(o.action));
  const shown = allowed.filter((o) => !IN_EXTENSION_BOX.has(o.action));
  if (offers.length === 0) return <div className="gd-caseactions gd-caseactions--none">{emptyText}</div>;
  return (
    <div className="gd-caseactions">
      {shown.length > 0 && (
        <div className="gd-caseactions__buttons" role="group" aria-label="可执行的操作">
          {shown.map((o) => {
            const index = allowed.indexOf(o) + 1;
            const rule = TRANSITIONS[o.action];
            const kind = DANGER.has(o.action) ? ' gd-button--danger' : PRIMARY.has(o.action) ? ' gd-button--accent' : '';
            return (
              <button
                key={o.action}
                type="button"
                className={`gd-button gd-button--small gd-caseactions__button${kind}${running === o.action ? ' is-busy' : ''}`}
                disabled={running !== null}
                aria-busy={running === o.action || undefined}
                aria-keyshortcuts={`${index} Alt+${ACTION_LETTERS[o.action]}`}
                title={`快捷键：${index} 或 Alt+${ACTION_LETTERS[o.action]}`}
                onClick={() => onAction(o.action)}
              >
                {running === o.action && <span className="gd-spinner" aria-hidden="true" />}
                <span>
                  {rule.label}
                  {needsDialog(o.action, rule.needsReason, isOrder) ? '…' : ''}
                </span>
                <kbd className="gd-kbd">{index}</kbd>
              </button>
            );
          })}
        </div>
      )}
      {others.length > 0 && (
        <div className="gd-caseactions__others">
          {groupReasons(others).map(([reason, labels]) => (
            <span key={reason}>
              {labels.join('、')}：{reason}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function groupReasons(offers: readonly ActionOffer[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const o of offers) {
    if (o.check.isAllowed) continue;
    const list = groups.get(o.check.reason) ?? [];
    list.push(TRANSITIONS[o.action].label);
    groups.set(o.check.reason, list);
  }
  return [...groups.entries()];
}

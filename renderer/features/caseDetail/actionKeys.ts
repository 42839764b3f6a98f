import type { WorkflowAction } from '../../../electron/contract';

/** Alt+letter for each step (pinyin initials where they are free), shown on the buttons. */
export const ACTION_LETTERS: Readonly<Record<WorkflowAction, string>> = {
  register: 'L',
  reject: 'B',
  dispatch: 'P',
  accept: 'Q',
  return: 'T',
  handle: 'F',
  verify_pass: 'J',
  verify_fail: 'G',
  extend_request: 'Y',
  extend_approve: 'Z',
  extend_deny: 'D',
  hang: 'H',
  unhang: 'C',
  void: 'V',
  acknowledge: 'S',
  callback: 'W',
  callback_redo: 'R',
  return_request: 'X',
  return_approve: 'A',
  return_deny: 'N',
  urge: 'U',
};

/**
 * Steps that need something typed or chosen first open a dialog; the rest run at once. On a 12345 order
 * 办结 asks for the reply to the citizen, 回访 for its result, and 批准退单 for a confirmation.
 */
export function needsDialog(action: WorkflowAction, needsReason: boolean, isOrder = false): boolean {
  if (isOrder && (action === 'verify_pass' || action === 'callback' || action === 'return_approve')) return true;
  return needsReason || action === 'dispatch' || action === 'extend_request' || action === 'handle';
}

/** The step a key press asks for: '1'…'9' by position, or Alt+letter. */
export function actionForKey(
  e: { key: string; code: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean },
  actions: readonly WorkflowAction[],
): WorkflowAction | undefined {
  if (e.ctrlKey || e.metaKey) return undefined;
  if (!e.altKey && /^[1-9]$/.test(e.key)) return actions[Number(e.key) - 1];
  if (e.altKey) {
    // e.code is layout-independent ('KeyL'); e.key may be a special character with Alt.
    const letter = /^Key([A-Z])$/.exec(e.code)?.[1] ?? e.key.toUpperCase();
    return actions.find((a) => ACTION_LETTERS[a] === letter);
  }
  return undefined;
}

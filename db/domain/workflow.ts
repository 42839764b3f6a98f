/**
 * The case workflow as one explicit table, read by both the handlers (to refuse illegal steps) and the
 * UI (to offer only legal ones). Adding a status → update this table and the report's counting rule.
 *
 * reported → registered (立案) | rejected (不予立案)
 * registered → dispatched (派遣: the deadline clock starts) → handling → handled (反馈)
 * handled → closed (核查通过 结案) | handling (核查不通过: 返工, counted as rework)
 * side paths: return (退回) to the supervisor; extension request/approval (延期); hang (挂账); void (作废)
 *
 * 12345 work orders add: received → reported (签收工单) before registration; after closure the callback
 * (回访: 满意 / 基本满意 / 未接通, or 不满意 → dispatched again as 重办); and 退单 (returned to the platform as
 * not ours): a request with a reason, approved by a supervisor (→ returned_to_platform) or denied.
 */
import { OPEN_STATUSES, WORKING_STATUSES, type IncidentStatus, type OperatorRole } from './codes';
import { CLOCKED_STATUSES } from './stages';

export type WorkflowAction =
  | 'register'
  | 'reject'
  | 'dispatch'
  | 'accept'
  | 'return'
  | 'handle'
  | 'verify_pass'
  | 'verify_fail'
  | 'extend_request'
  | 'extend_approve'
  | 'extend_deny'
  | 'hang'
  | 'unhang'
  | 'void'
  | 'acknowledge'
  | 'callback'
  | 'callback_redo'
  | 'return_request'
  | 'return_approve'
  | 'return_deny'
  | 'urge';

export interface TransitionRule {
  /** States the action may start from. */
  readonly from: readonly IncidentStatus[];
  /** The resulting state; null = the status stays (the step is still logged). */
  readonly to: IncidentStatus | null;
  /** Operator roles allowed to take it. */
  readonly roles: readonly OperatorRole[];
  /** Only the person the case is assigned to may take it (handler steps). */
  readonly assigneeOnly: boolean;
  /** A note (reason) is required. */
  readonly needsReason: boolean;
  /** Chinese label for buttons and the timeline. */
  readonly label: string;
}

const SUPERVISORS: readonly OperatorRole[] = ['supervisor', 'admin'];
const HANDLERS: readonly OperatorRole[] = ['handler', 'inspector', 'supervisor', 'admin'];
const VERIFIERS: readonly OperatorRole[] = ['inspector', 'supervisor', 'admin'];
const WORKING: readonly IncidentStatus[] = WORKING_STATUSES;
/** Who may ask to send a 12345 order back to the platform (a supervisor approves). */
const REQUESTERS: readonly OperatorRole[] = ['handler', 'inspector', 'supervisor', 'admin'];
/** Where an order can still be sent back to the platform: anywhere before it is handled. */
const RETURNABLE: readonly IncidentStatus[] = ['received', 'reported', 'registered', 'dispatched', 'handling', 'returned'];
/** Where a stage's clock runs (db/domain/stages.ts): a case can be chased there. */

export const TRANSITIONS: Readonly<Record<WorkflowAction, TransitionRule>> = {
  register: { from: ['reported'], to: 'registered', roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '立案' },
  reject: { from: ['reported'], to: 'rejected', roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '不予立案' },
  dispatch: { from: ['registered', 'returned'], to: 'dispatched', roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '派遣' },
  accept: { from: ['dispatched'], to: 'handling', roles: HANDLERS, assigneeOnly: true, needsReason: false, label: '签收处置' },
  return: { from: WORKING, to: 'returned', roles: HANDLERS, assigneeOnly: true, needsReason: true, label: '退回' },
  handle: { from: ['handling'], to: 'handled', roles: HANDLERS, assigneeOnly: true, needsReason: false, label: '处置反馈' },
  verify_pass: { from: ['handled'], to: 'closed', roles: VERIFIERS, assigneeOnly: false, needsReason: false, label: '核查通过并结案' },
  verify_fail: { from: ['handled'], to: 'handling', roles: VERIFIERS, assigneeOnly: false, needsReason: true, label: '核查不通过（返工）' },
  extend_request: { from: WORKING, to: null, roles: HANDLERS, assigneeOnly: true, needsReason: true, label: '申请延期' },
  extend_approve: { from: WORKING, to: null, roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '批准延期' },
  extend_deny: { from: WORKING, to: null, roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '驳回延期' },
  hang: { from: ['registered', 'dispatched', 'handling', 'returned'], to: 'hung', roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '挂账' },
  unhang: { from: ['hung'], to: 'registered', roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '取消挂账' },
  void: {
    from: [...OPEN_STATUSES, 'hung'],
    to: 'voided',
    roles: SUPERVISORS,
    assigneeOnly: false,
    needsReason: true,
    label: '作废',
  },
  acknowledge: { from: ['received'], to: 'reported', roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '签收工单' },
  callback: { from: ['closed'], to: null, roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '回访' },
  callback_redo: { from: ['closed'], to: 'dispatched', roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '回访不满意（重办）' },
  return_request: { from: RETURNABLE, to: null, roles: REQUESTERS, assigneeOnly: false, needsReason: true, label: '申请退单' },
  return_approve: { from: RETURNABLE, to: 'returned_to_platform', roles: SUPERVISORS, assigneeOnly: false, needsReason: false, label: '批准退单' },
  return_deny: { from: RETURNABLE, to: null, roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '驳回退单' },
  // A supervisor's own 催办, with a note, wherever a stage's clock runs (the ladder writes its own rungs).
  urge: { from: CLOCKED_STATUSES, to: null, roles: SUPERVISORS, assigneeOnly: false, needsReason: true, label: '催办' },
};

/** Steps that only a 12345 work order has. */
export const HOTLINE_ACTIONS: readonly WorkflowAction[] = ['acknowledge', 'callback', 'callback_redo', 'return_request', 'return_approve', 'return_deny'];

export const WORKFLOW_ACTIONS = Object.keys(TRANSITIONS) as WorkflowAction[];

export const STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  reported: '待立案',
  registered: '待派遣',
  rejected: '不予立案',
  dispatched: '已派遣',
  handling: '处置中',
  handled: '待核查',
  closed: '已结案',
  returned: '已退回',
  hung: '挂账',
  voided: '已作废',
  received: '待签收',
  returned_to_platform: '已退单',
};

/** The state an action leads to from `status`, or undefined when the action is not legal there. */
export function nextStatus(status: IncidentStatus, action: WorkflowAction): IncidentStatus | undefined {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) return undefined;
  return rule.to ?? status;
}

/** Every action legal from a state (before role checks). */
export function legalActions(status: IncidentStatus): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** Logged steps that are not workflow transitions (they change no status, or are done by the system). */
const OTHER_EVENT_LABELS: Readonly<Record<string, string>> = {
  report: '上报',
  fix_on_spot: '现场自行处置',
  mark_duplicate: '标记为重复',
  flag_duplicate: '疑似重复',
  close_with_original: '随原案结案',
  reassign: '转派',
  regrid: '调整网格',
  add_photo: '添加照片',
  warn: '超时预警',
  supervise: '督办',
};

/** The label of any logged action, for timelines and exports. */
export function eventLabel(action: string): string {
  if (Object.prototype.hasOwnProperty.call(TRANSITIONS, action)) return TRANSITIONS[action as WorkflowAction].label;
  return OTHER_EVENT_LABELS[action] ?? action;
}

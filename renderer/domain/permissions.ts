/**
 * What the logged-in operator may do, mirroring the rules the host enforces: each call's declared access
 * (the contract), and for a case the transition table (roles and assigneeOnly; extension decisions need
 * a pending request). The host re-checks everything from the session; this only decides which buttons
 * and tabs are offered.
 */
import {
  HOTLINE_ACTIONS,
  TRANSITIONS,
  api,
  legalActions,
  type Account,
  type CallName,
  type HotlineOrderView,
  type IncidentDetail,
  type IncidentListItem,
  type WorkflowAction,
} from '../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../db/domain/labels';

/** The operator at the desk as permissions need it: the logged-in account. */
export type DeskOperator = Pick<Account, 'id' | 'name' | 'role' | 'personId'>;
type Operator = DeskOperator;

/** Whether the host lets this operator make a call (its declared access). */
export function mayCall(name: CallName, operator: DeskOperator | null): boolean {
  const access = api[name].access;
  if (access === 'public') return true;
  if (operator === null) return false;
  return access === 'session' || access.includes(operator.role);
}

/** The roles a call is open to, as the desk names them ('管理员', '监督员、管理员'); '' when any operator may. */
export function rolesFor(name: CallName): string {
  const access = api[name].access;
  return typeof access === 'string' ? '' : access.map((r) => OPERATOR_ROLE_LABELS[r]).join('、');
}

export type ActionCheck = { readonly isAllowed: true } | { readonly isAllowed: false; readonly reason: string };

const ALLOWED: ActionCheck = { isAllowed: true };

/** Role and assignee rules for one action (state not considered). */
export function checkRole(action: WorkflowAction, operator: Operator | null, assigneeId: number | null): ActionCheck {
  const rule = TRANSITIONS[action];
  if (!operator) return { isAllowed: false, reason: '请先登录' };
  if (!rule.roles.includes(operator.role)) {
    const allowed = rule.roles.map((r) => OPERATOR_ROLE_LABELS[r]).join('、');
    return { isAllowed: false, reason: `需${allowed}操作` };
  }
  if (rule.assigneeOnly && (operator.personId === null || operator.personId !== assigneeId)) {
    return { isAllowed: false, reason: '需由案件责任人本人操作' };
  }
  return ALLOWED;
}

/** The order steps are offered in: the step that moves the case forward first, refusals and voiding last. */
const DISPLAY_ORDER: readonly WorkflowAction[] = [
  'acknowledge',
  'register',
  'dispatch',
  'accept',
  'handle',
  'verify_pass',
  'callback',
  'unhang',
  'extend_approve',
  'return_approve',
  'extend_request',
  'return_request',
  'urge',
  'reject',
  'return',
  'verify_fail',
  'callback_redo',
  'extend_deny',
  'return_deny',
  'hang',
  'void',
];

/** What the offers need to know of a case: its state, a pending extension, and the 12345 order behind it. */
type OfferedCase = Pick<IncidentDetail, 'status' | 'pendingExtension'> & {
  readonly hotline?: Pick<HotlineOrderView, 'callbackPending' | 'pendingReturn'> | null | undefined;
};

/**
 * Actions that exist for this case right now: legal in its state, extension steps only when they apply,
 * the 12345 steps only on a 12345 order (回访 while its callback is pending, 退单 decisions while a request waits).
 */
export function availableActions(incident: OfferedCase): WorkflowAction[] {
  const order = incident.hotline ?? null;
  const legal = legalActions(incident.status).filter((a) => {
    if (HOTLINE_ACTIONS.includes(a) && order === null) return false;
    if (a === 'extend_approve' || a === 'extend_deny') return incident.pendingExtension !== null;
    if (a === 'extend_request') return incident.pendingExtension === null;
    if (a === 'callback' || a === 'callback_redo') return order?.callbackPending === true;
    if (a === 'return_approve' || a === 'return_deny') return order?.pendingReturn != null;
    if (a === 'return_request') return order?.pendingReturn == null;
    return true;
  });
  return DISPLAY_ORDER.filter((a) => legal.includes(a));
}

export interface ActionOffer {
  readonly action: WorkflowAction;
  readonly check: ActionCheck;
}

/**
 * Every action available for the case, each with whether this operator may take it. Besides roles: an
 * order without a grid cannot be registered, and a 退单 request is decided by another supervisor.
 */
export function actionOffers(incident: IncidentDetail, operator: Operator | null): ActionOffer[] {
  const order = incident.hotline ?? null;
  return availableActions(incident).map((action) => {
    // A case dispatched to a unit with no person yet: a handler (of the unit: the host checks) may 签收 it.
    const unitCase = action === 'accept' && incident.assigneeId === null && incident.unitId != null && operator?.personId != null;
    const check = checkRole(action, operator, unitCase ? operator!.personId : incident.assigneeId);
    if (!check.isAllowed || order === null) return { action, check };
    if (action === 'register' && incident.gridCode === null) {
      return { action, check: { isAllowed: false, reason: '工单尚未确定所属网格，请先指定网格' } };
    }
    if ((action === 'return_approve' || action === 'return_deny') && order.pendingReturn && order.pendingReturn.operatorId === operator?.id) {
      return { action, check: { isAllowed: false, reason: '退单须由另一名监督员审批' } };
    }
    return { action, check };
  });
}

/** Whether the operator may take a step on a list row (bulk actions): state and role, no extension rules. */
export function canTakeOnRow(action: WorkflowAction, item: IncidentListItem, operator: Operator | null): boolean {
  return TRANSITIONS[action].from.includes(item.status) && checkRole(action, operator, item.assigneeId).isAllowed;
}

/** Whether a role may read the month's assessment (the 考核 page is offered to it): the statistics' readers. */
export function roleMayAssess(role: DeskOperator['role']): boolean {
  const access = api['assess:result'].access;
  return typeof access === 'string' || access.includes(role);
}

/** Roles that may keep the persons on duty and link duplicate cases (supervisors and administrators). */
export function canEditReferenceData(operator: Operator | null): boolean {
  return mayCall('persons:create', operator);
}

/** Roles that may record a new case (a manager only reads). */
export function canCreateCase(operator: Operator | null): boolean {
  return operator !== null && operator.role !== 'manager';
}

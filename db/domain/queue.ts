/** 我的待办: the lists an operator works, by role, and their names. Pure. */
import type { OperatorRole } from './codes';

export const QUEUE_KINDS = ['acknowledge', 'register', 'dispatch', 'verify', 'callback', 'extension', 'return', 'mine'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const QUEUE_KIND_LABELS: Readonly<Record<QueueKind, string>> = {
  acknowledge: '待签收工单',
  register: '待立案',
  dispatch: '待派遣',
  verify: '待核查',
  callback: '待回访',
  extension: '延期待审批',
  return: '退单待审批',
  mine: '我的案件',
};

/** Which lists each role works. */
export const QUEUE_KINDS_BY_ROLE: Readonly<Record<OperatorRole, readonly QueueKind[]>> = {
  supervisor: ['acknowledge', 'register', 'dispatch', 'verify', 'callback', 'extension', 'return'],
  admin: ['acknowledge', 'register', 'dispatch', 'verify', 'callback', 'extension', 'return'],
  inspector: ['verify'],
  handler: ['mine'],
  manager: [],
};

export type QueueLevel = 'late' | 'warning' | 'normal';


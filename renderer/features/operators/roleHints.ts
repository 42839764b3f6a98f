import type { OperatorRole } from '../../../electron/contract';

/** What each role does at the desk, said where a role is chosen. */
export const ROLE_HINTS: Readonly<Record<OperatorRole, string>> = {
  supervisor: '立案、派遣、审批延期、结案，维护网格人员',
  inspector: '上报、核查处置结果',
  handler: '签收、处置、反馈自己名下的案件',
  manager: '查看与统计，查阅设置记录',
  admin: '操作员账号、类别与日历、备份等全部设置',
};

/** The actions the settings log records, and their Chinese names (for the log page and exports). */
export const SETTINGS_ACTION_LABELS: Readonly<Record<string, string>> = {
  'operator.create': '新建操作员',
  'operator.role': '更改角色',
  'operator.password-reset': '重置密码',
  'operator.password-change': '修改本人密码',
  'operator.deactivate': '停用操作员',
  'operator.activate': '启用操作员',
  'operator.link-person': '关联人员',
  'admin.setup': '创建管理员',
  'category.update': '修改类别',
  'calendar.day': '修改工作日历',
  'calendar.periods': '修改作息时间',
  'stats.rule': '更改统计口径',
  'campaign.create': '新建专项行动',
  'campaign.tag': '计入专项行动',
  'map.basemap': '更改底图',
  'grids.import': '导入网格边界',
  'import.undo': '撤销导入批次',
  'import.run': '导入现场日志',
  'person.create': '新建责任人',
  'person.active': '启用/停用责任人',
  'person.duty-add': '新增岗位',
  'person.duty-end': '结束岗位',
  'person.reassign': '批量转派',
  'security.separation': '职责分离开关',
  'security.idle-lock': '闲置锁定时间',
  'backup.create': '备份',
  'backup.restore': '从备份恢复',
  'backup.settings': '备份设置',
  'host.settings': '多席位（主机模式）设置',
  'demo.load': '载入演示数据',
  'phone.reveal': '查看完整电话',
  'hotline.ack-limit': '修改工单签收时限',
  'supervision.ladder': '修改催办督办规则',
  'assess.scheme': '修改考核方案',
  'assess.publish': '发布考核结果',
};

/** The Chinese name of a logged action (its code when it is not one GridDesk knows). */
export function settingsActionLabel(action: string): string {
  return Object.prototype.hasOwnProperty.call(SETTINGS_ACTION_LABELS, action) ? SETTINGS_ACTION_LABELS[action]! : action;
}

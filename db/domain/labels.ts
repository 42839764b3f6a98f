/** Chinese labels for the domain's codes, shared by every page. */
import type { AttachmentStage, CoordinateSystem, DutyRole, IncidentSource, LimitUnit, OperatorRole } from './codes';

export const SOURCE_LABELS: Readonly<Record<IncidentSource, string>> = {
  patrol: '巡查上报',
  hotline: '12345热线',
  video: '视频监控',
  referral: '上级交办',
  import: '日志导入',
};

export const OPERATOR_ROLE_LABELS: Readonly<Record<OperatorRole, string>> = {
  supervisor: '监督员',
  inspector: '巡查员',
  handler: '处置人员',
  manager: '领导',
  admin: '管理员',
};

export const DUTY_ROLE_LABELS: Readonly<Record<DutyRole, string>> = {
  grid_leader: '网格长',
  grid_worker: '网格员',
  enforcement_officer: '城管队员',
  cleaner: '保洁员',
  inspector: '巡查员',
  supervisor: '监督员',
  other: '其他',
};

export const STAGE_LABELS: Readonly<Record<AttachmentStage, string>> = {
  report: '上报',
  handling: '处置中',
  after: '处置后',
  verify: '核查',
};

export const LIMIT_UNIT_LABELS: Readonly<Record<LimitUnit, string>> = {
  wh: '工作小时',
  wd: '工作日',
};

export const CRS_LABELS: Readonly<Record<CoordinateSystem, string>> = {
  wgs84: 'WGS-84（GPS、天地图）',
  gcj02: 'GCJ-02（高德、腾讯、微信）',
  bd09: 'BD-09（百度）',
};

export const CRS_SHORT_LABELS: Readonly<Record<CoordinateSystem, string>> = {
  wgs84: 'WGS-84',
  gcj02: 'GCJ-02',
  bd09: 'BD-09',
};

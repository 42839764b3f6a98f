/**
 * A settings-log entry's before and after, as the desk reads them: for records (a category, the backup
 * settings) only the fields that changed, each named in Chinese with its old and new value; for a single
 * value (the idle-lock minutes, a time limit such as the 12345 签收 limit) the two values; for an escalation
 * ladder the rungs that changed, in the domain's words; for something created, what it was created with.
 */
import { describeRung, isOneOf, LADDER_LEVELS, LADDER_TARGETS, LIMIT_UNITS, OPERATOR_ROLES, type Ladder, type LimitUnit, type Rung } from '../../../electron/contract';
import { CRS_SHORT_LABELS, LIMIT_UNIT_LABELS, OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';

export interface ChangeLine {
  /** The field, in Chinese; '' for a single value. */
  readonly label: string;
  /** null: the field did not exist before (something created). */
  readonly before: string | null;
  /** null: the field is gone (something removed). */
  readonly after: string | null;
}

/** Field names as the pages that set them call them. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  handlingLimit: '处置时限',
  dispatchLimit: '派遣时限',
  verifyLimit: '核查时限',
  isUrgent: '紧急',
  isActive: '启用',
  cleanupLabel: '专项整治',
  role: '角色',
  personId: '关联人员',
  date: '日期',
  kind: '类型',
  periods: '工作时段',
  enabled: '自动备份',
  folder: '备份文件夹',
  keepDaily: '保留每日备份',
  keepWeekly: '保留每周备份',
  xyzUrl: '在线瓦片地址',
  xyzCrs: '瓦片坐标系',
  xyzSubdomains: '子域名',
  mbtilesPath: '离线底图',
  mbtilesCrs: '离线底图坐标系',
  phone: '电话',
  organization: '单位',
  gridCode: '网格编码',
  validFrom: '起始日期',
  validTo: '截止日期',
  categoryBigCode: '大类',
  note: '说明',
  moved: '转派案件',
  voided: '作废案件',
  kept: '保留案件',
  dir: '文件夹',
  from: '来源',
  createdAt: '备份时间',
  counts: '内容',
  beforeRestore: '恢复前备份',
  incidentIds: '案件',
  campaignId: '专项行动',
  rule: '统计口径',
  id: '编号',
  unit: '所属单位',
  unitId: '责任单位',
  streetCode: '负责街道',
  active: '在用',
};

/** Fields that say nothing to the reader (identity, derived, or shown by another field). */
const HIDDEN = new Set(['id', 'code', 'parentId', 'level', 'roleLabel', 'folderIsDefault']);

const COUNT_LABELS: Readonly<Record<string, string>> = {
  incidents: '案件',
  incidentEvents: '办理记录',
  grids: '网格',
  persons: '人员',
  operators: '操作员',
  importBatches: '导入批次',
  attachments: '照片',
};

const DAY_KIND_LABELS: Readonly<Record<string, string>> = { holiday: '节假日', workday: '调休上班' };

const MAX_TEXT = 80;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Folds `xLimit` and `xUnit` into one value ('4 工作小时'), as the category table shows them. */
function foldLimits(record: Plain): Plain {
  const out: Plain = { ...record };
  for (const prefix of ['handling', 'dispatch', 'verify']) {
    const limitKey = `${prefix}Limit`;
    const unitKey = `${prefix}Unit`;
    if (!(limitKey in out) && !(unitKey in out)) continue;
    const limit = out[limitKey];
    const unit = out[unitKey];
    out[limitKey] = limit === null || limit === undefined ? null : `${String(limit)} ${isOneOf(LIMIT_UNITS, unit) ? LIMIT_UNIT_LABELS[unit] : ''}`.trim();
    delete out[unitKey];
  }
  return out;
}

/** One value as text. */
export function formatValue(value: unknown, key = ''): string {
  if (value === null || value === undefined) return '（无）';
  if (typeof value === 'boolean') {
    if (key === 'isActive') return value ? '启用' : '停用';
    if (key === 'enabled' || key === '') return value ? '开启' : '关闭';
    return value ? '是' : '否';
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : String(value);
  if (typeof value === 'string') {
    if (key === 'role' && isOneOf(OPERATOR_ROLES, value)) return OPERATOR_ROLE_LABELS[value];
    if ((key === 'xyzCrs' || key === 'mbtilesCrs') && value in CRS_SHORT_LABELS) return CRS_SHORT_LABELS[value as keyof typeof CRS_SHORT_LABELS];
    if (key === 'kind' && value in DAY_KIND_LABELS) return DAY_KIND_LABELS[value]!;
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '（无）';
    if (value.every((p) => isPlain(p) && typeof p.start === 'string' && typeof p.end === 'string')) {
      return (value as { start: string; end: string }[]).map((p) => `${p.start}–${p.end}`).join('、');
    }
    if (value.every((v) => typeof v !== 'object')) return formatValue(value.map((v) => String(v)).join('、'));
    return `${value.length} 项`;
  }
  if (isPlain(value)) {
    if (key === 'counts') {
      return Object.entries(value)
        .map(([k, v]) => `${COUNT_LABELS[k] ?? k} ${formatValue(v)}`)
        .join('，');
    }
    if (typeof value.label === 'string') return value.label;
    if (typeof value.name === 'string') return value.name;
    return formatValue(
      Object.entries(value)
        .filter(([k]) => !HIDDEN.has(k))
        .map(([k, v]) => `${FIELD_LABELS[k] ?? k} ${formatValue(v, k)}`)
        .join('，'),
    );
  }
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A time limit stored on its own ({value, unit}): '2 工作小时'. */
const isLimit = (v: unknown): v is { value: number; unit: LimitUnit } =>
  isPlain(v) && Object.keys(v).length === 2 && typeof v.value === 'number' && isOneOf(LIMIT_UNITS, v.unit);

const isRung = (r: unknown): r is Rung =>
  isPlain(r) && isOneOf(LADDER_LEVELS, r.level) && isOneOf(LADDER_TARGETS, r.notify) && isPlain(r.at) && typeof r.at.value === 'number' && (r.at.kind === 'share' || (r.at.kind === 'after' && isOneOf(LIMIT_UNITS, r.at.unit)));

const isLadder = (v: unknown): v is Ladder => isPlain(v) && Array.isArray(v.rungs) && v.rungs.every(isRung);

/** No ladder of its own: the category uses the default one (or the default is GridDesk's own again). */
const DEFAULT_LADDER_TEXT = '默认规则';

/** A ladder's change: rung by rung when both are ladders, else the whole ladder against the default. */
function ladderLines(before: unknown, after: unknown): ChangeLine[] {
  if (isLadder(before) && isLadder(after)) {
    const n = Math.max(before.rungs.length, after.rungs.length);
    const lines: ChangeLine[] = [];
    for (let k = 0; k < n; k++) {
      const [b, a] = [before.rungs[k], after.rungs[k]];
      if (same(b, a)) continue;
      lines.push({ label: `第 ${k + 1} 级`, before: b ? describeRung(b) : null, after: a ? describeRung(a) : null });
    }
    return lines;
  }
  const text = (v: unknown) => (isLadder(v) ? v.rungs.map(describeRung).join('；') : DEFAULT_LADDER_TEXT);
  return [{ label: '', before: text(before), after: text(after) }];
}

/** The lines of one entry's change; empty when it recorded no values (a password reset). */
export function describeChange(action: string, before: unknown, after: unknown): ChangeLine[] {
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  if (!hasBefore && !hasAfter) return [];
  if (action === 'supervision.ladder') return ladderLines(before, after);
  if ((isLimit(before) || !hasBefore) && (isLimit(after) || !hasAfter)) {
    const text = (v: { value: number; unit: LimitUnit }) => `${formatValue(v.value)} ${LIMIT_UNIT_LABELS[v.unit]}`;
    return [{ label: '', before: isLimit(before) ? text(before) : null, after: isLimit(after) ? text(after) : null }];
  }
  if ((isPlain(before) || !hasBefore) && (isPlain(after) || !hasAfter)) {
    const b = hasBefore ? foldLimits(before as Plain) : {};
    const a = hasAfter ? foldLimits(after as Plain) : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
    const isPerson = /^(operator|person|admin)\./.test(action);
    return keys
      .filter((k) => !same(b[k], a[k]))
      // Something created: what it was created with, not the fields it was created without.
      .filter((k) => hasBefore || (a[k] !== null && a[k] !== undefined))
      .map((k) => ({
        label: k === 'name' && isPerson ? '姓名' : (FIELD_LABELS[k] ?? k),
        before: hasBefore && k in b ? formatValue(b[k], k) : null,
        after: hasAfter && k in a ? formatValue(a[k], k) : null,
      }));
  }
  return [{ label: '', before: hasBefore ? formatValue(before) : null, after: hasAfter ? formatValue(after) : null }];
}

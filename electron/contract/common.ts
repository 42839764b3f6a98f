/** Building blocks the contract's slices share; enums derive from the domain's lists. */
import { z } from 'zod';
import {
  ATTACHMENT_STAGES,
  COORDINATE_SYSTEMS,
  COUNTING_RULE_IDS,
  DUTY_ROLES,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  LIMIT_UNITS,
  OPERATOR_ROLES,
  PRIORITIES,
} from '../../db/domain/codes';
import { TEXT_LIMITS, type TextLimitName } from '../../db/domain/limits';
import { ISO_WEEK_HINT, ISO_WEEK_PATTERN, DATE_PATTERN } from '../../db/domain/time';
import { WORKFLOW_ACTIONS } from '../../db/domain/workflow';

export const empty = z.object({}).strict();
export const id = z.number().int().positive();
export const version = z.number().int().min(1);
export const epochMs = z.number().int().min(0).max(8_640_000_000_000);
export const gridCode = z.string().regex(/^\d{15}$/, '网格编码应为 15 位数字');
export const isoDate = z.string().regex(DATE_PATTERN, '日期格式应为 YYYY-MM-DD');
export const isoWeek = z.string().regex(ISO_WEEK_PATTERN, ISO_WEEK_HINT);
export const lon = z.number().finite().min(-180).max(180);
export const lat = z.number().finite().min(-90).max(90);

export const crs = z.enum(COORDINATE_SYSTEMS);
export const status = z.enum(INCIDENT_STATUSES);
export const source = z.enum(INCIDENT_SOURCES);
export const action = z.enum(WORKFLOW_ACTIONS as [string, ...string[]]);
export const operatorRole = z.enum(OPERATOR_ROLES);
export const dutyRole = z.enum(DUTY_ROLES);
export const limitUnit = z.enum(LIMIT_UNITS);
export const countingRule = z.enum(COUNTING_RULE_IDS);
export const attachmentStage = z.enum(ATTACHMENT_STAGES);
export const priority = z.enum(PRIORITIES);

const TEXT_LABELS: Record<TextLimitName, string> = {
  description: '问题描述',
  note: '说明',
  address: '地址',
  name: '名称',
  phone: '电话',
  organization: '单位',
  campaignNote: '备注',
  holidayName: '节日名称',
  search: '搜索文字',
  url: '地址',
};

/** Free text limited as the domain says (one limit for schema, store, migration and input box). */
export function text(limit: TextLimitName, label = TEXT_LABELS[limit]) {
  const max = TEXT_LIMITS[limit];
  return z.string().max(max, `${label}最多 ${max} 个字`);
}

/** A required name: trimmed, not empty, limited. */
export function requiredName(label = '名称', limit: TextLimitName = 'name') {
  const max = TEXT_LIMITS[limit];
  return z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 个字`);
}

/** The most cases a case-list link may name one by one (ids=…). */
export const CASE_ID_FILTER_LIMIT = 2000;

export const incidentFilter = z
  .object({
    statuses: z.array(status).max(INCIDENT_STATUSES.length).optional(),
    categoryId: id.optional(),
    streetCode: gridCode.optional(),
    gridCode: gridCode.optional(),
    assignee: z.union([id, z.literal('unassigned')]).optional(),
    sources: z.array(source).max(INCIDENT_SOURCES.length).optional(),
    overdue: z.boolean().optional(),
    dueWithinHours: z.number().positive().max(24 * 90).optional(),
    reportedFrom: epochMs.optional(),
    reportedTo: epochMs.optional(),
    text: text('search').optional(),
    includeDuplicates: z.boolean().optional(),
    supervised: z.boolean().optional(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    ids: z.array(id).min(1).max(CASE_ID_FILTER_LIMIT, `最多按 ${CASE_ID_FILTER_LIMIT} 件指定案件筛选`).optional(),
  })
  .strict();

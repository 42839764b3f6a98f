/**
 * Header recognition: each field's aliases in Chinese and English, matched case- and
 * space-insensitively; the proposed mapping for a file's headers.
 */
import { IMPORT_FIELDS, type FieldMapping, type ImportField } from './types';
import { FIELD_LABELS } from '../domain/importFields';

export const FIELD_ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  recordId: ['编号', '记录编号', 'id', 'record_id', 'service_request_id'],
  reportedAt: ['时间', '发现时间', '上报时间', 'time', 'reported_at', 'requested_datetime', '来电时间', '受理时间'],
  reporter: ['巡查员', '上报人', '巡查人员', '采集员', '监督员', 'inspector', 'reporter'],
  lon: ['经度', 'lon', 'lng', 'longitude', 'long'],
  lat: ['纬度', 'lat', 'latitude'],
  address: ['地址', '位置', 'address', '诉求地址', '事发地址'],
  category: ['类别', '问题类别', '问题类型', '问题分类', '案件类别', '案件类型', '事件类型', '小类', 'category', 'service_code', 'type'],
  description: ['描述', '问题描述', '事件描述', '案件描述', '问题内容', 'description', 'desc', '诉求内容', '工单内容'],
  status: ['处置情况', '状态', 'status'],
  photos: ['照片', 'photos', 'media_url'],
  gridCode: ['网格编码', '网格编号', '网格', 'grid', 'grid_code', '所属网格'],
  orderNo: ['工单编号', '工单号', 'order_no'],
  callerName: ['来电人', '诉求人', '来电人姓名'],
  callerPhone: ['联系电话', '来电号码', '来电电话'],
  platformDueAt: ['办理时限', '办结时限'],
  demandType: ['诉求类型', '工单类型'],
};

export { FIELD_LABELS };

/** Without these no row can be accepted (a location may instead come from the grid code). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['reportedAt', 'category'];

/** Lower case, no spaces (ASCII or ideographic), full-width letters folded. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\u3000\uFEFF]+/g, '')
    .toLowerCase();
}

const ALIAS_INDEX = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  for (const alias of FIELD_ALIASES[field]) ALIAS_INDEX.set(normaliseHeader(alias), field);
}

export function fieldForHeader(header: string): ImportField | null {
  return ALIAS_INDEX.get(normaliseHeader(header)) ?? null;
}

/** The first header matching each field's aliases. */
export function proposeMapping(headers: readonly string[]): FieldMapping {
  const mapping: FieldMapping = {};
  for (const header of headers) {
    const field = fieldForHeader(header);
    if (field && mapping[field] === undefined) mapping[field] = header;
  }
  return mapping;
}

/** A saved mapping fits when every header it names is in the file. */
export function mappingFits(mapping: FieldMapping, headers: readonly string[]): boolean {
  const set = new Set(headers);
  const used = Object.values(mapping).filter((h): h is string => typeof h === 'string');
  return used.length > 0 && used.every((h) => set.has(h));
}

/** A 12345 export: the mapping names an order number column. */
export function isHotlineMapping(mapping: FieldMapping): boolean {
  return !!mapping.orderNo;
}

export function missingRequired(mapping: FieldMapping): ImportField[] {
  // A 12345 export needs only the order number and the call time: no coordinates (the grid comes from a
  // grid column or is left to the supervisor), and the small class defaults when there is none.
  if (isHotlineMapping(mapping)) return mapping.reportedAt ? [] : ['reportedAt'];
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);
  if (!mapping.gridCode && (!mapping.lon || !mapping.lat)) {
    if (!mapping.lon) missing.push('lon');
    if (!mapping.lat) missing.push('lat');
  }
  return missing;
}

/**
 * Makes header names unique (a repeated header gets "（2）", "（3）"…) and names empty ones by column,
 * returning notes about what was changed.
 */
export function uniqueHeaders(raw: readonly string[]): { headers: string[]; notes: string[] } {
  const seen = new Map<string, number>();
  const notes: string[] = [];
  const headers = raw.map((h, i) => {
    let name = h.replace(/^\uFEFF/, '').trim();
    if (name === '') name = `第${i + 1}列`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) {
      notes.push(`表头「${name}」重复出现：第 ${i + 1} 列改称「${name}（${n}）」，自动识别使用第一个`);
      return `${name}（${n}）`;
    }
    return name;
  });
  return { headers, notes };
}

import { IMPORT_FIELD_LABELS, type FieldMapping, type ImportField } from '../../../electron/contract';
import { HOTLINE_IMPORT_FIELDS } from '../../../db/domain/importFields';

/** The import fields' Chinese names, as the host reports them in its messages. */
export const FIELD_LABELS = IMPORT_FIELD_LABELS;

/** The fields only a city platform's 12345 export has (an order number column makes a file one). */
export { HOTLINE_IMPORT_FIELDS };

/** A mapping that names an order number column: the file is read as a 12345 export (as the host decides). */
export const isHotlineMapping = (mapping: FieldMapping): boolean => !!mapping.orderNo;

/**
 * The columns a mapping still needs before rows can be accepted, as the host's import checks them: a field
 * log needs its time, its small class and a place (coordinates, or a grid code); a 12345 export needs only
 * its order number and call time (the small class defaults, the grid may be chosen after 签收).
 */
export function requiredFields(mapping: FieldMapping): readonly ImportField[] {
  if (isHotlineMapping(mapping)) return ['orderNo', 'reportedAt'];
  return mapping.gridCode ? ['reportedAt', 'category'] : ['reportedAt', 'category', 'lon', 'lat'];
}

export function missingFields(mapping: FieldMapping): ImportField[] {
  return requiredFields(mapping).filter((f) => !mapping[f]);
}

/** How a field is named on the mapping editor: a 12345 export's report time is its call time. */
export function mappingLabel(field: ImportField, isHotline: boolean): string {
  return isHotline && field === 'reportedAt' ? `${FIELD_LABELS.reportedAt}（来电时间）` : FIELD_LABELS[field];
}

/** The host's note on a 12345 row whose grid it could not tell (the supervisor chooses it after 签收). */
export const isNoGridWarning = (issue: { field: string | null; reason: string }): boolean =>
  issue.field === FIELD_LABELS.gridCode && issue.reason.includes('指定网格');

export const REQUIRED_LABEL = '必填';

export const FORMAT_LABELS: Readonly<Record<string, string>> = {
  csv: 'CSV',
  xlsx: 'Excel（XLSX）',
  geojson: 'GeoJSON',
  gpx: 'GPX',
  open311: 'Open311',
  shapefile: 'Shapefile',
  demo: '演示数据',
};

export const ENCODING_LABELS: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

export const BATCH_STATUS_LABELS: Readonly<Record<string, string>> = {
  running: '进行中',
  committed: '已导入',
  failed: '失败',
  undone: '已撤销',
};

export const n = (value: number): string => value.toLocaleString('zh-CN');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** The import fields' Chinese names, as the host reports them in its messages. */
export { IMPORT_FIELD_LABELS as FIELD_LABELS } from '../../../electron/contract';

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

import type { ExportFormat } from '../../../electron/contract';

/** How the export menu names each format, and what the file is good for. */
export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, { label: string; hint: string; mime: string }>> = {
  csv: { label: 'CSV 表格', hint: 'UTF-8（带 BOM），Excel 双击即可打开', mime: 'text/csv;charset=utf-8' },
  xlsx: {
    label: 'Excel 工作簿（XLSX）',
    hint: '案件、处理记录、设置记录三张工作表',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  geojson: { label: 'GeoJSON', hint: '带坐标的案件点位，可在 GIS 软件中打开', mime: 'application/geo+json' },
  open311: { label: 'Open311（JSON）', hint: 'GeoReport v2 服务请求格式', mime: 'application/json' },
};

/** The fields of a field-log row GridDesk understands, and their labels on the import page and in reasons. */
export const IMPORT_FIELDS = [
  'recordId',
  'reportedAt',
  'reporter',
  'lon',
  'lat',
  'address',
  'category',
  'description',
  'status',
  'photos',
  'gridCode',
  // 12345 work orders (a file with an order number column is read as the city platform's export)
  'orderNo',
  'callerName',
  'callerPhone',
  'platformDueAt',
  'demandType',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  recordId: '编号',
  reportedAt: '发现时间',
  reporter: '巡查员',
  lon: '经度',
  lat: '纬度',
  address: '地址',
  category: '类别',
  description: '问题描述',
  status: '处置情况',
  photos: '照片',
  gridCode: '网格编码',
  orderNo: '工单编号',
  callerName: '来电人',
  callerPhone: '联系电话',
  platformDueAt: '办理时限',
  demandType: '诉求类型',
};

/** The fields only a 12345 export has; an order number column makes a file a 12345 export. */
export const HOTLINE_IMPORT_FIELDS: readonly ImportField[] = ['orderNo', 'callerName', 'callerPhone', 'platformDueAt', 'demandType'];

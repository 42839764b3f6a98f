/**
 * Back to the city platform: the 12345 orders finished in a period — closed (办结) or sent back (退单) —
 * as an XLSX with the platform's columns: 工单编号, 办理结果, 答复内容, 办结时间, 回访结果. No caller data
 * leaves in it. Text a spreadsheet would run as a formula is neutralised.
 */
import type { Db } from '../open';
import { shanghaiIso } from '../stats/period';
import { callbackResultLabel } from '../queries/hotline';
import { neutralise } from './cases';
import type { CallbackResult } from '../domain/hotline';

export const PLATFORM_HEADERS = ['工单编号', '办理结果', '答复内容', '办结时间', '回访结果'] as const;

export interface PlatformRow {
  orderNo: string;
  result: string;
  reply: string;
  finishedAt: string;
  callback: string;
}

const time = (ms: number): string => shanghaiIso(ms).slice(0, 19).replace('T', ' ');

/** The orders closed or returned in [start, end), oldest first. */
export function platformRows(db: Db, period: { start: number; end: number }): PlatformRow[] {
  const rows = db
    .prepare(
      `SELECT h.order_no, i.status, i.closed_at, h.reply, h.callback_result, h.callback_due_at, h.callback_attempts, h.returned_at,
              (SELECT e.note FROM incident_events e WHERE e.incident_id = i.id AND e.action = 'return_request' ORDER BY e.at DESC, e.id DESC LIMIT 1) AS return_reason
       FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id
       WHERE i.duplicate_of IS NULL
         AND ((i.status = 'closed' AND i.closed_at >= @s AND i.closed_at < @e)
           OR (i.status = 'returned_to_platform' AND h.returned_at >= @s AND h.returned_at < @e))
       ORDER BY coalesce(i.closed_at, h.returned_at), h.order_no`,
    )
    .all({ s: period.start, e: period.end }) as {
    order_no: string;
    status: string;
    closed_at: number | null;
    reply: string | null;
    callback_result: CallbackResult | null;
    callback_due_at: number | null;
    callback_attempts: number;
    returned_at: number | null;
    return_reason: string | null;
  }[];
  return rows.map((r) => {
    if (r.status === 'returned_to_platform') {
      return { orderNo: r.order_no, result: '退单', reply: r.return_reason ?? '', finishedAt: time(r.returned_at!), callback: '' };
    }
    const callback =
      callbackResultLabel(r.callback_result) ?? (r.callback_attempts > 0 ? `未接通 ${r.callback_attempts} 次，待再次回访` : '待回访');
    return { orderNo: r.order_no, result: '已办结', reply: r.reply ?? '', finishedAt: time(r.closed_at!), callback };
  });
}

/** The XLSX for the platform, as bytes. */
export async function platformWorkbook(rows: readonly PlatformRow[]): Promise<Buffer> {
  // Loaded when a workbook is written: exceljs holds ~26 MB in every process that merely imports it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridDesk';
  const sheet = workbook.addWorksheet('办理结果');
  sheet.columns = [
    { header: PLATFORM_HEADERS[0], key: 'orderNo', width: 24 },
    { header: PLATFORM_HEADERS[1], key: 'result', width: 10 },
    { header: PLATFORM_HEADERS[2], key: 'reply', width: 60 },
    { header: PLATFORM_HEADERS[3], key: 'finishedAt', width: 20 },
    { header: PLATFORM_HEADERS[4], key: 'callback', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    // Order numbers stay text (no scientific notation for long digit strings).
    sheet.addRow({ orderNo: neutralise(r.orderNo), result: r.result, reply: neutralise(r.reply), finishedAt: r.finishedAt, callback: r.callback });
  }
  sheet.getColumn('orderNo').numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

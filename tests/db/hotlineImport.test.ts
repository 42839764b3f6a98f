/**
 * The city platform's 12345 export through the field-log import: the platform's own headers are
 * recognised, each row becomes an order waiting for 签收, the grid comes from a grid column (code or name)
 * or is left to the supervisor with a note on the row, and importing the same export again changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../db/import/writer';
import { undoBatch } from '../../db/import/batches';
import { previewImport } from '../../db/import/preview';
import { getIncident } from '../../db/queries/incidents';
import { deskFixture, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { csvLine, writeXlsx } from './importFixtures';

const NOW = sh('2026-11-25T10:00');
const HEAD = ['工单编号', '受理时间', '诉求人', '来电号码', '工单类型', '工单内容', '事发地址', '办结时限', '所属网格'];

function setup() {
  const f = deskFixture();
  const dir = tempDir();
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    return file;
  };
  const run = (file: string) =>
    runImport(f.db, { file, fileName: path.basename(file), crs: 'wgs84', photoDir: null, attachmentsDir: path.join(dir, 'attachments'), now: NOW });
  return { f, write, run };
}

const rows = [
  ['GD2026112500001', '2026/11/25 8:05', '张女士', '13812345678', '投诉', '小区门口垃圾堆放多日', '芙蓉中路二段88号', '2026/11/27 17:30', '430102001001001'],
  ['GD2026112500002', '2026-11-25 08:20', '李先生', '0731-8412 3456', '求助', '路灯不亮', '识字岭路12号', '3个工作日', '识字岭社区第2网格'],
  ['GD2026112500003', '2026/11/25 8:40', '王先生', '无', '表扬', '占道经营', '', '', ''],
  ['GD2026112500004', '2026/11/25 8:45', '赵女士', '13900000000', '举报', '夜间施工噪音', '', '2026/11/24 8:00', ''],
  ['', '2026/11/25 8:50', '周先生', '13700000000', '咨询', '咨询办事流程', '', '', ''],
];
const csv = (body: string[][]) => [HEAD, ...body].map((r) => csvLine(r, ',')).join('\r\n') + '\r\n';

describe('12345 export import', () => {
  it("recognises the platform's headers and needs neither coordinates nor a category", async () => {
    const { f, write } = setup();
    const file = write('12345.csv', iconv.encode(csv(rows), 'gbk'));
    const preview = await previewImport(f.db, file, '12345.csv');
    expect(preview.mapping).toEqual({
      orderNo: '工单编号',
      reportedAt: '受理时间',
      callerName: '诉求人',
      callerPhone: '来电号码',
      demandType: '工单类型',
      description: '工单内容',
      address: '事发地址',
      platformDueAt: '办结时限',
      gridCode: '所属网格',
    });
    expect(preview.missingRequired).toEqual([]);
    // The other spelling of every header is known too.
    const other = write('other.csv', csv([]).replace(HEAD.join(','), ['工单号', '来电时间', '来电人', '联系电话', '诉求类型', '诉求内容', '诉求地址', '办理时限', '网格编码'].join(',')));
    expect(Object.keys((await previewImport(f.db, other, 'other.csv')).mapping).sort()).toEqual(Object.keys(preview.mapping).sort());
  });

  it('enters each row as an order waiting for 签收, the grid from the column or left to the supervisor with a note', async () => {
    const { f, write, run } = setup();
    const file = write('12345.csv', iconv.encode(csv(rows), 'gbk'));
    const r = await run(file);
    expect(r).toMatchObject({ total: 5, accepted: 3, rejected: 2, duplicates: 0 });
    expect(r.errors).toEqual([
      { row: 5, field: '办理时限', reason: '办理时限早于来电时间' },
      { row: 6, field: '工单编号', reason: '缺少工单编号' },
    ]);
    expect(r.warnings).toEqual([
      { row: 4, field: '网格编码', reason: '未能确定所属网格（没有网格列或坐标）：请监督员在签收时指定网格' },
      { row: 4, field: '诉求类型', reason: '诉求类型「表扬」不是咨询、求助、投诉、举报、建议之一：未记录' },
    ]);
    const orders = f.db
      .prepare(
        `SELECT h.order_no, h.called_at, h.caller_name, h.caller_phone, h.demand_type, h.platform_due_at, h.arrived_at, h.ack_due_at,
                i.status, i.source, i.grid_id, i.category_id, i.description, i.reported_at
         FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id ORDER BY h.order_no`,
      )
      .all() as Record<string, unknown>[];
    const garbage = f.categories.garbage;
    const complaint = (f.db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0601'`).pluck().get() as number);
    expect(orders).toEqual([
      {
        order_no: 'GD2026112500001',
        called_at: sh('2026-11-25T08:05'),
        caller_name: '张女士',
        caller_phone: '13812345678',
        demand_type: 'complaint',
        platform_due_at: sh('2026-11-27T17:30'),
        arrived_at: NOW,
        ack_due_at: sh('2026-11-25T12:00'),
        status: 'received',
        source: 'hotline',
        grid_id: f.grids.west,
        category_id: complaint,
        description: '小区门口垃圾堆放多日',
        reported_at: sh('2026-11-25T08:05'),
      },
      expect.objectContaining({ order_no: 'GD2026112500002', caller_phone: '0731-8412 3456', demand_type: 'help', grid_id: f.grids.east, platform_due_at: sh('2026-11-27T17:30') }),
      expect.objectContaining({ order_no: 'GD2026112500003', caller_phone: '无', demand_type: null, grid_id: null, platform_due_at: null }),
    ]);
    expect(garbage).not.toBe(complaint);
    const listed = getIncident(f.db, f.db.prepare(`SELECT incident_id FROM hotline_orders WHERE order_no = 'GD2026112500001'`).pluck().get() as number);
    expect(listed.hotline).toMatchObject({ callerPhone: '138****5678' });
    expect(listed.events[0]).toMatchObject({ action: 'report', toStatus: 'received' });
  });

  it('is idempotent by order number: the same export again adds nothing', async () => {
    const { f, write, run } = setup();
    const file = write('12345.xlsx', Buffer.alloc(0));
    await writeXlsx(file, HEAD, rows.slice(0, 3), '工单');
    expect(await run(file)).toMatchObject({ accepted: 3, duplicates: 0 });
    const before = f.db.prepare(`SELECT count(*) FROM incidents`).pluck().get();
    expect(await run(file)).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(f.db.prepare(`SELECT count(*) FROM incidents`).pluck().get()).toBe(before);
    expect(f.db.prepare(`SELECT count(*) FROM hotline_orders`).pluck().get()).toBe(3);
  });

  it('an undone import frees its order numbers, so the corrected export can be imported again', async () => {
    const { f, write, run } = setup();
    const file = write('12345.csv', csv(rows.slice(0, 2)));
    const first = await run(file);
    undoBatch(f.db, first.batchId!, f.operators.supervisor, NOW + 60_000);
    expect(f.db.prepare(`SELECT order_no FROM hotline_orders ORDER BY incident_id`).pluck().all()).toEqual([
      expect.stringMatching(/^GD2026112500001（已撤销#\d+）$/),
      expect.stringMatching(/^GD2026112500002（已撤销#\d+）$/),
    ]);
    expect(await run(file)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(f.db.prepare(`SELECT count(*) FROM hotline_orders WHERE order_no LIKE 'GD%' AND order_no NOT LIKE '%撤销%'`).pluck().get()).toBe(2);
  });
});

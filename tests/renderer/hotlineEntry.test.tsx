/**
 * How 12345 orders come onto the desk and go back to the city platform: entered by hand in the new-case
 * dialog (来源 12345热线), imported from the platform's export (the mapping editor's 12345 columns, the
 * result saying how many orders came in and which rows need a grid), and exported as the platform's XLSX
 * from the statistics page. Against the real host, or the real import on a real file where the page's
 * upload and polling are not the subject.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HotlineFigures, ImportJobStatus, StatsReport } from '../../electron/contract';
import { previewImport } from '../../db/import/preview';
import { runImport } from '../../db/import/writer';
import { CreateCaseDialog } from '../../renderer/features/caseCreate/CreateCaseDialog';
import { useCaseFilterOptions } from '../../renderer/features/cases/useCaseFilterOptions';
import { HotlineExportPanel } from '../../renderer/features/hotline/HotlineExportPanel';
import { ImportPage } from '../../renderer/features/imports/ImportPage';
import { deskFixture, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { createFakeClient } from './fixtures';
import { realHost } from './realHost';
import { renderWithApi } from './renderWithApi';

afterEach(() => vi.restoreAllMocks());

function Harness({ onCreated }: { onCreated: (detail: unknown) => void }) {
  const options = useCaseFilterOptions();
  return <CreateCaseDialog options={options} onCreated={onCreated} onCancel={vi.fn()} />;
}

async function openNewCase(operatorId: (h: ReturnType<typeof realHost>) => number) {
  const host = realHost('2026-11-24T10:00');
  const onCreated = vi.fn();
  host.renderAs(<Harness onCreated={onCreated} />, operatorId(host));
  const dialog = await screen.findByRole('dialog', { name: '新建案件' });
  await within(dialog).findByRole('option', { name: /暴露垃圾/ });
  return { host, dialog, onCreated };
}

const orders = (host: ReturnType<typeof realHost>) =>
  host.f.db
    .prepare(
      `SELECT h.order_no AS orderNo, h.called_at AS calledAt, h.caller_name AS callerName, h.caller_phone AS callerPhone, h.demand_type AS demandType,
              h.platform_due_at AS platformDueAt, i.status, i.source, i.grid_id AS gridId, i.description, i.address
       FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id`,
    )
    .all();

describe('12345 orders entered by hand', () => {
  it('shows the order’s fields for 来源 12345热线, requires the order number, and enters the order through the host', async () => {
    const { host, dialog, onCreated } = await openNewCase((h) => h.f.operators.supervisor);
    expect(within(dialog).queryByRole('group', { name: '12345 工单信息' })).not.toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('combobox', { name: '来源' }), { target: { value: 'hotline' } });
    const fields = within(dialog).getByRole('group', { name: '12345 工单信息' });
    for (const label of ['工单编号', '来电时间', '来电人', '联系电话', '诉求类型', '平台办理时限']) {
      expect(within(fields).getByLabelText(new RegExp(`^${label}`))).toBeInTheDocument();
    }
    expect(within(dialog).queryByLabelText('上报人')).not.toBeInTheDocument();

    fireEvent.change(within(dialog).getByLabelText(/案件类别/), { target: { value: String(host.f.categories.garbage) } });
    fireEvent.change(within(dialog).getByLabelText(/诉求内容/), { target: { value: '小区门口垃圾堆放多日无人清理' } });
    fireEvent.change(within(dialog).getByLabelText(/诉求地址/), { target: { value: '识字岭路 12 号' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '登记工单' }));
    expect(await within(fields).findByText('请填写工单编号（12345 平台的工单号）')).toBeInTheDocument();
    expect(orders(host)).toEqual([]);

    fireEvent.change(within(fields).getByLabelText(/^工单编号/), { target: { value: ' GD20261124000777 ' } });
    fireEvent.change(within(fields).getByLabelText(/^来电时间/), { target: { value: '2026-11-24T08:30' } });
    fireEvent.change(within(fields).getByLabelText(/^来电人/), { target: { value: '李先生' } });
    fireEvent.change(within(fields).getByLabelText(/^联系电话/), { target: { value: '13900001111' } });
    fireEvent.change(within(fields).getByLabelText(/^诉求类型/), { target: { value: 'help' } });
    fireEvent.change(within(fields).getByLabelText(/^平台办理时限/), { target: { value: '2026-11-24T08:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '登记工单' }));
    expect(await within(fields).findByText('平台办理时限须晚于来电时间 2026-11-24 08:30')).toBeInTheDocument();
    fireEvent.change(within(fields).getByLabelText(/^平台办理时限/), { target: { value: '2026-11-26T17:30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '登记工单' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ status: 'received', source: 'hotline', gridCode: null })));
    expect(orders(host)).toEqual([
      {
        orderNo: 'GD20261124000777',
        calledAt: sh('2026-11-24T08:30'),
        callerName: '李先生',
        callerPhone: '13900001111',
        demandType: 'help',
        platformDueAt: sh('2026-11-26T17:30'),
        status: 'received',
        source: 'hotline',
        gridId: null,
        description: '小区门口垃圾堆放多日无人清理',
        address: '识字岭路 12 号',
      },
    ]);
    expect(await screen.findByText('已登记 12345 工单')).toBeInTheDocument();
  });

  it('names the host’s refusal of an order number already on the desk', async () => {
    const { host, dialog } = await openNewCase((h) => h.f.operators.supervisor);
    await host.ok('hotline:create', { orderNo: 'GD1', content: '已有工单', categoryId: host.f.categories.garbage, calledAt: sh('2026-11-24T08:00') });
    fireEvent.change(within(dialog).getByRole('combobox', { name: '来源' }), { target: { value: 'hotline' } });
    fireEvent.change(within(dialog).getByLabelText(/案件类别/), { target: { value: String(host.f.categories.garbage) } });
    fireEvent.change(within(dialog).getByLabelText(/诉求内容/), { target: { value: '再次来电' } });
    fireEvent.change(within(dialog).getByLabelText(/^工单编号/), { target: { value: 'GD1' } });
    fireEvent.change(within(dialog).getByLabelText(/^来电时间/), { target: { value: '2026-11-24T09:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '登记工单' }));
    expect(await within(dialog).findByText(/工单编号 GD1 已存在（案件 \d+，待签收）/)).toBeInTheDocument();
    expect(orders(host)).toHaveLength(1);
  });

  it('keeps the plain case for an operator who may not enter orders, and says why', async () => {
    const { dialog } = await openNewCase((h) => h.f.operators.inspector);
    fireEvent.change(within(dialog).getByRole('combobox', { name: '来源' }), { target: { value: 'hotline' } });
    expect(dialog).toHaveTextContent('登记 12345 工单需监督员、管理员；本案将作为普通案件登记');
    expect(within(dialog).queryByRole('group', { name: '12345 工单信息' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '保存案件' })).toBeInTheDocument();
  });
});

describe('the platform’s export on the statistics page', () => {
  it('shows the week’s 12345 figures and downloads the orders closed or returned in the dates as XLSX', async () => {
    const host = realHost('2026-11-24T09:00');
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', {
      orderNo: 'GD20261124000123',
      content: '非本区事项',
      categoryId: host.f.categories.garbage,
      gridCode: '430102001001001',
    });
    await host.ok('incidents:transition', { incidentId, action: 'return_request', expectedVersion: 1, note: '非本区事项' }, host.f.operators.handlerWang);
    await host.ok('incidents:transition', { incidentId, action: 'return_approve', expectedVersion: 2 });
    const report = await host.ok<StatsReport>('stats:week', { week: '2026-W48' });
    const figures = report.hotline as HotlineFigures;
    expect(figures).toMatchObject({ received: 1, returnedToPlatform: 1 });

    const downloads: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    host.renderAs(<HotlineExportPanel figures={figures} week="2026-W48" />, host.f.operators.manager);
    const panel = screen.getByRole('region', { name: '12345 工单' });
    expect(panel).toHaveTextContent('接收工单1');
    expect(panel).toHaveTextContent('退单1退单率 100.00%');
    const exporter = within(panel).getByRole('group', { name: '导出回传平台表' });
    expect(within(exporter).getByLabelText('导出开始日期')).toHaveValue('2026-11-23');
    expect(within(exporter).getByLabelText('导出结束日期')).toHaveValue('2026-11-29');
    fireEvent.change(within(exporter).getByLabelText('导出开始日期'), { target: { value: '2026-11-30' } });
    expect(within(exporter).getByRole('button', { name: '导出回传平台表' })).toBeDisabled();
    expect(exporter).toHaveTextContent('开始日期不能晚于结束日期');
    fireEvent.change(within(exporter).getByLabelText('导出开始日期'), { target: { value: '2026-11-23' } });
    fireEvent.click(within(exporter).getByRole('button', { name: '导出回传平台表' }));
    expect(await within(exporter).findByText('已导出 1 件工单：12345工单办理结果_2026-11-23_2026-11-29.xlsx')).toBeInTheDocument();
    expect(downloads).toEqual(['12345工单办理结果_2026-11-23_2026-11-29.xlsx']);
  });
});

describe('the platform’s export on the import page', () => {
  it('reads a 12345 export without category or coordinates, and says how many orders came in and which rows need a grid', async () => {
    const f = deskFixture();
    const dir = tempDir();
    const file = path.join(dir, '12345.csv');
    fs.writeFileSync(
      file,
      [
        '工单编号,来电时间,来电人,联系电话,诉求类型,诉求内容,诉求地址,办理时限,所属网格',
        'GD2026112500001,2026/11/25 8:05,张女士,13812345678,投诉,小区门口垃圾堆放多日,芙蓉中路二段88号,2026/11/27 17:30,430102001001001',
        'GD2026112500002,2026/11/25 8:20,李先生,13700001111,求助,路灯不亮,识字岭路12号,,',
        'GD2026112500003,2026/11/25 8:40,王先生,13900002222,咨询,占道经营,,,不存在的网格',
        ',2026/11/25 8:50,周先生,13700000000,咨询,咨询办事流程,,,',
      ].join('\r\n') + '\r\n',
    );
    const preview = await previewImport(f.db, file, '12345.csv');
    const result = await runImport(f.db, { file, fileName: '12345.csv', crs: 'wgs84', photoDir: null, attachmentsDir: path.join(dir, 'att'), now: sh('2026-11-25T10:00') });
    const job: ImportJobStatus = {
      jobId: '00000000-0000-4000-8000-000000000001',
      kind: 'incidents',
      state: 'done',
      fileName: '12345.csv',
      rowsRead: result.total,
      bytesRead: preview.bytes,
      totalBytes: preview.bytes,
      rowsPerSecond: 0,
      elapsedMs: 10,
      result,
      gridResult: null,
      error: null,
    };
    const api = createFakeClient({
      overrides: {
        'imports:list': vi.fn(async () => []),
        'imports:mappings': vi.fn(async () => []),
        'imports:upload': vi.fn(async () => ({ uploadId: '00000000-0000-4000-8000-000000000002', bytes: preview.bytes })),
        'imports:preview': vi.fn(async () => preview),
        'imports:start': vi.fn(async () => job),
        'imports:progress': vi.fn(async () => job),
      },
    });
    renderWithApi(<ImportPage />, api);
    fireEvent.change(screen.getByLabelText('选择文件…'), { target: { files: [new File([fs.readFileSync(file)], '12345.csv', { type: 'text/csv' })] } });
    const group = await screen.findByRole('group', { name: '12345 工单字段' });
    expect(group).toHaveTextContent('已按市民服务热线工单导入');
    expect(within(group).getByLabelText('工单编号所在列')).toHaveValue('工单编号');
    expect(within(group).getByLabelText('联系电话所在列')).toHaveValue('联系电话');
    expect(within(group).getByLabelText('诉求类型所在列')).toHaveValue('诉求类型');
    expect(screen.getByText('发现时间（来电时间）')).toBeInTheDocument();
    expect(screen.queryByText(/还缺少/)).not.toBeInTheDocument();
    const start = screen.getByRole('button', { name: '开始导入' });
    expect(start).toBeEnabled();

    // Without the order number column the file is a field log again, which needs a small class (the grid column gives the place).
    fireEvent.change(within(group).getByLabelText('工单编号所在列'), { target: { value: '' } });
    expect(screen.getByRole('alert')).toHaveTextContent('还缺少：类别。');
    expect(start).toBeDisabled();
    fireEvent.change(within(group).getByLabelText('工单编号所在列'), { target: { value: '工单编号' } });

    fireEvent.click(start);
    const view = await screen.findByRole('region', { name: '导入结果' });
    const summary = within(view).getByRole('group', { name: '12345 工单' });
    expect(summary).toHaveTextContent('12345 工单：已登记 3 件，现待签收。');
    expect(summary).toHaveTextContent('未确定网格的工单 2 件，第 3、4 行：签收后请在案件详情中为其指定网格');
  });
});

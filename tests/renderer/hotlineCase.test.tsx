/**
 * A 12345 work order in the case panel, against the real host: the order box (the phone masked, its
 * reveal logged), the grid chosen for an order that came without one, the order's steps offered only on
 * orders, the reply asked for at 办结, the callback's results (未接通 counted, 不满意 handled again), and
 * 退单 decided by another supervisor.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { IncidentDetail } from '../../electron/contract';
import { CaseDetailPanel } from '../../renderer/features/caseDetail/CaseDetailPanel';
import { realHost, type RealHost } from './realHost';

const newOrder = (host: RealHost, over: Record<string, unknown> = {}) => ({
  orderNo: 'GD20261124000123',
  callerName: '张女士',
  callerPhone: '13812345678',
  demandType: 'complaint',
  content: '小区门口垃圾堆放多日无人清理',
  categoryId: host.f.categories.garbage,
  gridCode: '430102001001001',
  ...over,
});

const stored = (host: RealHost, id: number) =>
  host.f.db
    .prepare(
      `SELECT i.status, i.version, i.grid_id AS gridId, h.reply, h.callback_attempts AS attempts, h.callback_result AS result, h.reopen_count AS reopened
       FROM incidents i JOIN hotline_orders h ON h.incident_id = i.id WHERE i.id = ?`,
    )
    .get(id) as { status: string; version: number; gridId: number | null; reply: string | null; attempts: number; result: string | null; reopened: number };

/** Takes the order through the host's steps, each by the operator who may. */
async function walk(host: RealHost, id: number, steps: readonly (readonly [string, number, Record<string, unknown>?])[]) {
  for (const [action, operator, extra] of steps) {
    const { version } = host.f.db.prepare(`SELECT version FROM incidents WHERE id = ?`).get(id) as { version: number };
    await host.ok('incidents:transition', { incidentId: id, action, expectedVersion: version, ...extra }, operator);
  }
}

const toHandled = (host: RealHost, reply?: string) => {
  const { supervisor, handlerWang } = host.f.operators;
  return [
    ['acknowledge', supervisor],
    ['register', supervisor],
    ['dispatch', supervisor],
    ['accept', handlerWang],
    ['handle', handlerWang, reply ? { reply } : {}],
  ] as const;
};

async function openPanel(host: RealHost, id: number, operatorId: number) {
  const view = host.renderAs(<CaseDetailPanel id={id} onClose={vi.fn()} onOpenCase={vi.fn()} />, operatorId);
  const panel = await screen.findByRole('complementary', { name: '案件详情' });
  await within(panel).findByRole('region', { name: '办理' });
  return { panel, unmount: view.unmount };
}

/** The step buttons offered, by label (without the '…' of those that open a dialog). */
function offered(panel: HTMLElement): string[] {
  const group = within(panel).queryByRole('group', { name: '可执行的操作' });
  if (!group) return [];
  return within(group)
    .getAllByRole('button')
    .map((b) => (b.querySelector('span')?.textContent ?? '').replace('…', ''));
}

describe('12345 order in the case panel', () => {
  it('shows the order with the phone masked, and reveals it to a supervisor only, on the settings log', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host, { platformDueAt: Date.parse('2026-11-26T17:30:00+08:00') }));
    const log = () => host.f.db.prepare(`SELECT actor_name AS actor, target FROM settings_log WHERE action = 'phone.reveal'`).all();

    const handler = await openPanel(host, incidentId, host.f.operators.handlerWang);
    const box = await within(handler.panel).findByRole('region', { name: '12345 工单' });
    expect(box).toHaveTextContent('GD20261124000123');
    expect(box).toHaveTextContent('张女士');
    expect(box).toHaveTextContent('138****5678');
    expect(box).toHaveTextContent('投诉');
    expect(box).toHaveTextContent('平台办理时限2026-11-26 17:30');
    expect(box).toHaveTextContent('签收时限 2026-11-24 11:00');
    expect(handler.panel).not.toHaveTextContent('13812345678');
    expect(within(box).queryByRole('button', { name: '查看号码' })).not.toBeInTheDocument();
    handler.unmount();

    const { panel } = await openPanel(host, incidentId, host.f.operators.supervisor);
    const mine = await within(panel).findByRole('region', { name: '12345 工单' });
    const reveal = within(mine).getByRole('button', { name: '查看号码' });
    expect(reveal).toHaveAccessibleDescription('查看记录将写入操作日志');
    expect(log()).toEqual([]);
    fireEvent.click(reveal);
    expect(await within(mine).findByText('13812345678')).toBeInTheDocument();
    expect(mine).toHaveTextContent('已查看，记录已写入操作日志');
    expect(log()).toEqual([{ actor: '监督员陈', target: '12345 工单 GD20261124000123 来电人电话' }]);
  });

  it('offers the order’s steps on orders only: 签收 runs at once, 申请退单 asks for a reason', async () => {
    const host = realHost();
    const { supervisor } = host.f.operators;
    const patrol = await host.ok<IncidentDetail>('incidents:create', { categoryId: host.f.categories.garbage, description: '人行道堆放垃圾', gridCode: '430102001001001', source: 'patrol' });
    const plain = await openPanel(host, patrol.id, supervisor);
    expect(offered(plain.panel)).toEqual(['立案', '不予立案', '作废']);
    expect(within(plain.panel).queryByRole('region', { name: '12345 工单' })).not.toBeInTheDocument();
    plain.unmount();

    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host));
    const { panel } = await openPanel(host, incidentId, supervisor);
    expect(offered(panel)).toEqual(['签收工单', '申请退单', '催办', '作废']);
    fireEvent.click(within(panel).getByRole('button', { name: /^签收工单/ }));
    await waitFor(() => expect(stored(host, incidentId).status).toBe('reported'));
    await waitFor(() => expect(offered(panel)).toEqual(['立案', '申请退单', '不予立案', '作废']));
    expect(within(panel).getByRole('region', { name: '12345 工单' })).toHaveTextContent(/已于 2026-11-24 09:00 签收按时签收/);

    fireEvent.click(within(panel).getByRole('button', { name: /^申请退单/ }));
    const dialog = await screen.findByRole('dialog', { name: '申请退单' });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定申请退单' }));
    expect(await within(dialog).findByText('请填写申请退单的理由')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/理由/), { target: { value: '诉求地点在雨花区' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定申请退单' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const box = within(panel).getByRole('region', { name: '12345 工单' });
    await waitFor(() => expect(box).toHaveTextContent('退单申请待审批'));
    expect(box).toHaveTextContent('诉求地点在雨花区');
    // The one who asked does not decide.
    await waitFor(() => expect(panel).toHaveTextContent('批准退单、驳回退单：退单须由另一名监督员审批'));
    expect(offered(panel)).not.toContain('批准退单');
  });

  it('lets another supervisor approve a 退单 after a confirmation that repeats the reason', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host));
    await walk(host, incidentId, [['return_request', host.f.operators.handlerWang, { note: '非本区事项' }]]);
    const { panel } = await openPanel(host, incidentId, host.f.operators.admin);
    expect(offered(panel)).toEqual(['签收工单', '批准退单', '催办', '驳回退单', '作废']);
    fireEvent.click(within(panel).getByRole('button', { name: /^批准退单/ }));
    const dialog = await screen.findByRole('dialog', { name: '批准退单' });
    expect(dialog).toHaveTextContent('王建国');
    expect(dialog).toHaveTextContent('理由：非本区事项');
    expect(stored(host, incidentId).status).toBe('received');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定批准退单' }));
    await waitFor(() => expect(stored(host, incidentId).status).toBe('returned_to_platform'));
    expect(await within(panel).findByText('工单已退回 12345 平台，没有可执行的操作。')).toBeInTheDocument();
  });

  it('says an order has no grid, refuses 立案 until one is chosen, and sets it through the host', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host, { gridCode: undefined }));
    await walk(host, incidentId, [['acknowledge', host.f.operators.supervisor]]);
    const { panel } = await openPanel(host, incidentId, host.f.operators.supervisor);
    const chooser = await within(panel).findByRole('group', { name: '指定网格' });
    expect(chooser).toHaveTextContent('该工单尚未确定所属网格。');
    expect(offered(panel)).not.toContain('立案');
    expect(panel).toHaveTextContent('立案：工单尚未确定所属网格，请先指定网格');
    const select = within(chooser).getByRole('combobox', { name: '所属网格' });
    await within(select).findByRole('option', { name: /识字岭社区第2网格/ });
    fireEvent.change(select, { target: { value: '430102001001002' } });
    fireEvent.click(within(chooser).getByRole('button', { name: '指定网格' }));
    await waitFor(() => expect(stored(host, incidentId).gridId).toBe(host.f.grids.east));
    await waitFor(() => expect(within(panel).queryByRole('group', { name: '指定网格' })).not.toBeInTheDocument());
    expect(offered(panel)[0]).toBe('立案');
  });

  it('asks for the reply at 办结 of an order, prefilled with the handler’s draft, and refuses to close without one', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host));
    await walk(host, incidentId, toHandled(host));
    const { panel, unmount } = await openPanel(host, incidentId, host.f.operators.inspector);
    fireEvent.click(within(panel).getByRole('button', { name: /^核查通过并结案…/ }));
    const dialog = await screen.findByRole('dialog', { name: '核查通过并结案' });
    const reply = within(dialog).getByRole('textbox', { name: /答复内容/ });
    expect(reply).toHaveValue('');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定核查通过并结案' }));
    expect(await within(dialog).findByText('请填写答复内容：12345 工单办结须答复市民办理结果')).toBeInTheDocument();
    expect(stored(host, incidentId).status).toBe('handled');
    fireEvent.change(reply, { target: { value: '经现场核实，垃圾已于当日清运完毕' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定核查通过并结案' }));
    await waitFor(() => expect(stored(host, incidentId)).toMatchObject({ status: 'closed', reply: '经现场核实，垃圾已于当日清运完毕' }));
    const box = within(panel).getByRole('region', { name: '12345 工单' });
    await waitFor(() => expect(box).toHaveTextContent('经现场核实，垃圾已于当日清运完毕'));
    expect(box).toHaveTextContent('待回访');
    unmount();

    const drafted = realHost();
    const order = await drafted.ok<{ incidentId: number }>('hotline:create', newOrder(drafted));
    await walk(drafted, order.incidentId, toHandled(drafted, '已清运'));
    const second = await openPanel(drafted, order.incidentId, drafted.f.operators.inspector);
    fireEvent.click(within(second.panel).getByRole('button', { name: /^核查通过并结案/ }));
    const again = await screen.findByRole('dialog', { name: '核查通过并结案' });
    expect(within(again).getByRole('textbox', { name: /答复内容/ })).toHaveValue('已清运');
  });

  it('does not ask a reply of a case that is no order', async () => {
    const host = realHost();
    const { supervisor, handlerWang, inspector } = host.f.operators;
    const patrol = await host.ok<IncidentDetail>('incidents:create', { categoryId: host.f.categories.garbage, description: '人行道堆放垃圾', gridCode: '430102001001001', source: 'hotline' });
    await walk(host, patrol.id, [
      ['register', supervisor],
      ['dispatch', supervisor],
      ['accept', handlerWang],
      ['handle', handlerWang],
    ]);
    const { panel } = await openPanel(host, patrol.id, inspector);
    expect(offered(panel)).toEqual(['核查通过并结案', '核查不通过（返工）']);
    fireEvent.click(within(panel).getByRole('button', { name: /^核查通过并结案/ }));
    await waitFor(() => expect((host.f.db.prepare(`SELECT status FROM incidents WHERE id = ?`).get(patrol.id) as { status: string }).status).toBe('closed'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /^回访/ })).not.toBeInTheDocument();
  });

  it('records callbacks from the dialog: 未接通 counted against three, 不满意 sends the order back with the reason', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host));
    await walk(host, incidentId, [...toHandled(host, '已清运'), ['verify_pass', host.f.operators.inspector]]);
    const { panel } = await openPanel(host, incidentId, host.f.operators.supervisor);
    expect(offered(panel)).toEqual(['回访', '回访不满意（重办）']);

    fireEvent.click(within(panel).getByRole('button', { name: /^回访…/ }));
    const dialog = await screen.findByRole('dialog', { name: '回访' });
    const results = within(dialog).getByRole('group', { name: /回访结果/ });
    expect(within(results).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['满意', '基本满意', '不满意', '未接通']);
    fireEvent.click(within(dialog).getByRole('button', { name: '确定回访' }));
    expect(await within(dialog).findByText('请选择回访结果')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('radio', { name: '未接通' }));
    expect(dialog).toHaveTextContent('本次为第 1 次未接通（最多 3 次）。还可再回访 2 次');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定回访' }));
    await waitFor(() => expect(stored(host, incidentId)).toMatchObject({ status: 'closed', attempts: 1, result: null }));
    const box = within(panel).getByRole('region', { name: '12345 工单' });
    await waitFor(() => expect(box).toHaveTextContent('未接通 1/3 次'));
    expect(within(panel).getByRole('list', { name: '办理记录' })).toHaveTextContent('未接通（第 1/3 次）');

    fireEvent.click(within(panel).getByRole('button', { name: /^回访…/ }));
    const second = await screen.findByRole('dialog', { name: '回访' });
    fireEvent.click(within(second).getByRole('radio', { name: '不满意' }));
    expect(second).toHaveTextContent('工单将按「回访不满意（重办）」退回处置人 王建国 重新办理');
    fireEvent.click(within(second).getByRole('button', { name: '确定回访' }));
    expect(await within(second).findByText(/请填写市民不满意的原因/)).toBeInTheDocument();
    fireEvent.change(within(second).getByRole('textbox', { name: /不满意原因/ }), { target: { value: '楼道口仍有垃圾' } });
    fireEvent.click(within(second).getByRole('button', { name: '确定回访' }));
    await waitFor(() => expect(stored(host, incidentId)).toMatchObject({ status: 'dispatched', result: 'dissatisfied', reopened: 1, reply: null }));
    await waitFor(() => expect(within(panel).getByRole('region', { name: '12345 工单' })).toHaveTextContent('不满意重办 1 次'));
    const lastEvent = host.f.db.prepare(`SELECT action, note FROM incident_events WHERE incident_id = ? ORDER BY id DESC LIMIT 1`).get(incidentId);
    expect(lastEvent).toEqual({ action: 'callback_redo', note: '楼道口仍有垃圾' });
    await waitFor(() => expect(within(panel).getByRole('list', { name: '办理记录' })).toHaveTextContent('第 1 次重办'));
  });

  it('opens the callback with 不满意 chosen from 回访不满意（重办）, and a satisfied callback ends it', async () => {
    const host = realHost();
    const { incidentId } = await host.ok<{ incidentId: number }>('hotline:create', newOrder(host));
    await walk(host, incidentId, [...toHandled(host, '已清运'), ['verify_pass', host.f.operators.inspector]]);
    const { panel } = await openPanel(host, incidentId, host.f.operators.supervisor);
    fireEvent.click(within(panel).getByRole('button', { name: /^回访不满意（重办）/ }));
    const redo = await screen.findByRole('dialog', { name: '回访不满意（重办）' });
    expect(within(redo).getByRole('radio', { name: '不满意' })).toBeChecked();
    fireEvent.click(within(redo).getByRole('radio', { name: '满意' }));
    fireEvent.click(within(redo).getByRole('button', { name: '确定回访' }));
    await waitFor(() => expect(stored(host, incidentId)).toMatchObject({ status: 'closed', result: 'satisfied' }));
    const box = within(panel).getByRole('region', { name: '12345 工单' });
    await waitFor(() => expect(box).toHaveTextContent(/回访满意/));
    await waitFor(() => expect(offered(panel)).toEqual([]));
  });
});

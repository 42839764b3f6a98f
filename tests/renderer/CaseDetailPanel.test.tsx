import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient, IncidentDetail } from '../../electron/contract';
import { ApiError } from '../../renderer/api/client';
import { CaseDetailPanel } from '../../renderer/features/caseDetail/CaseDetailPanel';
import { detail, event, handlingCase, OPERATOR, REPORTED_AT } from './deskFixtures';
import { createFakeClient, GRID_CODES } from './fixtures';
import { renderDesk } from './renderDesk';

/** The panel over a fake host that remembers the case as the last step left it (the panel reads it again after a step). */
async function openCase(theCase: IncidentDetail, operatorId: number, overrides: Partial<ApiClient> = {}) {
  let stored = theCase;
  const { 'incidents:transition': transition, ...rest } = overrides;
  const client = createFakeClient({
    overrides: {
      'incidents:get': vi.fn(async () => stored),
      'attachments:list': vi.fn(async () => []),
      ...(transition
        ? {
            'incidents:transition': async (input: Parameters<ApiClient['incidents:transition']>[0]) => {
              stored = await transition(input);
              return stored;
            },
          }
        : {}),
      ...rest,
    },
  });
  const view = renderDesk(<CaseDetailPanel id={theCase.id} onClose={vi.fn()} onOpenCase={vi.fn()} />, client, { operatorId });
  const panel = await screen.findByRole('complementary', { name: '案件详情' });
  await within(panel).findByText(theCase.caseNo);
  return { client, panel, unmount: view.unmount };
}

/** The step buttons offered, by label (without the '…' of those that open a dialog). */
async function offered(panel: HTMLElement): Promise<string[]> {
  const group = await within(panel).findByRole('group', { name: '可执行的操作' });
  return within(group)
    .getAllByRole('button')
    .map((b) => (b.querySelector('span')?.textContent ?? '').replace('…', ''));
}

describe('case detail', () => {
  it('shows the full timeline with actors, status changes, the dispatch facts and notes', async () => {
    const { panel } = await openCase(handlingCase(), OPERATOR.supervisor);
    const timeline = within(panel).getByRole('list', { name: '办理记录' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.gd-timeline__action')?.textContent)).toEqual(['上报', '立案', '派遣', '签收处置']);
    expect(items[0]).toHaveTextContent('周巡查');
    expect(items[0]).toHaveTextContent('巡查发现');
    expect(items[1]).toHaveTextContent('待立案 → 待派遣');
    expect(items[2]).toHaveTextContent('派遣给 王建国');
    expect(items[2]).toHaveTextContent('处置期限 2026-11-25 14:00');
    expect(items[3]).toHaveTextContent('2026-11-25 09:40');
  });

  it('offers a supervisor only what a supervisor may do in this state', async () => {
    const { panel } = await openCase(handlingCase(), OPERATOR.supervisor);
    expect(await offered(panel)).toEqual(['催办', '挂账', '作废']);
    expect(panel).toHaveTextContent('处置反馈、申请延期、退回：需由案件责任人本人操作');
  });

  it('offers the assignee’s handler the handling steps, and another handler none', async () => {
    const mine = await openCase(handlingCase(), OPERATOR.handlerWang);
    await waitFor(async () => expect(await offered(mine.panel)).toEqual(['处置反馈', '申请延期', '退回']));
    expect(mine.panel).toHaveTextContent('挂账、作废：需监督员、管理员操作');
    mine.unmount();

    const other = await openCase(handlingCase(43, { assigneeId: 12, assigneeName: '李秀英' }), OPERATOR.handlerWang);
    await waitFor(() => expect(other.panel).toHaveTextContent('需由案件责任人本人操作'));
    expect(within(other.panel).queryByRole('group', { name: '可执行的操作' })).not.toBeInTheDocument();
  });

  it('offers a reported case 立案 / 不予立案 / 作废 to a supervisor and nothing to a manager', async () => {
    const supervisor = await openCase(detail(7), OPERATOR.supervisor);
    expect(await offered(supervisor.panel)).toEqual(['立案', '不予立案', '作废']);
    supervisor.unmount();
    const manager = await openCase(detail(8), OPERATOR.manager);
    await waitFor(() => expect(manager.panel).toHaveTextContent('立案、不予立案、作废：需监督员、管理员操作'));
  });

  it('shows a pending extension with approve and deny for a supervisor', async () => {
    const theCase = handlingCase(44, {
      pendingExtension: { requestedDueAt: REPORTED_AT + 48 * 3_600_000, reason: '需协调施工单位', requestedAt: REPORTED_AT + 3_600_000 },
    });
    const approve = vi.fn(async () => ({ ...theCase, pendingExtension: null, version: 5, dueAt: REPORTED_AT + 48 * 3_600_000 }));
    const { panel } = await openCase(theCase, OPERATOR.supervisor, { 'incidents:transition': approve });
    const box = within(panel).getByRole('region', { name: '延期申请' });
    expect(box).toHaveTextContent('延至 2026-11-27 09:00');
    expect(box).toHaveTextContent('需协调施工单位');
    fireEvent.click(within(box).getByRole('button', { name: /批准延期/ }));
    await waitFor(() =>
      expect(approve).toHaveBeenCalledWith({ incidentId: 44, action: 'extend_approve', expectedVersion: 4 }),
    );
    await waitFor(() => expect(within(panel).queryByRole('region', { name: '延期申请' })).not.toBeInTheDocument());
  });

  it('refuses to submit a step that needs a reason until one is given', async () => {
    const transition = vi.fn(async () => ({ ...handlingCase(), status: 'voided' as const, version: 5 }));
    const { panel } = await openCase(handlingCase(), OPERATOR.supervisor, { 'incidents:transition': transition });
    fireEvent.click(within(panel).getByRole('button', { name: /^作废/ }));
    const dialog = await screen.findByRole('dialog', { name: '作废' });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定作废' }));
    expect(await within(dialog).findByText('请填写作废的理由')).toBeInTheDocument();
    expect(transition).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/理由/), { target: { value: '重复录入' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定作废' }));
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith({ incidentId: 42, action: 'void', expectedVersion: 4, note: '重复录入' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '作废' })).not.toBeInTheDocument());
    expect(within(panel).getByText('已作废')).toBeInTheDocument();
    expect(await screen.findByText('作废：已完成')).toBeInTheDocument();
  });

  it('reloads the case and says why when the server reports a conflict', async () => {
    const fresh = { ...detail(7), status: 'registered' as const, version: 2, events: [...detail(7).events, event(2, 'register', 'reported', 'registered', { actorName: '张雪' })] };
    const get = vi.fn().mockResolvedValueOnce(detail(7)).mockResolvedValue(fresh);
    const transition = vi.fn(async () => Promise.reject(new ApiError('conflict', '案件已被他人修改（当前状态：待派遣），请刷新后重试')));
    const { panel } = await openCase(detail(7), OPERATOR.supervisor, { 'incidents:get': get, 'incidents:transition': transition });
    fireEvent.click(within(panel).getByRole('button', { name: /^立案/ }));
    await waitFor(() => expect(transition).toHaveBeenCalledWith(expect.objectContaining({ action: 'register', expectedVersion: 1 })));
    expect(await screen.findByText('案件已被他人修改（当前状态：待派遣），请刷新后重试')).toBeInTheDocument();
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(within(panel).getByText('待派遣')).toBeInTheDocument());
    expect(within(panel).getByRole('list', { name: '办理记录' })).toHaveTextContent('张雪');
  });

  it('dispatches to the default person on duty, who can be changed', async () => {
    const registered = { ...detail(9), status: 'registered' as const, version: 2 };
    const transition = vi.fn(async () => ({ ...registered, status: 'dispatched' as const, version: 3, assigneeId: 13, assigneeName: '赵强' }));
    const fallback = vi.fn(async () => ({ id: 11, name: '王建国' }));
    const { panel } = await openCase(registered, OPERATOR.supervisor, {
      'incidents:transition': transition,
      'incidents:default-assignee': fallback,
    });
    fireEvent.click(within(panel).getByRole('button', { name: /^派遣/ }));
    const dialog = await screen.findByRole('dialog', { name: '派遣' });
    const select = within(dialog).getByRole('combobox', { name: '处置责任人' });
    await waitFor(() => expect(select).toHaveValue('11'));
    expect(fallback).toHaveBeenCalledWith({ gridCode: GRID_CODES[0], categoryId: 2 });
    expect(dialog).toHaveTextContent('默认：王建国');
    fireEvent.change(select, { target: { value: '13' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定派遣' }));
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith({ incidentId: 9, action: 'dispatch', expectedVersion: 2, assigneeId: 13 }),
    );
  });

  it('runs the listed steps from number keys and Alt+letter', async () => {
    const transition = vi.fn(async () => ({ ...detail(7), status: 'registered' as const, version: 2 }));
    const { panel } = await openCase(detail(7), OPERATOR.supervisor, { 'incidents:transition': transition });
    expect(within(panel).getByRole('button', { name: /^立案/ })).toHaveAttribute('aria-keyshortcuts', '1 Alt+L');
    fireEvent.keyDown(window, { key: '2' });
    expect(await screen.findByRole('dialog', { name: '不予立案' })).toBeInTheDocument();
    fireEvent.keyDown(screen.getByRole('dialog', { name: '不予立案' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    fireEvent.keyDown(window, { key: 'l', code: 'KeyL', altKey: true });
    await waitFor(() => expect(transition).toHaveBeenCalledWith(expect.objectContaining({ action: 'register' })));
  });

  it('asks for a later deadline when requesting an extension', async () => {
    const transition = vi.fn(async () => handlingCase());
    const { panel } = await openCase(handlingCase(), OPERATOR.handlerWang, { 'incidents:transition': transition });
    fireEvent.click(await within(panel).findByRole('button', { name: /^申请延期/ }));
    const dialog = await screen.findByRole('dialog', { name: '申请延期' });
    fireEvent.change(within(dialog).getByLabelText(/申请的新期限/), { target: { value: '2026-11-25T10:00' } });
    fireEvent.change(within(dialog).getByLabelText(/理由/), { target: { value: '需协调' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定申请延期' }));
    expect(await within(dialog).findByText(/新期限须晚于现有期限/)).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/申请的新期限/), { target: { value: '2026-11-27T17:30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定申请延期' }));
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'extend_request', requestedDueAt: Date.parse('2026-11-27T17:30:00+08:00'), note: '需协调' }),
      ),
    );
  });

  it('lists duplicates linked to the case and shows overdue in red', async () => {
    const theCase = handlingCase(45, {
      dueAt: Date.now() - 3 * 3_600_000 - 20 * 60_000,
      duplicates: [{ id: 46, caseNo: '2026112500046', status: 'handling' }],
    });
    const { panel } = await openCase(theCase, OPERATOR.supervisor);
    expect(within(panel).getByRole('alert')).toHaveTextContent(/已超期超期 3小时2\d分/);
    expect(within(panel).getByRole('region', { name: '重复案件' })).toHaveTextContent('2026112500046');
  });
});

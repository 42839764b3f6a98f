import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient, IncidentListItem } from '../../electron/contract';
import { CasesPage } from '../../renderer/features/cases/CasesPage';
import { listItem, OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';

function pages(total: number, pageSize: number): ApiClient['incidents:list'] {
  const all = Array.from({ length: total }, (_, k) => listItem(k + 1));
  return vi.fn(async (input) => {
    const start = input.after ? Number(input.after.slice(1)) : 0;
    const items = all.slice(start, start + pageSize);
    const end = start + items.length;
    return { items, nextCursor: end < total ? `c${end}` : null };
  });
}

async function openCases(hash: string, overrides: Partial<ApiClient>, operatorId: number | null = OPERATOR.supervisor) {
  window.location.hash = hash;
  const client = createFakeClient({ overrides });
  renderDesk(<CasesPage />, client, { operatorId });
  const table = await screen.findByRole('table', { name: '案件列表' });
  return { client, table };
}

describe('case list', () => {
  it('asks for the first page with the filters from the address and shows the total', async () => {
    const list = pages(30, 100);
    const { client } = await openCases('#/cases?status=dispatched,handling&overdue=1&sort=due_asc', {
      'incidents:list': list,
      'incidents:count': vi.fn(async () => 30),
    });
    await screen.findByText('2026112500001');
    expect(list).toHaveBeenCalledWith({ filter: { statuses: ['dispatched', 'handling'], overdue: true }, sort: 'due_asc', limit: 100 });
    expect(client['incidents:count']).toHaveBeenCalledWith({ filter: { statuses: ['dispatched', 'handling'], overdue: true } });
    expect(await screen.findByText('共 30 件')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /状态/ })).toHaveTextContent('已派遣、处置中');
    expect(screen.getByRole('combobox', { name: '期限' })).toHaveValue('overdue');
  });

  it('renders only the rows on screen and fetches the next page with the cursor when scrolled near the end', async () => {
    const list = pages(150, 100);
    const { table } = await openCases('#/cases', { 'incidents:list': list, 'incidents:count': vi.fn(async () => 150) });
    await screen.findByText('2026112500001');
    const rendered = within(table).getAllByRole('row').length - 1;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(list).toHaveBeenCalledTimes(1);

    const scroller = table.querySelector('.gd-casetable__scroll') as HTMLElement;
    act(() => {
      scroller.scrollTop = 90 * 34;
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(list).toHaveBeenLastCalledWith({ filter: {}, sort: 'reported_desc', limit: 100, after: 'c100' });
    expect(await screen.findByText('已显示全部 150 件')).toBeInTheDocument();
  });

  it('changes the address when a filter changes, and starts the list over', async () => {
    const list = pages(5, 100);
    await openCases('#/cases', { 'incidents:list': list });
    await screen.findByText('2026112500001');
    fireEvent.change(screen.getByRole('combobox', { name: '期限' }), { target: { value: 'overdue' } });
    await waitFor(() => expect(window.location.hash).toBe('#/cases?overdue=1'));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ filter: { overdue: true }, sort: 'reported_desc', limit: 100 }));

    fireEvent.change(screen.getByRole('combobox', { name: '责任人' }), { target: { value: 'unassigned' } });
    await waitFor(() => expect(window.location.hash).toBe('#/cases?assignee=unassigned&overdue=1'));

    fireEvent.change(screen.getByRole('searchbox', { name: '搜索案件' }), { target: { value: '垃圾' } });
    await waitFor(() => expect(decodeURIComponent(window.location.hash)).toBe('#/cases?assignee=unassigned&overdue=1&q=垃圾'));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith({ filter: { assignee: 'unassigned', overdue: true, text: '垃圾' }, sort: 'reported_desc', limit: 100 }),
    );

    fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    await waitFor(() => expect(window.location.hash).toBe('#/cases'));
    expect(screen.getByRole('searchbox', { name: '搜索案件' })).toHaveValue('');
  });

  it('opens a case with the keyboard and focuses search with /', async () => {
    await openCases('#/cases?status=reported', { 'incidents:list': pages(5, 100), 'incidents:get': vi.fn(async () => Promise.reject(new Error('not needed'))) });
    await screen.findByText('2026112500001');
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    fireEvent.keyDown(window, { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe('#/cases/2?status=reported'));
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(window.location.hash).toBe('#/cases?status=reported'));
    fireEvent.keyDown(window, { key: '/' });
    expect(screen.getByRole('searchbox', { name: '搜索案件' })).toHaveFocus();
  });

  it('runs a bulk step on the ticked rows with their versions and lists the cases that failed', async () => {
    const rows: IncidentListItem[] = [listItem(1, { version: 3 }), listItem(2, { version: 1 }), listItem(3, { version: 5 }), listItem(4)];
    const bulk = vi.fn(async () => ({ done: [1, 2], failed: [{ incidentId: 3, message: '案件已被他人修改（当前状态：待派遣），请刷新后重试' }] }));
    const list = vi.fn(async () => ({ items: rows, nextCursor: null }));
    await openCases('#/cases?status=reported', { 'incidents:list': list, 'incidents:bulk-transition': bulk });
    await screen.findByText('2026112500001');

    fireEvent.click(screen.getByRole('checkbox', { name: '选择案件 2026112500001' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '选择案件 2026112500003' }), { shiftKey: true });
    const bar = await screen.findByRole('toolbar', { name: '批量操作' });
    expect(bar).toHaveTextContent('已选 3 件');

    fireEvent.click(within(bar).getByRole('button', { name: /^立案/ }));
    const dialog = await screen.findByRole('dialog', { name: '批量立案' });
    fireEvent.click(within(dialog).getByRole('button', { name: '立案 3 件' }));

    await waitFor(() =>
      expect(bulk).toHaveBeenCalledWith({
        items: [
          { incidentId: 1, expectedVersion: 3 },
          { incidentId: 2, expectedVersion: 1 },
          { incidentId: 3, expectedVersion: 5 },
        ],
        action: 'register',
      }),
    );
    const failures = await within(dialog).findByRole('table', { name: '失败的案件' });
    expect(failures).toHaveTextContent('2026112500003');
    expect(failures).toHaveTextContent('案件已被他人修改');
    expect(dialog).toHaveTextContent('成功 2 件，失败 1 件');
    expect(await screen.findByText('批量立案：成功 2 件，失败 1 件')).toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: '完成' }));
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(screen.getByRole('toolbar', { name: '批量操作' })).toHaveTextContent('已选 1 件');
  });

  it('asks for a reason before a bulk void, and offers steps only to roles that may take them', async () => {
    const bulk = vi.fn(async () => ({ done: [1, 2], failed: [] }));
    await openCases('#/cases', { 'incidents:list': pages(2, 100), 'incidents:bulk-transition': bulk });
    await screen.findByText('2026112500001');
    fireEvent.click(screen.getByRole('checkbox', { name: '选择已加载的全部案件' }));
    const bar = await screen.findByRole('toolbar', { name: '批量操作' });
    expect(within(bar).getByRole('button', { name: /^核查通过/ })).toBeDisabled();
    fireEvent.click(within(bar).getByRole('button', { name: /^作废/ }));
    const dialog = await screen.findByRole('dialog', { name: '批量作废' });
    fireEvent.click(within(dialog).getByRole('button', { name: '作废 2 件' }));
    expect(await within(dialog).findByText('请填写作废的理由')).toBeInTheDocument();
    expect(bulk).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText(/理由/), { target: { value: '重复录入' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '作废 2 件' }));
    await waitFor(() => expect(bulk).toHaveBeenCalledWith(expect.objectContaining({ action: 'void', note: '重复录入' })));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '批量作废' })).not.toBeInTheDocument());
  });

  it('leaves bulk steps disabled for an inspector except verification', async () => {
    await openCases('#/cases', { 'incidents:list': vi.fn(async () => ({ items: [listItem(1, { status: 'handled' })], nextCursor: null })) }, OPERATOR.inspector);
    await screen.findByText('2026112500001');
    fireEvent.click(screen.getByRole('checkbox', { name: '选择案件 2026112500001' }));
    const bar = await screen.findByRole('toolbar', { name: '批量操作' });
    await waitFor(() => expect(within(bar).getByRole('button', { name: /^核查通过/ })).toBeEnabled());
    for (const name of [/^立案/, /^派遣/, /^作废/]) expect(within(bar).getByRole('button', { name })).toBeDisabled();
  });
});

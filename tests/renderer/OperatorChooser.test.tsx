import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Operator } from '../../electron/contract';
import { ApiError } from '../../renderer/api/client';
import { App } from '../../renderer/app/App';
import { OPERATORS } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderWithApi } from './renderWithApi';

describe('current operator', () => {
  it('asks who is at the desk on start-up, grouped by role, and remembers the choice', async () => {
    const client = createFakeClient();
    const first = renderWithApi(<App />, client);
    const chooser = await screen.findByRole('dialog', { name: '选择操作员' });
    const groups = within(chooser).getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    expect(groups).toEqual(['监督员', '巡查员', '处置人员', '领导', '管理员']);
    expect(within(chooser).queryByRole('button', { name: '关闭' })).not.toBeInTheDocument();
    expect(within(chooser).queryByText('已离职')).not.toBeInTheDocument();

    fireEvent.click(within(within(chooser).getByRole('region', { name: '巡查员' })).getByRole('button', { name: '周巡查' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '选择操作员' })).not.toBeInTheDocument());
    expect(window.localStorage.getItem('griddesk.operatorId')).toBe('2');
    const badge = screen.getByLabelText('当前操作员');
    expect(badge).toHaveTextContent('周巡查');
    expect(badge).toHaveTextContent('巡查员');

    // Next start: no question, the same operator.
    first.unmount();
    renderWithApi(<App />, createFakeClient());
    expect(await within(await screen.findByLabelText('当前操作员')).findByText('周巡查')).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: '选择操作员' })).not.toBeInTheDocument();
  });

  it('switches through 切换 and can be closed while someone is chosen', async () => {
    window.localStorage.setItem('griddesk.operatorId', '1');
    renderWithApi(<App />, createFakeClient());
    const badge = await screen.findByLabelText('当前操作员');
    await within(badge).findByText('陈监督');
    fireEvent.click(within(badge).getByRole('button', { name: '切换' }));
    const chooser = await screen.findByRole('dialog', { name: '选择操作员' });
    fireEvent.click(within(chooser).getByRole('button', { name: '王建国' }));
    await waitFor(() => expect(within(badge).getByText('王建国')).toBeInTheDocument());
    expect(window.localStorage.getItem('griddesk.operatorId')).toBe('3');
  });

  it('adds a handler linked to a person and uses it at once', async () => {
    const created: Operator = { id: 9, name: '李秀英', role: 'handler', personId: 12, personName: null, isActive: true };
    let list = OPERATORS;
    const create = vi.fn(async () => {
      list = [...OPERATORS, created];
      return created;
    });
    const client = createFakeClient({ overrides: { 'operators:create': create, 'operators:list': vi.fn(async () => list) } });
    renderWithApi(<App />, client);
    const chooser = await screen.findByRole('dialog', { name: '选择操作员' });
    fireEvent.click(within(chooser).getByRole('button', { name: '添加操作员' }));
    const form = await screen.findByRole('dialog', { name: '添加操作员' });

    fireEvent.click(within(form).getByRole('button', { name: '添加并使用' }));
    expect(await within(form).findByText('请填写姓名')).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText(/姓名/), { target: { value: '李秀英' } });
    fireEvent.change(within(form).getByLabelText(/角色/), { target: { value: 'handler' } });
    const person = await within(form).findByLabelText(/关联人员/);
    await waitFor(() => expect(within(person).getByRole('option', { name: /李秀英/ })).toBeInTheDocument());
    fireEvent.change(person, { target: { value: '12' } });
    fireEvent.click(within(form).getByRole('button', { name: '添加并使用' }));

    await waitFor(() => expect(create).toHaveBeenCalledWith({ name: '李秀英', role: 'handler', personId: 12 }));
    await waitFor(() => expect(window.localStorage.getItem('griddesk.operatorId')).toBe('9'));
    expect(await within(screen.getByLabelText('当前操作员')).findByText('处置人员')).toBeInTheDocument();
  });

  it('shows the server refusing a new operator', async () => {
    const client = createFakeClient({
      overrides: { 'operators:create': vi.fn(async () => Promise.reject(new ApiError('conflict', '已有同名操作员：陈监督'))) },
    });
    renderWithApi(<App />, client);
    fireEvent.click(within(await screen.findByRole('dialog', { name: '选择操作员' })).getByRole('button', { name: '添加操作员' }));
    const form = await screen.findByRole('dialog', { name: '添加操作员' });
    fireEvent.change(within(form).getByLabelText(/姓名/), { target: { value: '陈监督' } });
    fireEvent.click(within(form).getByRole('button', { name: '添加并使用' }));
    expect(await within(form).findByText('已有同名操作员：陈监督')).toBeInTheDocument();
  });
});

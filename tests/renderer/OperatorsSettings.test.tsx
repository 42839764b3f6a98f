import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Account } from '../../electron/contract';
import { OperatorsSettings } from '../../renderer/features/operators/OperatorsSettings';
import { OPERATOR, OPERATORS, accountOf } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';

const LOCKED_UNTIL = Date.now() + 10 * 60_000;

const ACCOUNTS: Account[] = OPERATORS.map((o) => ({
  ...accountOf(o.id),
  isActive: o.isActive,
  ...(o.id === OPERATOR.inspector ? { lockedUntil: LOCKED_UNTIL } : {}),
  ...(o.id === OPERATOR.manager ? { hasPassword: false } : {}),
}));

function openOperators() {
  const create = vi.fn(async (input: { name: string; role: Account['role']; secret: string }) => ({ ...accountOf(OPERATOR.supervisor), id: 9, name: input.name, role: input.role }));
  const setActive = vi.fn(async ({ id, isActive }: { id: number; isActive: boolean }) => ({ ...accountOf(id), isActive }));
  const client = createFakeClient({
    overrides: { 'operators:accounts': vi.fn(async () => ACCOUNTS), 'operators:create': create, 'operators:set-active': setActive },
  });
  renderDesk(<OperatorsSettings />, client, { operatorId: OPERATOR.admin });
  return { create, setActive };
}

const row = (name: string) => screen.getByText(name, { selector: '.gd-optable__name' }).closest('tr')!;

describe('operators (administrators)', () => {
  it('lists the accounts with role, password and lock-out state', async () => {
    openOperators();
    await screen.findByRole('table', { name: '操作员账号' });
    expect(row('周巡查')).toHaveTextContent(/巡查员.*已设置.*输错密码锁定至 \d\d:\d\d/);
    expect(row('刘科长')).toHaveTextContent('未设置，不能登录');
    expect(row('已离职')).toHaveTextContent('已停用');
    expect(within(row('已离职')).getByRole('button', { name: '重新启用' })).toBeInTheDocument();
    expect(row('系统管理员')).toHaveTextContent('本人');
    expect(within(row('系统管理员')).getByRole('button', { name: '停用' })).toBeDisabled();
  });

  it('creates an operator with a first password typed twice', async () => {
    const { create } = openOperators();
    fireEvent.click(await screen.findByRole('button', { name: '新建操作员' }));
    const dialog = screen.getByRole('dialog', { name: '新建操作员' });
    fireEvent.change(within(dialog).getByLabelText(/^姓名/), { target: { value: '孙监督' } });
    fireEvent.change(within(dialog).getByLabelText(/^初始密码/), { target: { value: 'Sun-2026x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    expect(await within(dialog).findByText('两次输入的密码不一致')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/再次输入初始密码/), { target: { value: 'Sun-2026x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    await waitFor(() => expect(create).toHaveBeenCalledWith({ name: '孙监督', role: 'supervisor', personId: null, secret: 'Sun-2026x' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '新建操作员' })).not.toBeInTheDocument());
  });

  it('deactivates an operator after saying what it means', async () => {
    const { setActive } = openOperators();
    await screen.findByRole('table', { name: '操作员账号' });
    fireEvent.click(within(row('陈监督')).getByRole('button', { name: '停用' }));
    const dialog = screen.getByRole('dialog', { name: '停用操作员：陈监督' });
    expect(dialog).toHaveTextContent('不能再登录');
    fireEvent.click(within(dialog).getByRole('button', { name: '停用' }));
    await waitFor(() => expect(setActive).toHaveBeenCalledWith({ id: OPERATOR.supervisor, isActive: false }));
  });
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../renderer/api/client';
import { App } from '../../renderer/app/App';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderWithApi } from './renderWithApi';

const LOCKED = '会话已因闲置而锁定：请输入密码解锁';

async function logIn(name: string, secret: string) {
  const form = await screen.findByRole('form', { name: '登录' });
  fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: name } });
  fireEvent.change(within(form).getByLabelText('密码 / PIN'), { target: { value: secret } });
  fireEvent.click(within(form).getByRole('button', { name: '登录' }));
}

const operatorBar = () => screen.getByRole('group', { name: '当前操作员' });

afterEach(() => {
  vi.useRealTimers();
  window.sessionStorage.clear();
});

describe('logging in', () => {
  it('shows the login screen with the demo accounts, refuses a wrong password, logs in, and logs out again', async () => {
    const client = createFakeClient({ loggedInAs: null });
    renderWithApi(<App />, client);

    const demo = await screen.findByRole('complementary', { name: '演示账号（仅供演示）' });
    expect(within(demo).getByRole('group', { name: '监督员' })).toHaveTextContent('陈监督');
    expect(within(demo).getByRole('group', { name: '管理员' })).toHaveTextContent('系统管理员');
    expect(within(demo).queryByText('已离职')).not.toBeInTheDocument();
    expect(demo).toHaveTextContent('密码均为 demo2026');
    expect(screen.queryByRole('navigation', { name: '主导航' })).not.toBeInTheDocument();

    await logIn('陈监督', 'wrong-password');
    expect(await screen.findByRole('alert')).toHaveTextContent('姓名或密码不正确');
    expect(screen.getByLabelText('密码 / PIN')).toHaveValue('');

    await logIn('陈监督', 'demo2026');
    await screen.findByRole('navigation', { name: '主导航' });
    expect(operatorBar()).toHaveTextContent('陈监督');
    expect(operatorBar()).toHaveTextContent('监督员');

    fireEvent.click(within(operatorBar()).getByRole('button', { name: '退出登录' }));
    expect(await screen.findByRole('form', { name: '登录' })).toBeInTheDocument();
    expect(client['session:logout']).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('navigation', { name: '主导航' })).not.toBeInTheDocument();
  });

  it('creates the first administrator on an empty database, who then sees where the grids come from', async () => {
    const client = createFakeClient({ isEmpty: true });
    renderWithApi(<App />, client);
    fireEvent.click(await screen.findByRole('button', { name: /创建管理员…/ }));
    const form = screen.getByRole('form', { name: '创建管理员' });
    fireEvent.change(within(form).getByLabelText(/管理员姓名/), { target: { value: '李管理' } });
    fireEvent.change(within(form).getByLabelText(/^密码/), { target: { value: 'Fr0ng-2026' } });
    fireEvent.change(within(form).getByLabelText(/再次输入密码/), { target: { value: 'Fr0ng-2027' } });
    fireEvent.click(within(form).getByRole('button', { name: '创建管理员并登录' }));
    expect(await within(form).findByText('两次输入的密码不一致')).toBeInTheDocument();
    expect(client['session:setup']).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText(/再次输入密码/), { target: { value: 'Fr0ng-2026' } });
    fireEvent.click(within(form).getByRole('button', { name: '创建管理员并登录' }));
    expect(await screen.findByRole('heading', { name: '还没有网格' })).toBeInTheDocument();
    expect(client['session:setup']).toHaveBeenCalledWith({ name: '李管理', secret: 'Fr0ng-2026' });
    expect(operatorBar()).toHaveTextContent('李管理');
    expect(operatorBar()).toHaveTextContent('管理员');
    expect(screen.getByRole('link', { name: '去导入网格边界' })).toHaveAttribute('href', '#/import');
  });

  it('asks for an administrator when the database holds data but nobody can administer it', async () => {
    const base = createFakeClient({ loggedInAs: null });
    const status = vi.fn(async () => ({ ...(await base['session:status']({})), needsSetup: true, demo: null }));
    renderWithApi(<App />, { ...base, 'session:status': status });
    expect(await screen.findByRole('heading', { name: '创建管理员' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: '创建管理员' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: '登录' })).not.toBeInTheDocument();
  });

  it('changes one’s own password', async () => {
    const change = vi.fn(async () => null);
    renderWithApi(<App />, createFakeClient({ overrides: { 'session:change-password': change } }));
    await screen.findByRole('navigation', { name: '主导航' });
    fireEvent.click(within(operatorBar()).getByRole('button', { name: '修改密码' }));
    const dialog = screen.getByRole('dialog', { name: '修改密码' });
    fireEvent.change(within(dialog).getByLabelText(/^当前密码/), { target: { value: 'demo2026' } });
    fireEvent.change(within(dialog).getByLabelText(/^新密码/), { target: { value: 'Chen-2026x' } });
    fireEvent.change(within(dialog).getByLabelText(/^再次输入新密码/), { target: { value: 'Chen-2026x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存新密码' }));
    await waitFor(() => expect(change).toHaveBeenCalledWith({ current: 'demo2026', next: 'Chen-2026x' }));
    expect(await screen.findByText('密码已修改')).toBeInTheDocument();
  });

  it('shows the login screen when a call finds the session ended', async () => {
    const base = createFakeClient();
    const list = vi.fn(async () => {
      await base['session:logout']({}); // the host ended it (expired, deactivated, role changed)
      throw new ApiError('unauthorized', '登录已过期：请重新登录');
    });
    window.location.hash = '#/cases';
    renderWithApi(<App />, { ...base, 'incidents:list': list });
    expect(await screen.findByRole('form', { name: '登录' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: '主导航' })).not.toBeInTheDocument();
  });
});

describe('the lock screen', () => {
  /** The desk with the new-case form open and a description typed into it. */
  async function deskWithTypedForm(options: { idleLockMinutes?: number } = {}) {
    const client = createFakeClient(options);
    window.location.hash = '#/cases/new';
    renderWithApi(<App />, client);
    const dialog = await screen.findByRole('dialog', { name: '新建案件' });
    const description = within(dialog).getByLabelText(/问题描述/);
    fireEvent.change(description, { target: { value: '人行道上堆放装修垃圾，约两立方' } });
    return { client, dialog, description };
  }

  it('locks after the idle time over the page, keeps the typed text, and unlocks with the password', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { client, description } = await deskWithTypedForm({ idleLockMinutes: 1 });

    act(() => {
      vi.advanceTimersByTime(30_000);
      fireEvent.keyDown(window, { key: 'a' }); // someone is at the desk: the clock starts again
      vi.advanceTimersByTime(45_000);
    });
    expect(screen.queryByRole('dialog', { name: '工作台已锁定' })).not.toBeInTheDocument();

    act(() => {
      vi.advanceTimersByTime(20_000);
    });
    const lock = await screen.findByRole('dialog', { name: '工作台已锁定' });
    expect(lock).toHaveTextContent('陈监督');
    expect(client['session:lock']).toHaveBeenCalledTimes(1);
    // The page is still there underneath, out of reach, with what was typed.
    expect(description).toHaveValue('人行道上堆放装修垃圾，约两立方');
    expect(description.closest('[inert]')).not.toBeNull();

    fireEvent.change(within(lock).getByLabelText('密码 / PIN'), { target: { value: 'not-it' } });
    fireEvent.click(within(lock).getByRole('button', { name: '解锁' }));
    expect(await within(lock).findByRole('alert')).toHaveTextContent('姓名或密码不正确');

    fireEvent.change(within(lock).getByLabelText('密码 / PIN'), { target: { value: 'demo2026' } });
    fireEvent.click(within(lock).getByRole('button', { name: '解锁' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '工作台已锁定' })).not.toBeInTheDocument());
    expect(client['session:unlock']).toHaveBeenLastCalledWith({ secret: 'demo2026' });
    expect(screen.getByLabelText(/问题描述/)).toHaveValue('人行道上堆放装修垃圾，约两立方');
    expect(screen.getByLabelText(/问题描述/).closest('[inert]')).toBeNull();
  });

  it('never locks by itself when the idle time is 0, and locks at once from the top bar', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { description } = await deskWithTypedForm({ idleLockMinutes: 0 });
    act(() => {
      vi.advanceTimersByTime(8 * 3_600_000);
    });
    expect(screen.queryByRole('dialog', { name: '工作台已锁定' })).not.toBeInTheDocument();

    vi.useRealTimers();
    fireEvent.click(within(operatorBar()).getByRole('button', { name: '锁定' }));
    expect(await screen.findByRole('dialog', { name: '工作台已锁定' })).toBeInTheDocument();
    expect(description).toHaveValue('人行道上堆放装修垃圾，约两立方');
  });

  it('shows the same lock screen when a call finds the session locked, and asks again what failed once unlocked', async () => {
    window.location.hash = '#/map';
    const base = createFakeClient();
    let isLocked = true;
    const tree = vi.fn(async () => {
      if (isLocked) {
        await base['session:lock']({});
        throw new ApiError('unauthorized', LOCKED);
      }
      return base['grids:tree']({});
    });
    const unlock = vi.fn(async (input: { secret: string }) => {
      const answer = await base['session:unlock'](input);
      isLocked = false;
      return answer;
    });
    renderWithApi(<App />, { ...base, 'grids:tree': tree, 'session:unlock': unlock });
    const lock = await screen.findByRole('dialog', { name: '工作台已锁定' });
    expect(screen.queryByRole('form', { name: '登录' })).not.toBeInTheDocument();

    fireEvent.change(within(lock).getByLabelText('密码 / PIN'), { target: { value: 'demo2026' } });
    fireEvent.click(within(lock).getByRole('button', { name: '解锁' }));
    expect(await screen.findByRole('tree', { name: '网格树' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: '工作台已锁定' })).not.toBeInTheDocument();
  });
});

describe('settings by role', () => {
  it('offers a supervisor no administrator tabs and the calendar and categories read-only', async () => {
    window.location.hash = '#/settings';
    renderWithApi(<App />, createFakeClient({ loggedInAs: OPERATOR.supervisor }));
    const tabs = await screen.findByRole('tablist', { name: '设置项' });
    expect(within(tabs).getAllByRole('tab').map((t) => t.textContent)).toEqual(['工作日历', '案件类别与时限', '催办督办']);
    expect(screen.getByText('只读：修改工作日历需管理员')).toBeInTheDocument();
  });

  it('offers a manager the settings log, and an administrator every tab', async () => {
    window.location.hash = '#/settings';
    const view = renderWithApi(<App />, createFakeClient({ loggedInAs: OPERATOR.manager }));
    let tabs = await screen.findByRole('tablist', { name: '设置项' });
    expect(within(tabs).getAllByRole('tab').map((t) => t.textContent)).toEqual(['工作日历', '案件类别与时限', '催办督办', '设置记录']);
    view.unmount();

    renderWithApi(<App />, createFakeClient({ loggedInAs: OPERATOR.admin }));
    tabs = await screen.findByRole('tablist', { name: '设置项' });
    expect(within(tabs).getAllByRole('tab').map((t) => t.textContent)).toEqual(['工作日历', '案件类别与时限', '催办督办', '操作员', '安全', '设置记录', '备份', '多席位']);
    expect(screen.queryByText(/只读/)).not.toBeInTheDocument();
  });

  it('says which role is needed when a supervisor opens an administrator page by its address', async () => {
    window.location.hash = '#/settings?tab=operators';
    const forbidden = vi.fn(async () => {
      throw new ApiError('forbidden', '操作员「陈监督」（监督员）不能执行此操作：需管理员');
    });
    renderWithApi(<App />, createFakeClient({ loggedInAs: OPERATOR.supervisor, overrides: { 'operators:accounts': forbidden } }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('读取操作员失败：没有权限执行此操作');
    expect(alert).toHaveTextContent('需管理员');
    // Refused, not logged out.
    expect(operatorBar()).toHaveTextContent('陈监督');
  });
});

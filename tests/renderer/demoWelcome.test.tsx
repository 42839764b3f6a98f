/**
 * A new user's first minutes: an empty database offers the demo district; once it is loaded nobody is asked
 * to create anyone — whoever loaded it is taken in as its first supervisor, on the map; later, the login screen
 * lists the demo accounts and one button enters the demo.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App';
import { createFakeClient, DEMO_ACCOUNTS, FAKE_PASSWORD } from './fixtures';
import { renderWithApi } from './renderWithApi';

describe('the demo district on first start', () => {
  it('says what the welcome offers as it is today: the import page and its formats, no promise of later versions', async () => {
    renderWithApi(<App />, createFakeClient({ isEmpty: true }));
    const welcome = await screen.findByRole('region', { name: '欢迎使用 GridDesk' });
    expect(welcome).toHaveTextContent('在“导入”页导入本区的网格边界（GeoJSON 或 Shapefile）');
    expect(welcome).toHaveTextContent('在“导入”页导入以往的巡查日志和 12345 工单');
    expect(welcome).toHaveTextContent('各角色的演示账号');
    expect(welcome.textContent).not.toMatch(/即将|后续版本/);
  });

  it('after loading the demo, goes straight in as its first supervisor, on the map, without creating anyone', async () => {
    window.location.hash = '';
    const client = createFakeClient({ isEmpty: true });
    renderWithApi(<App />, client);
    fireEvent.click(await screen.findByRole('button', { name: '载入演示城区（芙蓉区，214 个网格）' }));

    await screen.findByRole('navigation', { name: '主导航' });
    const supervisor = DEMO_ACCOUNTS.find((a) => a.role === 'supervisor')!.name;
    expect(client['session:login']).toHaveBeenCalledExactlyOnceWith({ name: supervisor, secret: FAKE_PASSWORD });
    expect(client['session:setup']).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: '当前操作员' })).toHaveTextContent(supervisor);
    expect(window.location.hash).toBe('#/map');
  });

  it('on the demo login screen, enters it in one click as the first supervisor', async () => {
    const client = createFakeClient({ loggedInAs: null });
    renderWithApi(<App />, client);
    const demo = await screen.findByRole('complementary', { name: '演示账号（仅供演示）' });
    expect(screen.queryByRole('form', { name: '创建管理员' })).not.toBeInTheDocument();
    const supervisor = DEMO_ACCOUNTS.find((a) => a.role === 'supervisor')!.name;
    fireEvent.click(within(demo).getByRole('button', { name: `直接进入演示（以监督员「${supervisor}」登录）` }));

    await screen.findByRole('navigation', { name: '主导航' });
    expect(client['session:login']).toHaveBeenCalledExactlyOnceWith({ name: supervisor, secret: FAKE_PASSWORD });
    expect(screen.getByRole('group', { name: '当前操作员' })).toHaveTextContent(supervisor);
  });

  it('still lets a name fill the form for any other role', async () => {
    const client = createFakeClient({ loggedInAs: null });
    renderWithApi(<App />, client);
    const demo = await screen.findByRole('complementary', { name: '演示账号（仅供演示）' });
    const manager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!.name;
    fireEvent.click(within(within(demo).getByRole('group', { name: '领导' })).getByRole('button', { name: manager }));
    expect(screen.getByLabelText('姓名')).toHaveValue(manager);
    expect(screen.getByLabelText('密码 / PIN')).toHaveValue(FAKE_PASSWORD);
    expect(client['session:login']).not.toHaveBeenCalled();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../renderer/api/client';
import { App } from '../../renderer/app/App';
import { appInfo, createFakeClient } from './fixtures';
import { renderWithApi } from './renderWithApi';

describe('App shell', () => {
  it('shows the product, the unit, the demo badge, the database path and the counts', async () => {
    renderWithApi(<App />, createFakeClient());
    const banner = await screen.findByRole('banner');
    expect(banner).toHaveTextContent('GridDesk 网格案件管理');
    expect(await within(banner).findByText('长沙市芙蓉区城市管理网格化指挥中心')).toBeInTheDocument();
    expect(within(banner).getByText('演示数据')).toBeInTheDocument();
    expect(within(banner).getByText('/home/griddesk/芙蓉区/griddesk.sqlite')).toBeInTheDocument();
    const status = screen.getByRole('contentinfo');
    expect(status).toHaveTextContent('网格 6');
    expect(status).toHaveTextContent('人员 18');
    expect(status).toHaveTextContent('案件 40');
  });

  it('has no demo badge on a real database', async () => {
    const client = createFakeClient({ overrides: { 'app:info': vi.fn(async () => appInfo({ demo: null })) } });
    renderWithApi(<App />, client);
    await screen.findByRole('navigation', { name: '主导航' });
    expect(screen.queryByText('演示数据')).not.toBeInTheDocument();
  });

  it('renders the navigation and switches pages through the hash route', async () => {
    window.location.hash = '#/map';
    renderWithApi(<App />, createFakeClient());
    const nav = await screen.findByRole('navigation', { name: '主导航' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['我的待办', '地图', '案件', '人员', '导入', '统计', '巡查', '考核', '周报', '设置']);
    expect(within(nav).getByRole('link', { name: '地图' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('tree', { name: '网格树' })).toBeInTheDocument();

    window.location.hash = '#/cases';
    expect(await screen.findByRole('heading', { name: '案件' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: '案件列表' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: '案件' })).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByRole('tree')).not.toBeInTheDocument();

    fireEvent.click(within(nav).getByRole('link', { name: '人员' }));
    expect(await screen.findByRole('heading', { name: '人员' })).toBeInTheDocument();

    fireEvent.click(within(nav).getByRole('link', { name: '统计' }));
    expect(await screen.findByRole('heading', { name: '统计' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: '统计' })).toHaveAttribute('aria-current', 'page');

    fireEvent.click(within(nav).getByRole('link', { name: '周报' }));
    expect(await screen.findByRole('heading', { name: '周报' })).toBeInTheDocument();

    window.location.hash = '#/settings';
    expect(await screen.findByRole('heading', { name: '设置' })).toBeInTheDocument();

    window.location.hash = '#/import';
    expect(await screen.findByRole('heading', { name: '导入' })).toBeInTheDocument();

    window.location.hash = '#/map';
    expect(await screen.findByRole('tree', { name: '网格树' })).toBeInTheDocument();
  });

  it('offers the demo district on an empty database, then the login screen with its demo accounts, then the desk', async () => {
    window.location.hash = '#/map';
    let finishLoad: () => void = () => {};
    const base = createFakeClient({ isEmpty: true });
    const demoLoad = vi.fn(
      (input: Parameters<typeof base['demo:load']>[0]) =>
        new Promise<Awaited<ReturnType<typeof base['demo:load']>>>((resolve) => {
          finishLoad = () => resolve(base['demo:load'](input));
        }),
    );
    const client = { ...base, 'demo:load': demoLoad };
    renderWithApi(<App />, client);

    const button = await screen.findByRole('button', { name: '载入演示城区（芙蓉区，214 个网格）' });
    expect(screen.getByRole('button', { name: /创建管理员/ })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: '主导航' })).not.toBeInTheDocument();

    fireEvent.click(button);
    expect(button).toBeDisabled();
    expect(await screen.findByText(/正在生成演示城区/)).toBeInTheDocument();
    expect(demoLoad).toHaveBeenCalledWith({});

    finishLoad();
    // Whoever loaded the demo goes straight in as its first supervisor, on the map.
    expect(await screen.findByRole('tree', { name: '网格树' })).toBeInTheDocument();
    expect(client['session:login']).toHaveBeenCalledWith({ name: '陈监督', secret: 'demo2026' });
    expect(demoLoad).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('navigation', { name: '主导航' })).toBeInTheDocument();
    expect(screen.getByText('演示数据')).toBeInTheDocument();
  });

  it('shows a failed demo load inline and lets the user retry', async () => {
    const demoLoad = vi
      .fn()
      .mockRejectedValueOnce(new ApiError('database', '数据库文件是只读的'))
      .mockResolvedValueOnce({ grids: 6, persons: 18, duties: 24, incidents: 40, events: 120, seed: 1, until: '2017-06-30' });
    const client = createFakeClient({ isEmpty: true, overrides: { 'demo:load': demoLoad } });
    renderWithApi(<App />, client);

    fireEvent.click(await screen.findByRole('button', { name: /载入演示城区/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('载入演示城区失败');
    expect(alert).toHaveTextContent('数据库无法使用');
    expect(alert).toHaveTextContent('数据库文件是只读的');

    fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    await waitFor(() => expect(demoLoad).toHaveBeenCalledTimes(2));
  });

  it('shows an inline error, not a blank screen, when the first call fails', async () => {
    const info = vi
      .fn()
      .mockRejectedValueOnce(new ApiError('unauthorized', '缺少或错误的访问令牌'))
      .mockResolvedValueOnce(appInfo());
    renderWithApi(<App />, createFakeClient({ overrides: { 'app:info': info } }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('身份验证未通过');
    expect(alert).toHaveTextContent('缺少或错误的访问令牌');

    fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('navigation', { name: '主导航' })).toBeInTheDocument();
  });

  it('shows an error in the tree panel when the tree cannot be read, and keeps the map', async () => {
    window.location.hash = '#/map';
    const client = createFakeClient({
      overrides: { 'grids:tree': vi.fn(async () => Promise.reject(new ApiError('internal', '统计在办案件时出错'))) },
    });
    renderWithApi(<App />, client);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('读取网格树失败');
    expect(alert).toHaveTextContent('统计在办案件时出错');
    expect(screen.getByRole('region', { name: '网格地图' })).toBeInTheDocument();
  });
});

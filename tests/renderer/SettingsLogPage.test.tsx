import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient, LoginLogEntry, SettingsLogEntry } from '../../electron/contract';
import { describeChange } from '../../renderer/features/settingsLog/describeChange';
import { SettingsLogPage } from '../../renderer/features/settingsLog/SettingsLogPage';
import { CATEGORIES, OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';

const AT = Date.parse('2026-11-24T09:30:00+08:00');
const garbage = CATEGORIES.find((c) => c.id === 2)!;

const ENTRIES: SettingsLogEntry[] = [
  {
    id: 3,
    at: AT + 3_600_000,
    operatorId: 5,
    actorName: '系统管理员',
    action: 'category.update',
    target: `类别「${garbage.name}」（${garbage.code}）`,
    before: { ...garbage, handlingLimit: 4, handlingUnit: 'wh' },
    after: { ...garbage, handlingLimit: 2, handlingUnit: 'wd' },
    note: null,
  },
  {
    id: 2,
    at: AT,
    operatorId: 5,
    actorName: '系统管理员',
    action: 'security.idle-lock',
    target: '闲置锁定时间（分钟）',
    before: 15,
    after: 5,
    note: null,
  },
  {
    id: 1,
    at: AT - 86_400_000,
    operatorId: 5,
    actorName: '系统管理员',
    action: 'operator.create',
    target: '操作员「周巡查」',
    before: null,
    after: { name: '周巡查', role: 'inspector', roleLabel: '巡查员', personId: null },
    note: null,
  },
];

const LOGINS: LoginLogEntry[] = [
  { id: 9, at: AT, name: '陈监督', operatorId: 1, address: '127.0.0.1', outcome: 'wrong-secret' },
  { id: 8, at: AT - 60_000, name: '系统管理员', operatorId: 5, address: '127.0.0.1', outcome: 'ok' },
];

function openLog(operatorId: number, overrides: Partial<ApiClient> = {}) {
  const log = vi.fn(async () => ({ items: ENTRIES, total: ENTRIES.length }));
  const logins = vi.fn(async () => LOGINS);
  const client = createFakeClient({ overrides: { 'settings:log': log, 'settings:login-log': logins, ...overrides } });
  renderDesk(<SettingsLogPage />, client, { operatorId });
  return { log, logins };
}

const lastInput = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1)![0] as Record<string, unknown>;

describe('settings log', () => {
  it('lists who changed what, with the values before and after in words', async () => {
    openLog(OPERATOR.admin);
    const table = await screen.findByRole('table', { name: '设置记录列表' });
    const [category, idle, created] = within(table).getAllByRole('row').slice(1);
    expect(category).toHaveTextContent('2026-11-24 10:30');
    expect(category).toHaveTextContent('系统管理员');
    expect(category).toHaveTextContent(`类别「${garbage.name}」`);
    // Only what changed, the limit and its unit read together.
    expect(within(category!).getByText('处置时限')).toBeInTheDocument();
    expect(within(category!).getByText('4 工作小时')).toHaveClass('gd-change__before');
    expect(within(category!).getByText('2 工作日')).toHaveClass('gd-change__after');
    expect(category).not.toHaveTextContent('启用');
    expect(idle).toHaveTextContent('15→5');
    expect(created).toHaveTextContent('姓名周巡查');
    expect(created).toHaveTextContent('角色巡查员');
    expect(created).not.toHaveTextContent('roleLabel');
    expect(created).not.toHaveTextContent('关联人员'); // created without one: not worth a line
    expect(screen.getByText('共 3 条')).toBeInTheDocument();
  });

  it('filters by action, operator, date range and text', async () => {
    const { log } = openLog(OPERATOR.admin);
    await screen.findByRole('table', { name: '设置记录列表' });
    expect(lastInput(log)).toEqual({ limit: 100 });
    const filters = screen.getByRole('search', { name: '筛选设置记录' });

    fireEvent.change(within(filters).getByRole('combobox', { name: '操作' }), { target: { value: 'category.update' } });
    await waitFor(() => expect(lastInput(log)).toEqual({ limit: 100, action: 'category.update' }));

    await waitFor(() => expect(within(filters).getByRole('option', { name: /陈监督/ })).toBeInTheDocument());
    fireEvent.change(within(filters).getByRole('combobox', { name: '操作员' }), { target: { value: String(OPERATOR.admin) } });
    await waitFor(() => expect(lastInput(log)).toMatchObject({ operatorId: OPERATOR.admin }));

    fireEvent.change(within(filters).getByLabelText('开始日期'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(filters).getByLabelText('结束日期'), { target: { value: '2026-11-30' } });
    await waitFor(() =>
      expect(lastInput(log)).toMatchObject({
        from: Date.parse('2026-11-01T00:00:00+08:00'),
        to: Date.parse('2026-12-01T00:00:00+08:00'),
      }),
    );

    fireEvent.change(within(filters).getByRole('searchbox'), { target: { value: ' 暴露垃圾 ' } });
    await waitFor(() => expect(lastInput(log)).toMatchObject({ text: '暴露垃圾' }));

    fireEvent.click(within(filters).getByRole('button', { name: '清除筛选' }));
    // The unfiltered answer is still in the cache: shown again without asking.
    await waitFor(() => expect(within(filters).getByRole('combobox', { name: '操作' })).toHaveValue(''));
    expect(within(filters).getByRole('searchbox')).toHaveValue('');
    expect(within(filters).getByLabelText('开始日期')).toHaveValue('');
    expect(within(screen.getByRole('table', { name: '设置记录列表' })).getAllByRole('row')).toHaveLength(4);
  });

  it('says when the date range is backwards instead of asking', async () => {
    const { log } = openLog(OPERATOR.admin);
    await screen.findByRole('table', { name: '设置记录列表' });
    const filters = screen.getByRole('search', { name: '筛选设置记录' });
    fireEvent.change(within(filters).getByLabelText('结束日期'), { target: { value: '2026-11-01' } });
    await waitFor(() => expect(lastInput(log)).toMatchObject({ to: Date.parse('2026-11-02T00:00:00+08:00') }));
    const calls = log.mock.calls.length;
    fireEvent.change(within(filters).getByLabelText('开始日期'), { target: { value: '2026-11-30' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('结束日期早于开始日期');
    expect(log.mock.calls.length).toBe(calls);
  });

  it('shows the login log to an administrator, and not to a manager', async () => {
    const { logins } = openLog(OPERATOR.admin);
    fireEvent.click(await screen.findByRole('button', { name: '登录记录' }));
    const table = await screen.findByRole('table', { name: '登录记录列表' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('陈监督密码错误127.0.0.1');
    expect(logins).toHaveBeenCalledWith({ limit: 200 });
  });

  it('offers a manager the settings log without the login log', async () => {
    const { logins } = openLog(OPERATOR.manager);
    await screen.findByRole('table', { name: '设置记录列表' });
    expect(screen.queryByRole('button', { name: '登录记录' })).not.toBeInTheDocument();
    expect(logins).not.toHaveBeenCalled();
  });
});

describe('describeChange', () => {
  it('names a single value, a created record, periods, and a change with nothing recorded', () => {
    expect(describeChange('security.separation', true, false)).toEqual([{ label: '', before: '开启', after: '关闭' }]);
    expect(describeChange('calendar.periods', [{ start: '08:30', end: '12:00' }], [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '17:30' }])).toEqual([
      { label: '', before: '08:30–12:00', after: '08:00–12:00、14:00–17:30' },
    ]);
    expect(describeChange('operator.role', { role: 'supervisor' }, { role: 'admin' })).toEqual([{ label: '角色', before: '监督员', after: '管理员' }]);
    expect(describeChange('operator.password-reset', null, null)).toEqual([]);
    expect(describeChange('backup.settings', { enabled: true, folder: '/a', folderIsDefault: true, keepDaily: 7 }, { enabled: false, folder: '/b', folderIsDefault: false, keepDaily: 7 })).toEqual([
      { label: '自动备份', before: '开启', after: '关闭' },
      { label: '备份文件夹', before: '/a', after: '/b' },
    ]);
  });
});

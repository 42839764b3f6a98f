/**
 * 设置 → 催办督办 against the real host: the default ladder edited, saved and read back; a ladder out of
 * order refused with the host's own words and nothing stored; a category's own ladder and back to the
 * default; read-only for roles that may not change it; the 签收 limit (0 refused); running the clock now.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IncidentDetail, LadderSettings } from '../../electron/contract';
import { DEFAULT_LADDER } from '../../electron/contract';
import { SettingsPage } from '../../renderer/features/settings/SettingsPage';
import { realHost, type RealHost } from './realHost';

function openTab(host: RealHost, operatorId: number) {
  window.location.hash = '#/settings?tab=supervision';
  return host.renderAs(<SettingsPage />, operatorId);
}

const loggedLadderChanges = (host: RealHost) => host.f.db.prepare(`SELECT count(*) FROM settings_log WHERE action = 'supervision.ladder'`).pluck().get();

describe('设置 → 催办督办: the default ladder', () => {
  it('a supervisor edits the default ladder, saves it, and a fresh page shows what the host stored', async () => {
    const host = realHost();
    const view = openTab(host, host.f.operators.supervisor);
    const table = await screen.findByRole('table', { name: '默认规则' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + DEFAULT_LADDER.rungs.length);
    expect(within(table).getByLabelText('第 1 级 百分比')).toHaveValue('75');
    expect(within(table).getByLabelText('第 3 级 时长')).toHaveValue('1');
    expect(within(table).getByLabelText('第 3 级 时长单位')).toHaveValue('wd');
    expect(within(table).getByLabelText('第 4 级 通知对象')).toHaveValue('district');

    const save = screen.getByRole('button', { name: '保存默认规则' });
    expect(save).toBeDisabled();
    fireEvent.change(within(table).getByLabelText('第 1 级 百分比'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: '添加一级' }));
    expect(within(table).getByLabelText('第 5 级 时长')).toHaveValue('3');
    fireEvent.change(within(table).getByLabelText('第 5 级 时长'), { target: { value: '5' } });
    fireEvent.click(save);

    expect(await screen.findByText('默认催办督办规则已保存')).toBeInTheDocument();
    const stored = (await host.ok<LadderSettings>('supervision:ladders', {})).default;
    expect(stored.rungs).toHaveLength(5);
    expect(stored.rungs[0]).toEqual({ level: 'warning', at: { kind: 'share', value: 0.6 }, notify: 'assignee' });
    expect(stored.rungs[4]).toEqual({ level: 'supervise', at: { kind: 'after', value: 5, unit: 'wd' }, notify: 'district' });
    expect(loggedLadderChanges(host)).toBe(1);

    view.unmount();
    openTab(host, host.f.operators.supervisor);
    const again = await screen.findByRole('table', { name: '默认规则' });
    expect(within(again).getByLabelText('第 1 级 百分比')).toHaveValue('60');
    expect(within(again).getByLabelText('第 5 级 时长')).toHaveValue('5');
    expect(screen.getByRole('button', { name: '保存默认规则' })).toBeDisabled();
  });

  it('a ladder out of order shows the host’s reason and nothing is stored or logged', async () => {
    const host = realHost();
    openTab(host, host.f.operators.admin);
    const table = await screen.findByRole('table', { name: '默认规则' });
    // The first rung moved past the deadline, after the 督办 rungs that follow it.
    fireEvent.change(within(table).getByLabelText('第 1 级 触发方式'), { target: { value: 'after' } });
    fireEvent.change(within(table).getByLabelText('第 1 级 时长'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: '保存默认规则' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('保存默认规则失败');
    expect(alert).toHaveTextContent('第 2 级 催办（期限的 100%，网格长） 不晚于第 1 级 预警（超期 3 个工作日，责任人）：各级须按时间先后排列');
    expect((await host.ok<LadderSettings>('supervision:ladders', {})).default).toEqual(DEFAULT_LADDER);
    expect(loggedLadderChanges(host)).toBe(0);
    // What was typed stays, to be put right; changing it clears the refusal.
    expect(within(table).getByLabelText('第 1 级 时长')).toHaveValue('3');
    fireEvent.click(screen.getByRole('button', { name: '撤销' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(within(table).getByLabelText('第 1 级 百分比')).toHaveValue('75');
  });

  it('a category gets its own ladder and goes back to the default', async () => {
    const host = realHost();
    const garbage = host.f.categories.garbage;
    openTab(host, host.f.operators.supervisor);
    expect(await screen.findByText('目前所有小类都使用默认规则')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('小类'), { target: { value: String(garbage) } });
    const mode = screen.getByRole('group', { name: '「暴露垃圾」的规则' });
    expect(within(mode).getByRole('button', { name: '使用默认规则' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('table', { name: '「暴露垃圾」使用的默认规则' })).toHaveTextContent('时限已过 75%');

    fireEvent.click(within(mode).getByRole('button', { name: '单独设置' }));
    const own = screen.getByRole('table', { name: '「暴露垃圾」的规则' });
    fireEvent.change(within(own).getByLabelText('第 1 级 百分比'), { target: { value: '50' } });
    fireEvent.click(within(own).getByRole('button', { name: '删除第 4 级' }));
    fireEvent.click(screen.getByRole('button', { name: '保存「暴露垃圾」的规则' }));
    expect(await screen.findByText('「暴露垃圾」的催办督办规则已保存')).toBeInTheDocument();
    const stored = await host.ok<LadderSettings>('supervision:ladders', {});
    expect(stored.categories[String(garbage)]?.rungs).toHaveLength(3);
    expect(stored.categories[String(garbage)]?.rungs[0]?.at).toEqual({ kind: 'share', value: 0.5 });
    expect(stored.default).toEqual(DEFAULT_LADDER);
    expect(await screen.findByRole('button', { name: '暴露垃圾' })).toBeInTheDocument(); // listed under 已单独设置

    fireEvent.click(within(screen.getByRole('group', { name: '「暴露垃圾」的规则' })).getByRole('button', { name: '使用默认规则' }));
    fireEvent.click(screen.getByRole('button', { name: '恢复「暴露垃圾」使用默认规则' }));
    expect(await screen.findByText('「暴露垃圾」已恢复使用默认规则')).toBeInTheDocument();
    expect((await host.ok<LadderSettings>('supervision:ladders', {})).categories).toEqual({});
    expect(loggedLadderChanges(host)).toBe(2);
  });

  it('roles that may not change the ladder read it without controls', async () => {
    const host = realHost();
    openTab(host, host.f.operators.manager);
    const table = await screen.findByRole('table', { name: '默认规则' });
    expect(within(table).queryByRole('combobox')).not.toBeInTheDocument();
    expect(within(table).queryByRole('textbox')).not.toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('预警时限已过 75%责任人');
    expect(rows[2]).toHaveTextContent('督办超期后 1 个工作日街道');
    expect(screen.getByText('只读：修改催办督办需监督员、管理员')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保存/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '立即运行催办检查' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '添加一级' })).not.toBeInTheDocument();
    expect(await screen.findByLabelText('签收时限')).toBeDisabled();
  });
});

describe('设置 → 催办督办: the 12345 limits', () => {
  it('shows the 签收 limit with the callback rules read-only, refuses 0 with the host’s message, and saves a new limit', async () => {
    const host = realHost();
    openTab(host, host.f.operators.supervisor);
    const card = await screen.findByRole('region', { name: '12345 工单时限' });
    const value = await within(card).findByLabelText('签收时限');
    expect(value).toHaveValue('2');
    expect(within(card).getByLabelText('签收时限单位')).toHaveValue('wh');
    expect(card).toHaveTextContent('回访时限1 工作日');
    expect(card).toHaveTextContent('最多回访次数3 次');

    fireEvent.change(value, { target: { value: '0' } });
    fireEvent.click(within(card).getByRole('button', { name: '保存' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('签收时限必须大于 0：收到 0');
    expect((await host.ok<{ ackLimit: unknown }>('hotline:settings', {})).ackLimit).toEqual({ value: 2, unit: 'wh' });

    fireEvent.change(value, { target: { value: '1' } });
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
    fireEvent.change(within(card).getByLabelText('签收时限单位'), { target: { value: 'wd' } });
    fireEvent.click(within(card).getByRole('button', { name: '保存' }));
    expect(await screen.findByText('签收时限已保存')).toBeInTheDocument();
    expect((await host.ok<{ ackLimit: unknown }>('hotline:settings', {})).ackLimit).toEqual({ value: 1, unit: 'wd' });
    expect(host.f.db.prepare(`SELECT count(*) FROM settings_log WHERE action = 'hotline.ack-limit'`).pluck().get()).toBe(1);
  });
});

describe('设置 → 催办督办: running the clock now', () => {
  it('writes the rungs that came due and says how many', async () => {
    const host = realHost('2026-11-24T09:00');
    const c = await host.ok<IncidentDetail>('incidents:create', { categoryId: host.f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, source: 'patrol' });
    const registered = await host.ok<IncidentDetail>('incidents:transition', { incidentId: c.id, action: 'register', expectedVersion: c.version });
    await host.ok<IncidentDetail>('incidents:transition', { incidentId: registered.id, action: 'dispatch', expectedVersion: registered.version });
    host.at('2026-11-27T16:00'); // days past the handling deadline: every rung of the default ladder is due
    openTab(host, host.f.operators.supervisor);
    fireEvent.click(await screen.findByRole('button', { name: '立即运行催办检查' }));
    const written = await waitFor(() => {
      const n = host.f.db.prepare(`SELECT count(*) FROM incident_events WHERE action IN ('warn', 'urge', 'supervise')`).pluck().get() as number;
      expect(n).toBeGreaterThan(0);
      return n;
    });
    expect(await screen.findByText(`催办检查完成：写入 ${written} 条催办督办记录`)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '立即运行催办检查' }));
    expect(await screen.findByText('催办检查完成：没有新到期的催办督办')).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OperatorContext } from '../../../renderer/features/session/sessionContext';
import { StatsPage } from '../../../renderer/features/stats/StatsPage';
import { OPERATOR, accountOf } from '../deskFixtures';
import { EAST_STREET_CODE, WEST_STREET_CODE } from '../fixtures';
import { renderWithApi } from '../renderWithApi';
import { createStatsClient, weekReport } from './statsFixtures';

// ECharts needs a real layout engine; the charts' data is checked through their table views.
vi.mock('../../../renderer/features/stats/EChart', () => ({
  EChart: ({ ariaLabel }: { ariaLabel: string }) => <div role="img" aria-label={ariaLabel} />,
}));

/** The page as an administrator sees it (the counting rule can be switched). */
function renderStats(query = 'week=2026-W47', client = createStatsClient()) {
  const onNavigate = vi.fn();
  const view = renderWithApi(
    <OperatorContext value={accountOf(OPERATOR.admin)}>
      <StatsPage query={new URLSearchParams(query)} onNavigate={onNavigate} />
    </OperatorContext>,
    client,
  );
  return { client, onNavigate, view };
}

const card = (name: string) => screen.getByRole('group', { name });

afterEach(() => {
  vi.useRealTimers();
});

describe('StatsPage', () => {
  it('requests the week and area named in the address, with the 12-week trend up to that week', async () => {
    const { client } = renderStats(`week=2026-W47&area=${WEST_STREET_CODE}`);
    await screen.findByRole('group', { name: '受理' });
    expect(client['stats:week']).toHaveBeenCalledWith({ week: '2026-W47', areaCode: WEST_STREET_CODE });
    expect(client['stats:trend']).toHaveBeenCalledWith({ weeks: 12, until: '2026-W47', areaCode: WEST_STREET_CODE });
  });

  it('defaults to the current ISO week in Shanghai time (Monday 01:00 there is still Sunday in UTC)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T17:00:00Z'));
    const { client } = renderStats('');
    await screen.findByRole('group', { name: '受理' });
    expect(client['stats:week']).toHaveBeenCalledWith({ week: '2026-W48' });
    expect(screen.getByRole('combobox', { name: '选择周' })).toHaveValue('2026-W48');
    expect(screen.getByRole('button', { name: '下一周' })).toBeDisabled();
  });

  it('shows the headline figures with their change from last week, good news green and bad news red', async () => {
    renderStats();
    await screen.findByRole('group', { name: '受理' });
    expect(card('受理')).toHaveTextContent('156');
    expect(card('受理')).toHaveTextContent('▲ 16');
    expect(within(card('受理')).getByText('▲ 16').parentElement).toHaveClass('is-neutral');
    expect(card('结案')).toHaveTextContent('130');
    expect(within(card('结案')).getByText('▲ 5').parentElement).toHaveClass('is-good');
    expect(within(card('超期未结')).getByText('▲ 3').parentElement).toHaveClass('is-bad');
    // 114/142 = 80.28 % against 112/130 = 86.15 %: down 5.87 points.
    expect(card('按期结案率')).toHaveTextContent('80.28%');
    expect(within(card('按期结案率')).getByText('▼ 5.87 个百分点').parentElement).toHaveClass('is-bad');
    // Rework 6/130 = 4.62 % against 8/125 = 6.40 %: down is good.
    expect(within(card('返工率')).getByText('▼ 1.78 个百分点').parentElement).toHaveClass('is-good');
    expect(card('平均处置时长')).toHaveTextContent('40.5小时');
    expect(within(card('平均处置时长')).getByText('▼ 7.4 小时').parentElement).toHaveClass('is-good');
    expect(card('其他')).toHaveTextContent('自行处置20');
  });

  it('turns the street chart into a table that shows the numbers', async () => {
    renderStats();
    const panel = await screen.findByRole('region', { name: '街道排名' });
    expect(within(panel).getByRole('img', { name: '各街道按期结案率条形图' })).toBeInTheDocument();
    expect(within(panel).queryByRole('table')).toBeNull();

    fireEvent.click(within(panel).getByRole('button', { name: '表格' }));
    expect(within(panel).getByRole('button', { name: '表格' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(panel).queryByRole('img', { name: '各街道按期结案率条形图' })).toBeNull();
    const table = within(panel).getByRole('table', { name: '各街道指标' });
    const west = within(table).getByRole('row', { name: /文艺路街道/ });
    const cells = within(west).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 10)).toEqual(['文艺路街道', '96', '85', '92', '82', '69', '7', '89.13%', '75.00%', '6.10%']);
    expect(within(table).getByRole('row', { name: /合计/ })).toHaveTextContent('156');
  });

  it('opens the case list filtered to a street and the week when its row is clicked', async () => {
    const { onNavigate } = renderStats();
    const panel = await screen.findByRole('region', { name: '街道排名' });
    fireEvent.click(within(panel).getByRole('button', { name: '表格' }));
    const row = within(panel).getByRole('row', { name: /朝阳街街道/ });
    fireEvent.click(within(row).getAllByRole('cell')[2]!);
    expect(onNavigate).toHaveBeenCalledWith(`#/cases?street=${EAST_STREET_CODE}&from=2026-11-16&to=2026-11-22`);

    fireEvent.click(within(within(panel).getByRole('row', { name: /文艺路街道/ })).getByRole('button', { name: '7' }));
    expect(onNavigate).toHaveBeenLastCalledWith(`#/cases?street=${WEST_STREET_CODE}&overdue=1&sort=due_asc`);
  });

  it('ranks streets by on-time rate and links a ranked street to its cases', async () => {
    const { onNavigate } = renderStats();
    const panel = await screen.findByRole('region', { name: '街道排名' });
    const best = within(panel).getByText('按期结案率最高').parentElement!;
    expect(best).toHaveTextContent('朝阳街街道90.00%');
    const worst = within(panel).getByText('按期结案率最低').parentElement!;
    fireEvent.click(within(worst).getByRole('button', { name: /文艺路街道/ }));
    expect(onNavigate).toHaveBeenCalledWith(`#/cases?street=${WEST_STREET_CODE}&from=2026-11-16&to=2026-11-22`);
  });

  it('opens the cases behind a headline figure', async () => {
    const { onNavigate } = renderStats(`week=2026-W47&area=${WEST_STREET_CODE}`, createStatsClient({ report: () => weekReport({ area: { id: 2, code: WEST_STREET_CODE, name: '文艺路街道', level: 2 } }) }));
    await screen.findByRole('group', { name: '受理' });
    fireEvent.click(within(card('受理')).getByRole('button'));
    expect(onNavigate).toHaveBeenLastCalledWith(`#/cases?street=${WEST_STREET_CODE}&from=2026-11-16&to=2026-11-22`);
    fireEvent.click(within(card('超期未结')).getByRole('button'));
    expect(onNavigate).toHaveBeenLastCalledWith(`#/cases?street=${WEST_STREET_CODE}&overdue=1&sort=due_asc`);
    expect(within(card('结案率')).queryByRole('button')).toBeNull();
  });

  it('links a category to its cases by the id the case list filters on (event and component codes may repeat)', async () => {
    const { onNavigate } = renderStats();
    const panel = await screen.findByRole('region', { name: '问题类别' });
    fireEvent.click(within(panel).getByRole('button', { name: '表格' }));
    fireEvent.click(within(panel).getByRole('button', { name: /污水井盖/ }));
    expect(onNavigate).toHaveBeenCalledWith('#/cases?cat=10&from=2026-11-16&to=2026-11-22');
  });

  it('lists persons with due, closed, on time and overdue, and opens their overdue cases', async () => {
    const { onNavigate } = renderStats();
    const table = await screen.findByRole('table', { name: '责任人指标' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['李宇', '陈凯平', '未分配']);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['陈凯平', '21', '19', '15', '3', '71.43%']);
    fireEvent.click(within(rows[1]!).getByRole('button', { name: '3' }));
    expect(onNavigate).toHaveBeenCalledWith('#/cases?assignee=8&overdue=1&sort=due_asc');
  });

  it('switches the counting rule after confirmation and counts everything again', async () => {
    const { client } = renderStats();
    await screen.findByRole('group', { name: '受理' });
    const select = await screen.findByRole('combobox', { name: '统计口径' });
    await waitFor(() => expect(select).toHaveValue('standard'));
    expect(screen.getByText(/挂账案件除外/)).toBeInTheDocument();
    const weekCalls = vi.mocked(client['stats:week']).mock.calls.length;
    const trendCalls = vi.mocked(client['stats:trend']).mock.calls.length;

    fireEvent.change(select, { target: { value: 'closed-based' } });
    const dialog = screen.getByRole('dialog', { name: '切换统计口径' });
    expect(dialog).toHaveTextContent('按期结案率＝按期结案数÷结案数');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认切换' }));

    await waitFor(() => expect(client['stats:set-rule']).toHaveBeenCalledWith({ rule: 'closed-based' }));
    await waitFor(() => expect(vi.mocked(client['stats:week']).mock.calls.length).toBeGreaterThan(weekCalls));
    expect(vi.mocked(client['stats:trend']).mock.calls.length).toBeGreaterThan(trendCalls);
    await waitFor(() => expect(select).toHaveValue('closed-based'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers the counting rule switch to administrators only', async () => {
    const onNavigate = vi.fn();
    renderWithApi(
      <OperatorContext value={accountOf(OPERATOR.supervisor)}>
        <StatsPage query={new URLSearchParams('week=2026-W47')} onNavigate={onNavigate} />
      </OperatorContext>,
      createStatsClient(),
    );
    const select = await screen.findByRole('combobox', { name: '统计口径' });
    await waitFor(() => expect(select).toHaveValue('standard'));
    expect(select).toBeDisabled();
    expect(select).toHaveAttribute('title', '切换统计口径需管理员');
  });

  it('keeps week and area in the address', async () => {
    const { onNavigate } = renderStats(`week=2026-W47&area=${WEST_STREET_CODE}`);
    await screen.findByRole('group', { name: '受理' });
    fireEvent.click(screen.getByRole('button', { name: '上一周' }));
    expect(onNavigate).toHaveBeenLastCalledWith(`#/stats?week=2026-W46&area=${WEST_STREET_CODE}`);
    await screen.findByRole('option', { name: '朝阳街街道' });
    fireEvent.change(screen.getByRole('combobox', { name: '街道' }), { target: { value: '' } });
    expect(onNavigate).toHaveBeenLastCalledWith('#/stats?week=2026-W47');
    fireEvent.click(screen.getByRole('button', { name: '周报' }));
    expect(onNavigate).toHaveBeenLastCalledWith(`#/reports?week=2026-W47&area=${WEST_STREET_CODE}`);
  });

  it('shows the cleanup counts and the campaigns with progress to target', async () => {
    renderStats();
    const cleanup = await screen.findByRole('region', { name: '清理成效' });
    expect(cleanup).toHaveTextContent('清理垃圾堆物98处');
    const campaigns = screen.getByRole('region', { name: '专项行动' });
    await waitFor(() => expect(within(campaigns).getByRole('progressbar', { name: '“三清”专项行动完成进度' })).toHaveAttribute('aria-valuenow', '2100'));
    expect(campaigns).toHaveTextContent('已完成 2,100 / 4,200（50.0%）');
  });

  it('starts a campaign from the form', async () => {
    const client = createStatsClient({
      overrides: {
        'campaigns:create': vi.fn(async (input) => ({ id: 2, areaName: '文艺路街道', note: null, target: input.target ?? null, ...input })),
      },
    });
    renderStats('week=2026-W47', client);
    const campaigns = await screen.findByRole('region', { name: '专项行动' });
    await waitFor(() => expect(within(campaigns).getByRole('button', { name: '发起行动' })).toBeEnabled());
    fireEvent.click(within(campaigns).getByRole('button', { name: '发起行动' }));
    const dialog = screen.getByRole('dialog', { name: '发起专项行动' });
    fireEvent.click(within(dialog).getByRole('button', { name: '发起行动' }));
    expect(dialog).toHaveTextContent('请填写行动名称');
    expect(client['campaigns:create']).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/行动名称/), { target: { value: '百日会战' } });
    fireEvent.change(within(dialog).getByLabelText('开始日期'), { target: { value: '2026-12-01' } });
    fireEvent.change(within(dialog).getByLabelText('结束日期'), { target: { value: '2027-03-10' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: '街道' }), { target: { value: WEST_STREET_CODE } });
    fireEvent.click(within(dialog).getByRole('button', { name: '清理类类别' }));
    fireEvent.change(within(dialog).getByLabelText(/目标/), { target: { value: '4200' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '发起行动' }));
    await waitFor(() =>
      expect(client['campaigns:create']).toHaveBeenCalledWith({
        name: '百日会战',
        startDate: '2026-12-01',
        endDate: '2027-03-10',
        areaCode: WEST_STREET_CODE,
        categoryIds: [2],
        target: 4200,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(vi.mocked(client['campaigns:list']).mock.calls.length).toBeGreaterThan(1);
  });

  it('says so in Chinese when the figures cannot be counted, and offers to retry', async () => {
    const client = createStatsClient({ overrides: { 'stats:week': vi.fn(async () => Promise.reject(new Error('数据库已锁定'))) } });
    renderStats('week=2026-W47', client);
    expect(await screen.findByText(/统计本周指标失败/)).toBeInTheDocument();
    expect(screen.getByText('数据库已锁定')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(vi.mocked(client['stats:week']).mock.calls.length).toBe(2));
  });
});

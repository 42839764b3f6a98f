/**
 * 我的待办 against the host's own handlers on a real database: the counts, the lists, the items in order of
 * time left with their wording, a row opening its case, one list by its address, and the kind empty list.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyQueue } from '../../electron/contract';
import { QueuePage } from '../../renderer/features/queue/QueuePage';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';
import { queueDesk, supervisorMorning, type QueueDesk } from './queueDesk';

function openQueue(d: QueueDesk, options: { operatorId?: number; hostOperator?: number; kind?: string } = {}) {
  const onNavigate = vi.fn();
  const mine = vi.fn((input: { limit?: number }) => d.ok<MyQueue>('queue:mine', input, options.hostOperator ?? d.f.operators.supervisor));
  const client = createFakeClient({ overrides: { 'queue:mine': mine } });
  const query = new URLSearchParams(options.kind ? { kind: options.kind } : {});
  renderDesk(<QueuePage query={query} onNavigate={onNavigate} />, client, { operatorId: options.operatorId ?? OPERATOR.supervisor });
  return { onNavigate, mine };
}

const rowsOf = async () => {
  const table = await screen.findByRole('table', { name: '待办列表' });
  return within(table).getAllByRole('row').slice(1);
};

afterEach(() => {
  vi.useRealTimers();
});

describe('我的待办', () => {
  it('shows the supervisor’s counts, lists and items, the most urgent first, and opens a case from its row', async () => {
    const d = queueDesk('2026-11-24T09:00');
    const { reported, toDispatch, order } = await supervisorMorning(d);
    d.at('2026-11-24T10:30');
    const { onNavigate, mine } = openQueue(d);

    const rows = await rowsOf();
    expect(mine).toHaveBeenCalledWith({ limit: 200 });
    expect(screen.getByRole('heading', { name: '我的待办' })).toBeInTheDocument();
    const chips = screen.getByRole('group', { name: '待办概况' });
    expect(chips).toHaveTextContent('合计 3');
    expect(chips).toHaveTextContent('已超时 1');
    expect(chips).toHaveTextContent('临期 1');
    expect(screen.getByText('陈监督')).toBeInTheDocument();

    const lists = screen.getByRole('navigation', { name: '待办清单' });
    expect(within(lists).getAllByRole('link').map((l) => l.textContent)).toEqual([
      '全部待办超时 13',
      '待签收工单1',
      '待立案1',
      '待派遣超时 11',
      '待核查0',
      '待回访0',
      '延期待审批0',
      '退单待审批0',
    ]);
    expect(within(lists).getByRole('link', { name: /待派遣/ })).toHaveAttribute('href', '#/queue?kind=dispatch');
    expect(within(lists).getByRole('link', { name: /全部待办/ })).toHaveAttribute('aria-current', 'true');

    // By time left: the case to dispatch is 25 minutes late, the order to 签收 has 50 minutes, the report has no clock.
    expect(rows.map((r) => r.getAttribute('data-case-id'))).toEqual([String(toDispatch.id), String(order.incidentId), String(reported.id)]);
    const [late, warning, waiting] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(late).toHaveClass('is-late');
    expect(within(late).getByText('超时 25分钟')).toHaveClass('gd-queuetable__time--late');
    expect(late).toHaveTextContent(toDispatch.caseNo);
    expect(late).toHaveTextContent('待派遣');
    expect(late).toHaveTextContent('暴露垃圾');
    expect(late).toHaveTextContent('文艺路街道识字岭社区第1网格');
    expect(within(late).getByTitle('芙蓉中路 1 号 — 人行道堆放垃圾')).toBeInTheDocument();
    expect(warning).toHaveClass('is-warning');
    expect(within(warning).getByText('剩余 50分钟')).toHaveClass('gd-queuetable__time--warning');
    expect(warning).toHaveTextContent(`${order.caseNo}工单 GD20261124001`);
    expect(warning).toHaveTextContent('待签收工单');
    expect(within(waiting).getByText('已等 1小时30分')).toBeInTheDocument();
    expect(waiting).toHaveTextContent('待立案');

    // The case number is a link; the rest of the row opens the case too.
    expect(within(late).getByRole('link', { name: toDispatch.caseNo })).toHaveAttribute('href', `#/cases/${toDispatch.id}`);
    fireEvent.click(within(warning).getByText('待签收工单'));
    expect(onNavigate).toHaveBeenCalledWith(`#/cases/${order.incidentId}`);
  });

  it('counts time left down between two answers of the host, and turns an item red when its deadline passes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    const d = queueDesk('2026-11-24T09:00');
    const { toDispatch } = await supervisorMorning(d);
    // Ten seconds before the dispatch deadline (10:05).
    d.set(Date.parse('2026-11-24T10:04:50+08:00'));
    const { mine } = openQueue(d);
    await screen.findByRole('table', { name: '待办列表' });
    const row = () => screen.getAllByRole('row').find((r) => r.getAttribute('data-case-id') === String(toDispatch.id))!;
    expect(row()).toHaveClass('is-warning');
    expect(row()).toHaveTextContent('剩余 0分钟');
    const calls = mine.mock.calls.length;

    // The page's clock ticks on before the next answer: the deadline has passed.
    await act(() => vi.advanceTimersByTimeAsync(16_000));
    expect(mine.mock.calls.length).toBe(calls);
    expect(row()).toHaveClass('is-late');
    expect(within(row()).getByText('超时 0分钟')).toHaveClass('gd-queuetable__time--late');
  });

  it('shows one list when the address names it, and 督办 on a supervised case', async () => {
    const d = queueDesk('2026-11-24T09:00');
    const { toDispatch } = await supervisorMorning(d);
    d.at('2026-11-24T10:30');
    d.f.db.prepare(`UPDATE incidents SET supervised_at = ? WHERE id = ?`).run(d.now(), toDispatch.id);
    openQueue(d, { kind: 'dispatch' });

    const rows = await rowsOf();
    expect(rows.map((r) => r.getAttribute('data-case-id'))).toEqual([String(toDispatch.id)]);
    expect(within(rows[0]!).getByText('督办')).toHaveClass('gd-tag--urgent');
    expect(within(screen.getByRole('navigation', { name: '待办清单' })).getByRole('link', { name: /待派遣/ })).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('region', { name: '待派遣' })).toBeInTheDocument();
  });

  it('says kindly when there is nothing to do, without a list column for a role with one list', async () => {
    const d = queueDesk('2026-11-24T09:00');
    await supervisorMorning(d);
    openQueue(d, { operatorId: OPERATOR.inspector, hostOperator: d.f.operators.inspector });

    expect(await screen.findByText('暂无待办，做得好')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: '待办概况' })).toHaveTextContent('合计 0');
    expect(screen.queryByRole('navigation', { name: '待办清单' })).not.toBeInTheDocument();
    expect(screen.queryByRole('table', { name: '待办列表' })).not.toBeInTheDocument();
  });

  it('says a list is empty by its name', async () => {
    const d = queueDesk('2026-11-24T09:00');
    await supervisorMorning(d);
    d.at('2026-11-24T10:30');
    openQueue(d, { kind: 'verify' });
    expect(await screen.findByText('「待核查」暂无待办，做得好')).toBeInTheDocument();
  });
});

/**
 * 我的待办 in the shell: where each role lands, the count on the navigation (red when some are late) kept
 * fresh by polling, and the desktop reminders when an item turns 临期 or 超时 while GridDesk is open.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyQueue } from '../../electron/contract';
import { App } from '../../renderer/app/App';
import { ASKED_KEY } from '../../renderer/features/queue/desktopNotices';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { queueDesk, supervisorMorning, type QueueDesk } from './queueDesk';
import { renderWithApi } from './renderWithApi';

/** The Web Notification API as the tests see it: what was shown, and the permission the browser gives. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  onclick: (() => void) | null = null;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {}
}

function withNotifications(permission: NotificationPermission) {
  FakeNotification.permission = permission;
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.sessionStorage.clear();
});

function openDesk(d: QueueDesk, loggedInAs: number = OPERATOR.supervisor, hostOperator = d.f.operators.supervisor) {
  const mine = vi.fn((input: { limit?: number }) => d.ok<MyQueue>('queue:mine', input, hostOperator));
  const client = createFakeClient({ loggedInAs, overrides: { 'queue:mine': mine } });
  renderWithApi(<App />, client);
  return { mine, client };
}

const nav = () => screen.findByRole('navigation', { name: '主导航' });

describe('我的待办 in the shell', () => {
  it('is where a supervisor lands, first in the navigation, with the count in red while some are late', async () => {
    withNotifications('default');
    const d = queueDesk('2026-11-24T09:00');
    await supervisorMorning(d);
    d.at('2026-11-24T10:30');
    openDesk(d);

    const links = within(await nav()).getAllByRole('link');
    expect(links[0]).toHaveAccessibleName('我的待办');
    expect(links[0]).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { name: '我的待办' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/queue');
    const badge = await waitFor(() => {
      const found = links[0]!.querySelector('.gd-nav__badge');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(badge).toHaveTextContent('3');
    expect(badge).toHaveClass('gd-nav__badge--late');
    expect(links[0]).toHaveAccessibleDescription('待办 3 件，其中已超时 1 件');
  });

  it('keeps a link to another page, and its badge is not red when nothing is late', async () => {
    withNotifications('default');
    const d = queueDesk('2026-11-24T09:00');
    await supervisorMorning(d);
    d.at('2026-11-24T09:30');
    window.location.hash = '#/cases';
    openDesk(d);

    expect(await screen.findByRole('heading', { name: '案件' })).toBeInTheDocument();
    const queueLink = within(await nav()).getByRole('link', { name: '我的待办' });
    await waitFor(() => expect(queueLink.querySelector('.gd-nav__badge')).toHaveTextContent('3'));
    expect(queueLink.querySelector('.gd-nav__badge')).not.toHaveClass('gd-nav__badge--late');
    expect(window.location.hash).toBe('#/cases');
  });

  it('lands a manager, whose role works no list, on the map without 我的待办 and without asking for it', async () => {
    const d = queueDesk('2026-11-24T09:00');
    window.location.hash = '#/queue';
    const { mine } = openDesk(d, OPERATOR.manager, d.f.operators.manager);

    expect(await screen.findByRole('tree', { name: '网格树' })).toBeInTheDocument();
    expect(within(await nav()).getAllByRole('link').map((l) => l.textContent)).toEqual(['地图', '案件', '人员', '导入', '统计', '巡查', '考核', '周报', '设置']);
    expect(window.location.hash).toBe('#/map');
    expect(mine).not.toHaveBeenCalled();
  });

  it('asks the host again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    withNotifications('default');
    const d = queueDesk('2026-11-24T09:00');
    await supervisorMorning(d);
    d.at('2026-11-24T09:30');
    const { mine } = openDesk(d);
    await screen.findByRole('table', { name: '待办列表' });
    const before = mine.mock.calls.length;
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(mine.mock.calls.length).toBeGreaterThan(before));
  });

  it('reminds on the desktop of items that turn 临期 or 超时 while it is open, once, and opens the case on a click', async () => {
    withNotifications('granted');
    const d = queueDesk('2026-11-24T09:00');
    const { reported, toDispatch, order } = await supervisorMorning(d);
    // 09:30: the case to dispatch is 临期 (35 minutes left), the order has almost two hours: nothing is told.
    d.at('2026-11-24T09:30');
    openDesk(d);
    await screen.findByRole('table', { name: '待办列表' });
    expect(screen.getByText('桌面提醒已开启')).toBeInTheDocument();
    expect(FakeNotification.shown).toEqual([]);

    // 10:30: the case to dispatch is late, the order 临期.
    d.at('2026-11-24T10:30');
    fireEvent.click(screen.getByRole('button', { name: '刷新待办' }));
    await waitFor(() => expect(FakeNotification.shown).toHaveLength(2));
    expect(FakeNotification.shown.map((n) => n.title)).toEqual([`案件 ${toDispatch.caseNo} 已超时：待派遣`, `案件 ${order.caseNo} 即将超时：待签收工单`]);
    expect(FakeNotification.shown[0]!.options.body).toBe('暴露垃圾 · 文艺路街道 · 识字岭社区第1网格 · 超时 25分钟');

    // The same again: nothing new.
    d.at('2026-11-24T10:31');
    fireEvent.click(screen.getByRole('button', { name: '刷新待办' }));
    await waitFor(() => expect(screen.getByRole('group', { name: '待办概况' })).toHaveTextContent('已超时 1'));
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeNotification.shown).toHaveLength(2);
    expect(FakeNotification.shown.some((n) => n.title.includes(reported.caseNo))).toBe(false);

    act(() => FakeNotification.shown[0]!.onclick?.());
    await waitFor(() => expect(window.location.hash).toBe(`#/cases/${toDispatch.id}`));
  });

  it('offers to turn reminders on once, from a click, and remembers that it asked', async () => {
    withNotifications('default');
    const d = queueDesk('2026-11-24T09:00');
    openDesk(d);
    const button = await screen.findByRole('button', { name: '开启桌面提醒' });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    expect(window.localStorage.getItem(ASKED_KEY)).toBeNull();

    fireEvent.click(button);
    expect(await screen.findByText('桌面提醒已开启')).toBeInTheDocument();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem(ASKED_KEY)).not.toBeNull();
  });

  it('does not offer again once asked, when the answer was left open', async () => {
    withNotifications('default');
    window.localStorage.setItem(ASKED_KEY, '2026-11-24T09:00:00.000Z');
    const d = queueDesk('2026-11-24T09:00');
    openDesk(d);
    await screen.findByRole('heading', { name: '我的待办' });
    await screen.findByText('暂无待办，做得好');
    expect(screen.queryByRole('button', { name: '开启桌面提醒' })).not.toBeInTheDocument();
  });
});

import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../electron/contract';
import { MAX_NOTICES, alertKey, decideAlerts, noticesFor } from '../../renderer/features/queue/queueAlerts';
import { levelAt, timeLeftAt } from '../../renderer/features/queue/queueText';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const MINUTE = 60_000;

function item(incidentId: number, level: QueueItem['level'], overrides: Partial<QueueItem> = {}): QueueItem {
  const timeLeftMs = level === 'late' ? -5 * MINUTE : level === 'warning' ? 40 * MINUTE : 5 * 60 * MINUTE;
  return {
    kind: 'dispatch',
    incidentId,
    caseNo: `20261125${String(incidentId).padStart(5, '0')}`,
    orderNo: null,
    status: 'registered',
    categoryName: '暴露垃圾',
    gridName: '识字岭社区第1网格',
    streetName: '文艺路街道',
    address: '芙蓉中路 1 号',
    description: '人行道堆放垃圾',
    assigneeName: null,
    dueAt: NOW + timeLeftMs,
    timeLeftMs,
    level,
    supervised: false,
    since: NOW - 60 * MINUTE,
    version: 2,
    ...overrides,
  };
}

describe('which desktop reminders a new answer of 我的待办 calls for', () => {
  it('tells nothing at the first answer, even for items already late or close', () => {
    const first = decideAlerts(null, [item(1, 'late'), item(2, 'warning'), item(3, 'normal')], new Set());
    expect(first.alerts).toEqual([]);
    expect(first.told.size).toBe(0);
  });

  it('tells an item that turned 临期 or 超时 between two answers, once per item and level', () => {
    const a = [item(1, 'normal'), item(2, 'warning'), item(3, 'normal'), item(4, 'late')];
    const b = [item(4, 'late'), item(2, 'late'), item(1, 'warning'), item(3, 'normal')];
    const first = decideAlerts(a, b, new Set());
    expect(first.alerts.map((x) => [x.item.incidentId, x.level])).toEqual([
      [2, 'late'],
      [1, 'warning'],
    ]);
    // The same answer again, or the item falling back and turning again (an extension): not told twice.
    expect(decideAlerts(b, b, first.told).alerts).toEqual([]);
    const backAgain = decideAlerts([item(1, 'normal')], [item(1, 'warning')], first.told);
    expect(backAgain.alerts).toEqual([]);
    // Later the 临期 one turns 超时: that is news.
    const later = decideAlerts(b, [item(1, 'late')], first.told);
    expect(later.alerts.map((x) => x.key)).toEqual([alertKey({ kind: 'dispatch', incidentId: 1 }, 'late')]);
  });

  it('tells an item that went from normal straight to 超时 once, and not its 临期 afterwards', () => {
    const jump = decideAlerts([item(5, 'normal')], [item(5, 'late')], new Set());
    expect(jump.alerts.map((x) => x.level)).toEqual(['late']);
    expect(decideAlerts([item(5, 'normal')], [item(5, 'warning')], jump.told).alerts).toEqual([]);
  });

  it('does not tell items that arrive already late, nor those that leave the list', () => {
    const arrived = decideAlerts([item(1, 'normal')], [item(1, 'normal'), item(9, 'late'), item(10, 'warning')], new Set());
    expect(arrived.alerts).toEqual([]);
    expect(decideAlerts([item(1, 'warning')], [], new Set()).alerts).toEqual([]);
  });

  it('tells the same case apart in two lists', () => {
    const before = [item(1, 'normal', { kind: 'extension' }), item(1, 'late', { kind: 'mine' })];
    const after = [item(1, 'warning', { kind: 'extension' }), item(1, 'late', { kind: 'mine' })];
    expect(decideAlerts(before, after, new Set()).alerts.map((x) => x.key)).toEqual(['extension:1:warning']);
  });
});

describe('the notices that tell them', () => {
  it('names the case, what happened and the list; the body says where and how late', () => {
    const { alerts } = decideAlerts(
      [item(1, 'warning'), item(2, 'normal', { kind: 'acknowledge', orderNo: 'GD20261125001' })],
      [item(1, 'late'), item(2, 'warning', { kind: 'acknowledge', orderNo: 'GD20261125001' })],
      new Set(),
    );
    const notices = noticesFor(alerts, NOW);
    expect(notices).toEqual([
      {
        title: '案件 2026112500001 已超时：待派遣',
        body: '暴露垃圾 · 文艺路街道 · 识字岭社区第1网格 · 超时 5分钟',
        tag: 'griddesk-queue-dispatch:1:late',
        incidentId: 1,
      },
      {
        title: '案件 2026112500002 即将超时：待签收工单',
        body: '工单 GD20261125001 · 暴露垃圾 · 文艺路街道 · 识字岭社区第1网格 · 剩余 40分钟',
        tag: 'griddesk-queue-acknowledge:2:warning',
        incidentId: 2,
      },
    ]);
  });

  it('sums up many at once in one notice after the first ones, the late first', () => {
    const before = [1, 2, 3, 4, 5].map((id) => item(id, 'normal'));
    const after = [item(1, 'warning'), item(2, 'warning'), item(3, 'late'), item(4, 'warning'), item(5, 'late')];
    const notices = noticesFor(decideAlerts(before, after, new Set()).alerts, NOW);
    expect(notices).toHaveLength(MAX_NOTICES);
    expect(notices.slice(0, MAX_NOTICES - 1).map((n) => n.incidentId)).toEqual([3, 5]);
    expect(notices[MAX_NOTICES - 1]).toEqual({
      title: '另有 3 件待办需要处理',
      body: '3 件即将超时：请打开「我的待办」查看',
      tag: 'griddesk-queue-summary',
      incidentId: null,
    });
  });
});

describe('time left as the queue words it', () => {
  it('counts down from the host’s answer and turns 超时 once the deadline passes', () => {
    const warning = item(1, 'warning');
    expect(timeLeftAt(warning, NOW)).toEqual({ level: 'warning', text: '剩余 40分钟' });
    expect(timeLeftAt(warning, NOW + 41 * MINUTE)).toEqual({ level: 'late', text: '超时 1分钟' });
    expect(timeLeftAt(item(2, 'late', { dueAt: NOW - 200 * MINUTE }), NOW)).toEqual({ level: 'late', text: '超时 3小时20分' });
    expect(levelAt(item(3, 'normal'), NOW)).toBe('normal');
    expect(timeLeftAt(item(4, 'normal', { dueAt: null, since: NOW - 90 * MINUTE }), NOW)).toEqual({ level: 'none', text: '已等 1小时30分' });
  });
});

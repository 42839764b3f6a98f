/**
 * Which desktop reminders a new answer of 我的待办 calls for. Pure: the previous answer and the new one in,
 * the reminders out. Only a change seen while GridDesk is open is told — an item that was already 临期 or
 * 超时 when the desk opened, or that arrives already so, is in the list and on the badge, not announced —
 * and never the same item at the same level twice (a deadline moved by an extension does not repeat it).
 */
import { QUEUE_KIND_LABELS, type QueueItem, type QueueLevel } from '../../../electron/contract';
import { placeOf, timeLeftAt } from './queueText';

export type AlertLevel = Exclude<QueueLevel, 'normal'>;

export interface QueueAlert {
  /** The item and the level it reached: what is told once. */
  readonly key: string;
  readonly item: QueueItem;
  readonly level: AlertLevel;
}

export interface AlertDecision {
  readonly alerts: readonly QueueAlert[];
  /** The keys told so far, these included: hand them to the next decision. */
  readonly told: ReadonlySet<string>;
}

const RANK: Readonly<Record<QueueLevel, number>> = { normal: 0, warning: 1, late: 2 };

const itemKey = (item: Pick<QueueItem, 'kind' | 'incidentId'>) => `${item.kind}:${item.incidentId}`;
export const alertKey = (item: Pick<QueueItem, 'kind' | 'incidentId'>, level: AlertLevel) => `${itemKey(item)}:${level}`;

/**
 * The reminders between two answers: each item of `next` that was in `previous` at a lower level and is
 * now 临期 or 超时, unless told already. `previous` null is the first answer: nothing is told.
 */
export function decideAlerts(previous: readonly QueueItem[] | null, next: readonly QueueItem[], told: ReadonlySet<string>): AlertDecision {
  if (previous === null) return { alerts: [], told };
  const before = new Map(previous.map((item) => [itemKey(item), item.level]));
  const alerts: QueueAlert[] = [];
  const nowTold = new Set(told);
  for (const item of next) {
    if (item.level === 'normal') continue;
    const was = before.get(itemKey(item));
    if (was === undefined || RANK[was] >= RANK[item.level]) continue;
    const key = alertKey(item, item.level);
    if (nowTold.has(key)) continue;
    nowTold.add(key);
    // Late without having been seen 临期: being late says it all; a 临期 later (after an extension) is not news.
    if (item.level === 'late') nowTold.add(alertKey(item, 'warning'));
    alerts.push({ key, item, level: item.level });
  }
  return { alerts, told: nowTold };
}

export interface DesktopNotice {
  readonly title: string;
  readonly body: string;
  /** The system replaces a notice with the same tag instead of stacking another. */
  readonly tag: string;
  /** The case a click opens; null for the summary of many. */
  readonly incidentId: number | null;
}

/** Told one by one up to this many at once; beyond, the first ones and one summary (after a sleep, say). */
export const MAX_NOTICES = 3;

/** The notices that tell the alerts: '案件 2026… 已超时：待派遣', '… 即将超时：待核查'. `now` words the time. */
export function noticesFor(alerts: readonly QueueAlert[], now: number): DesktopNotice[] {
  const late = [...alerts].sort((a, b) => RANK[b.level] - RANK[a.level]);
  const single = late.length > MAX_NOTICES ? late.slice(0, MAX_NOTICES - 1) : late;
  const notices: DesktopNotice[] = single.map(({ key, item, level }) => ({
    title: `案件 ${item.caseNo} ${level === 'late' ? '已超时' : '即将超时'}：${QUEUE_KIND_LABELS[item.kind]}`,
    body: [
      item.orderNo ? `工单 ${item.orderNo}` : null,
      item.categoryName,
      placeOf(item) || null,
      timeLeftAt(item, now).text,
    ]
      .filter(Boolean)
      .join(' · '),
    tag: `griddesk-queue-${key}`,
    incidentId: item.incidentId,
  }));
  const rest = late.slice(single.length);
  if (rest.length > 0) {
    const lateCount = rest.filter((a) => a.level === 'late').length;
    const parts = [lateCount > 0 ? `${lateCount} 件已超时` : null, rest.length > lateCount ? `${rest.length - lateCount} 件即将超时` : null];
    notices.push({
      title: `另有 ${rest.length} 件待办需要处理`,
      body: `${parts.filter(Boolean).join('，')}：请打开「我的待办」查看`,
      tag: 'griddesk-queue-summary',
      incidentId: null,
    });
  }
  return notices;
}

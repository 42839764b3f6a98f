/** How 我的待办 words an item: time left or over, where it is. Pure. */
import type { QueueItem, QueueLevel } from '../../../electron/contract';
import { formatDuration } from '../../domain/time';

/** Items the queue asks for: enough that the ones turning 临期 or 超时 are in the answer behind those already late. */
export const QUEUE_LIMIT = 200;

/** How often the queue is asked again while GridDesk is open (the clock alone moves items into 临期 and 超时). */
export const QUEUE_POLL_MS = 30_000;

/** The item's level at `now`: the host's, or 超时 once its deadline has passed since the host answered. */
export function levelAt(item: Pick<QueueItem, 'dueAt' | 'level'>, now: number): QueueLevel {
  return item.dueAt !== null && item.dueAt < now ? 'late' : item.level;
}

export interface TimeLeft {
  readonly level: QueueLevel | 'none';
  /** '超时 3小时20分', '剩余 45分钟', or for a list without a clock how long the item has waited: '已等 2天'. */
  readonly text: string;
}

/** Time left on an item at `now`, worded as the case list words deadlines. */
export function timeLeftAt(item: Pick<QueueItem, 'dueAt' | 'level' | 'since'>, now: number): TimeLeft {
  if (item.dueAt === null) return { level: 'none', text: `已等 ${formatDuration(now - item.since)}` };
  const left = item.dueAt - now;
  const level = levelAt(item, now);
  return { level, text: left < 0 ? `超时 ${formatDuration(-left)}` : `剩余 ${formatDuration(left)}` };
}

/** '文艺路街道 · 识字岭社区第1网格', or '' when the case lies in no grid. */
export function placeOf(item: Pick<QueueItem, 'streetName' | 'gridName'>): string {
  return [item.streetName, item.gridName].filter(Boolean).join(' · ');
}

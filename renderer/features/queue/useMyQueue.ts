import { useState } from 'react';
import type { MyQueue } from '../../../electron/contract';
import { useCall, type CallState } from '../../api/useCall';
import { useNow } from '../../ui/useNow';
import { QUEUE_LIMIT, QUEUE_POLL_MS } from './queueText';

/**
 * 我的待办 as the shell and the page share it: one cached answer, asked again every 30 seconds (and
 * after every write that changes what it reads), so the badge, the page and the reminders agree.
 */
export function useMyQueue(isEnabled = true): CallState<MyQueue> {
  return useCall('queue:mine', { limit: QUEUE_LIMIT }, { enabled: isEnabled, pollMs: QUEUE_POLL_MS });
}

/**
 * The time to measure the items against: the host's `now` of the answer, moved on by the page's own
 * clock since it arrived, so time left counts down between answers.
 */
export function useQueueClock(queue: MyQueue | undefined, tickMs = 15_000): number {
  const clock = useNow(tickMs);
  const [anchor, setAnchor] = useState<{ queue: MyQueue | undefined; at: number }>({ queue: undefined, at: 0 });
  let at = anchor.at;
  if (anchor.queue !== queue) {
    at = Date.now();
    setAnchor({ queue, at });
  }
  return queue ? queue.now + Math.max(0, clock - at) : clock;
}

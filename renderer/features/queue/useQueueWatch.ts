import { useEffect, useRef } from 'react';
import type { QueueItem } from '../../../electron/contract';
import { goTo } from '../../app/urlState';
import { hrefFor } from '../../app/routes';
import type { NavBadge } from '../../app/SideNav';
import { decideAlerts, noticesFor } from './queueAlerts';
import { showNotice } from './desktopNotices';
import { useMyQueue } from './useMyQueue';

/**
 * What the shell keeps of 我的待办 while GridDesk is open: the badge on the navigation, and a desktop
 * reminder when an item turns 临期 or 超时 between two answers. Off for a role without lists.
 */
export function useQueueWatch(isEnabled: boolean): NavBadge | null {
  const queue = useMyQueue(isEnabled);
  const seen = useRef<{ items: readonly QueueItem[] | null; told: ReadonlySet<string> }>({ items: null, told: new Set() });

  useEffect(() => {
    const answer = queue.data;
    if (!answer) return;
    const decision = decideAlerts(seen.current.items, answer.items, seen.current.told);
    seen.current = { items: answer.items, told: decision.told };
    for (const notice of noticesFor(decision.alerts, answer.now)) {
      showNotice(notice, ({ incidentId }) =>
        goTo(incidentId === null ? hrefFor({ page: 'queue', gridCode: null }) : hrefFor({ page: 'cases', gridCode: null, caseId: incidentId })),
      );
    }
  }, [queue.data]);

  if (!isEnabled || !queue.data) return null;
  const { total, late } = queue.data.counts;
  return {
    count: total,
    isLate: late > 0,
    description: late > 0 ? `待办 ${total} 件，其中已超时 ${late} 件` : `待办 ${total} 件`,
  };
}

import { useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { staleReads, type Topic } from '../../../electron/contract';
import { detectTransport } from '../../api/client';
import { findLiveBridge, followLive, type LiveStatus } from '../../api/liveFeed';
import { tabSessionToken } from '../../api/sessionToken';

/** How long changes from other desks are gathered before the reads they make stale are refreshed. */
const GATHER_MS = 150;

function pageToken(): string {
  return document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content') ?? '';
}

/**
 * Follows the live feed while an operator is logged in: in browser mode the host's over HTTP; in the
 * desktop window the feed of the database this PC holds, over the preload's bridge (with 设置 → 多席位 on,
 * the intranet's desks write to it too; a window pointed at another host loads that host's page and is in
 * browser mode). The reads that writes at other desks made stale are refreshed, as after this desk's own
 * writes. Returns the connection's state for the status bar (null while not following).
 */
export function useLiveFeed(operatorId: number | null): LiveStatus | null {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  useEffect(() => {
    const bridge = findLiveBridge();
    // A desktop window whose preload has no live bridge has nothing to follow.
    if (operatorId === null || (!bridge && detectTransport() !== 'http')) return;
    let pending = new Set<Topic>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const stale = new Set<string>(staleReads([...pending]));
      pending = new Set();
      void client.invalidateQueries({ predicate: (query: Query) => stale.has(String(query.queryKey[0])) });
    };
    const token = bridge ? '' : pageToken();
    const stop = followLive({
      bridge,
      token,
      // The desktop window works on this PC's database: neither a desk nor an address to name.
      isDesk: !bridge && token === '',
      session: () => tabSessionToken.get(),
      host: bridge ? '' : window.location.host,
      onStale: (topics) => {
        for (const t of topics) pending.add(t);
        timer ??= setTimeout(flush, GATHER_MS);
      },
      onReset: () => void client.invalidateQueries(),
      onStatus: setStatus,
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
      // Logged out (or another operator): no feed is followed until the next one starts.
      setStatus(null);
    };
  }, [client, operatorId]);
  return status;
}

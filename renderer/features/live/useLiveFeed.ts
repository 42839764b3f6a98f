import { useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { staleReads, type Topic } from '../../../electron/contract';
import { detectTransport } from '../../api/client';
import { followLive, type LiveStatus } from '../../api/liveFeed';
import { tabSessionToken } from '../../api/sessionToken';

/** How long changes from other desks are gathered before the reads they make stale are refreshed. */
const GATHER_MS = 150;

function pageToken(): string {
  return document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content') ?? '';
}

/**
 * Follows the host's live feed while an operator is logged in (browser mode; the Electron window is the
 * host's only desk on its PC, or loads a host's page and is then in browser mode too): the reads that
 * writes at other desks made stale are refreshed, as after this desk's own writes. Returns the
 * connection's state for the status bar (null in the Electron window).
 */
export function useLiveFeed(operatorId: number | null): LiveStatus | null {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  useEffect(() => {
    if (detectTransport() !== 'http' || operatorId === null) return;
    let pending = new Set<Topic>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const stale = new Set<string>(staleReads([...pending]));
      pending = new Set();
      void client.invalidateQueries({ predicate: (query: Query) => stale.has(String(query.queryKey[0])) });
    };
    const token = pageToken();
    const stop = followLive({
      token,
      isDesk: token === '',
      session: () => tabSessionToken.get(),
      host: window.location.host,
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
    };
  }, [client, operatorId]);
  return status;
}

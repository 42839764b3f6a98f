/**
 * The desktop window's end of the live feed: with the preload's `window.griddesk.onLive`, useLiveFeed follows
 * this PC's feed over the bridge instead of EventSource. It is live at once (the status bar says 本机 · 实时同步),
 * another desk's write refreshes exactly the reads its topics make stale (as the contract declares), the
 * window's own write (marked by main) is skipped, and logging out or leaving unsubscribes.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { staleReads } from '../../electron/contract';
import { callKey, createQueryClient } from '../../renderer/api/cache';
import { followLive, type LiveStatus } from '../../renderer/api/liveFeed';
import { LiveIndicator } from '../../renderer/features/live/LiveIndicator';
import { useLiveFeed } from '../../renderer/features/live/useLiveFeed';

/** What the preload exposes: one subscription; `emit` plays main's webContents.send. */
function fakeBridge() {
  const listeners = new Set<(event: unknown) => void>();
  return {
    listeners,
    onLive: vi.fn((listener: (event: unknown) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    emit: (event: unknown) => act(() => listeners.forEach((l) => l(event))),
  };
}

type Bridge = ReturnType<typeof fakeBridge>;
let bridge: Bridge;
const EventSourceSpy = vi.fn();

beforeEach(() => {
  bridge = fakeBridge();
  (window as unknown as { griddesk: unknown }).griddesk = { 'app:info': vi.fn(), onLive: bridge.onLive };
  vi.stubGlobal('EventSource', EventSourceSpy);
});
afterEach(() => {
  delete (window as unknown as { griddesk?: unknown }).griddesk;
  vi.unstubAllGlobals();
});

const reads = { rules: vi.fn(async () => 'rules'), list: vi.fn(async () => 'list') };

function Desk({ operatorId }: { operatorId: number | null }) {
  const status = useLiveFeed(operatorId);
  useQuery({ queryKey: callKey('stats:rules', {}), queryFn: reads.rules });
  useQuery({ queryKey: callKey('incidents:list', {}), queryFn: reads.list });
  return <footer>{status ? <LiveIndicator status={status} /> : '未同步'}</footer>;
}

describe('the live feed in the desktop window (preload bridge)', () => {
  it('is live at once; another desk’s write refreshes the reads of its topics, the window’s own write is skipped', async () => {
    // The contract: a settings write makes 统计口径 stale and not the case list; an incidents write the list.
    expect(staleReads(['settings'])).toContain('stats:rules');
    expect(staleReads(['settings'])).not.toContain('incidents:list');
    expect(staleReads(['incidents'])).toContain('incidents:list');
    reads.rules.mockClear();
    reads.list.mockClear();
    const client = createQueryClient();
    const view = render(
      <QueryClientProvider client={client}>
        <Desk operatorId={1} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(reads.rules).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(reads.list).toHaveBeenCalledTimes(1));
    expect(bridge.onLive).toHaveBeenCalledTimes(1);
    expect(EventSourceSpy).not.toHaveBeenCalled();
    const indicator = screen.getByRole('status', { name: '主机连接' });
    expect(indicator.textContent).toBe('本机·实时同步');
    expect(indicator.className).toContain('gd-live--live');

    // Another desk (or the intranet host's browser) changed the counting rule.
    bridge.emit({ id: 1, topics: ['settings', 'app', 'not-a-topic'], call: 'stats:set-rule', by: '张雪', at: Date.parse('2026-12-02T09:30:00'), own: false });
    await waitFor(() => expect(reads.rules).toHaveBeenCalledTimes(2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads.list).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status', { name: '主机连接' }).title).toContain('张雪');

    // This window's own write: refreshed when it was answered, not again.
    bridge.emit({ id: 2, topics: ['incidents', 'app'], call: 'incidents:create', by: '邓琳', at: Date.now(), own: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads.list).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status', { name: '主机连接' }).title).toContain('张雪');

    // The same from another desk moves the case list.
    bridge.emit({ id: 3, topics: ['incidents', 'app'], call: 'incidents:create', by: '邓琳', at: Date.now(), own: false });
    await waitFor(() => expect(reads.list).toHaveBeenCalledTimes(2));
    expect(reads.rules).toHaveBeenCalledTimes(2);

    // Logged out: the subscription ends, and the status bar says nothing of a feed.
    view.rerender(
      <QueryClientProvider client={client}>
        <Desk operatorId={null} />
      </QueryClientProvider>,
    );
    expect(bridge.listeners.size).toBe(0);
    expect(screen.queryByRole('status', { name: '主机连接' })).toBeNull();
    view.unmount();
  });

  it('followLive takes the bridge when the page has one, EventSource otherwise', () => {
    const statuses: LiveStatus[] = [];
    const stale: string[][] = [];
    const base = {
      token: '',
      isDesk: false,
      session: () => 's',
      host: '',
      onStale: (t: readonly string[]) => stale.push([...t]),
      onReset: () => undefined,
      onStatus: (s: LiveStatus) => statuses.push(s),
    };
    const stop = followLive(base);
    expect(statuses).toEqual([{ state: 'live', host: '', isDesk: false, since: null, lastChange: null }]);
    expect(bridge.listeners.size).toBe(1);
    bridge.listeners.forEach((l) => l({ topics: ['persons'], call: 'persons:create', by: null, at: 5, own: false }));
    bridge.listeners.forEach((l) => l('not an event'));
    expect(stale).toEqual([['persons']]);
    expect(statuses.at(-1)!.lastChange).toEqual({ by: null, call: 'persons:create', at: 5 });
    stop();
    expect(bridge.listeners.size).toBe(0);

    // Browser mode (no bridge): the key is asked over HTTP as before.
    const fetchSpy = vi.fn(async () => new Response('{"ok":false}', { status: 401 }));
    const stopHttp = followLive({ ...base, bridge: null, fetch: fetchSpy });
    expect(fetchSpy).toHaveBeenCalledWith('./live/key', expect.objectContaining({ method: 'POST' }));
    stopHttp();
  });
});

/**
 * Writes refresh every view: the cache knows from the contract which reads a write makes stale, so a
 * step taken in the case panel shows in the case list, the panel, the grid tree and the map without any
 * callback passed between them.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  OPEN_STATUSES,
  api,
  callNames,
  isWrite,
  nextStatus,
  staleReads,
  topicsWritten,
  type ApiClient,
  type CallName,
  type GridTreeNode,
  type IncidentDetail,
  type IncidentStatus,
} from '../../electron/contract';
import { callKey, createQueryClient, refreshAfter } from '../../renderer/api/cache';
import { ApiError } from '../../renderer/api/client';
import { CasesPage } from '../../renderer/features/cases/CasesPage';
import { MapPage } from '../../renderer/features/map/MapPage';
import { detail, event, listItem, OPERATOR } from './deskFixtures';
import { createFakeClient, GRID_CODES, mapPointsAnswer, TREE } from './fixtures';
import { renderDesk } from './renderDesk';

interface StoredCase {
  readonly id: number;
  readonly gridCode: string;
  status: IncidentStatus;
  version: number;
  events: IncidentDetail['events'];
}

/** A fake host that keeps its cases: reads answer from what the writes left, as the real one does. */
function statefulDesk() {
  const cases: StoredCase[] = [
    { id: 1, gridCode: GRID_CODES[0], status: 'reported', version: 1, events: [] },
    { id: 2, gridCode: GRID_CODES[0], status: 'reported', version: 1, events: [] },
    { id: 3, gridCode: GRID_CODES[2], status: 'reported', version: 1, events: [] },
  ];
  const open = (c: StoredCase) => OPEN_STATUSES.includes(c.status);
  const within = (node: GridTreeNode, c: StoredCase): boolean =>
    node.level === 3 ? c.gridCode === node.code : node.children.some((child) => within(child, c));
  const treeOf = (node: GridTreeNode): GridTreeNode => {
    const mine = cases.filter((c) => within(node, c));
    return { ...node, openIncidents: mine.filter(open).length, overdueIncidents: 0, totalIncidents: mine.length, children: node.children.map(treeOf) };
  };
  const detailOf = (c: StoredCase): IncidentDetail =>
    detail(c.id, { status: c.status, version: c.version, gridCode: c.gridCode, events: [event(1, 'report', null, 'reported'), ...c.events] });

  const client = createFakeClient({
    overrides: {
      'incidents:list': vi.fn(async () => ({
        items: cases.map((c) => listItem(c.id, { status: c.status, version: c.version, gridCode: c.gridCode })),
        nextCursor: null,
      })),
      'incidents:count': vi.fn(async () => cases.length),
      'incidents:get': vi.fn(async ({ id }) => {
        const c = cases.find((x) => x.id === id);
        if (!c) throw new ApiError('not-found', `没有编号为 ${id} 的案件`);
        return detailOf(c);
      }),
      'incidents:transition': vi.fn(async (input) => {
        const c = cases.find((x) => x.id === input.incidentId)!;
        if (c.version !== input.expectedVersion) throw new ApiError('conflict', '案件已被他人修改，请刷新后重试');
        const to = nextStatus(c.status, input.action);
        if (!to) throw new ApiError('conflict', '当前状态不能执行此操作');
        c.events = [...c.events, event(c.events.length + 2, input.action, c.status, to, { note: input.note ?? null })];
        c.status = to;
        c.version += 1;
        return detailOf(c);
      }),
      'attachments:list': vi.fn(async () => []),
      'grids:tree': vi.fn(async () => treeOf(TREE)),
      'map:points': vi.fn(async () => mapPointsAnswer()),
    },
  });
  return client;
}

const calls = (client: ApiClient, name: CallName) => vi.mocked(client[name]).mock.calls.length;

function streetRow(name: string): HTMLElement {
  const row = screen.getByText(name, { selector: '.gd-tree__label' }).closest<HTMLElement>('[role="treeitem"]');
  if (!row) throw new Error(`no tree row for ${name}`);
  return row;
}

describe('a write refreshes every view that reads what it changed', () => {
  it('voiding a case in the panel refreshes the list, the panel, the grid tree and the map, with no callback between them', async () => {
    const client = statefulDesk();
    window.location.hash = '#/cases/1';
    // The case page (list + panel) and the map page (tree + points), side by side, sharing nothing but the cache.
    renderDesk(
      <>
        <CasesPage />
        <MapPage selectedCode={null} onSelect={() => undefined} showPoints={false} />
      </>,
      client,
      { operatorId: OPERATOR.supervisor },
    );
    const panel = await screen.findByRole('complementary', { name: '案件详情' });
    await within(panel).findByText('2026112500001');
    const table = screen.getByRole('table', { name: '案件列表' });
    const row = await waitFor(() => {
      const el = table.querySelector<HTMLElement>('[data-case-id="1"]');
      if (!el) throw new Error('case 1 not listed yet');
      return el;
    });
    await screen.findByRole('tree', { name: '网格树' });
    const open = () => within(streetRow('文艺路街道')).getByTitle('在办案件').textContent;
    await waitFor(() => expect(open()).toBe('2'));
    await waitFor(() => expect(calls(client, 'map:points')).toBeGreaterThan(0));
    expect(row).toHaveTextContent('待立案');

    const before = {
      list: calls(client, 'incidents:list'),
      count: calls(client, 'incidents:count'),
      get: calls(client, 'incidents:get'),
      tree: calls(client, 'grids:tree'),
      points: calls(client, 'map:points'),
    };

    fireEvent.click(within(panel).getByRole('button', { name: /^作废/ }));
    const dialog = await screen.findByRole('dialog', { name: '作废' });
    fireEvent.change(within(dialog).getByLabelText(/理由/), { target: { value: '重复录入' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定作废' }));
    await waitFor(() => expect(client['incidents:transition']).toHaveBeenCalledTimes(1));

    // The panel: read again, showing the new state and the logged step.
    await waitFor(() => expect(calls(client, 'incidents:get')).toBeGreaterThan(before.get));
    await waitFor(() => expect(within(panel).getByText('已作废')).toBeInTheDocument());
    expect(within(panel).getByRole('list', { name: '办理记录' })).toHaveTextContent('重复录入');
    // The list: its pages and its total read again; the row shows the new state.
    await waitFor(() => expect(calls(client, 'incidents:list')).toBeGreaterThan(before.list));
    expect(calls(client, 'incidents:count')).toBeGreaterThan(before.count);
    await waitFor(() => expect(table.querySelector('[data-case-id="1"]')).toHaveTextContent('已作废'));
    // The grid tree: read again, one open case fewer in the street.
    await waitFor(() => expect(calls(client, 'grids:tree')).toBeGreaterThan(before.tree));
    await waitFor(() => expect(open()).toBe('1'));
    // The map's points: read again.
    expect(calls(client, 'map:points')).toBeGreaterThan(before.points);
  });
});

describe('what a write makes stale', () => {
  it('every topic a write or a job changes is read by at least one call', () => {
    const writers = callNames.filter((name) => topicsWritten(name).length > 0);
    expect(writers.length).toBeGreaterThan(10);
    for (const name of writers) {
      for (const topic of topicsWritten(name)) {
        expect(staleReads([topic]), `${name} writes '${topic}', which no call reads`).not.toHaveLength(0);
      }
      expect(staleReads(topicsWritten(name)).every((read) => !isWrite(read)), `${name}: only reads are refreshed`).toBe(true);
    }
    // Jobs declare no writes of their own; what they write shows when they end.
    expect(isWrite('imports:start')).toBe(false);
    expect(staleReads(topicsWritten('imports:start'))).toEqual(expect.arrayContaining(['incidents:list', 'imports:list', 'grids:tree']));
    expect(staleReads(topicsWritten('grids:import'))).toEqual(expect.arrayContaining(['grids:tree', 'grids:geometry', 'map:points']));
  });

  it("a transition refreshes every view of cases and leaves the rest alone", () => {
    const stale = staleReads(topicsWritten('incidents:transition'));
    expect(stale).toEqual(
      expect.arrayContaining([
        'app:info',
        'incidents:list',
        'incidents:count',
        'incidents:get',
        'grids:tree',
        'map:points',
        'persons:workload',
        'stats:week',
        'stats:trend',
        'reports:weekly-html',
        'campaigns:list',
      ]),
    );
    for (const untouched of ['categories:list', 'calendar:get', 'grids:geometry', 'imports:mappings', 'map:basemap', 'operators:list'] as const) {
      expect(stale).not.toContain(untouched);
    }
    expect(stale.every((name) => api[name].reads.some((t) => t === 'incidents' || t === 'app'))).toBe(true);
  });

  it('the cache marks exactly those answers stale', async () => {
    const cache = createQueryClient();
    const seed = [
      callKey('incidents:get', { id: 1 }),
      callKey('grids:tree', {}),
      callKey('calendar:get', { year: 2026 }),
      callKey('categories:list', {}),
    ] as const;
    for (const key of seed) cache.setQueryData(key, {});
    await refreshAfter(cache, 'incidents:transition');
    const invalidated = (key: readonly unknown[]) => cache.getQueryState(key)?.isInvalidated;
    expect(invalidated(seed[0])).toBe(true);
    expect(invalidated(seed[1])).toBe(true);
    expect(invalidated(seed[2])).toBe(false);
    expect(invalidated(seed[3])).toBe(false);
    // The list's pages live under the call's name too.
    cache.setQueryData(['incidents:list', { filter: {}, sort: 'reported_desc', limit: 100 }], { pages: [], pageParams: [] });
    await refreshAfter(cache, 'imports:start');
    expect(invalidated(['incidents:list', { filter: {}, sort: 'reported_desc', limit: 100 }])).toBe(true);
    expect(invalidated(seed[2])).toBe(false);
  });
});

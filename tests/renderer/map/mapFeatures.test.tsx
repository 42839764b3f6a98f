import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { INCIDENT_STATUSES, OPEN_STATUSES, type NamedFigures, type StatsReport } from '../../../electron/contract';
import { buildChoropleth, measureValues, NO_DATA_FILL } from '../../../renderer/features/map/choropleth';
import { MapPage } from '../../../renderer/features/map/MapPage';
import { buildClusterIndex } from '../../../renderer/features/map/points/clusterIndex';
import { casesHrefFor, formatMapQuery, parseMapQuery, toPointsFilter } from '../../../renderer/features/map/points/mapQuery';
import { pointsFrom } from '../../../renderer/features/map/points/pointsCodec';
import { createFakeClient, GRID_CODES, TREE } from '../fixtures';
import { renderWithApi } from '../renderWithApi';

function figures(code: string, onTimeRate: number | null): NamedFigures {
  return {
    code,
    name: code,
    received: 9,
    registered: 8,
    due: 6,
    closed: 5,
    closedOnTime: 4,
    overdueOpen: 1,
    closedLate: 1,
    rework: 0,
    extended: 0,
    hung: 0,
    fixedOnSpot: 0,
    closureRate: 5 / 6,
    onTimeRate,
    reworkRate: 0,
    extensionRate: 0,
    avgHandlingHours: 3,
  };
}

const allNodes = () => TREE.children.flatMap((s) => s.children);

describe('choropleth measures', () => {
  it('open and overdue counts come from the grid tree, darker for more', () => {
    const open = buildChoropleth('open', measureValues('open', allNodes(), null));
    expect(open.values.get(GRID_CODES[0])).toBe(5);
    expect(open.values.get(GRID_CODES[1])).toBe(3);
    expect(open.fillFor(GRID_CODES[0])).not.toBe(open.fillFor(GRID_CODES[1]));
    const overdue = buildChoropleth('overdue', measureValues('overdue', allNodes(), null));
    expect(overdue.values.get(GRID_CODES[1])).toBe(0);
    expect(overdue.legend[0]).toEqual({ color: overdue.fillFor(GRID_CODES[1]), label: '0' });
    expect(overdue.legend.at(-1)!.label).toContain('2');
  });

  it("the on-time rate comes from this week's byGrid figures; no due cases is its own colour", () => {
    const c = buildChoropleth('onTime', measureValues('onTime', allNodes(), [figures(GRID_CODES[0], 0.5), figures(GRID_CODES[1], 0.97), figures(GRID_CODES[2], null)]));
    expect(c.values.get(GRID_CODES[0])).toBe(0.5);
    expect(c.fillFor(GRID_CODES[2])).toBe(NO_DATA_FILL);
    expect(c.fillFor(GRID_CODES[0])).toBe(c.legend[0]!.color);
    expect(c.fillFor(GRID_CODES[1])).toBe(c.legend[4]!.color);
    expect(c.legend.at(-1)!.label).toBe('本周无应结案件');
  });
});

describe('filter sync: hash ↔ map', () => {
  it("reads the case list's parameters and the rectangle, and writes them back in the same form", () => {
    const q = parseMapQuery(`status=dispatched,handling&grid=${GRID_CODES[0]}&overdue=1&bbox=112.9,28.1,113.1,28.3&mode=heat`);
    expect(q.cases.statuses).toEqual(['dispatched', 'handling']);
    expect(q.bbox).toEqual([112.9, 28.1, 113.1, 28.3]);
    expect(q.mode).toBe('heat');
    const filter = toPointsFilter(q);
    expect(filter).toMatchObject({ statuses: ['dispatched', 'handling'], gridCode: GRID_CODES[0], overdue: true, bbox: [112.9, 28.1, 113.1, 28.3] });
    expect(parseMapQuery(formatMapQuery(q))).toEqual(q);
    expect(casesHrefFor(q)).toBe(`#/cases?status=dispatched,handling&grid=${GRID_CODES[0]}&overdue=1&bbox=112.900000,28.100000,113.100000,28.300000`);
  });

  it('shows the open cases when no status is chosen, and ignores a malformed rectangle', () => {
    expect(toPointsFilter(parseMapQuery('bbox=1,2,x,4')).statuses).toEqual([...OPEN_STATUSES]);
    expect(parseMapQuery('bbox=1,2,x,4').bbox).toBeNull();
  });
});

describe('cluster index', () => {
  it('clusters nearby points and keeps counts per colour class, overdue first', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      id: i + 1,
      lon: 113 + (i % 5) * 0.0001,
      lat: 28.2 + Math.floor(i / 5) * 0.0001,
      status: INCIDENT_STATUSES[i % 2 === 0 ? 4 : 6]!,
      overdue: i < 10 && i % 2 === 0,
    }));
    const index = buildClusterIndex(pointsFrom(items));
    const low = index.clusters([112, 27, 114, 29], 12);
    expect(low).toHaveLength(1);
    expect(low[0]!.count).toBe(50);
    expect(low[0]!.classes).toEqual([5, 0, 20, 0, 25]);
    const high = index.clusters([112, 27, 114, 29], 20);
    expect(high.length).toBe(50);
    expect(high.every((c) => c.index >= 0)).toBe(true);
  });
});

describe('map page: points, card and tools', () => {
  async function renderMap(hash = '#/map', selected: string | null = null) {
    window.location.hash = hash;
    const client = createFakeClient();
    const week = {
      period: { label: '2026-W48（2026-11-23 至 2026-11-29）' },
      byStreet: [],
      byGrid: [figures(GRID_CODES[0], 0.8)],
      totals: figures('x', 0.9),
    } as unknown as StatsReport;
    client['stats:week'] = vi.fn(async () => week);
    const onSelect = vi.fn();
    renderWithApi(<MapPage selectedCode={selected} onSelect={onSelect} showPoints={false} />, client);
    const map = await screen.findByRole('region', { name: '网格地图' });
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(3));
    return { client, map, onSelect };
  }

  it("asks for the points with the address's filters and shows how many", async () => {
    const { client } = await renderMap(`#/map?status=handling&street=${'430102001000000'}`);
    await waitFor(() => expect(client['map:points']).toHaveBeenCalled());
    expect(client['map:points']).toHaveBeenLastCalledWith({ filter: { statuses: ['handling'], streetCode: '430102001000000' } });
    expect(await screen.findByText('共 3 件')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '在案件列表中查看' })).toHaveAttribute('href', '#/cases?status=handling&street=430102001000000');
  });

  it('choosing 超期未结 writes the case-list parameter into the address and reloads the points', async () => {
    const { client } = await renderMap();
    fireEvent.change(screen.getByRole('combobox', { name: '显示哪些案件' }), { target: { value: 'overdue' } });
    await waitFor(() => expect(window.location.hash).toBe('#/map?overdue=1'));
    await waitFor(() => expect(client['map:points']).toHaveBeenLastCalledWith({ filter: { overdue: true } }));
  });

  it("the grid card shows the persons on duty, the counts, this week's figures and the way into the case list", async () => {
    const { client } = await renderMap(`#/map/${GRID_CODES[0]}`, GRID_CODES[0]);
    const card = await screen.findByRole('region', { name: '当前选择' });
    expect(client['persons:list']).toHaveBeenCalledWith({ gridCode: GRID_CODES[0], activeOnly: true });
    await waitFor(() => expect(card).toHaveTextContent('王建国'));
    expect(card).toHaveTextContent('网格员');
    expect(card).toHaveTextContent('赵强');
    expect(card).not.toHaveTextContent('李秀英');
    await waitFor(() => expect(within(card).getByText('按期结案率').nextSibling).toHaveTextContent('80.0%'));
    expect(within(card).getByRole('link', { name: '显示这些案件' })).toHaveAttribute('href', `#/cases?grid=${GRID_CODES[0]}`);
    fireEvent.click(within(card).getByRole('button', { name: '地图只看此处' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/map/${GRID_CODES[0]}?grid=${GRID_CODES[0]}`));
  });

  it('colours the grids by the chosen measure and shows its legend', async () => {
    const { map } = await renderMap();
    const fills = () => [...map.querySelectorAll('path.gd-path--grid')].map((p) => p.getAttribute('fill'));
    const before = fills();
    fireEvent.change(screen.getByRole('combobox', { name: '网格着色指标' }), { target: { value: 'open' } });
    await waitFor(() => expect(fills()).not.toEqual(before));
    expect(screen.getByLabelText('着色图例')).toHaveTextContent('在办案件');
  });

  it('新建案件 mode: a click on the map opens the new-case form at that point', async () => {
    const { map, onSelect } = await renderMap();
    fireEvent.click(screen.getByRole('button', { name: '新建案件' }));
    expect(await screen.findByText(/在地图上点击案件位置/)).toBeInTheDocument();
    const container = map.querySelector('.leaflet-container')!;
    fireEvent.mouseDown(container, { clientX: 40, clientY: 30, button: 0 });
    fireEvent.click(map.querySelectorAll('path.gd-path--grid')[1]!, { clientX: 40, clientY: 30 });
    expect(window.location.hash).toMatch(/^#\/cases\/new\?lon=\d+\.\d{6}&lat=\d+\.\d{6}$/);
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('框选 mode: a dragged rectangle becomes the bbox filter in the address', async () => {
    const { map, client } = await renderMap();
    fireEvent.click(screen.getByRole('button', { name: '框选' }));
    const container = map.querySelector('.leaflet-container')!;
    fireEvent.mouseDown(container, { clientX: 10, clientY: 10, button: 0 });
    fireEvent.mouseMove(window, { clientX: 80, clientY: 60 });
    fireEvent.mouseUp(window, { clientX: 80, clientY: 60 });
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/map\?bbox=[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+$/));
    await waitFor(() => expect(client['map:points']).toHaveBeenLastCalledWith({ filter: expect.objectContaining({ bbox: expect.any(Array) }) }));
    expect(screen.getByText('框选范围')).toBeInTheDocument();
  });
});

describe('grids with invalid geometry', () => {
  it('are reported in the map corner and not drawn', async () => {
    const { GEOMETRY } = await import('../fixtures');
    window.location.hash = '#/map';
    const client = createFakeClient();
    const broken = GEOMETRY.map((g) =>
      g.code === GRID_CODES[1]
        ? {
            ...g,
            geometry: { type: 'Polygon' as const, coordinates: [[[113.0, 28.18], [113.01, 28.19], [113.01, 28.18], [113.0, 28.19], [113.0, 28.18]]] },
            geometryProblem: '边界自相交（约在 113.00500, 28.18500）',
          }
        : g,
    );
    client['grids:geometry'] = vi.fn(async () => broken);
    renderWithApi(<MapPage selectedCode={null} onSelect={vi.fn()} showPoints={false} />, client);
    const notice = await screen.findByRole('alert', { name: '无效的网格边界' });
    expect(notice).toHaveTextContent('1 个网格的边界无效，未绘制');
    expect(notice).toHaveTextContent(`识字岭社区第二网格（${GRID_CODES[1]}）：边界自相交`);
    const map = screen.getByRole('region', { name: '网格地图' });
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(2));
  });
});

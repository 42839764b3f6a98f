import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MapPage } from '../../renderer/features/map/MapPage';
import { createFakeClient, GRID_CODES } from './fixtures';
import { renderWithApi } from './renderWithApi';

async function renderMap(selectedCode: string | null = null, onSelect = vi.fn()) {
  const client = createFakeClient();
  const view = renderWithApi(<MapPage selectedCode={selectedCode} onSelect={onSelect} />, client);
  const map = await screen.findByRole('region', { name: '网格地图' });
  await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(3));
  return { client, map, onSelect, view };
}

describe('MapPage', () => {
  it('draws the district, streets and grids as SVG paths without any tile layer', async () => {
    const { client, map } = await renderMap();
    expect(map.querySelectorAll('path.gd-path--district')).toHaveLength(1);
    expect(map.querySelectorAll('path.gd-path--street')).toHaveLength(2);
    expect(map.querySelectorAll('.leaflet-tile-pane img')).toHaveLength(0);
    expect(client['grids:geometry']).toHaveBeenCalledWith({});
  });

  it('labels every street with a permanent tooltip', async () => {
    const { map } = await renderMap();
    await waitFor(() => expect(map.querySelectorAll('.leaflet-tooltip.gd-street-label')).toHaveLength(2));
    const labels = [...map.querySelectorAll('.gd-street-label__name')].map((l) => l.textContent);
    expect(labels.sort()).toEqual(['文艺路街道', '朝阳街街道'].sort());
  });

  it('highlights a grid under the pointer and shows its name and code', async () => {
    const { map } = await renderMap();
    const path = map.querySelectorAll<SVGPathElement>('path.gd-path--grid')[0]!;
    const before = path.getAttribute('fill');
    fireEvent.mouseOver(path);
    await waitFor(() => expect(path.getAttribute('fill')).not.toBe(before));
    const tip = await waitFor(() => {
      const el = map.querySelector('.gd-grid-tip');
      if (!el) throw new Error('no tooltip yet');
      return el as HTMLElement;
    });
    expect(tip).toHaveTextContent('识字岭社区第一网格');
    expect(tip).toHaveTextContent(GRID_CODES[0]);
  });

  it('reports a click on a grid as a selection', async () => {
    const { map, onSelect } = await renderMap();
    fireEvent.click(map.querySelectorAll('path.gd-path--grid')[2]!);
    expect(onSelect).toHaveBeenCalledWith(GRID_CODES[2]);
  });

  it('outlines the selected grid and shows its counts', async () => {
    const { map } = await renderMap(GRID_CODES[0]);
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--selected')).toHaveLength(1));
    const card = await screen.findByRole('region', { name: '当前选择' });
    expect(card).toHaveTextContent('识字岭社区第一网格');
    expect(card).toHaveTextContent('属 文艺路街道');
    expect(within(card).getByText('超期未结').nextSibling).toHaveTextContent('2');
  });

  it('links the selected grid to its open and overdue cases', async () => {
    await renderMap(GRID_CODES[0]);
    const card = await screen.findByRole('region', { name: '当前选择' });
    expect(within(card).getByRole('link', { name: '查看超期案件' })).toHaveAttribute(
      'href',
      `#/cases?grid=${GRID_CODES[0]}&overdue=1&sort=due_asc`,
    );
    expect(within(card).getByRole('link', { name: '查看在办案件' }).getAttribute('href')).toContain('status=reported,registered');
  });

  it('selects from the tree and switches to the street level with the toggle', async () => {
    const { map, onSelect } = await renderMap();
    fireEvent.click(await screen.findByRole('button', { name: '朝阳街街道' }));
    expect(onSelect).toHaveBeenCalledWith('430102002000000');

    fireEvent.click(screen.getByRole('button', { name: '街道' }));
    expect(screen.getByRole('button', { name: '街道' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(0));
    expect(map.querySelectorAll('path.gd-path--street.leaflet-interactive')).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: '网格' }));
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(3));
  });

  it('says so when the address names a grid that does not exist', async () => {
    await renderMap('430102009009009');
    expect(await screen.findByText('没有编码为 430102009009009 的网格。')).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient, GridLocation } from '../../electron/contract';
import { ApiError } from '../../renderer/api/client';
import { CreateCaseDialog } from '../../renderer/features/caseCreate/CreateCaseDialog';
import { useCaseFilterOptions } from '../../renderer/features/cases/useCaseFilterOptions';
import { detail, OPERATOR, REPORTED_AT } from './deskFixtures';
import { createFakeClient, GEOMETRY, GRID_CODES } from './fixtures';
import { renderDesk } from './renderDesk';

const inside = (lon: number, lat: number): GridLocation => {
  const { geometry: _g, ...grid } = GEOMETRY.find((g) => g.code === GRID_CODES[0])!;
  const { geometry: _s, ...street } = GEOMETRY.find((g) => g.code === grid.parentCode)!;
  return { grid, street, lon, lat };
};

function Harness({ onCreated }: { onCreated: () => void }) {
  const options = useCaseFilterOptions();
  return <CreateCaseDialog options={options} onCreated={onCreated} onCancel={vi.fn()} />;
}

async function openForm(overrides: Partial<ApiClient>) {
  const client = createFakeClient({
    overrides: {
      'incidents:create': vi.fn(async () => detail(101, { version: 1 })),
      'incidents:suggest-duplicates': vi.fn(async () => []),
      ...overrides,
    },
  });
  const onCreated = vi.fn();
  renderDesk(<Harness onCreated={onCreated} />, client, { operatorId: OPERATOR.supervisor });
  const dialog = await screen.findByRole('dialog', { name: '新建案件' });
  await within(dialog).findByRole('region', { name: '选择位置的地图' });
  await within(dialog).findByRole('option', { name: /暴露垃圾/ });
  await waitFor(() => expect(within(dialog).getByRole('button', { name: '保存案件' })).toBeEnabled());
  return { client, dialog, onCreated };
}

function fillBasics(dialog: HTMLElement) {
  fireEvent.change(within(dialog).getByLabelText(/案件类别/), { target: { value: '2' } });
  fireEvent.change(within(dialog).getByLabelText(/问题描述/), { target: { value: '人行道堆放生活垃圾' } });
}

function typeLocation(dialog: HTMLElement, lon: string, lat: string, crs = 'wgs84') {
  fireEvent.change(within(dialog).getByRole('combobox', { name: '坐标系' }), { target: { value: crs } });
  fireEvent.change(within(dialog).getByRole('textbox', { name: '经度' }), { target: { value: lon } });
  fireEvent.change(within(dialog).getByRole('textbox', { name: '纬度' }), { target: { value: lat } });
}

describe('new case', () => {
  it('says what is missing, in Chinese, before calling the server', async () => {
    const { dialog, client } = await openForm({});
    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    expect(await within(dialog).findByText('请选择案件类别（小类）')).toBeInTheDocument();
    expect(within(dialog).getByText('请填写问题描述')).toBeInTheDocument();
    expect(within(dialog).getByText('请在地图上点选位置、填写坐标，或选择网格')).toBeInTheDocument();
    expect(client['incidents:create']).not.toHaveBeenCalled();
  });

  it('finds the grid of typed coordinates live, in the chosen coordinate system, and saves them', async () => {
    const locate = vi.fn(async (input: { lon: number; lat: number }) => inside(input.lon - 0.0046, input.lat - 0.0025));
    const { dialog, client, onCreated } = await openForm({ 'grids:locate': locate });
    fillBasics(dialog);
    typeLocation(dialog, '112.9896', '28.2055', 'gcj02');
    expect(await within(dialog).findByText('识字岭社区第一网格')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('所在网格：识字岭社区第一网格');
    expect(locate).toHaveBeenLastCalledWith({ lon: 112.9896, lat: 28.2055, crs: 'gcj02' });

    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    await waitFor(() =>
      expect(client['incidents:create']).toHaveBeenCalledWith({
        categoryId: 2,
        description: '人行道堆放生活垃圾',
        lon: 112.9896,
        lat: 28.2055,
        crs: 'gcj02',
        source: 'patrol',
        priority: 'normal',
        fixedOnSpot: false,
      }),
    );
    expect(client['incidents:suggest-duplicates']).toHaveBeenCalledWith({ categoryId: 2, lon: 112.9896, lat: 28.2055, crs: 'gcj02' });
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: 101 })));
  });

  it('warns when the point lies outside every grid and saves with the grid picked by hand', async () => {
    const locate = vi.fn(async (input: { lon: number; lat: number }) => ({ grid: null, street: null, lon: input.lon, lat: input.lat }));
    const { dialog, client } = await openForm({ 'grids:locate': locate });
    fillBasics(dialog);
    typeLocation(dialog, '113.2', '28.3');
    const warning = await within(dialog).findByText(/该位置不在任何网格内/);
    expect(warning).toHaveTextContent('请核对坐标和坐标系');

    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    expect(await within(dialog).findByText('该位置不在任何网格内，请手动选择网格')).toBeInTheDocument();
    expect(client['incidents:create']).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByRole('combobox', { name: '手动选择网格' }), { target: { value: GRID_CODES[1] } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    await waitFor(() =>
      expect(client['incidents:create']).toHaveBeenCalledWith(expect.objectContaining({ lon: 113.2, lat: 28.3, gridCode: GRID_CODES[1] })),
    );
  });

  it('shows nearby open cases of the same kind and links the new report to the one chosen', async () => {
    const candidates = [
      { id: 77, caseNo: '2026112500077', status: 'dispatched' as const, description: '路边垃圾堆放', reportedAt: REPORTED_AT, distanceM: 12.4 },
      { id: 78, caseNo: '2026112500078', status: 'reported' as const, description: '垃圾桶满溢', reportedAt: REPORTED_AT, distanceM: 38 },
    ];
    const link = vi.fn(async () => detail(101, { version: 2, original: { id: 77, caseNo: '2026112500077', status: 'dispatched' } }));
    const { dialog, client, onCreated } = await openForm({
      'grids:locate': vi.fn(async (input: { lon: number; lat: number }) => inside(input.lon, input.lat)),
      'incidents:suggest-duplicates': vi.fn(async () => candidates),
      'incidents:link-duplicate': link,
    });
    fillBasics(dialog);
    typeLocation(dialog, '112.985', '28.203');
    await within(dialog).findByText('识字岭社区第一网格');
    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));

    const review = await within(dialog).findByRole('region', { name: '疑似重复案件' });
    expect(review).toHaveTextContent('附近已有 2 件同类在办案件');
    expect(review).toHaveTextContent('约 12 米');
    expect(review).toHaveTextContent('路边垃圾堆放');
    expect(client['incidents:create']).not.toHaveBeenCalled();

    fireEvent.click(within(review).getAllByRole('button', { name: '标记为重复' })[0]!);
    await waitFor(() => expect(client['incidents:create']).toHaveBeenCalledTimes(1));
    await waitFor(() =>
      expect(link).toHaveBeenCalledWith({ incidentId: 101, originalId: 77, expectedVersion: 1 }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ original: expect.objectContaining({ id: 77 }) })));
  });

  it('records the report anyway when the user says it is new', async () => {
    const { dialog, client } = await openForm({
      'grids:locate': vi.fn(async (input: { lon: number; lat: number }) => inside(input.lon, input.lat)),
      'incidents:suggest-duplicates': vi.fn(async () => [
        { id: 77, caseNo: '2026112500077', status: 'dispatched' as const, description: '路边垃圾', reportedAt: REPORTED_AT, distanceM: 20 },
      ]),
    });
    fillBasics(dialog);
    typeLocation(dialog, '112.985', '28.203');
    await within(dialog).findByText('识字岭社区第一网格');
    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    fireEvent.click(await within(dialog).findByRole('button', { name: '仍然新建' }));
    await waitFor(() => expect(client['incidents:create']).toHaveBeenCalledTimes(1));
    expect(client['incidents:link-duplicate']).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal as it comes', async () => {
    const { dialog } = await openForm({
      'grids:locate': vi.fn(async (input: { lon: number; lat: number }) => inside(input.lon, input.lat)),
      'incidents:create': vi.fn(async () => Promise.reject(new ApiError('invalid-input', '发现时间不能晚于当前时间'))),
    });
    fillBasics(dialog);
    typeLocation(dialog, '112.985', '28.203');
    await within(dialog).findByText('识字岭社区第一网格');
    fireEvent.click(within(dialog).getByRole('button', { name: '保存案件' }));
    expect(await within(dialog).findByText('发现时间不能晚于当前时间')).toBeInTheDocument();
  });
});

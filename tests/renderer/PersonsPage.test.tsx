import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../electron/contract';
import { PersonsPage } from '../../renderer/features/persons/PersonsPage';
import { OPERATOR } from './deskFixtures';
import { createFakeClient, GRID_CODES } from './fixtures';
import { renderDesk } from './renderDesk';

async function openPersons(overrides: Partial<ApiClient> = {}, operatorId: number = OPERATOR.supervisor) {
  const client = createFakeClient({ overrides });
  renderDesk(<PersonsPage />, client, { operatorId });
  const table = await screen.findByRole('table', { name: '人员列表' });
  await within(table).findByText('王建国');
  return { client, table };
}

function select(table: HTMLElement, name: string) {
  fireEvent.click(within(table).getByRole('button', { name }));
  return screen.findByRole('complementary', { name: '人员详情' });
}

describe('persons', () => {
  it('lists persons with their duties and workload', async () => {
    const { table } = await openPersons();
    const row = within(table).getByText('王建国').closest('tr')!;
    expect(row).toHaveTextContent('网格员 · 识字岭社区第一网格');
    expect(row).toHaveTextContent('文艺路街道办事处');
    expect([...row.querySelectorAll('td.gd-num')].map((c) => c.textContent)).toEqual(['7', '2', '5']);
    expect(await screen.findByText(/共 3 人，在岗 3 人/)).toBeInTheDocument();
  });

  it('moves all open cases of one person to another after a confirmation and says how many moved', async () => {
    const reassign = vi.fn(async () => ({ moved: [1, 2, 3, 4, 5, 6, 7] }));
    const { table, client } = await openPersons({ 'persons:reassign': reassign });
    const panel = await select(table, '王建国');
    fireEvent.click(within(panel).getByRole('button', { name: '批量转派…' }));
    const dialog = await screen.findByRole('dialog', { name: '批量转派' });
    expect(dialog).toHaveTextContent('王建国 目前有 7 件在办案件');

    fireEvent.click(within(dialog).getByRole('button', { name: '下一步' }));
    expect(await within(dialog).findByText('请选择接收案件的人员')).toBeInTheDocument();
    const target = within(dialog).getByRole('combobox', { name: '转派给' });
    expect(within(target).queryByRole('option', { name: '王建国' })).not.toBeInTheDocument();
    fireEvent.change(target, { target: { value: '12' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '下一步' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('将 王建国 的 7 件在办案件全部转派给 李秀英？');
    expect(reassign).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: '确认转派' }));
    await waitFor(() => expect(reassign).toHaveBeenCalledWith({ fromPersonId: 11, toPersonId: 12 }));
    expect(await screen.findByText('已转派 7 件案件')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '批量转派' })).not.toBeInTheDocument());
    expect(client['persons:workload']).toHaveBeenCalledTimes(2);
  });

  it('adds a duty in a grid and deactivates a person', async () => {
    const addDuty = vi.fn(async () => ({ id: 99 }));
    const setActive = vi.fn(async () => null);
    const { table } = await openPersons({ 'persons:add-duty': addDuty, 'persons:set-active': setActive });
    const panel = await select(table, '李秀英');
    fireEvent.click(within(panel).getByRole('button', { name: '添加岗位' }));
    const form = within(panel).getByRole('form', { name: '添加岗位' });
    fireEvent.change(within(form).getByLabelText(/网格/), { target: { value: GRID_CODES[0] } });
    fireEvent.change(within(form).getByLabelText(/岗位/), { target: { value: 'grid_leader' } });
    fireEvent.change(within(form).getByLabelText(/开始日期/), { target: { value: '2026-12-01' } });
    fireEvent.click(within(form).getByRole('button', { name: '添加岗位' }));
    await waitFor(() =>
      expect(addDuty).toHaveBeenCalledWith({
        personId: 12,
        gridCode: GRID_CODES[0],
        role: 'grid_leader',
        categoryBigCode: null,
        validFrom: '2026-12-01',
        validTo: null,
      }),
    );
    fireEvent.click(within(panel).getByRole('button', { name: '停用' }));
    await waitFor(() => expect(setActive).toHaveBeenCalledWith({ personId: 12, isActive: false }));
  });

  it('leaves changes to supervisors and administrators', async () => {
    const { table } = await openPersons({}, OPERATOR.inspector);
    const panel = await select(table, '王建国');
    expect(within(panel).getByRole('button', { name: '批量转派…' })).toBeDisabled();
    expect(within(panel).getByRole('button', { name: '停用' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '添加人员' })).toBeDisabled();
  });
});

/**
 * 责任单位 on the persons page, against the host's own handlers on a real database: the units as a tree with
 * their staff, a new unit refused for a duplicate code and then saved, deactivation refused while a
 * sub-unit is in use, and a supervisor who may read but not edit.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiClient, CallName } from '../../electron/contract';
import { PersonsPage } from '../../renderer/features/persons/PersonsPage';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';
import { queueDesk, type QueueDesk } from './queueDesk';

const REAL: readonly CallName[] = [
  'units:list',
  'units:save',
  'units:deactivate',
  'units:add-duty',
  'grids:list',
  'categories:list',
  'persons:list',
  'persons:workload',
  'persons:set-unit',
  'persons:end-duty',
];

async function openUnits(d: QueueDesk, hostOperator: number, operatorId: number) {
  const overrides = Object.fromEntries(REAL.map((name) => [name, (input: unknown) => d.ok(name, input, hostOperator)])) as unknown as Partial<ApiClient>;
  renderDesk(<PersonsPage />, createFakeClient({ overrides }), { operatorId });
  fireEvent.click(await screen.findByRole('button', { name: '责任单位' }));
  const table = await screen.findByRole('table', { name: '责任单位列表' });
  await within(table).findByText('芙蓉区城管执法大队');
  return table;
}

const namesOf = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((r) => r.querySelector('.gd-unittable__name')!.textContent);

async function withSquad(d: QueueDesk) {
  const admin = d.f.operators.admin;
  const { id: brigade } = await d.ok<{ id: number }>('units:save', { code: 'CG00', name: '芙蓉区城管执法大队', kind: 'enforcement' }, admin);
  const { id: squad } = await d.ok<{ id: number }>(
    'units:save',
    { code: 'CG001', name: '城管执法大队文艺路中队', kind: 'enforcement', parentId: brigade, streetCode: '430102001000000', phone: '0731-84411001' },
    admin,
  );
  await d.ok('units:save', { code: 'JD001', name: '文艺路街道办事处', kind: 'street_office', streetCode: '430102001000000' }, admin);
  await d.ok('persons:set-unit', { personId: d.f.persons.wang, unitId: squad });
  await d.ok('persons:set-unit', { personId: d.f.persons.zhao, unitId: squad });
  return { brigade, squad };
}

describe('责任单位', () => {
  it('lists the units as a tree with their street and staff; an administrator adds one after a refused duplicate code', async () => {
    const d = queueDesk('2026-11-24T09:00');
    await withSquad(d);
    const table = await openUnits(d, d.f.operators.admin, OPERATOR.admin);
    expect(screen.getByText('共 3 个单位，在用 3 个，在办案件 0 件')).toBeInTheDocument();
    expect(namesOf(table)).toEqual(['芙蓉区城管执法大队', '城管执法大队文艺路中队', '文艺路街道办事处']);
    const squadRow = within(table).getByText('城管执法大队文艺路中队').closest('tr')!;
    expect([...squadRow.querySelectorAll('td')].slice(1, 7).map((c) => c.textContent)).toEqual(['CG001', '城管执法', '文艺路街道', '0731-84411001', '2', '0']);

    fireEvent.click(screen.getByRole('button', { name: '新建单位' }));
    const dialog = await screen.findByRole('dialog', { name: '新建责任单位' });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    expect(await within(dialog).findByText('请填写单位编码')).toBeInTheDocument();
    expect(within(dialog).getByText('请选择单位类型')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/单位编码/), { target: { value: 'CG001' } });
    fireEvent.change(within(dialog).getByLabelText(/单位名称/), { target: { value: '芙蓉区园林绿化所' } });
    fireEvent.change(within(dialog).getByLabelText(/单位类型/), { target: { value: 'greening' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    expect(await within(dialog).findByText(/单位编码「CG001」已被「城管执法大队文艺路中队」使用/)).toBeInTheDocument();

    fireEvent.change(within(dialog).getByLabelText(/单位编码/), { target: { value: 'YL00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '新建责任单位' })).not.toBeInTheDocument());
    expect(await screen.findByText('已新建责任单位：芙蓉区园林绿化所')).toBeInTheDocument();
    await waitFor(() => expect(namesOf(table)).toContain('芙蓉区园林绿化所'));
    expect(within(table).getByText('芙蓉区园林绿化所').closest('tr')).toHaveTextContent('园林绿化全区');
    expect(d.f.db.prepare(`SELECT kind FROM units WHERE code = 'YL00'`).pluck().get()).toBe('greening');
  });

  it('refuses to deactivate a unit whose sub-unit is in use, deactivates the sub-unit, and keeps it listed on request', async () => {
    const d = queueDesk('2026-11-24T09:00');
    await withSquad(d);
    const table = await openUnits(d, d.f.operators.admin, OPERATOR.admin);
    fireEvent.click(within(table).getByRole('button', { name: '停用芙蓉区城管执法大队' }));
    expect(await screen.findByText(/还有在用的下级单位「城管执法大队文艺路中队」：请先停用下级单位/)).toBeInTheDocument();

    fireEvent.click(within(table).getByRole('button', { name: '停用城管执法大队文艺路中队' }));
    expect(await screen.findByText('城管执法大队文艺路中队已停用')).toBeInTheDocument();
    await waitFor(() => expect(namesOf(table)).toEqual(['芙蓉区城管执法大队', '文艺路街道办事处']));
    fireEvent.click(screen.getByRole('checkbox', { name: '仅显示在用' }));
    const row = within(table).getByText('城管执法大队文艺路中队').closest('tr')!;
    expect(row).toHaveTextContent('已停用');
    expect(within(row).getByRole('button', { name: '启用城管执法大队文艺路中队' })).toBeInTheDocument();
    expect(d.f.db.prepare(`SELECT active FROM units WHERE code = 'CG001'`).pluck().get()).toBe(0);
  });

  it('gives a unit a duty in a grid from its panel, listed there and stored as the unit’s', async () => {
    const d = queueDesk('2026-11-24T09:00');
    const { squad } = await withSquad(d);
    const table = await openUnits(d, d.f.operators.admin, OPERATOR.admin);
    fireEvent.click(within(table).getByRole('button', { name: '城管执法大队文艺路中队' }));
    const panel = await screen.findByRole('complementary', { name: '单位详情' });
    expect(panel).toHaveTextContent('CG001 · 城管执法 · 文艺路街道 · 上级：芙蓉区城管执法大队');
    expect(panel).toHaveTextContent('没有有效的单位岗位。');
    fireEvent.click(within(panel).getByRole('button', { name: '添加岗位' }));
    const form = within(panel).getByRole('form', { name: '添加岗位' });
    await waitFor(() => expect(within(form).getByRole('option', { name: '识字岭社区第2网格' })).toBeInTheDocument());
    fireEvent.change(within(form).getByLabelText(/网格/), { target: { value: '430102001001002' } });
    fireEvent.change(within(form).getByLabelText(/岗位/), { target: { value: 'enforcement_officer' } });
    fireEvent.change(within(form).getByLabelText(/开始日期/), { target: { value: '2026-11-01' } });
    fireEvent.click(within(form).getByRole('button', { name: '添加岗位' }));
    await waitFor(() => expect(panel).toHaveTextContent('单位岗位 （1）'));
    expect(within(panel).getByRole('list')).toHaveTextContent('城管队员识字岭社区第2网格4301020010010022026-11-01 起结束');
    expect(d.f.db.prepare(`SELECT unit_id, person_id, role FROM duties WHERE unit_id IS NOT NULL`).all()).toEqual([
      { unit_id: squad, person_id: null, role: 'enforcement_officer' },
    ]);
  });

  it('shows a supervisor the units without the means to change them', async () => {
    const d = queueDesk('2026-11-24T09:00');
    await withSquad(d);
    const table = await openUnits(d, d.f.operators.supervisor, OPERATOR.supervisor);
    expect(screen.getByRole('button', { name: '新建单位' })).toBeDisabled();
    expect(within(table).queryByRole('button', { name: /^编辑/ })).not.toBeInTheDocument();
    expect(namesOf(table)).toHaveLength(3);
  });
});

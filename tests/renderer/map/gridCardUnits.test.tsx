/**
 * 网格名片 against the real host: the persons on duty in the grid and the units whose own duties cover it
 * (定责 to a department), as units:list answers; a role that may not read the units does not see the part.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { GridCard } from '../../../renderer/features/map/GridCard';
import { realHost } from '../realHost';

const node = (code: string, name: string) => ({ id: 3, code, name, level: 3 as const, openIncidents: 2, overdueIncidents: 1, totalIncidents: 5, children: [] });
const noop = () => undefined;

describe('grid card', () => {
  it("names the units on duty in the grid with their roles, then the units of its persons on duty; other grids' units are left out", async () => {
    const h = realHost();
    const admin = h.f.operators.admin;
    const { id: squad } = await h.ok<{ id: number }>('units:save', { code: 'CG001', name: '城管执法大队文艺路中队', kind: 'enforcement', phone: '0731-84411001' }, admin);
    const { id: water } = await h.ok<{ id: number }>('units:save', { code: 'SW01', name: '区水务局', kind: 'water' }, admin);
    await h.ok('units:add-duty', { unitId: squad, gridCode: '430102001001001', role: 'enforcement_officer', categoryBigCode: '04', validFrom: '2026-01-01' }, admin);
    await h.ok('units:add-duty', { unitId: water, gridCode: '430102001001002', role: 'grid_worker', validFrom: '2026-01-01' }, admin);
    await h.ok('persons:set-unit', { personId: h.f.persons.wang, unitId: water });

    h.renderAs(<GridCard node={node('430102001001001', '识字岭社区第1网格')} parentName="文艺路街道" week={null} weekLabel={null} onClose={noop} onFilterMap={noop} />, h.f.operators.supervisor);
    const units = await screen.findByLabelText('责任单位');
    const item = (await within(units).findByText('城管执法大队文艺路中队')).closest('li')!;
    expect(item).toHaveTextContent('城管队员（类别 04）');
    expect(item).toHaveTextContent('0731-84411001');
    expect(units.querySelector('li:first-child')).not.toHaveTextContent('区水务局');
    // Then the units of the persons on duty here (Wang's, a grid worker of this grid).
    const staffUnit = (await within(units).findByText('区水务局')).closest('li')!;
    expect(staffUnit).toHaveTextContent('王建国 所属');
    expect(staffUnit).not.toHaveTextContent('网格员');
    expect(within(units).getAllByRole('listitem').map((li) => li.querySelector('.gd-gridcard__person')!.textContent)).toEqual(['城管执法大队文艺路中队', '区水务局']);
    const persons = screen.getByLabelText('在岗人员');
    expect(await within(persons).findByText('王建国')).toBeInTheDocument();
  });

  it('says so when no unit has a duty in the grid, and hides the part from a role that may not read units', async () => {
    const h = realHost();
    const card = <GridCard node={node('430102001001002', '识字岭社区第2网格')} parentName={null} week={null} weekLabel={null} onClose={noop} onFilterMap={noop} />;
    const first = h.renderAs(card, h.f.operators.supervisor);
    expect(await within(await screen.findByLabelText('责任单位')).findByText('暂无责任单位')).toBeInTheDocument();
    first.unmount();
    h.renderAs(card, h.f.operators.inspector);
    await within(screen.getByLabelText('在岗人员')).findByText('李秀英');
    expect(screen.queryByLabelText('责任单位')).not.toBeInTheDocument();
  });
});

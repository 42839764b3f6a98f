/**
 * The case list filtered to a list of case ids (ids=… in the address): what a link from the cases behind a
 * score opens. On the real host: the list shows exactly those cases, says how many were named, and the
 * chip clears the filter.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IncidentDetail } from '../../../electron/contract';
import { CasesPage } from '../../../renderer/features/cases/CasesPage';
import { formatCaseQuery, parseCaseQuery, toIncidentFilter, EMPTY_QUERY } from '../../../renderer/features/cases/caseQuery';
import { realHost } from '../realHost';

describe('case list by case ids', () => {
  it('reads, writes and sends the ids; drops what is not an id', () => {
    const q = parseCaseQuery('ids=5,3,x,3,0,12&grid=430102001001001');
    expect(q.ids).toEqual([5, 3, 12]);
    expect(formatCaseQuery({ ...EMPTY_QUERY, ids: [5, 3] })).toBe('ids=5,3');
    expect(toIncidentFilter(q).ids).toEqual([5, 3, 12]);
    expect(parseCaseQuery('ids=').ids).toBeNull();
  });

  it('shows exactly the named cases, and the chip clears the filter', async () => {
    const host = realHost();
    const { f } = host;
    const make = (description: string) =>
      host.ok<IncidentDetail>('incidents:create', { categoryId: f.categories.garbage, description, gridCode: '430102001001001', source: 'patrol' });
    const a = await make('暴露垃圾 一号');
    await make('暴露垃圾 二号');
    const c = await make('暴露垃圾 三号');
    window.location.hash = `#/cases?ids=${a.id},${c.id}`;
    host.renderAs(<CasesPage />, f.operators.supervisor);
    const table = await screen.findByRole('table', { name: '案件列表' });
    await within(table).findByText(a.caseNo);
    expect(within(table).getByText(c.caseNo)).toBeInTheDocument();
    expect(await screen.findByText('共 2 件')).toBeInTheDocument();
    expect(within(table).queryByText((await host.ok<IncidentDetail>('incidents:get', { id: a.id + 1 })).caseNo)).toBeNull();
    expect(screen.getByText('指定的 2 件案件')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '取消指定案件' }));
    await waitFor(() => expect(window.location.hash).not.toContain('ids='));
    expect(await screen.findByText('共 3 件')).toBeInTheDocument();
  });
});

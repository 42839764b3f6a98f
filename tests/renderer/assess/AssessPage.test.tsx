/**
 * The 考核 page on the real host (the desk fixture's two grids, the seeded schemes): the draft ranked by
 * object type with 样本不足 rows unranked at the bottom; an administrator publishes (version and SHA-256 as
 * stored; again: the host's "unchanged"); one grid's score links every indicator to exactly its cases; the
 * scheme is shown in full and an administrator's edit with weights that do not sum to 100 is refused with
 * the host's message in place, nothing stored; a manager sees neither the publish button nor the edit.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AssessScheme, IncidentDetail, PublishedSummary } from '../../../electron/contract';
import { AssessPage } from '../../../renderer/features/assess/AssessPage';
import { realHost, type RealHost } from '../realHost';

const MONTH = '2026-11';

async function hostWithCases(): Promise<{ host: RealHost; general: AssessScheme }> {
  const host = realHost('2026-11-10T09:00');
  const { f } = host;
  const registered = async (description: string, gridCode: string) => {
    const c = await host.ok<IncidentDetail>('incidents:create', { categoryId: f.categories.garbage, description, gridCode, source: 'patrol' });
    await host.ok('incidents:transition', { incidentId: c.id, action: 'register', expectedVersion: c.version });
  };
  for (let k = 0; k < 6; k++) await registered(`暴露垃圾 ${k + 1}`, '430102001001001');
  await registered('暴露垃圾 东', '430102001001002');
  const schemes = await host.ok<AssessScheme[]>('assess:schemes', {});
  const general = schemes[0]!;
  // Rank a grid with 6 cases; the other (1 case) stays 样本不足.
  await host.ok('assess:scheme-save', { id: general.id, definition: { ...general.definition, minCases: 3 } }, f.operators.admin);
  return { host, general };
}

function renderPage(host: RealHost, operatorId: number, query: string) {
  const onNavigate = vi.fn();
  const view = host.renderAs(<AssessPage query={new URLSearchParams(query)} onNavigate={onNavigate} />, operatorId);
  return { onNavigate, view };
}

describe('考核 page', () => {
  it('ranks the draft by object type, 样本不足 unranked at the bottom, and an administrator publishes it', async () => {
    const { host, general } = await hostWithCases();
    renderPage(host, host.f.operators.admin, `month=${MONTH}&type=grid`);
    const table = await screen.findByRole('table', { name: '社区网格排名' }, { timeout: 10_000 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('识字岭社区第1网格');
    expect(rows[0]).toHaveTextContent(/^1/);
    expect(rows[1]).toHaveTextContent('样本不足，不参与排名（1 个）');
    expect(rows[2]).toHaveTextContent('识字岭社区第2网格');
    expect(rows[2]).toHaveTextContent('样本不足');
    expect(screen.getByText('草稿')).toBeInTheDocument();
    // The month's headline figures are the statistics over the calendar month.
    const period = await host.ok<{ totals: { registered: number } }>('stats:period', { from: '2026-11-01', to: '2026-11-30' });
    const cards = await screen.findByRole('group', { name: '2026年11月指标' });
    await waitFor(() => expect(within(cards).getByRole('group', { name: '立案' })).toHaveTextContent(String(period.totals.registered)));
    expect(period.totals.registered).toBe(7);

    fireEvent.click(screen.getByRole('button', { name: '发布本月考核结果' }));
    const outcome = await waitFor(() => document.querySelector('.gd-assess-publish__outcome') ?? Promise.reject(new Error('no outcome yet')), { timeout: 10_000 });
    const [v1] = await host.ok<PublishedSummary[]>('assess:published', { month: MONTH, schemeId: general.id });
    expect(v1!.version).toBe(1);
    expect(outcome).toHaveTextContent(v1!.hash);

    fireEvent.click(screen.getByRole('button', { name: '发布本月考核结果' }));
    await waitFor(() => expect(document.querySelector('.gd-assess-publish__outcome.is-unchanged')).not.toBeNull(), { timeout: 10_000 });
    expect(document.querySelector('.gd-assess-publish__outcome')!.textContent).toMatch(/未发布新版本|没有变化|相同/);
    expect(await host.ok<PublishedSummary[]>('assess:published', { month: MONTH, schemeId: general.id })).toHaveLength(1);
  });

  it('one grid’s score: each indicator’s value, weight and points, and a link to exactly its cases', async () => {
    const { host, general } = await hostWithCases();
    const { onNavigate } = renderPage(host, host.f.operators.manager, `month=${MONTH}&type=grid&object=430102001001001`);
    const detail = await screen.findByRole('region', { name: '得分明细' });
    const indicators = await within(detail).findByRole('table', { name: '各项指标得分' }, { timeout: 10_000 });
    const result = await host.ok<{ objects: { code: string; indicators: Record<string, { label: string; caseIds: number[]; weight: number; points: number }> }[] }>(
      'assess:result',
      { schemeId: general.id, month: MONTH, version: null },
    );
    const grid = result.objects.find((o) => o.code === '430102001001001')!;
    const withCases = Object.values(grid.indicators).find((i) => i.caseIds.length > 0)!;
    const row = within(indicators).getByText(withCases.label).closest('tr')!;
    expect(row).toHaveTextContent(String(withCases.weight));
    const link = within(row).getByRole('link', { name: `${withCases.label}：${new Set(withCases.caseIds).size} 件案件` });
    fireEvent.click(link);
    expect(onNavigate).toHaveBeenCalledWith(`#/cases?ids=${[...new Set(withCases.caseIds)].join(',')}`);
    // A manager reads; publishing and editing are an administrator's.
    expect(screen.queryByRole('button', { name: '发布本月考核结果' })).toBeNull();
  });

  it('shows the scheme in full; weights not summing to 100 are refused with the host’s message, nothing stored', async () => {
    const { host, general } = await hostWithCases();
    renderPage(host, host.f.operators.admin, `month=${MONTH}&view=scheme`);
    const weights = await screen.findByRole('table', { name: '考核指标' }, { timeout: 10_000 });
    expect(within(weights).getAllByRole('row').length).toBe(general.definition.indicators.length + 2);
    expect(screen.getByRole('table', { name: '扣分规则' })).toHaveTextContent('督办件数');
    expect(screen.getByRole('table', { name: '等级划分' })).toHaveTextContent('优');
    fireEvent.click(screen.getByRole('button', { name: '编辑方案' }));
    const form = screen.getByRole('form', { name: '编辑考核方案' });
    const first = general.definition.indicators[0]!;
    const input = within(form).getAllByRole('spinbutton').find((el) => el.getAttribute('aria-label')?.endsWith('权重'))!;
    fireEvent.change(input, { target: { value: String(first.weight - 5) } });
    const before = (await host.ok<AssessScheme[]>('assess:schemes', {}))[0]!.version;
    fireEvent.click(within(form).getByRole('button', { name: '保存为新版本' }));
    const alert = await within(form).findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent(/100/);
    expect((await host.ok<AssessScheme[]>('assess:schemes', {}))[0]!.version).toBe(before);
  });

  it('the versions view: two published versions, their hashes as verified, and what moved with the case behind it', async () => {
    const { host, general } = await hostWithCases();
    const admin = host.f.operators.admin;
    await host.ok('assess:publish', { schemeId: general.id, month: MONTH }, admin);
    const result = await host.ok<{ objects: { code: string; indicators: Record<string, { caseIds: number[] }> }[] }>('assess:result', { schemeId: general.id, month: MONTH, version: 1 });
    const caseId = Object.values(result.objects.find((o) => o.code === '430102001001001')!.indicators).find((i) => i.caseIds.length > 0)!.caseIds[0]!;
    const c = await host.ok<IncidentDetail>('incidents:get', { id: caseId });
    await host.ok('incidents:transition', { incidentId: caseId, action: 'void', expectedVersion: c.version, note: '重复登记' }, admin);
    await host.ok('assess:publish', { schemeId: general.id, month: MONTH }, admin);
    const { onNavigate } = renderPage(host, host.f.operators.manager, `month=${MONTH}&view=versions`);
    const list = await screen.findByRole('table', { name: '已发布版本' }, { timeout: 10_000 });
    const versions = await host.ok<PublishedSummary[]>('assess:published', { month: MONTH, schemeId: general.id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    for (const v of versions) expect(within(list).getByText(v.hash)).toBeInTheDocument();
    expect(within(list).getAllByText('一致')).toHaveLength(2);
    const changes = await screen.findByRole('table', { name: '变动明细' }, { timeout: 10_000 });
    expect(changes).toHaveTextContent('识字岭社区第1网格');
    const removed = within(changes).getAllByRole('link').find((a) => a.getAttribute('href')?.includes(String(caseId)));
    expect(removed).toBeDefined();
    fireEvent.click(removed!);
    expect(onNavigate).toHaveBeenCalledWith(expect.stringContaining(`ids=`));
  });

  it('a manager sees the scheme without the edit button', async () => {
    const { host } = await hostWithCases();
    renderPage(host, host.f.operators.manager, `month=${MONTH}&view=scheme`);
    await screen.findByRole('table', { name: '考核指标' }, { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: '编辑方案' })).toBeNull();
  });
});

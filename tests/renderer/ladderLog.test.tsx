/**
 * 设置记录 reads the 催办督办 and 12345 changes in Chinese: the action's name, the rungs that changed in the
 * domain's words, a category's ladder against the default, and the 签收 limit as a time limit.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../electron/contract';
import { describeChange } from '../../renderer/features/settingsLog/describeChange';
import { SettingsLogPage } from '../../renderer/features/settingsLog/SettingsLogPage';
import { realHost } from './realHost';

describe('设置记录: 催办督办 and 12345 changes', () => {
  it('names the actions and shows the changed rungs and the limit in words', async () => {
    const host = realHost();
    const rungs = DEFAULT_LADDER.rungs;
    await host.ok('supervision:set-ladder', { categoryId: null, ladder: { rungs: [{ ...rungs[0]!, at: { kind: 'share', value: 0.6 } }, ...rungs.slice(1, 3)] } });
    await host.ok('supervision:set-ladder', { categoryId: host.f.categories.garbage, ladder: { rungs: rungs.slice(0, 2) } });
    await host.ok('hotline:set-ack-limit', { value: 1, unit: 'wd' });
    host.renderAs(<SettingsLogPage />, host.f.operators.admin);

    const table = await screen.findByRole('table', { name: '设置记录列表' });
    const [ack, category, byDefault] = within(table).getAllByRole('row').slice(1);
    expect(ack).toHaveTextContent('修改工单签收时限');
    expect(within(ack!).getByText('2 工作小时')).toHaveClass('gd-change__before');
    expect(within(ack!).getByText('1 工作日')).toHaveClass('gd-change__after');

    expect(category).toHaveTextContent('修改催办督办规则');
    expect(within(category!).getByText('默认规则')).toHaveClass('gd-change__before');
    expect(within(category!).getByText('预警（期限的 75%，责任人）；催办（期限的 100%，网格长）')).toHaveClass('gd-change__after');

    expect(byDefault).toHaveTextContent('修改催办督办规则');
    expect(byDefault).toHaveTextContent('默认催办督办规则');
    expect(within(byDefault!).getByText('第 1 级')).toBeInTheDocument();
    expect(within(byDefault!).getByText('预警（期限的 75%，责任人）')).toHaveClass('gd-change__before');
    expect(within(byDefault!).getByText('预警（期限的 60%，责任人）')).toHaveClass('gd-change__after');
    expect(within(byDefault!).getByText('第 4 级')).toBeInTheDocument();
    expect(within(byDefault!).getByText('督办（超期 2 个工作日，区级值班领导）')).toHaveClass('gd-change__before');
    expect(byDefault).toHaveTextContent('（已移除）');
    // Unchanged rungs are not repeated, and no raw key shows anywhere.
    expect(byDefault).not.toHaveTextContent('第 2 级');
    expect(table).not.toHaveTextContent(/rungs|unit|value|项/);
  });

  it('a category put back on the default reads as the default again', () => {
    const own = { rungs: DEFAULT_LADDER.rungs.slice(0, 1) };
    expect(describeChange('supervision.ladder', own, null)).toEqual([{ label: '', before: '预警（期限的 75%，责任人）', after: '默认规则' }]);
    expect(describeChange('supervision.ladder', own, own)).toEqual([]);
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SettingsPage } from '../../renderer/features/settings/SettingsPage';
import { CATEGORIES, OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';

const CALENDAR = {
  periods: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  days: [
    { date: '2026-10-01', kind: 'holiday' as const, name: '国庆节' },
    { date: '2026-10-10', kind: 'workday' as const, name: '国庆调休上班' },
  ],
};

describe('settings', () => {
  it('lists the holidays and 调休 days of the year and adds one', async () => {
    const setDay = vi.fn(async () => null);
    const client = createFakeClient({ overrides: { 'calendar:get': vi.fn(async () => CALENDAR), 'calendar:set-day': setDay } });
    renderDesk(<SettingsPage />, client, { operatorId: OPERATOR.admin });
    const days = await screen.findByRole('table', { name: /年节假日与调休/ });
    expect(within(days).getByText('2026-10-01').closest('tr')).toHaveTextContent('周四节假日（休息）国庆节');
    expect(within(days).getByText('2026-10-10').closest('tr')).toHaveTextContent('周六调休上班');
    expect(screen.getByText('每个工作日共 7 小时')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: '添加日期' });
    fireEvent.change(within(form).getByLabelText('日期'), { target: { value: '2026-12-31' } });
    fireEvent.change(within(form).getByLabelText('名称'), { target: { value: '元旦前夕' } });
    fireEvent.click(within(form).getByRole('button', { name: '添加' }));
    await waitFor(() => expect(setDay).toHaveBeenCalledWith({ date: '2026-12-31', kind: 'holiday', name: '元旦前夕' }));
  });

  it('edits a category limit and saves only that category', async () => {
    const update = vi.fn(async () => ({ ...CATEGORIES[1]!, handlingLimit: 1, handlingUnit: 'wd' as const }));
    const client = createFakeClient({ overrides: { 'categories:update': update } });
    renderDesk(<SettingsPage />, client, { operatorId: OPERATOR.admin });
    fireEvent.click(await screen.findByRole('tab', { name: '案件类别与时限' }));
    const limit = await screen.findByLabelText('暴露垃圾 处置时限');
    expect(limit).toHaveValue('4');
    fireEvent.change(limit, { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('暴露垃圾 时限单位'), { target: { value: 'wd' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith({ id: 2, handlingLimit: 1, handlingUnit: 'wd', isUrgent: false, isActive: true }));
    expect(await screen.findByText('已保存「暴露垃圾」')).toBeInTheDocument();
  });
});

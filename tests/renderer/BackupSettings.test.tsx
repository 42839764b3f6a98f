import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { BackupReport, BackupStatus } from '../../electron/contract';
import { App } from '../../renderer/app/App';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderWithApi } from './renderWithApi';

const AT = Date.parse('2026-11-24T02:00:00+08:00');
const COUNTS = { incidents: 3000, incidentEvents: 16000, grids: 214, persons: 315, operators: 9, importBatches: 1, attachments: 12 };
const DIR = '/data/backups/griddesk-20261124-020000-daily';

const STATUS: BackupStatus = {
  settings: { enabled: true, folder: '/data/backups', folderIsDefault: true, keepDaily: 7, keepWeekly: 4 },
  backups: [{ dir: DIR, name: 'griddesk-20261124-020000-daily', createdAt: AT, reason: 'daily', counts: COUNTS }],
  lastError: null,
  canRestore: true,
};

const REPORT = {
  ok: true,
  dir: DIR,
  problems: [],
  warnings: ['备份时已缺少 1 张照片'],
  createdAt: '2026-11-23T18:00:00.000Z',
  createdAtShanghai: '2026-11-24 02:00:00',
  reason: 'daily',
  schemaVersion: 90,
  counts: COUNTS,
  manifest: null,
} as unknown as BackupReport;

describe('backups (administrators)', () => {
  it('restores a backup after a confirmation that shows what it holds and that the current database is kept, then asks everyone to log in', async () => {
    const base = createFakeClient({ loggedInAs: OPERATOR.admin });
    const restore = vi.fn(async () => {
      await base['session:logout']({}); // the host ends every session after a restore
      return { databasePath: '/data/griddesk.sqlite', from: DIR, createdAt: REPORT.createdAt!, createdAtShanghai: '2026-11-24 02:00:00', schemaVersion: 90, counts: COUNTS, photosRestored: 0 };
    });
    const client = {
      ...base,
      'backup:status': vi.fn(async () => STATUS),
      'backup:verify': vi.fn(async () => REPORT),
      'backup:restore': restore as unknown as (typeof base)['backup:restore'],
    };
    window.location.hash = '#/settings?tab=backup';
    renderWithApi(<App />, client);

    const list = await screen.findByRole('table', { name: '备份' });
    const row = within(list).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('2026-11-24 02:00');
    expect(row).toHaveTextContent('每日自动');
    expect(row).toHaveTextContent('案件 3,000');
    expect(row).toHaveTextContent('照片 12');

    fireEvent.click(within(row).getByRole('button', { name: '恢复…' }));
    const dialog = await screen.findByRole('dialog', { name: '从备份恢复' });
    await within(dialog).findByText('校验通过：备份完整，可以恢复');
    expect(client['backup:verify']).toHaveBeenCalledWith({ dir: DIR });
    expect(dialog).toHaveTextContent('备份时已缺少 1 张照片');
    expect(within(dialog).getByRole('region', { name: '备份内容' })).toHaveTextContent('办理记录16,000');
    expect(dialog).toHaveTextContent('当前数据库不会丢失');
    expect(dialog).toHaveTextContent('所有操作员（包括您）都需要重新登录');

    const confirm = within(dialog).getByRole('button', { name: '恢复此备份' });
    expect(confirm).toBeDisabled();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /我已了解/ }));
    fireEvent.click(confirm);
    await waitFor(() => expect(restore).toHaveBeenCalledWith({ dir: DIR }));
    expect(await screen.findByRole('form', { name: '登录' })).toBeInTheDocument();
    expect(await screen.findByText('已恢复 2026-11-24 02:00:00 的备份')).toBeInTheDocument();
  });

  it('does not offer to restore a backup that fails verification', async () => {
    const client = createFakeClient({
      loggedInAs: OPERATOR.admin,
      overrides: {
        'backup:status': vi.fn(async () => STATUS),
        'backup:verify': vi.fn(async () => ({ ...REPORT, ok: false, problems: ['数据库文件的校验和与清单不符'] })),
      },
    });
    window.location.hash = '#/settings?tab=backup';
    renderWithApi(<App />, client);
    fireEvent.click(await screen.findByRole('button', { name: '恢复…' }));
    const dialog = await screen.findByRole('dialog', { name: '从备份恢复' });
    expect(await within(dialog).findByText('校验未通过：此备份不能恢复')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('数据库文件的校验和与清单不符');
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '恢复此备份' })).toBeDisabled();
  });
});

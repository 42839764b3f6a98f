/**
 * 导出 on the case list: the format menu exports what the filters show. Against the real host (the desk
 * fixture on a temporary SQLite file, the real handlers behind the gate) the download is the filtered
 * cases as a UTF-8 CSV with BOM; with a fake client the progress strip, 取消, the Electron answer (saved by
 * the host) and a failure are shown as they happen.
 */
import path from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account, Actor, ApiClient, ExportJobStatus } from '../../electron/contract';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { ApiProvider } from '../../renderer/api/ApiProvider';
import { createClient } from '../../renderer/api/client';
import { CasesPage } from '../../renderer/features/cases/CasesPage';
import { OperatorContext } from '../../renderer/features/session/sessionContext';
import { ToastProvider } from '../../renderer/ui/ToastProvider';
import { deskFixture, sh } from '../helpers/deskFixture';
import { OPERATOR } from './deskFixtures';
import { createFakeClient } from './fixtures';
import { renderDesk } from './renderDesk';

const { createObjectURL, revokeObjectURL } = URL;
let downloads: { blob: Blob; name: string }[];

beforeEach(() => {
  downloads = [];
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:griddesk/${blobs.length}`;
    }),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ blob: blobs[Number(this.href.split('/').pop()) - 1]!, name: this.download });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

/** The desk fixture with cases, the real handlers on its file, and the page's client calling them as the supervisor. */
function deskWithCases() {
  const f = deskFixture();
  const now = sh('2026-11-24T09:00');
  for (let k = 0; k < 7; k++) {
    let c = createIncident(
      f.db,
      { operatorId: f.operators.supervisor, categoryId: k % 2 ? f.categories.garbage : f.categories.vendor, description: `=路面问题 ${k}`, lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
      now - (k + 2) * 3_600_000,
    );
    if (k < 3) {
      c = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, now - 3_000_000);
      transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor }, now - 2_000_000);
    }
  }
  const handlers = createHandlers({ db: f.db, databasePath: f.db.name, transport: 'direct', version: 'test', now: () => now });
  const row = f.db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(f.operators.supervisor) as { id: number; name: string; role: Actor['role']; person_id: number | null };
  const actor: Actor = { operatorId: row.id, name: row.name, role: row.role, personId: row.person_id };
  const account: Account = { id: row.id, name: row.name, role: row.role, personId: null, isActive: true, hasPassword: true, isDemo: false, lockedUntil: null };
  const bridge = new Proxy({}, { get: (_t, name: string) => (input: unknown) => invokeCall(handlers, name, input, directCaller(actor)) });
  return { f, account, client: createClient({ bridge }) };
}

function running(patch: Partial<ExportJobStatus> = {}): ExportJobStatus {
  return {
    jobId: '8b0f0b52-64c5-4a53-9a55-5b3c1f1e7a11',
    state: 'running',
    format: 'xlsx',
    fileName: '案件导出_超期_文艺路街道_2026-11-25.xlsx',
    rowsWritten: 0,
    totalRows: 0,
    cases: 0,
    bytes: 0,
    savedTo: null,
    elapsedMs: 0,
    error: null,
    ...patch,
  };
}

async function chooseFormat(label: RegExp) {
  fireEvent.click(await screen.findByRole('button', { name: '导出' }));
  const menu = screen.getByRole('menu', { name: '导出格式' });
  fireEvent.click(within(menu).getByRole('menuitem', { name: label }));
}

describe('导出 on the case list, against the real host', () => {
  it('downloads the cases the filters show as a UTF-8 CSV with BOM, named after the filter and the day', async () => {
    const { account, client } = deskWithCases();
    window.location.hash = '#/cases?status=dispatched';
    render(
      <ApiProvider client={client}>
        <ToastProvider>
          <OperatorContext value={account}>
            <CasesPage />
          </OperatorContext>
        </ToastProvider>
      </ApiProvider>,
    );
    expect(await screen.findByText('共 3 件')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '导出' }));
    expect(screen.getByRole('menu', { name: '导出格式' })).toHaveTextContent('导出当前筛选的 3 件案件');
    fireEvent.click(screen.getByRole('menuitem', { name: /CSV 表格/ }));
    expect(await screen.findByText('已导出 3 件案件', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toBe('案件导出_已派遣_2026-11-24.csv');
    expect(downloads[0]!.blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await downloads[0]!.blob.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.subarray(3)).split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('案件编号,状态,')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.split(',')[1] === '已派遣')).toBe(true);
    // Still neutralised against formula injection.
    expect(lines.slice(1).every((l) => l.includes(",'=路面问题"))).toBe(true);
    expect(screen.queryByRole('status', { name: '导出进度' })).toBeNull();
    expect(path.extname(downloads[0]!.name)).toBe('.csv');
  });
});

describe('导出 progress, cancel and the other outcomes', () => {
  it('shows the running export with a progress bar by rows, and 取消 stops it: nothing is downloaded', async () => {
    let answers = [running({ totalRows: 10_000, cases: 4_000, rowsWritten: 2_500 }), running({ totalRows: 10_000, cases: 4_000, rowsWritten: 6_000 })];
    const progress = vi.fn(async () => answers.shift() ?? running({ state: 'cancelled', totalRows: 10_000, cases: 4_000, rowsWritten: 6_000 }));
    const cancel = vi.fn(async () => running({ totalRows: 10_000, cases: 4_000, rowsWritten: 6_000 }));
    const start = vi.fn(async () => running());
    window.location.hash = '#/cases?overdue=1&street=430102001000000';
    const client = createFakeClient({
      overrides: { 'exports:start': start, 'exports:progress': progress, 'exports:cancel': cancel, 'incidents:count': vi.fn(async () => 4000) } as Partial<ApiClient>,
    });
    renderDesk(<CasesPage />, client, { operatorId: OPERATOR.supervisor });
    await screen.findByText('共 4,000 件');
    await chooseFormat(/Excel 工作簿/);
    expect(start).toHaveBeenCalledWith({ format: 'xlsx', filter: { streetCode: '430102001000000', overdue: true } });
    const strip = await screen.findByRole('status', { name: '导出进度' });
    expect(strip).toHaveTextContent('正在导出案件导出_超期_文艺路街道_2026-11-25.xlsx');
    expect(screen.getByRole('button', { name: '导出' })).toBeDisabled();
    await waitFor(() => expect(within(strip).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '6000'), { timeout: 3000 });
    expect(within(strip).getByRole('progressbar')).toHaveAttribute('aria-valuemax', '10000');
    expect(strip).toHaveTextContent('4,000 件案件，连同处理记录共 10,000 行');
    answers = [];
    fireEvent.click(within(strip).getByRole('button', { name: '取消' }));
    expect(cancel).toHaveBeenCalledWith({ jobId: running().jobId });
    expect(await screen.findByText('已取消导出', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: '导出进度' })).toBeNull();
    expect(client['exports:read']).not.toHaveBeenCalled();
    expect(downloads).toEqual([]);
    expect(screen.getByRole('button', { name: '导出' })).toBeEnabled();
  });

  it('Electron: the host saved the file where the person chose; the page names the place and downloads nothing', async () => {
    const savedTo = 'C:\\Users\\chen\\Documents\\案件导出_全部_2026-11-25.geojson';
    const client = createFakeClient({
      overrides: {
        'exports:start': vi.fn(async () => running({ format: 'geojson', savedTo })),
        'exports:progress': vi.fn(async () => running({ format: 'geojson', savedTo, state: 'done', cases: 120, totalRows: 120, rowsWritten: 120 })),
        'incidents:count': vi.fn(async () => 120),
      } as Partial<ApiClient>,
    });
    window.location.hash = '#/cases';
    renderDesk(<CasesPage />, client, { operatorId: OPERATOR.supervisor });
    await screen.findByText('共 120 件');
    await chooseFormat(/GeoJSON/);
    expect(await screen.findByText('已导出 120 件案件', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText(savedTo)).toBeInTheDocument();
    expect(client['exports:read']).not.toHaveBeenCalled();
    expect(downloads).toEqual([]);
  });

  it('a closed save dialog says nothing; a failed export says why', async () => {
    const start = vi
      .fn<ApiClient['exports:start']>()
      .mockResolvedValueOnce(running({ state: 'cancelled' }))
      .mockResolvedValueOnce(running());
    const client = createFakeClient({
      overrides: {
        'exports:start': start,
        'exports:progress': vi.fn(async () => running({ state: 'failed', error: { kind: 'database', message: '磁盘空间不足，未作修改' } })),
        'incidents:count': vi.fn(async () => 5),
      } as Partial<ApiClient>,
    });
    window.location.hash = '#/cases';
    renderDesk(<CasesPage />, client, { operatorId: OPERATOR.supervisor });
    await screen.findByText('共 5 件');
    await chooseFormat(/Open311/);
    await waitFor(() => expect(start).toHaveBeenCalledTimes(1));
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByRole('status', { name: '导出进度' })).toBeNull();
    expect(screen.queryByText(/导出失败|已取消导出/)).toBeNull();
    await chooseFormat(/Open311/);
    expect(await screen.findByText('导出失败', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText('磁盘空间不足，未作修改')).toBeInTheDocument();
  });

  it('offers no export when the filters match no case', async () => {
    const client = createFakeClient({ overrides: { 'incidents:count': vi.fn(async () => 0), 'incidents:list': vi.fn(async () => ({ items: [], nextCursor: null })) } as Partial<ApiClient> });
    window.location.hash = '#/cases?q=不存在';
    renderDesk(<CasesPage />, client, { operatorId: OPERATOR.supervisor });
    await screen.findByText('共 0 件');
    expect(screen.getByRole('button', { name: '导出' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '导出' })).toHaveAttribute('title', '当前筛选没有案件');
  });
});

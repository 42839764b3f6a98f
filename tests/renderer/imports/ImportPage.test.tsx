import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient, ImportBatch, ImportJobStatus, ImportPreview, ImportResult, GridImportResult } from '../../../electron/contract';
import { ImportPage } from '../../../renderer/features/imports/ImportPage';
import { createFakeClient } from '../fixtures';
import { renderWithApi } from '../renderWithApi';

const JOB = '00000000-0000-4000-8000-000000000001';
const UPLOAD = '00000000-0000-4000-8000-000000000002';

const PREVIEW: ImportPreview = {
  fileName: '巡查日志.csv',
  bytes: 2048,
  format: 'csv',
  encoding: 'gb18030',
  delimiter: ',',
  sheets: [],
  sheet: null,
  headers: ['编号', '时间', '东经', '北纬', '类别', '描述'],
  rows: [['R1', '2026/11/20 9:30', '113.005', '28.19', '暴露垃圾', '路边垃圾']],
  mapping: { recordId: '编号', reportedAt: '时间', category: '类别', description: '描述' },
  savedMapping: null,
  unmappedHeaders: ['东经', '北纬'],
  missingRequired: ['lon', 'lat'],
  tracks: 0,
  notes: [],
};

const RESULT: ImportResult = {
  batchId: 7,
  dryRun: false,
  fileName: '巡查日志.csv',
  format: 'csv',
  crs: 'gcj02',
  total: 3,
  accepted: 1,
  rejected: 1,
  duplicates: 1,
  nearDuplicates: 0,
  patrols: 0,
  photos: 0,
  errors: [{ row: 3, field: '经度', reason: '坐标为 0,0：设备未取得定位' }],
  warnings: [],
  errorCount: 1,
  warningCount: 0,
  elapsedMs: 1200,
  rowsPerSecond: 2500,
};

const job = (patch: Partial<ImportJobStatus>): ImportJobStatus => ({
  jobId: JOB,
  kind: 'incidents',
  state: 'running',
  fileName: '巡查日志.csv',
  rowsRead: 0,
  bytesRead: 0,
  totalBytes: 2048,
  rowsPerSecond: 0,
  elapsedMs: 0,
  result: null,
  gridResult: null,
  error: null,
  ...patch,
});

const BATCH: ImportBatch = {
  id: 7,
  fileName: '巡查日志.csv',
  format: 'csv',
  sourceCrs: 'gcj02',
  operatorName: null,
  startedAt: Date.parse('2026-11-25T09:00:00+08:00'),
  finishedAt: Date.parse('2026-11-25T09:00:02+08:00'),
  total: 3,
  accepted: 1,
  rejected: 1,
  duplicates: 1,
  status: 'committed',
  canUndo: true,
  message: null,
};

function client(overrides: Partial<ApiClient> = {}): ApiClient {
  return createFakeClient({
    overrides: {
      'imports:list': vi.fn(async () => [BATCH]),
      'imports:mappings': vi.fn(async () => []),
      'imports:upload': vi.fn(async () => ({ uploadId: UPLOAD, bytes: 2048 })),
      'imports:preview': vi.fn(async () => PREVIEW),
      ...overrides,
    },
  });
}

function chooseFile(label: string, name = '巡查日志.csv') {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  const file = new File(['编号,时间\nR1,2026/11/20 9:30\n'], name, { type: 'text/csv' });
  fireEvent.change(input, { target: { files: [file] } });
}

describe('ImportPage', () => {
  it('uploads the chosen file, previews it, asks for the missing columns, then imports with progress and shows the result', async () => {
    let polls = 0;
    const api = client({
      'imports:start': vi.fn(async () => job({})),
      'imports:progress': vi.fn(async () => (++polls < 2 ? job({ rowsRead: 2, bytesRead: 1024, rowsPerSecond: 2000 }) : job({ state: 'done', rowsRead: 3, result: RESULT }))),
      'imports:rejected-csv': vi.fn(async () => ({ fileName: '巡查日志-拒收行-批次7.csv', dataBase64: btoa('x'), rows: 1 })),
    });
    renderWithApi(<ImportPage />, api);
    chooseFile('选择文件…');
    expect(await screen.findByText('编码：GBK/GB18030')).toBeInTheDocument();
    expect(api['imports:upload']).toHaveBeenCalledWith(expect.objectContaining({ fileName: '巡查日志.csv', offset: 0 }));
    expect(screen.getByRole('alert')).toHaveTextContent('还缺少：经度、纬度');
    const start = screen.getByRole('button', { name: '开始导入' });
    expect(start).toBeDisabled();
    fireEvent.change(screen.getByLabelText('经度所在列'), { target: { value: '东经' } });
    fireEvent.change(screen.getByLabelText('纬度所在列'), { target: { value: '北纬' } });
    fireEvent.change(screen.getByLabelText('坐标系'), { target: { value: 'gcj02' } });
    expect(start).toBeEnabled();
    fireEvent.click(start);
    await waitFor(() =>
      expect(api['imports:start']).toHaveBeenCalledWith(
        expect.objectContaining({ source: { uploadId: UPLOAD }, crs: 'gcj02', dryRun: false, mapping: expect.objectContaining({ lon: '东经', lat: '北纬' }) }),
      ),
    );
    const progress = await screen.findByRole('status', { name: '导入进度' });
    expect(within(progress).getByRole('button', { name: '取消导入' })).toBeInTheDocument();
    const result = await screen.findByRole('region', { name: '导入结果' }, { timeout: 3000 });
    expect(result).toHaveTextContent('导入完成：批次 #7');
    expect(result).toHaveTextContent('坐标为 0,0：设备未取得定位');
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    fireEvent.click(within(result).getByRole('button', { name: '拒收行另存为 CSV' }));
    await waitFor(() => expect(api['imports:rejected-csv']).toHaveBeenCalledWith({ batchId: 7 }));
  });

  it('cancels a running import', async () => {
    const api = client({
      'imports:start': vi.fn(async () => job({})),
      'imports:progress': vi.fn(async () => job({ rowsRead: 10 })),
      'imports:cancel': vi.fn(async () => job({ state: 'cancelled' })),
    });
    renderWithApi(<ImportPage />, api);
    chooseFile('选择文件…');
    await screen.findByText('编码：GBK/GB18030');
    fireEvent.change(screen.getByLabelText('经度所在列'), { target: { value: '东经' } });
    fireEvent.change(screen.getByLabelText('纬度所在列'), { target: { value: '北纬' } });
    fireEvent.click(screen.getByRole('button', { name: '开始导入' }));
    fireEvent.click(await screen.findByRole('button', { name: '取消导入' }));
    expect(await screen.findByText('导入已取消，数据库未作任何修改。')).toBeInTheDocument();
    expect(api['imports:cancel']).toHaveBeenCalledWith({ jobId: JOB });
  });

  it('lists batches and undoes one after a confirmation, reporting what was voided and kept', async () => {
    const api = client({ 'imports:undo': vi.fn(async () => ({ batchId: 7, voided: 1, patrolsRemoved: 0, kept: [{ id: 9, caseNo: '2026112000009', status: 'registered' as const }] })) });
    renderWithApi(<ImportPage />, api);
    const list = await screen.findByRole('region', { name: '导入批次' });
    await within(list).findByText('#7');
    fireEvent.click(within(list).getByRole('button', { name: '撤销' }));
    fireEvent.click(within(list).getByRole('button', { name: '确认撤销' }));
    expect(await within(list).findByText(/已撤销批次 #7：作废 1 件案件/)).toHaveTextContent('2026112000009');
    expect(api['imports:undo']).toHaveBeenCalledWith({ batchId: 7 });
  });

  it('validates grid boundaries and shows the report with area and location, replacing only when clean', async () => {
    const report: GridImportResult = {
      dryRun: true,
      fileName: 'grids.zip',
      format: 'shapefile',
      features: 7,
      counts: { districts: 1, streets: 2, grids: 4 },
      issues: [{ kind: 'gap', severity: 'error', codes: ['430102001000000'], message: '文艺路街道 内有 1.234 平方公里未被任何下级网格覆盖（缝隙）', areaM2: 1_234_000, location: [112.98, 28.19] }],
      errorCount: 1,
      warningCount: 0,
      applied: false,
      added: 0,
      updated: 0,
      removed: 0,
      incidentsMoved: 0,
      incidentsOutside: 0,
      moves: [],
    };
    const api = client({
      'grids:import-preview': vi.fn(async () => ({ fileName: 'grids.zip', format: 'shapefile' as const, features: 7, properties: ['CODE', 'NAME'], sample: [], mapping: { code: 'CODE', name: 'NAME', level: null, parent: null }, encoding: 'gb18030' })),
      'grids:import': vi.fn(async () => job({ kind: 'grids', state: 'done', gridResult: report })),
    });
    renderWithApi(<ImportPage />, api);
    fireEvent.click(screen.getByRole('tab', { name: '网格边界' }));
    chooseFile('选择网格文件…', 'grids.zip');
    fireEvent.click(await screen.findByRole('button', { name: '校验' }));
    const shown = await screen.findByRole('region', { name: '网格校验报告' });
    expect(shown).toHaveTextContent('发现 1 个错误：未替换');
    expect(shown).toHaveTextContent('缝隙');
    expect(shown).toHaveTextContent('1,234,000 m²');
    expect(shown).toHaveTextContent('112.98000, 28.19000');
    expect(screen.getByRole('button', { name: '校验通过后替换网格' })).toBeDisabled();
    expect(api['grids:import']).toHaveBeenCalledWith(expect.objectContaining({ dryRun: true, mapping: { code: 'CODE', name: 'NAME', level: null, parent: null } }));
  });
});

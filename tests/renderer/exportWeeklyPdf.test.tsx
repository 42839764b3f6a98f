/**
 * 周报 另存为 PDF: the page asks the host for the printed report and downloads it (browser mode), names where
 * the host saved it (Electron), and where the host has no browser to print with says so and opens the print
 * dialog instead.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, ReportPdf } from '../../electron/contract';
import { ApiProvider } from '../../renderer/api/ApiProvider';
import { ApiError } from '../../renderer/api/client';
import { WeeklyReportPage } from '../../renderer/features/reports/WeeklyReportPage';
import { ToastProvider } from '../../renderer/ui/ToastProvider';
import { WEST_STREET_CODE } from './fixtures';
import { createStatsClient } from './stats/statsFixtures';

const PDF_BYTES = '%PDF-1.4\n<</Type /Page>>\n%%EOF\n';
const FILE_NAME = '《城市管理网格化工作周报（2026年第47周）》.pdf';

function pdfAnswer(patch: Partial<ReportPdf> = {}): ReportPdf {
  return { fileName: FILE_NAME, pages: 19, bytes: PDF_BYTES.length, dataBase64: btoa(PDF_BYTES), savedTo: null, cancelled: false, ms: 1500, ...patch };
}

function renderReport(pdf: ApiClient['reports:weekly-pdf'], query = 'week=2026-W47') {
  const client = createStatsClient({ overrides: { 'reports:weekly-pdf': pdf } });
  render(
    <ApiProvider client={client}>
      <ToastProvider>
        <WeeklyReportPage query={new URLSearchParams(query)} onNavigate={vi.fn()} />
      </ToastProvider>
    </ApiProvider>,
  );
  return client;
}

async function clickSavePdf() {
  const button = screen.getByRole('button', { name: '另存为 PDF' });
  await waitFor(() => expect(button).toBeEnabled());
  fireEvent.click(button);
  return button;
}

const { createObjectURL, revokeObjectURL } = URL;
let downloads: { blob: Blob; name: string }[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T04:00:00Z'));
  downloads = [];
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => blobs.push(blob) && `blob:griddesk/${blobs.length}`),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ blob: blobs[Number(this.href.split('/').pop()) - 1]!, name: this.download });
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

describe('周报 另存为 PDF', () => {
  it('asks the host for the week and area shown and downloads the PDF it printed, under its name', async () => {
    const pdf = vi.fn(async () => pdfAnswer());
    renderReport(pdf, `week=2026-W47&area=${WEST_STREET_CODE}`);
    const button = await clickSavePdf();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(await screen.findByText('已生成周报 PDF')).toBeInTheDocument();
    expect(pdf).toHaveBeenCalledWith({ week: '2026-W47', areaCode: WEST_STREET_CODE });
    expect(screen.getByText(`${FILE_NAME}（19 页）`)).toBeInTheDocument();
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toBe(FILE_NAME);
    expect(downloads[0]!.blob.type).toBe('application/pdf');
    expect(new TextDecoder('latin1').decode(await downloads[0]!.blob.arrayBuffer())).toBe(PDF_BYTES);
    expect(button).not.toHaveAttribute('aria-busy');
  });

  it('no browser on the host: says so and opens the print dialog, whose 另存为 PDF does the same', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    renderReport(vi.fn(async () => Promise.reject(new ApiError('not-found', '找不到可用于生成 PDF 的浏览器（Chromium、Chrome 或 Edge）'))));
    await clickSavePdf();
    expect(await screen.findByText('本机无法直接生成 PDF，已打开打印对话框')).toBeInTheDocument();
    expect(screen.getByText(/找不到可用于生成 PDF 的浏览器.*选择“另存为 PDF”/)).toBeInTheDocument();
    expect(print).toHaveBeenCalledTimes(1);
    expect(downloads).toEqual([]);
  });

  it('another failure is an error, and no print dialog', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    renderReport(vi.fn(async () => Promise.reject(new ApiError('internal', '浏览器未能生成 PDF：崩溃'))));
    await clickSavePdf();
    expect(await screen.findByRole('alert')).toHaveTextContent('生成周报 PDF 失败浏览器未能生成 PDF：崩溃');
    expect(print).not.toHaveBeenCalled();
  });

  it('Electron: names where the host saved it; a closed save dialog says nothing', async () => {
    const pdf = vi
      .fn<ApiClient['reports:weekly-pdf']>()
      .mockResolvedValueOnce(pdfAnswer({ dataBase64: null, savedTo: 'D:\\周报\\周报48.pdf' }))
      .mockResolvedValueOnce(pdfAnswer({ dataBase64: null, cancelled: true, pages: 0, bytes: 0 }));
    renderReport(pdf);
    await clickSavePdf();
    expect(await screen.findByText('已保存周报 PDF')).toBeInTheDocument();
    expect(screen.getByText('D:\\周报\\周报48.pdf（19 页）')).toBeInTheDocument();
    await clickSavePdf();
    await waitFor(() => expect(pdf).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByRole('button', { name: '另存为 PDF' })).toBeEnabled());
    expect(screen.getAllByText(/已保存周报 PDF|已生成周报 PDF/)).toHaveLength(1);
    expect(downloads).toEqual([]);
  });
});

import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WeeklyReportPage } from '../../../renderer/features/reports/WeeklyReportPage';
import { WEST_STREET_CODE } from '../fixtures';
import { renderWithApi } from '../renderWithApi';
import { createStatsClient, REPORT_HTML } from './statsFixtures';

function renderReport(query = 'week=2026-W47', client = createStatsClient()) {
  const onNavigate = vi.fn();
  const view = renderWithApi(<WeeklyReportPage query={new URLSearchParams(query)} onNavigate={onNavigate} />, client);
  return { client, onNavigate, view };
}

async function mountedReport(): Promise<ShadowRoot> {
  const host = await screen.findByRole('document', { name: /周报预览/ });
  return waitFor(() => {
    const root = host.shadowRoot;
    if (!root?.querySelector('h1')) throw new Error('report not mounted yet');
    return root;
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T04:00:00Z'));
});

const { createObjectURL, revokeObjectURL } = URL;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

describe('WeeklyReportPage', () => {
  it('fetches the summary of the chosen week and area and mounts it, isolated, in the page', async () => {
    const { client } = renderReport(`week=2026-W46&area=${WEST_STREET_CODE}`);
    const root = await mountedReport();
    expect(client['reports:weekly-html']).toHaveBeenCalledWith({ week: '2026-W46', areaCode: WEST_STREET_CODE });
    expect(root.querySelector('h1')).toHaveTextContent('城市管理网格化工作周报');
    const css = root.querySelector('style')!.textContent!;
    expect(css).toContain('.gd-report-doc {');
    expect(css).not.toMatch(/(^|\n)body \{/);
    expect(css).not.toContain('@page');
    // @page works only at the top of the app's document: it goes there while the report is shown.
    expect(document.head.querySelector('style[data-gd-report-page]')?.textContent).toContain('size: A4');
  });

  it('shows last week, the last complete one, by default', async () => {
    const { client } = renderReport('');
    await mountedReport();
    expect(client['reports:weekly-html']).toHaveBeenCalledWith({ week: '2026-W47' });
    expect(screen.getByRole('combobox', { name: '选择周' })).toHaveValue('2026-W47');
    expect(screen.getByText('上周')).toBeInTheDocument();
  });

  it('mounts the report inert: no script, no event handler attributes', async () => {
    renderReport();
    const root = await mountedReport();
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('[onclick]')).toBeNull();
    expect(root.textContent).toContain('本期共受理 156 件。');
    expect((window as Window & { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('exports the HTML document as a file through a Blob', async () => {
    const created: Blob[] = [];
    const createUrl = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:griddesk/report';
    });
    Object.assign(URL, { createObjectURL: createUrl, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderReport();
    await mountedReport();
    fireEvent.click(screen.getByRole('button', { name: '导出 HTML' }));
    expect(createUrl).toHaveBeenCalledTimes(1);
    expect(created[0]!.type).toBe('text/html;charset=utf-8');
    expect(await created[0]!.text()).toBe(REPORT_HTML);
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.href).toBe('blob:griddesk/report');
    expect(link.download).toBe('长沙市芙蓉区城市管理网格化指挥中心 城市管理网格化工作周报 2026 年第 47 周.html');
  });

  it('prints with the page titled after the report, and explains how to save a PDF', async () => {
    let titleWhilePrinting = '';
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      titleWhilePrinting = document.title;
    });
    document.title = 'GridDesk 网格案件管理';
    renderReport();
    await mountedReport();
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(titleWhilePrinting).toContain('城市管理网格化工作周报');
    expect(document.title).toBe('GridDesk 网格案件管理');
    const pdf = screen.getByRole('button', { name: '另存为 PDF' });
    expect(pdf).toHaveAccessibleDescription(/另存为 PDF/);
    expect(pdf.getAttribute('title')).toContain('打印对话框');
  });

  it('says so in Chinese when the report cannot be generated', async () => {
    const client = createStatsClient({ overrides: { 'reports:weekly-html': vi.fn(async () => Promise.reject(new Error('区域编码不存在'))) } });
    renderReport('week=2026-W47', client);
    expect(await screen.findByText(/生成周报失败/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '打印' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '导出 HTML' })).toBeDisabled();
  });

  it('keeps its week in the address', async () => {
    const { onNavigate } = renderReport('week=2026-W46');
    await mountedReport();
    fireEvent.click(screen.getByRole('button', { name: '下一周' }));
    // Last week is the default: no week in the address.
    expect(onNavigate).toHaveBeenLastCalledWith('#/reports');
    fireEvent.click(screen.getByRole('button', { name: '上一周' }));
    expect(onNavigate).toHaveBeenLastCalledWith('#/reports?week=2026-W45');
  });
});

/**
 * 打印通知书 against the real host: the dialog loads the host's notices for a kind and an area, says how
 * many, previews them, and prints the host's document from a hidden sandboxed frame (or saves it as HTML).
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentDetail, StatsReport } from '../../electron/contract';
import { NoticesButton } from '../../renderer/features/notices/NoticesButton';
import { OverduePanel } from '../../renderer/features/stats/OverduePanel';
import { realHost, type RealHost } from './realHost';

/** Two garbage cases in the west grid, dispatched on Tuesday morning and left alone. */
async function twoLateCases(host: RealHost) {
  for (const description of ['暴露垃圾：识字岭路口', '暴露垃圾：东茅街北口']) {
    const c = await host.ok<IncidentDetail>('incidents:create', { categoryId: host.f.categories.garbage, description, lon: 113.005, lat: 28.19, source: 'patrol' });
    const r = await host.ok<IncidentDetail>('incidents:transition', { incidentId: c.id, action: 'register', expectedVersion: c.version });
    await host.ok<IncidentDetail>('incidents:transition', { incidentId: r.id, action: 'dispatch', expectedVersion: r.version });
  }
}

/** The dialog's line with the count ('共 2 份催办通知书'). */
const countLine = (dialog: HTMLElement) => dialog.querySelector('.gd-notices__count')?.textContent;

afterEach(() => vi.restoreAllMocks());

describe('打印通知书', () => {
  it('loads the host’s notices for the kind and the area, with the count, and says when there are none', async () => {
    const host = realHost('2026-11-24T09:00');
    await twoLateCases(host);
    host.at('2026-11-27T16:00');
    await host.ok('supervision:run', {});
    host.renderAs(<NoticesButton />, host.f.operators.supervisor);
    fireEvent.click(screen.getByRole('button', { name: '打印通知书' }));
    const dialog = await screen.findByRole('dialog', { name: '打印通知书' });

    await waitFor(() => expect(countLine(dialog)).toBe('共 2 份催办通知书'));
    const preview = within(dialog).getByTitle(/^预览：.*催办通知书（2 份）$/) as HTMLIFrameElement;
    expect(preview.getAttribute('sandbox')).toBe('');
    expect(preview.getAttribute('srcdoc')).toContain('识字岭路口');

    fireEvent.click(within(dialog).getByRole('button', { name: '督办单' }));
    await waitFor(() => expect(countLine(dialog)).toBe('共 2 份督办单'));
    expect(within(dialog).getByTitle(/^预览：/).getAttribute('srcdoc')).toContain('现列入督办');

    // The other grid of the street has no case: nothing to print, and the buttons say so by being off.
    fireEvent.change(within(dialog).getByLabelText('街道'), { target: { value: '430102001000000' } });
    await waitFor(() => expect(countLine(dialog)).toBe('共 2 份督办单'));
    fireEvent.change(within(dialog).getByLabelText('网格'), { target: { value: '430102001001002' } });
    expect(await within(dialog).findByText('识字岭社区第2网格当前没有需要打印的督办单。')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '打印' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: '下载 HTML' })).toBeDisabled();
  });

  it('prints the host’s document from a hidden sandboxed frame, and saves it as HTML', async () => {
    const host = realHost('2026-11-24T09:00');
    await twoLateCases(host);
    host.renderAs(<NoticesButton kind="派遣" areaCode="430102001001001" />, host.f.operators.manager);
    fireEvent.click(screen.getByRole('button', { name: '打印通知书' }));
    const dialog = await screen.findByRole('dialog', { name: '打印通知书' });
    expect(within(dialog).getByRole('button', { name: '派遣单' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(within(dialog).getByLabelText('网格')).toHaveValue('430102001001001'));
    await waitFor(() => expect(countLine(dialog)).toBe('共 2 份派遣单'));

    // Catch the print frame as it is added, before it loads, to see it print itself.
    const printed: string[] = [];
    const watch = new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (node instanceof HTMLIFrameElement && node.classList.contains('gd-print-frame')) {
          vi.spyOn(node.contentWindow!, 'print').mockImplementation(() => printed.push(node.srcdoc));
        }
      }
    });
    watch.observe(document.body, { childList: true });
    fireEvent.click(within(dialog).getByRole('button', { name: '打印' }));
    await waitFor(() => expect(printed).toHaveLength(1));
    watch.disconnect();
    const frame = document.querySelector<HTMLIFrameElement>('iframe.gd-print-frame')!;
    expect(frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    expect(frame).toHaveAttribute('aria-hidden', 'true');
    expect(printed[0]).toMatch(/^<!doctype html>/);
    expect(printed[0]).toContain('<title>');
    expect(printed[0]).toContain('派遣单（2 份）');
    expect(printed[0]!.match(/<section class="notice">/g)).toHaveLength(2);
    expect(printed[0]).not.toContain('zoom'); // the preview's screen styles stay in the preview

    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:notices';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fireEvent.click(within(dialog).getByRole('button', { name: '下载 HTML' }));
    expect(await screen.findByText('已下载派遣单 HTML')).toBeInTheDocument();
    expect(await saved[0]!.text()).toBe(printed[0]);

    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.querySelector('iframe.gd-print-frame')).toBeNull();
  });

  it('is on 统计’s overdue panel, starting from the area the page shows', async () => {
    const host = realHost('2026-11-24T09:00');
    await twoLateCases(host);
    const report = { overdueList: [], area: { code: '430102001000000', level: 2, name: '文艺路街道' } } as unknown as StatsReport;
    host.renderAs(<OverduePanel report={report} week="2026-W48" onNavigate={() => {}} />, host.f.operators.manager);
    const panel = screen.getByRole('region', { name: '超期未结案件' });
    fireEvent.click(within(panel).getByRole('button', { name: '打印通知书' }));
    const dialog = await screen.findByRole('dialog', { name: '打印通知书' });
    await waitFor(() => expect(within(dialog).getByLabelText('街道')).toHaveValue('430102001000000'));
    expect(within(dialog).getByLabelText('网格')).toHaveValue('');
    await waitFor(() => expect(countLine(dialog)).toBe('文艺路街道当前没有需要打印的催办通知书。'));
  });
});

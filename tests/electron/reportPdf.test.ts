/**
 * reports:weekly-pdf: the weekly report the command line prints, printed by the host. With the machine's
 * Chromium (browser mode) it is a real A4 PDF whose text holds what the page shows; without a browser the
 * call answers not-found with a message the page passes on; with Electron's output it asks where to save
 * first and writes there (a recorded printer stands in for Electron's printToPDF).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../db/demo/load';
import { directCaller } from '../../electron/auth/gate';
import { invokeCall } from '../../electron/handlers/invoke';
import { weeklyPdfName } from '../../electron/handlers/reports';
import { openStore, type OpenedStore } from '../../electron/host';
import { chromiumOutput, NO_PDF_PRINTER, type HostOutput } from '../../electron/report/output';
import { countPdfPages, locateChromium } from '../../electron/report/pdf';
import { tempDir } from '../helpers/tmp';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const WENYI_ROAD = '430102001000000';
const chromium = locateChromium();

let dir: string;
let dbPath: string;
let store: OpenedStore;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-pdf-'));
  dbPath = path.join(dir, 'desk.sqlite');
  store = openStore(dbPath, { transport: 'http', now: () => NOW });
  loadDemo(store.db, { until: '2026-11-25', incidents: 3000 });
});

afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The same database with another output (the store's handlers are built around one). */
function storeWith(output: HostOutput): OpenedStore {
  return openStore(dbPath, { transport: 'electron', now: () => NOW, output });
}

describe(chromium ? 'weekly PDF with the machine’s Chromium' : 'weekly PDF with the machine’s Chromium — SKIPPED: no Chromium, Chrome or Edge found', () => {
  it.skipIf(!chromium)('prints an A4 PDF named after the week, whose text holds the header, the week and the totals', async () => {
    const started = Date.now();
    const pdf = await store.handlers['reports:weekly-pdf']({ week: '2026-W47' });
    expect(pdf).toMatchObject({ fileName: '《城市管理网格化工作周报（2026年第47周）》.pdf', savedTo: null, cancelled: false });
    const bytes = Buffer.from(pdf.dataBase64!, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes).toBe(bytes.length);
    const file = path.join(tempDir(), pdf.fileName);
    fs.writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(pdf.pages);
    expect(pdf.pages).toBeGreaterThan(1);
    const stats = await store.handlers['stats:week']({ week: '2026-W47' });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('城市管理网格化工作周报');
    expect(text).toContain('2026-11-16 至 2026-11-22');
    expect(text).toContain(stats.totals.received.toLocaleString('zh-CN'));
    expect(pdf.ms).toBeLessThanOrEqual(Date.now() - started);
  });

  it.skipIf(!chromium)('an area’s report names the area in its file name and its text', async () => {
    const pdf = await store.handlers['reports:weekly-pdf']({ week: '2026-W47', areaCode: WENYI_ROAD });
    expect(pdf.fileName).toBe('《城市管理网格化工作周报（文艺路街道，2026年第47周）》.pdf');
    const file = path.join(tempDir(), 'area.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.dataBase64!, 'base64'));
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('区域：文艺路街道');
  });
});

describe('weekly PDF without a browser, and with Electron’s output', () => {
  it('no browser to print with: not-found, with a message saying so, through the transport envelope', async () => {
    const none = storeWith(chromiumOutput(() => null));
    try {
      const result = await invokeCall(none.handlers, 'reports:weekly-pdf', { week: '2026-W47' }, directCaller());
      expect(result).toEqual({ ok: false, error: { kind: 'not-found', message: NO_PDF_PRINTER } });
    } finally {
      none.close();
    }
  });

  it('Electron: asks where to save before printing, writes the PDF there; a closed dialog prints nothing', async () => {
    const target = path.join(tempDir(), '周报.pdf');
    const fake = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Page>> endobj\n2 0 obj <</Type /Page>> endobj\n3 0 obj <</Type /Pages /Count 2>> endobj\n%%EOF\n', 'latin1');
    const order: string[] = [];
    let answer: string | null = target;
    const electronLike = storeWith({
      printPdf: async (html) => {
        order.push('print');
        expect(html).toContain('城市管理网格化工作周报');
        return fake;
      },
      chooseSavePath: async (fileName, filter) => {
        order.push(`ask ${fileName} ${filter.extensions.join()}`);
        return answer;
      },
    });
    try {
      const saved = await electronLike.handlers['reports:weekly-pdf']({ week: '2026-W48' });
      expect(order).toEqual(['ask 《城市管理网格化工作周报（2026年第48周）》.pdf pdf', 'print']);
      expect(saved).toMatchObject({ savedTo: target, dataBase64: null, cancelled: false, pages: 2, bytes: fake.length });
      expect(fs.readFileSync(target).equals(fake)).toBe(true);

      answer = null;
      order.length = 0;
      const declined = await electronLike.handlers['reports:weekly-pdf']({ week: '2026-W48' });
      expect(declined).toMatchObject({ cancelled: true, savedTo: null, dataBase64: null, pages: 0 });
      expect(order).toEqual(['ask 《城市管理网格化工作周报（2026年第48周）》.pdf pdf']);
    } finally {
      electronLike.close();
    }
  });

  it('prints one report at a time: each print starts a browser', async () => {
    let running = 0;
    let most = 0;
    const slow = storeWith({
      printPdf: async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        return Buffer.from('%PDF-1.4\n<</Type /Page>>\n', 'latin1');
      },
    });
    try {
      const all = await Promise.all([1, 2, 3].map(() => slow.handlers['reports:weekly-pdf']({ week: '2026-W47' })));
      expect(all.map((p) => p.pages)).toEqual([1, 1, 1]);
      expect(most).toBe(1);
    } finally {
      slow.close();
    }
  });

  it('names the file after the week (and the area), and counts pages without the page tree’s nodes', () => {
    expect(weeklyPdfName('2026-W48', null)).toBe('《城市管理网格化工作周报（2026年第48周）》.pdf');
    expect(weeklyPdfName('2027-W01', '东湖街道')).toBe('《城市管理网格化工作周报（东湖街道，2027年第1周）》.pdf');
    expect(countPdfPages(Buffer.from('<</Type /Pages /Count 3>> <</Type /Page>> <</Type/Page /Parent 1 0 R>> <</Type /Page>>', 'latin1'))).toBe(3);
  });
});

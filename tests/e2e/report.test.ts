import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/tmp';
import { launchBrowser, openAs, serve } from '../helpers/e2e';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'tests', 'e2e', 'screenshots');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('weekly summary PDF (real Chromium print engine)', () => {
  it('prints an A4 PDF whose text holds the header, the totals and Chinese, and saves a page image', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'r.sqlite');
    expect((await cli('init', '--db', db, '--demo', '--until', '2026-11-25', '--incidents', '6000')).code).toBe(0);
    const stats = JSON.parse((await cli('stats', '--db', db, '--week', '2026-W47', '--json')).stdout);
    const pdf = path.join(dir, 'w47.pdf');
    const r = await cli('report', '--db', db, '--week', '2026-W47', '--out', pdf, '--chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('城市管理网格化工作周报');
    expect(text).toContain('长沙市芙蓉区城市管理网格化指挥中心');
    expect(text).toContain('2026-11-16 至 2026-11-22');
    expect(text).toContain(stats.totals.received.toLocaleString('zh-CN'));
    expect(text).toContain('统计口径（标准口径）');
    expect(text).toMatch(/填报人/);
    expect(text).toMatch(/第 1 页，共 \d+ 页/);
    fs.mkdirSync(screenshots, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, path.join(screenshots, 'weekly-report-page')]);
    expect(fs.readdirSync(screenshots).some((f) => f.startsWith('weekly-report-page'))).toBe(true);
  });

  it('writes the same report as HTML, and names a missing browser', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'r.sqlite');
    expect((await cli('init', '--db', db, '--demo', '--until', '2026-11-25', '--incidents', '500')).code).toBe(0);
    const html = path.join(dir, 'w.html');
    expect((await cli('report', '--db', db, '--week', '2026-W47', '--area', '430102001000000', '--out', html)).code).toBe(0);
    const doc = fs.readFileSync(html, 'utf8');
    expect(doc).toContain('区域：文艺路街道');
    expect(doc).not.toMatch(/<script|(src|href)="https?:/); // only XML namespace names, never a request
    const missing = await cli('report', '--db', db, '--week', '2026-W47', '--out', path.join(dir, 'x.pdf'), '--chromium', '/nonexistent/chrome');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/找不到指定的浏览器/);
  });
});

describe('周报 另存为 PDF in real Chromium (browser mode)', () => {
  it('downloads a real A4 PDF named after the week, whose text holds the header, the week and the totals on the page', async () => {
    const db = path.join(tempDir(), 'pdf.sqlite');
    expect((await cli('init', '--db', db, '--demo', '--until', '2026-11-25', '--incidents', '20000')).code).toBe(0);
    const host = await serve(db);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
      await openAs(page, host.server.url, '领导');
      await page.goto(`${host.server.url}#/reports?week=2026-W47`);
      await page.getByRole('heading', { name: '周报', exact: true, level: 1 }).waitFor();
      // The preview's own words: what the PDF must say too.
      const shown = await page.waitForFunction(
        () => {
          const host = [...document.querySelectorAll('*')].find((el) => el.shadowRoot);
          const m = /本期共受理各类城市管理问题 ([\d,]+) 件/.exec(host?.shadowRoot?.textContent ?? '');
          return m ? m[1] : false;
        },
        undefined,
        { timeout: 30_000 },
      );
      const received = (await shown.jsonValue()) as string;

      const started = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '另存为 PDF' }).click()]);
      const file = path.join(tempDir(), 'download.pdf');
      await download.saveAs(file);
      const seconds = (Date.now() - started) / 1000;
      expect(download.suggestedFilename()).toBe('《城市管理网格化工作周报（2026年第47周）》.pdf');
      expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThan(5);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('城市管理网格化工作周报');
      expect(text).toContain('2026-11-16 至 2026-11-22');
      expect(text).toContain(`本期共受理各类城市管理问题 ${received} 件`);
      const toast = page.getByRole('status').filter({ hasText: '已生成周报 PDF' });
      await toast.waitFor();
      await expect(toast.textContent()).resolves.toContain(`（${pages} 页）`);
      await page.screenshot({ path: path.join(screenshots, 'weekly-report-pdf.png') });
      console.log(`周报 PDF（20,000 件演示数据）：${pages} 页，点击到下载完成 ${seconds.toFixed(1)} 秒`);
      await page.close();
    } finally {
      await browser.close();
      await host.close();
    }
  });
});

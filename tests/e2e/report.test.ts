import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/tmp';

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

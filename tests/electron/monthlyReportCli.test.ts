/**
 * The monthly report from the command line and from the host, on the demo district: `report --month` prints
 * an A4 PDF whose ranking is the month's published version — its version and SHA-256 on the last page, the
 * coverage table from the demo's patrol tracks — and reports:monthly-html answers the same document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { openStore } from '../../electron/host';
import { locateChromium } from '../../electron/report/pdf';
import { tempDir } from '../helpers/tmp';

const chromium = locateChromium();

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

let dir: string;
let db: string;

beforeAll(async () => {
  // Kept for the whole file (tempDir's folders go after each test).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-month-'));
  db = path.join(dir, 'm.sqlite');
  expect((await cli('init', '--db', db, '--demo', '--until', '2026-11-25', '--incidents', '3000')).code).toBe(0);
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report --month', () => {
  it('refuses a malformed month, --week with --month, and an area', async () => {
    const out = path.join(tempDir(), 'x.html');
    expect((await cli('report', '--db', db, '--month', '2026-13', '--out', out)).stderr).toMatch(/YYYY-MM/);
    expect((await cli('report', '--db', db, '--month', '2026-10', '--week', '2026-W40', '--out', out)).stderr).toMatch(/只能选一个/);
    expect((await cli('report', '--db', db, '--month', '2026-10', '--area', '430102001000000', '--out', out)).stderr).toMatch(/不支持 --area/);
  });

  it('before publishing, the report prints the draft and says it is not published', async () => {
    const out = path.join(tempDir(), 'draft.html');
    const r = await cli('report', '--db', db, '--month', '2026-10', '--out', out);
    expect(r.stderr).toBe('');
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('本月考核结果尚未发布');
    expect(html).toContain('2026年10月（2026-10-01 至 2026-10-31）');
  });

  it.skipIf(!chromium)('after publishing, the PDF names the version and its SHA-256 on the last page, with the coverage table', async () => {
    const published = JSON.parse((await cli('assess', '--db', db, '--scheme', 'general', '--month', '2026-10', '--publish', '--json')).stdout);
    expect(published.version).toBe(1);
    const pdf = path.join(tempDir(), 'month.pdf');
    const r = await cli('report', '--db', db, '--month', '2026-10', '--out', pdf, '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'pdf', month: '2026-10' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('城市管理网格化工作月报');
    expect(text).toContain('已发布第 1 版');
    expect(text).toMatch(/社区网格（\d+ 个参与排名/);
    expect(text).toContain('四、巡查覆盖');
    expect(text).toMatch(/本月全区巡查 [\d.]+ 公里/);
    expect(text).toContain('得分最低的十个网格');
    expect(text).toContain('七、考核方案');
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), pdf, '-'], { encoding: 'utf8' });
    expect(last).toContain('考核结果发布信息');
    expect(last.replace(/\s/g, '')).toContain(published.hash);
    fs.copyFileSync(pdf, process.env.MONTHLY_PDF_OUT ?? path.join(tempDir(), 'copy.pdf'));
  }, 120_000);

  it('reports:monthly-html and reports:monthly-pdf answer the same month as the command line, with the published version', async () => {
    const store = openStore(db, { transport: 'direct' });
    try {
      const { html, title } = await store.handlers['reports:monthly-html']({ month: '2026-10' });
      expect(title).toContain('城市管理网格化工作月报 2026年10月');
      expect(html).toContain('已发布第 1 版');
      if (chromium) {
        const pdf = await store.handlers['reports:monthly-pdf']({ month: '2026-10' });
        expect(pdf).toMatchObject({ fileName: '《城市管理网格化工作月报（2026年10月）》.pdf', savedTo: null, cancelled: false });
        const file = path.join(tempDir(), 'host.pdf');
        fs.writeFileSync(file, Buffer.from(pdf.dataBase64!, 'base64'));
        expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])).toBe(pdf.pages);
        expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('考核结果发布信息');
      }
    } finally {
      store.close();
    }
  });
});

/**
 * 案件 → 筛选 → 导出 in real Chromium against browser mode on the demo district: the progress strip and 取消
 * on a whole-district workbook, then the filtered workbook downloaded, opened with exceljs, and its rows
 * counted against the list's own count.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { OPEN_STATUSES_SQL } from '../../db/sql';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, openAs, serve } from '../helpers/e2e';

describe('导出 from the case list in real Chromium (browser mode)', () => {
  it('shows progress and cancels a big export, then downloads the filtered cases as a workbook with as many rows as the list counts', async () => {
    const db = path.join(tempDir(), 'export.sqlite');
    expect(await runCli(['init', '--db', db, '--demo', '--until', '2026-11-25', '--incidents', '20000'], { stdout: () => {}, stderr: () => {} })).toBe(0);
    const host = await serve(db);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await openAs(page, host.server.url, '监督员');

      // The whole district as a workbook: long enough to watch, then cancelled.
      await page.goto(`${host.server.url}#/cases`);
      await page.waitForFunction(() => /^共 [\d,]+ 件/.test(document.querySelector('.gd-pagehead__meta')?.textContent ?? ''), undefined, { timeout: 30_000 });
      await page.getByRole('button', { name: '导出' }).click();
      const menu = page.getByRole('menu', { name: '导出格式' });
      await menu.waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'export-menu.png') });
      await menu.getByRole('menuitem', { name: /Excel 工作簿/ }).click();
      const strip = page.getByRole('status', { name: '导出进度' });
      await strip.waitFor();
      await page.waitForFunction(() => Number(document.querySelector('.gd-exportbar [role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0) > 0, undefined, { timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'export-progress.png') });
      expect(await strip.textContent()).toMatch(/正在导出案件导出_全部_\d{4}-\d{2}-\d{2}\.xlsx/);
      await strip.getByRole('button', { name: '取消' }).click();
      await page.getByText('已取消导出').waitFor({ timeout: 30_000 });
      await strip.waitFor({ state: 'detached' });
      const staging = path.join(path.dirname(db), 'export-staging');
      expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);

      // A street's overdue cases, chosen with the filters, downloaded: the street with the most of them.
      const street = host.store.db
        .prepare(
          `SELECT s.code, s.name FROM incidents i JOIN grids g ON g.id = i.grid_id JOIN grids s ON s.id = g.parent_id
           WHERE i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < ?
           GROUP BY s.id ORDER BY count(*) DESC LIMIT 1`,
        )
        .get(Date.now()) as { code: string; name: string };
      await page.getByRole('combobox', { name: '街道' }).selectOption(street.code);
      await page.getByRole('combobox', { name: '期限' }).selectOption('overdue');
      await page.waitForFunction(() => /[?&]overdue=1/.test(location.hash) && /street=/.test(location.hash));
      const meta = page.locator('.gd-pagehead__meta').first();
      await page.waitForFunction(() => /^共 [\d,]+ 件/.test(document.querySelector('.gd-pagehead__meta')?.textContent ?? ''));
      await page.waitForTimeout(300);
      const shown = Number(/共 ([\d,]+) 件/.exec((await meta.textContent()) ?? '')![1]!.replace(/,/g, ''));
      expect(shown).toBeGreaterThan(0);
      await page.getByRole('button', { name: '导出' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('menu', { name: '导出格式' }).getByRole('menuitem', { name: /Excel 工作簿/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^案件导出_超期_${street.name}_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
      const file = path.join(tempDir(), 'cases.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.getWorksheet('案件')!;
      expect(sheet.rowCount - 1).toBe(shown);
      const streets = new Set<string>();
      sheet.eachRow((row, n) => n > 1 && streets.add(String(row.getCell(11).value)));
      expect([...streets]).toEqual([street.name]);
      await page.getByText(`已导出 ${shown.toLocaleString('zh-CN')} 件案件`).waitFor();
      expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
      await host.close();
    }
  });
});

/**
 * 巡查覆盖 in real Chromium on the demo district: the coverage page for a full week (the definition, the
 * tables, the unwalked grids, the flagged tracks) and the map's patrol track layer with the grids not
 * walked for a week marked. Screenshots saved.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openStore } from '../../electron/host';
import { shanghaiDate } from '../../db/domain/time';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, openAs, serve } from '../helpers/e2e';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('patrol coverage in real Chromium (browser mode)', () => {
  it('shows a week of coverage and the tracks on the map', async () => {
    const file = path.join(tempDir(), 'demo.sqlite');
    const seeded = openStore(file, { transport: 'direct' });
    // The demo's weeks end today, as the desk loads it.
    await seeded.handlers['demo:load']({ until: shanghaiDate(Date.now()), incidents: 5000 });
    seeded.db.close();
    const app = await serve(file);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openAs(page, `${app.server.url}#/patrol`, '监督员');
      await page.getByRole('heading', { name: '巡查覆盖' }).waitFor({ timeout: 30_000 });
      // Last week, whole.
      await page.getByRole('button', { name: '上一期' }).click();
      const grids = page.getByRole('table', { name: '各网格巡查覆盖' });
      await grids.waitFor({ timeout: 30_000 });
      await page.getByLabel('覆盖率定义').waitFor();
      await expect.poll(async () => page.getByRole('table', { name: '各人员巡查' }).locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(10);
      expect(await grids.locator('tbody tr').count()).toBe(200);
      await page.getByRole('list', { name: '未巡查网格' }).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'patrol-coverage.png') });
      // The side lists: the grids not walked for 7 days and the flagged tracks.
      await page.locator('.gd-patrol__scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'patrol-coverage-lists.png') });

      await page.goto(`${app.server.url}#/map`);
      await page.locator('path.gd-path--grid').nth(199).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: '巡查轨迹' }).click();
      const panel = page.getByRole('region', { name: '巡查轨迹' });
      await panel.getByText(/^\d+ 条轨迹/).waitFor({ timeout: 30_000 });
      await panel.getByRole('checkbox').nth(1).check();
      await panel.getByText(/个网格未巡查/).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-patrol-tracks.png') });
      // The whole twelve weeks: the planted suspicious tracks, thinned to the call's bound.
      await panel.getByLabel('开始日期').fill(shanghaiDate(Date.now() - 84 * 86_400_000));
      await panel.getByText(/已抽稀/).waitFor({ timeout: 60_000 });
      await expect.poll(async () => panel.getByRole('list', { name: '可疑轨迹' }).locator('li').count(), { timeout: 30_000 }).toBeGreaterThan(5);
      await panel.getByRole('list', { name: '可疑轨迹' }).getByRole('button').first().click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'map-patrol-flagged.png') });
      // Script errors only: the status bar's live feed has its own journey.
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await app.close();
    }
  }, 240_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../electron/host';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, openAs, serve } from '../helpers/e2e';

const screenshots = SCREENSHOTS;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});


/** Non-transparent pixels on the incident canvas. */
function paintedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.gd-points-canvas');
    if (!c || !c.width) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 16) if (d[i]! > 0) n++;
    return n;
  });
}

/** A point inside a community grid with no incident drawn on it (so the click reaches the grid). */
function freeGridPoint(page: Page): Promise<{ x: number; y: number } | null> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.gd-points-canvas')!;
    const cr = canvas.getBoundingClientRect();
    const ctx = canvas.getContext('2d')!;
    const scale = canvas.width / cr.width;
    const paths = [...document.querySelectorAll<SVGPathElement>('path.gd-path--grid')];
    for (const p of paths) {
      const r = p.getBoundingClientRect();
      for (const [fx, fy] of [[0.5, 0.5], [0.35, 0.4], [0.6, 0.65], [0.45, 0.7]] as const) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        if (document.elementFromPoint(x, y) !== p) continue;
        const px = ctx.getImageData((x - cr.left - 14) * scale, (y - cr.top - 14) * scale, 28 * scale, 28 * scale).data;
        let isFree = true;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) isFree = false;
        if (isFree && x > 360 && y > 120) return { x, y };
      }
    }
    return null;
  });
}

describe('map in real Chromium (browser mode)', () => {
  it('opens the demo district with clustered cases, colours by a measure, clicks a grid and shows its card', async () => {
    const file = path.join(tempDir(), 'demo.sqlite');
    const seeded = openStore(file, { transport: 'direct' });
    await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 20000 });
    seeded.db.close();
    const app = await serve(file);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(app.server.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    // The points are held back at first: the grids' counts must show meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/map:points', async (route) => {
      await held;
      await route.continue();
    });
    const pointAnswers: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/map:points')) pointAnswers.push(`${r.status()} ${r.headers()['content-type']}`);
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    try {
      await openAs(page, `${app.server.url}#/map`, '监督员');
      await page.locator('path.gd-path--grid').nth(199).waitFor({ timeout: 60_000 });
      await page.getByText('正在读取案件…').waitFor({ timeout: 30_000 });
      await expect.poll(() => paintedPixels(page), { timeout: 10_000 }).toBeGreaterThan(300);
      await page.screenshot({ path: path.join(screenshots, 'map-grid-counts.png') });
      release();
      await page.getByText(/^共 [\d,]+ 件$/).waitFor({ timeout: 30_000 });
      await expect.poll(() => paintedPixels(page), { timeout: 10_000 }).toBeGreaterThan(500);
      // A binary answer, built into clusters by the app's own worker file.
      expect(pointAnswers).toEqual(['200 application/octet-stream']);
      expect(workers.some((u) => u.startsWith(`${app.server.origin}/assets/clusterWorker-`) && u.endsWith('.js'))).toBe(true);

      await page.getByRole('combobox', { name: '网格着色指标' }).selectOption('open');
      await page.getByLabel('着色图例').waitFor();

      const spot = await freeGridPoint(page);
      expect(spot).not.toBeNull();
      await page.mouse.move(spot!.x, spot!.y);
      await page.locator('.gd-grid-tip').first().waitFor();
      await page.mouse.click(spot!.x, spot!.y);
      const card = page.getByRole('region', { name: '当前选择' });
      await card.waitFor();
      await card.getByText('在岗人员').waitFor();
      await expect.poll(() => card.locator('.gd-gridcard__person').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await card.getByText('按期结案率').waitFor();
      // The units answering for the grid: those of its persons on duty in the demo.
      await expect.poll(() => card.getByLabel('责任单位').locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const href = await card.getByRole('link', { name: '显示这些案件' }).getAttribute('href');
      expect(href).toMatch(/^#\/cases\?grid=\d{15}$/);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(screenshots, 'map.png') });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出图片' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^案件分布图-\d{4}-\d{2}-\d{2}\.png$/);
      const exported = path.join(screenshots, 'map-export.png');
      await download.saveAs(exported);
      const png = fs.readFileSync(exported);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThan(1000);

      await page.getByRole('button', { name: '热力图' }).click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('mode=heat');
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshots, 'map-heat.png') });
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await app.close();
    }
  });
});

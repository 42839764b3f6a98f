import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openStore } from '../../electron/host';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, logInAs, logOut, operatorBar, serve, watchRequests } from '../helpers/e2e';

const screenshots = SCREENSHOTS;


let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});



describe('app shell in real Chromium (browser mode)', () => {
  it('first start on an empty database offers the demo district, loads it, logs in with a demo account, and shows 214 grids on the map', async () => {
    const app = await serve(path.join(tempDir(), 'empty.sqlite'));
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const foreign = watchRequests(page, app.server.origin);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await page.goto(app.server.url);
      const load = page.getByRole('button', { name: /载入演示城区/ });
      await load.waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(screenshots, 'welcome.png') });
      await load.click();
      // Whoever loaded the demo asked to see it: straight in as its first supervisor, on the map, no question asked.
      await operatorBar(page).waitFor({ timeout: 60_000 });
      // The access token has left the address bar once the page had it.
      expect(new URL(page.url()).searchParams.has('token')).toBe(false);
      await expect(operatorBar(page).textContent()).resolves.toContain('监督员');
      expect(await page.evaluate(() => window.location.hash)).toBe('#/map');
      await page.locator('.leaflet-overlay-pane path').nth(213).waitFor({ timeout: 60_000 });
      expect(await page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(214);
      await expect(page.getByText('演示数据').first().isVisible()).resolves.toBe(true);
      for (const nav of ['地图', '案件', '导入', '统计']) {
        await expect(page.getByRole('link', { name: nav }).or(page.getByRole('button', { name: nav })).first().isVisible()).resolves.toBe(true);
      }
      await page.mouse.move(5, 5);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshots, 'shell-map.png') });
      // Later, the demo's login screen lists its accounts, clearly marked.
      await logOut(page);
      await page.getByRole('complementary', { name: '演示账号（仅供演示）' }).waitFor();
      await page.screenshot({ path: path.join(screenshots, 'login.png') });
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await app.close();
    }
  });

  it('shows the grid tree with the 13 streets and their counts', async () => {
    const file = path.join(tempDir(), 'demo.sqlite');
    const seeded = openStore(file, { transport: 'direct' });
    await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 5000 });
    seeded.db.close();
    const app = await serve(file);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(app.server.url);
      await logInAs(page, '监督员');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '地图' }).click();
      await page.locator('.leaflet-overlay-pane path').nth(213).waitFor({ timeout: 60_000 });
      for (const street of ['文艺路街道', '东屯渡街道', '马坡岭街道']) {
        await expect(page.getByText(street).first().isVisible()).resolves.toBe(true);
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshots, 'shell-1920.png') });

      // A reload in the same tab stays logged in (the session token is in this tab's sessionStorage, never in
      // localStorage), and the address without the token is let in by the server's cookie.
      expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);
      await page.reload();
      await page.locator('.leaflet-overlay-pane path').nth(213).waitFor({ timeout: 60_000 });
      expect(await page.getByRole('form', { name: '登录' }).count()).toBe(0);
    } finally {
      await page.close();
      await app.close();
    }
  });

  it('refuses to open without the token from the start-up line', async () => {
    const app = await serve(path.join(tempDir(), 't.sqlite'));
    const page = await browser.newPage();
    try {
      const response = await page.goto(app.server.origin + '/');
      expect(response?.status()).toBe(401);
      await expect(page.getByText(/访问令牌缺失或已失效/).isVisible()).resolves.toBe(true);
    } finally {
      await page.close();
      await app.close();
    }
  });
});

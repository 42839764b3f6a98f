import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser';
import { openAs } from '../helpers/e2e';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'tests', 'e2e', 'screenshots');
let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;

beforeAll(async () => {
  fs.mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  store = openStore(path.join(tempDir(), 'pages.sqlite'), { transport: 'http', now: () => Date.parse('2026-11-25T10:00:00+08:00') });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 8000 });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(root, 'dist', 'renderer') });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.db.close();
});

describe('dashboard, weekly summary and import pages in real Chromium', () => {
  it('opens each page with no error and no request leaving the machine, and saves screenshots', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(server.origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    try {
      // Logged in once; each page below is a reload in the same tab, which keeps the session.
      await openAs(page, server.url, '监督员');
      await page.getByRole('navigation', { name: '主导航' }).waitFor();

      await page.goto(`${server.url}#/stats?week=2026-W47`);
      await page.getByRole('heading', { name: '统计', exact: true, level: 1 }).waitFor();
      await page.getByText('本周指标').waitFor();
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(screenshots, 'stats.png') });

      await page.goto(`${server.url}#/reports?week=2026-W47`);
      await page.getByRole('heading', { name: '周报', exact: true, level: 1 }).waitFor();
      await page.waitForFunction(() => {
        const host = [...document.querySelectorAll('*')].find((el) => el.shadowRoot);
        return !!host?.shadowRoot?.textContent?.includes('城市管理网格化工作周报');
      }, undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(screenshots, 'weekly-report.png') });

      await page.goto(`${server.url}#/import`);
      await page.getByRole('heading', { name: '导入', exact: true, level: 1 }).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(screenshots, 'import.png') });

      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

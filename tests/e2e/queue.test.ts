/**
 * 我的待办 in real Chromium (browser mode) on the demo district: a supervisor lands on it after logging
 * in, sees the counts in the header and on the navigation, picks one list, and opens a case from its row.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import { RENDERER_DIR, SCREENSHOTS, launchBrowser, openAs } from '../helpers/e2e';

let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;

beforeAll(async () => {
  browser = await launchBrowser();
  store = openStore(path.join(tempDir(), 'queue.sqlite'), { transport: 'http', now: () => Date.parse('2026-11-25T10:00:00+08:00') });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 3000 });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: RENDERER_DIR });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.db.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const count = async (page: Page, label: string) => Number((await page.getByRole('group', { name: '待办概况' }).getByText(label).locator('b').textContent()) ?? NaN);

describe('我的待办 in real Chromium', () => {
  it('is where a supervisor lands, counts what is to do, and opens a case from its row', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await openAs(page, server.url, '监督员');
      await page.getByRole('heading', { name: '我的待办', level: 1 }).waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => window.location.hash)).toBe('#/queue');
      const nav = page.getByRole('navigation', { name: '主导航' });
      expect((await nav.getByRole('link').first().textContent())?.startsWith('我的待办')).toBe(true);

      const table = page.getByRole('table', { name: '待办列表' });
      await table.locator('tbody tr').first().waitFor({ timeout: 20_000 });
      const total = await count(page, '合计');
      const late = await count(page, '已超时');
      expect(total).toBeGreaterThan(0);
      // The navigation carries the same count, red while some are late.
      const badge = nav.locator('.gd-nav__badge');
      await expect.poll(() => badge.textContent()).toBe(total > 99 ? '99+' : String(total));
      expect(await badge.evaluate((el) => el.classList.contains('gd-nav__badge--late'))).toBe(late > 0);
      // The most urgent first: every late item before the first one that is not.
      const levels = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r.classList.contains('is-late') ? 'late' : 'other')));
      expect(levels.indexOf('other') === -1 || levels.lastIndexOf('late') < levels.indexOf('other')).toBe(true);
      expect(levels.filter((l) => l === 'late').length).toBe(late);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(300);
      await shot(page, 'queue');

      // One list by its link: only its items, and the address says which.
      const lists = page.getByRole('navigation', { name: '待办清单' });
      await lists.getByRole('link', { name: /^待核查/ }).click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/queue?kind=verify');
      await expect.poll(() => table.locator('tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.querySelector('.gd-queuetable__kind')?.textContent))])).toEqual(['待核查']);

      // An empty list says so.
      await lists.getByRole('link', { name: /^退单待审批/ }).click();
      await page.getByText('「退单待审批」暂无待办，做得好').waitFor();
      await page.mouse.move(5, 5);
      await shot(page, 'queue-empty');
      await lists.getByRole('link', { name: /^待核查/ }).click();
      await table.locator('tbody tr').first().waitFor();

      // A row opens its case.
      const first = table.locator('tbody tr').first();
      const caseId = await first.getAttribute('data-case-id');
      const caseNo = (await first.locator('.gd-queuetable__no a').textContent()) ?? '';
      await first.locator('td').nth(3).click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/cases/${caseId}`);
      const panel = page.getByRole('complementary', { name: '案件详情' });
      await panel.waitFor({ timeout: 20_000 });
      await expect.poll(() => panel.locator('h2').textContent()).toContain(caseNo);

      // Back on the queue at a large screen.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await nav.getByRole('link', { name: '我的待办' }).click();
      await table.locator('tbody tr').first().waitFor();
      await page.mouse.move(5, 5);
      await page.waitForTimeout(300);
      await shot(page, 'queue-1920');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows a handler the cases dispatched to them, with no list column for a single list', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await openAs(page, server.url, '处置人员');
      await page.getByRole('heading', { name: '我的待办', level: 1 }).waitFor({ timeout: 20_000 });
      await page.getByRole('group', { name: '待办概况' }).waitFor();
      const total = await count(page, '合计');
      expect(await page.getByRole('navigation', { name: '待办清单' }).count()).toBe(0);
      if (total === 0) {
        await page.getByText('暂无待办，做得好').waitFor();
      } else {
        const kinds = await page.locator('.gd-queuetable__kind').allTextContents();
        expect(new Set(kinds)).toEqual(new Set(['我的案件']));
      }
      await page.mouse.move(5, 5);
      await page.waitForTimeout(300);
      await shot(page, 'queue-handler');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

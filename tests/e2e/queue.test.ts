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
const START = Date.parse('2026-11-25T10:00:00+08:00');
/** The host's clock: the demo's morning, moved on by a test. */
let clock = START;

beforeAll(async () => {
  browser = await launchBrowser();
  store = openStore(path.join(tempDir(), 'queue.sqlite'), { transport: 'http', now: () => clock });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 3000 });
  // A journey moves the host's clock on through the morning while the queue is only polled (not activity):
  // the idle lock, counted on that clock, would lock the desk after a quarter of an hour. It is off here.
  await store.handlers['security:set']({ idleLockMinutes: 0 });
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

  it('reminds on the desktop, through the browser’s own notifications, of items that turn late while the desk is open', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', permissions: ['notifications'] });
    // Records what the page shows through the real Notification API.
    await context.addInitScript(() => {
      const Real = window.Notification;
      const shown: string[] = [];
      (window as unknown as { shownNotices: string[] }).shownNotices = shown;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push(`${title}｜${options?.body ?? ''}`);
        }
      } as typeof Notification;
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const shown = () => page.evaluate(() => (window as unknown as { shownNotices: string[] }).shownNotices);
    try {
      await openAs(page, server.url, '监督员');
      const table = page.getByRole('table', { name: '待办列表' });
      await table.locator('tbody tr').first().waitFor({ timeout: 20_000 });
      await page.getByText('桌面提醒已开启').waitFor();
      expect(await page.getByRole('button', { name: '开启桌面提醒' }).count()).toBe(0);
      const lateBefore = await count(page, '已超时');
      // Nothing is told for what was already late when the desk opened.
      expect(await shown()).toEqual([]);

      // The morning goes on, ten minutes at a time (the session stays active), until more is late: each item
      // that turned 临期 or 超时 meanwhile is told (a few, then a summary).
      const updated = page.locator('.gd-queuehead__updated');
      for (let step = 1; step <= 18 && (await count(page, '已超时')) <= lateBefore; step++) {
        clock = START + step * 10 * 60_000;
        const label = `更新于 ${new Date(clock + 8 * 3_600_000).toISOString().slice(11, 16)}`;
        await page.getByRole('button', { name: '刷新待办' }).click();
        await expect.poll(() => updated.textContent()).toContain(label);
      }
      expect(await count(page, '已超时')).toBeGreaterThan(lateBefore);
      await expect.poll(async () => (await shown()).length).toBeGreaterThan(0);
      const notices = await shown();
      for (const notice of notices) {
        expect(notice).toMatch(/^(案件 \d{13} (已超时|即将超时)：(待签收工单|待立案|待派遣|待核查|待回访|延期待审批|退单待审批)｜.+ · (超时|剩余) .+|另有 \d+ 件待办需要处理｜.+)$/);
      }
      expect(notices.some((n) => /^案件 \d{13} 已超时：/.test(n))).toBe(true);
      // Never the same item at the same level twice.
      const told = notices.filter((n) => n.startsWith('案件')).map((n) => n.split('：')[0]);
      expect(new Set(told).size).toBe(told.length);

      // Asked again at the same time: nothing more.
      await page.getByRole('button', { name: '刷新待办' }).click();
      await page.waitForTimeout(500);
      expect(await shown()).toEqual(notices);
      expect(errors).toEqual([]);
    } finally {
      clock = START;
      await context.close();
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

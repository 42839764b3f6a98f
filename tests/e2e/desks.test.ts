/**
 * Two desks on one host (host mode, HTTPS with the host's own certificate), in real Chromium: two browser
 * contexts, each a desk that came without the per-start token and logged in as its own supervisor. Desk A
 * dispatches a case; desk B, showing the same case, sees it move without reloading (the live feed), and
 * its status bar names the host and says the connection is live. Then the host goes away: desk B says so
 * and keeps what was typed into an open form.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { directCaller, gateOf } from '../../electron/auth/gate';
import { invokeCall } from '../../electron/handlers/invoke';
import { LiveFeed } from '../../electron/server/liveFeed';
import { startHostMode, type RunningHost } from '../../electron/server/hostMode';
import { tempDir } from '../helpers/tmp';
import { RENDERER_DIR, SCREENSHOTS, launchBrowser, logInAs } from '../helpers/e2e';

let browser: Browser;
let store: OpenedStore;
let live: LiveFeed;
let host: RunningHost;
let caseId: number;

beforeAll(async () => {
  browser = await launchBrowser({ lang: 'zh_CN.UTF-8' });
  const file = path.join(tempDir(), 'district.sqlite');
  store = openStore(file, { transport: 'http' });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 1500 });
  // A case registered by 张雪 and waiting for dispatch (待派遣).
  const zhang = store.db.prepare(`SELECT id, name, role, person_id AS personId FROM operators WHERE name = '张雪'`).get() as {
    id: number;
    name: string;
    role: 'supervisor';
    personId: number | null;
  };
  const zhangCaller = directCaller({ operatorId: zhang.id, name: zhang.name, role: zhang.role, personId: zhang.personId });
  const category = store.db.prepare(`SELECT id FROM categories WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1`).get() as { id: number };
  const grid = store.db.prepare(`SELECT code FROM grids WHERE level = 3 ORDER BY id LIMIT 1`).get() as { code: string };
  const created = await invokeCall(
    store.handlers,
    'incidents:create',
    { categoryId: category.id, description: '人行道上堆放建筑垃圾，影响通行', gridCode: grid.code, source: 'patrol' },
    zhangCaller,
  );
  if (!created.ok) throw new Error(created.error.message);
  const reported = created.value as { id: number; version: number };
  const registered = await invokeCall(
    store.handlers,
    'incidents:transition',
    { incidentId: reported.id, action: 'register', expectedVersion: reported.version },
    zhangCaller,
  );
  if (!registered.ok) throw new Error(registered.error.message);
  caseId = reported.id;
  live = new LiveFeed(() => gateOf(store.handlers)?.sessions, { heartbeatMs: 2_000 });
  host = await startHostMode({
    databasePath: store.databasePath,
    handlers: () => live.observe(store.handlers),
    db: () => store.db,
    staticDir: RENDERER_DIR,
    port: 0,
    listenHost: '127.0.0.1',
    live,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  live?.close();
  await host?.close().catch(() => undefined);
  store?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const panel = (page: Page) => page.getByRole('complementary', { name: '案件详情' });
const panelStatus = (page: Page) => panel(page).locator('.gd-casepanel__title [data-status]');
const liveStatus = (page: Page) => page.getByRole('status', { name: '主机连接' });

/** A desk: its own browser context (a PC of its own), the host's self-signed certificate accepted. */
async function openDesk(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`https://127.0.0.1:${host.port}/#/cases?status=registered`);
  await logInAs(page, '监督员', name);
  await page.locator(`[data-case-id="${caseId}"]`).click();
  await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('待派遣');
  await expect.poll(() => liveStatus(page).textContent(), { timeout: 20_000 }).toContain('实时同步');
  return { context, page };
}

describe('two desks on one host', () => {
  it('shows desk A’s dispatch at desk B without a reload, and desk B keeps its typing when the host goes away', async () => {
    const a = await openDesk('张雪');
    const b = await openDesk('邓琳');
    const errors: string[] = [];
    b.page.on('pageerror', (e) => errors.push(e.message));
    try {
      expect(await b.page.evaluate(() => document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content'))).toBe('');
      expect(await liveStatus(b.page).textContent()).toContain(`127.0.0.1:${host.port}`);
      // A mark on desk B's page: still there afterwards means the page was never reloaded.
      await b.page.evaluate(() => ((window as unknown as { deskMark: number }).deskMark = 7));

      // Desk A dispatches to the handler of the case's grid.
      await panel(a.page).getByRole('button', { name: /^派遣/ }).click();
      const dialog = a.page.getByRole('dialog', { name: '派遣' });
      await dialog.waitFor();
      const select = dialog.getByRole('combobox', { name: '处置责任人' });
      await expect.poll(() => select.inputValue(), { timeout: 10_000 }).not.toBe('');
      await dialog.getByRole('button', { name: '确定派遣' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const dispatchedAt = Date.now();
      await expect.poll(() => panelStatus(a.page).textContent(), { timeout: 10_000 }).toBe('已派遣');

      // Desk B: the open case and the list move by themselves.
      await expect.poll(() => panelStatus(b.page).textContent(), { timeout: 5_000, interval: 100 }).toBe('已派遣');
      const seenAfter = Date.now() - dispatchedAt;
      expect(seenAfter).toBeLessThan(4_000); // ≤ 2 s to the feed, plus the detail's own read
      await expect.poll(() => panel(b.page).getByRole('list', { name: '办理记录' }).textContent(), { timeout: 5_000 }).toContain('张雪');
      await expect.poll(() => b.page.locator(`[data-case-id="${caseId}"]`).count(), { timeout: 5_000 }).toBe(0);
      expect(await b.page.evaluate(() => (window as unknown as { deskMark?: number }).deskMark)).toBe(7);
      await shot(a.page, 'desks-a-dispatched');
      await shot(b.page, 'desks-b-moved');

      // The host's own browser (the address with the per-start token): 设置 → 多席位 for the administrator.
      const own = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ignoreHTTPSErrors: true });
      const admin = await own.newPage();
      await admin.goto(host.server.url);
      await logInAs(admin, '管理员');
      await admin.goto(`https://127.0.0.1:${host.port}/#/settings?tab=host`);
      await expect.poll(() => admin.getByLabel('证书指纹').textContent(), { timeout: 20_000 }).toBe(host.certificate.fingerprint);
      await expect.poll(() => admin.getByRole('region', { name: '主机状态' }).textContent()).toContain('正在作为主机运行');
      await expect.poll(() => liveStatus(admin).textContent()).toContain('本机');
      expect(await admin.getByRole('button', { name: '保存' }).isEnabled()).toBe(true);
      await shot(admin, 'desks-host-settings');
      // 连接到主机 is GridDesk's own window's (not offered in a browser); addressed, its form reads the saved connection.
      await expect.poll(() => admin.getByRole('tab', { name: '连接到主机' }).count()).toBe(0);
      await admin.goto(`https://127.0.0.1:${host.port}/#/settings?tab=desk`);
      await admin.getByRole('region', { name: '连接到主机' }).getByText('使用本机数据库').waitFor({ timeout: 10_000 });
      await admin.getByLabel('主机地址').fill('https://10.12.3.4:5443/');
      await admin.getByLabel('证书指纹（SHA-256）').fill(host.certificate.fingerprint);
      await shot(admin, 'desks-connect-to-host');
      await own.close();
      // At a desk the same page is read-only (the host refuses host:set from the network).
      await expect.poll(() => liveStatus(b.page).textContent()).toContain('主机 127.0.0.1');

      // Desk B starts a note in a form; then the host goes away.
      await panel(b.page).getByRole('button', { name: /^催办/ }).click();
      const urge = b.page.getByRole('dialog', { name: '催办' });
      await urge.waitFor();
      const note = urge.getByRole('textbox').first();
      await note.fill('请今天下班前到场处理');
      await host.close();
      await expect.poll(() => liveStatus(b.page).textContent(), { timeout: 15_000 }).toContain('无法连接主机，正在重试');
      expect(await note.inputValue()).toBe('请今天下班前到场处理');
      expect(await b.page.evaluate(() => (window as unknown as { deskMark?: number }).deskMark)).toBe(7);
      await shot(b.page, 'desks-b-host-unreachable');
      expect(errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});


import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import { logInAs, logOut, operatorBar, type RoleLabel } from '../helpers/e2e';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'dist', 'renderer');
const screenshots = path.join(root, 'tests', 'e2e', 'screenshots');


let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;

beforeAll(async () => {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` before the browser journeys');
  }
  fs.mkdirSync(screenshots, { recursive: true });
  const file = path.join(tempDir(), 'desk.sqlite');
  const seeded = openStore(file, { transport: 'direct' });
  await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 3000 });
  seeded.db.close();
  store = openStore(file, { transport: 'http' });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: rendererDir });
  // LANG: date fields in Chinese format where Chromium's zh-CN locale is installed.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.db.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`) });

/** The case panel and the status it shows. */
const panel = (page: Page) => page.getByRole('complementary', { name: '案件详情' });
const panelStatus = (page: Page) => panel(page).locator('.gd-casepanel__title [data-status]');

/** Hands the desk to someone else: log out, then log in with a demo account of the role. */
async function switchTo(page: Page, role: RoleLabel, name?: string): Promise<string> {
  await logOut(page);
  return logInAs(page, role, name);
}

async function step(page: Page, label: string, expectStatus: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  const before = await panel(page).getByRole('listitem').count();
  await panel(page).getByRole('button', { name: new RegExp(`^${label.replace(/[()（）]/g, '.')}`) }).click();
  if (fill) {
    const dialog = page.getByRole('dialog', { name: label.replace(/…$/, '') });
    await dialog.waitFor();
    await fill(dialog);
    await dialog.getByRole('button', { name: `确定${label.replace(/…$/, '')}` }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await expect.poll(() => panelStatus(page).textContent(), { timeout: 10_000 }).toBe(expectStatus);
  await expect.poll(() => panel(page).getByRole('listitem').count()).toBeGreaterThan(before);
}

describe('incident desk in real Chromium (browser mode)', () => {
  it('takes a reported case from 待立案 to 已结案 through a failed verification, as three operators who each log in', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await page.goto(server.url);

      // Nobody works without logging in; the session is kept for this tab only.
      await page.getByRole('form', { name: '登录' }).waitFor({ timeout: 20_000 });
      await shot(page, 'desk-login');
      const supervisor = await logInAs(page, '监督员');
      expect(await page.evaluate(() => window.sessionStorage.getItem('griddesk.session'))).toMatch(/^[\w-]{20,}$/);
      expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);

      // The case list, filtered to overdue cases through the filter bar; the filter lands in the address.
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '案件' }).click();
      await page.locator('[data-case-id]').first().waitFor({ timeout: 20_000 });
      await page.getByRole('combobox', { name: '期限' }).selectOption('overdue');
      await expect.poll(() => page.evaluate(() => decodeURIComponent(window.location.hash))).toContain('overdue=1');
      await expect.poll(() => page.locator('.gd-pagehead__meta').textContent()).toMatch(/共 \d+ 件/);
      await page.locator('[data-case-id]').first().waitFor();
      expect(await page.locator('.gd-casetable__row.is-overdue').count()).toBeGreaterThan(0);
      await shot(page, 'desk-list-overdue');

      // Open an overdue case: the panel says it is overdue and shows its timeline.
      await page.locator('[data-case-id]').first().click();
      await panel(page).waitFor();
      await expect.poll(() => panel(page).locator('.gd-deadline').first().textContent()).toContain('超期');
      expect(await panel(page).getByRole('list', { name: '办理记录' }).getByRole('listitem').count()).toBeGreaterThan(1);
      await shot(page, 'desk-detail-overdue');
      await page.keyboard.press('Escape');
      await panel(page).waitFor({ state: 'hidden' });

      // A reported case, picked with the status filter.
      await page.getByRole('button', { name: '清除筛选' }).click();
      await page.getByRole('button', { name: /^状态/ }).click();
      await page.getByRole('group', { name: '状态' }).getByRole('checkbox', { name: '待立案' }).check();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('status=reported');
      const row = page.locator('[data-case-id]').first();
      await row.waitFor();
      const caseId = Number(await row.getAttribute('data-case-id'));
      await row.click();
      await expect.poll(() => panelStatus(page).textContent()).toBe('待立案');
      const caseNo = (await panel(page).locator('h2').textContent()) ?? '';

      // The demo's handler works the cases of the person it is linked to; separation of duties keeps the
      // inspector who reported a case from verifying it, so the other one verifies.
      const operators = await store.handlers['operators:list']({});
      const handler = operators.find((o) => o.role === 'handler' && o.personId !== null)!;
      const reportedBy = (await store.handlers['incidents:get']({ id: caseId })).events.find((e) => e.action === 'report')?.operatorId ?? null;
      const inspector = operators.find((o) => o.role === 'inspector' && o.id !== reportedBy)!;

      // Supervisor: 立案, then 派遣 to the handler's person.
      await step(page, '立案', '待派遣');
      await step(page, '派遣…', '已派遣', async (dialog) => {
        const select = dialog.getByRole('combobox', { name: '处置责任人' });
        await expect.poll(() => select.inputValue(), { timeout: 10_000 }).not.toBe('');
        await select.selectOption(String(handler.personId));
      });
      const dispatched = await store.handlers['incidents:get']({ id: caseId });
      expect(dispatched.assigneeId).toBe(handler.personId);
      await shot(page, 'desk-dispatched');

      // The handler logs in at the same desk: 签收 and 反馈.
      await switchTo(page, '处置人员', handler.name);
      await expect.poll(() => operatorBar(page).locator('.gd-topbar__operator-role').textContent()).toBe('处置人员');
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('已派遣');
      await step(page, '签收处置', '处置中');
      await step(page, '处置反馈…', '待核查', async (dialog) => {
        await dialog.getByLabel('处置情况').fill('已清理完毕');
      });

      // Inspector: verification fails (a reason is required), the case goes back to handling.
      await switchTo(page, '巡查员', inspector.name);
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('待核查');
      await step(page, '核查不通过（返工）…', '处置中', async (dialog) => {
        await dialog.getByRole('button', { name: '确定核查不通过（返工）' }).click();
        await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain('请填写');
        await dialog.getByLabel('理由').fill('现场仍有垃圾未清运');
      });
      await shot(page, 'desk-rework');

      // Back to the handler, then the inspector passes it.
      await switchTo(page, '处置人员', handler.name);
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('处置中');
      await step(page, '处置反馈…', '待核查', async (dialog) => {
        await dialog.getByLabel('处置情况').fill('已全部清运');
      });
      await switchTo(page, '巡查员', inspector.name);
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('待核查');
      await step(page, '核查通过并结案', '已结案');

      const timeline = panel(page).getByRole('list', { name: '办理记录' });
      const text = (await timeline.textContent()) ?? '';
      for (const label of ['上报', '立案', '派遣', '签收处置', '处置反馈', '核查不通过（返工）', '核查通过并结案']) {
        expect(text).toContain(label);
      }
      expect(text).toContain('现场仍有垃圾未清运');
      expect(text).toContain(supervisor);
      expect(text).toContain(handler.name);
      expect(text).toContain(inspector.name);
      expect(await panel(page).textContent()).toContain('返工 1 次');
      expect(caseNo).toMatch(/^\d{13}$/);
      await panel(page).getByRole('list', { name: '办理记录' }).scrollIntoViewIfNeeded();
      await shot(page, 'desk-closed');

      const final = await store.handlers['incidents:get']({ id: caseId });
      expect(final.status).toBe('closed');
      expect(final.reworkCount).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

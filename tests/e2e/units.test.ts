/**
 * 责任单位 in real Chromium (browser mode) on the demo district: an administrator looks over the units and
 * opens the new-unit form; a supervisor dispatches a case to a squadron (no person yet); a handler of that
 * squadron finds it in 我的待办 and 签收 it, which makes the case theirs. Screenshots saved.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import { tempDir } from '../helpers/tmp';
import { RENDERER_DIR, SCREENSHOTS, launchBrowser, logInAs, logOut, openAs } from '../helpers/e2e';

let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;
let caseId: number;
let handler: { name: string; personId: number; unitId: number; unitName: string };

beforeAll(async () => {
  browser = await launchBrowser();
  store = openStore(path.join(tempDir(), 'units.sqlite'), { transport: 'http' });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 1500 });
  await store.handlers['security:set']({ idleLockMinutes: 0 });
  handler = store.db
    .prepare(
      `SELECT o.name, o.person_id AS personId, u.id AS unitId, u.name AS unitName FROM operators o JOIN persons p ON p.id = o.person_id
       JOIN units u ON u.id = p.unit_id WHERE o.role = 'handler' ORDER BY o.id LIMIT 1`,
    )
    .get() as typeof handler;
  // A case in the handler's street, registered and waiting for dispatch (待派遣).
  const sup = store.db.prepare(`SELECT id, name, person_id AS personId FROM operators WHERE role = 'supervisor' ORDER BY id LIMIT 1`).get() as {
    id: number;
    name: string;
    personId: number | null;
  };
  const caller = directCaller({ operatorId: sup.id, name: sup.name, role: 'supervisor', personId: sup.personId });
  const category = store.db.prepare(`SELECT c.id FROM categories c JOIN categories b ON b.id = c.parent_id WHERE b.kind = 'event' AND b.code = '04' ORDER BY c.code LIMIT 1`).get() as { id: number };
  const grid = store.db
    .prepare(`SELECT g.code FROM grids g JOIN units u ON u.street_grid_id = g.parent_id WHERE u.id = ? AND g.level = 3 ORDER BY g.code LIMIT 1`)
    .get(handler.unitId) as { code: string };
  const created = await invokeCall(store.handlers, 'incidents:create', { categoryId: category.id, description: '商铺门前占道经营，堆放货物', gridCode: grid.code, source: 'patrol' }, caller);
  if (!created.ok) throw new Error(created.error.message);
  const reported = created.value as { id: number; version: number };
  const registered = await invokeCall(store.handlers, 'incidents:transition', { incidentId: reported.id, action: 'register', expectedVersion: reported.version }, caller);
  if (!registered.ok) throw new Error(registered.error.message);
  caseId = reported.id;
  server = await startBrowserServer({ handlers: store.handlers, staticDir: RENDERER_DIR });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  store?.db.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const panel = (page: Page) => page.getByRole('complementary', { name: '案件详情' });
const panelStatus = (page: Page) => panel(page).locator('.gd-casepanel__title [data-status]');

describe('责任单位 in real Chromium', () => {
  it('lists the units, dispatches a case to a squadron, and lets one of its handlers sign for it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // Administrator: the units, as a tree, on the persons page.
      await openAs(page, server.url, '管理员');
      await page.goto(`${server.url}#/persons`);
      // A person's unit, in the list and in the panel, where it can be changed.
      const persons = page.getByRole('table', { name: '人员列表' });
      const first = persons.locator('tbody tr').first();
      await first.waitFor({ timeout: 20_000 });
      await first.locator('.gd-persontable__name').click();
      const person = page.getByRole('complementary', { name: '人员详情' });
      const unitSelect = person.getByRole('combobox', { name: '所属单位' });
      await expect.poll(() => unitSelect.inputValue(), { timeout: 10_000 }).not.toBe('');
      const unitLabel = await unitSelect.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '');
      expect(await first.textContent()).toContain(unitLabel);
      await page.mouse.move(5, 5);
      await shot(page, 'units-person');
      await page.getByRole('group', { name: '人员或责任单位' }).getByRole('button', { name: '责任单位' }).click();
      const table = page.getByRole('table', { name: '责任单位列表' });
      await table.getByText('芙蓉区城管执法大队', { exact: true }).waitFor({ timeout: 20_000 });
      expect(await table.locator('tbody tr').count()).toBe(3 + 3 * 13 + 6);
      await page.mouse.move(5, 5);
      await shot(page, 'units');
      // One unit's panel: what it is, its staff and open cases, the grids it answers for.
      await table.getByRole('button', { name: handler.unitName, exact: true }).click();
      const unitPanel = page.getByRole('complementary', { name: '单位详情' });
      await unitPanel.getByRole('heading', { name: /单位岗位/ }).waitFor();
      await page.mouse.move(5, 5);
      await shot(page, 'units-panel');
      await unitPanel.getByRole('button', { name: '关闭单位详情' }).click();
      await page.getByRole('button', { name: '新建单位' }).click();
      const dialog = page.getByRole('dialog', { name: '新建责任单位' });
      await dialog.getByLabel('单位编码').fill('SZ01');
      await dialog.getByLabel('单位名称').fill('芙蓉区市政设施管理所东片区');
      await dialog.getByLabel('单位类型').selectOption('municipal');
      await dialog.getByLabel('上级单位').selectOption({ label: '芙蓉区市政设施管理所' });
      await shot(page, 'units-dialog');
      await dialog.getByRole('button', { name: '新建' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await table.getByText('芙蓉区市政设施管理所东片区').waitFor();
      await logOut(page);

      // Supervisor: 派遣 to the squadron, no person yet.
      await logInAs(page, '监督员');
      await page.goto(`${server.url}#/cases/${caseId}`);
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('待派遣');
      await panel(page).getByRole('button', { name: /^派遣/ }).click();
      const dispatch = page.getByRole('dialog', { name: '派遣' });
      await dispatch.getByRole('button', { name: '派给单位' }).click();
      await dispatch.getByRole('combobox', { name: '责任单位' }).selectOption({ label: handler.unitName });
      await dispatch.getByText(/先签收者成为处置责任人/).waitFor();
      await shot(page, 'units-dispatch');
      await dispatch.getByRole('button', { name: '确定派遣' }).click();
      await dispatch.waitFor({ state: 'hidden' });
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 10_000 }).toBe('已派遣');
      const dispatched = await store.handlers['incidents:get']({ id: caseId });
      expect(dispatched).toMatchObject({ assigneeId: null, unitId: handler.unitId, unitName: handler.unitName });
      await panel(page).getByText('待单位内人员签收').waitFor();
      await logOut(page);

      // Handler of the squadron: the case is in 我的待办; 签收 makes it theirs.
      await logInAs(page, '处置人员', handler.name);
      await page.goto(`${server.url}#/queue`);
      const row = page.locator(`[data-case-id="${caseId}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toContain('单位待签收');
      expect(await row.locator(`[title="已派至${handler.unitName}，签收后由签收人处置"]`).count()).toBe(1);
      await page.mouse.move(5, 5);
      await shot(page, 'units-handler-queue');
      await page.goto(`${server.url}#/cases/${caseId}`);
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('已派遣');
      await panel(page).getByRole('button', { name: /^签收处置/ }).click();
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 10_000 }).toBe('处置中');
      const taken = await store.handlers['incidents:get']({ id: caseId });
      expect(taken).toMatchObject({ assigneeId: handler.personId, unitId: handler.unitId, status: 'handling' });
      await shot(page, 'units-signed');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);
});

/**
 * A 12345 work order from the city platform's export to the citizen's callback, in real Chromium against
 * browser mode on the demo district: imported on the import page, 签收, 立案, 派遣, handled, closed with a
 * reply, called back 不满意 (reopened as 重办), handled and closed again, called back 满意. Each operator
 * logs in at the same desk; 我的待办's counts move at each step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OpenedStore } from '../../electron/host';
import { openStore } from '../../electron/host';
import type { BrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, logInAs, logOut, operatorBar, serve, type RoleLabel } from '../helpers/e2e';

let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;
let close: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = tempDir();
  const file = path.join(dir, 'hotline.sqlite');
  const seeded = openStore(file, { transport: 'direct' });
  await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 3000 });
  seeded.db.close();
  ({ store, server, close } = await serve(file));
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const panel = (page: Page) => page.getByRole('complementary', { name: '案件详情' });
const panelStatus = (page: Page) => panel(page).locator('.gd-casepanel__title [data-status]');

/** The city platform's export as its users save it: GBK would do too, the platform's headers, one order. */
function platformExport(orderNo: string, gridCode: string): string {
  const head = ['工单编号', '受理时间', '诉求人', '来电号码', '工单类型', '工单内容', '事发地址', '办结时限', '所属网格'];
  const row = [orderNo, '2026/12/01 08:05', '张女士', '13812345678', '投诉', '小区门口生活垃圾堆放多日无人清运', '芙蓉中路二段88号', '', gridCode];
  const file = path.join(dir, 'platform-export.csv');
  fs.writeFileSync(file, '\uFEFF' + [head, row].map((r) => r.join(',')).join('\r\n') + '\r\n');
  return file;
}

/** Every list's count on 我的待办 (the left column; a role with one list shows only 合计). */
async function queueCounts(page: Page): Promise<Record<string, number>> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^我的待办/ }).click();
  await page.getByRole('heading', { name: '我的待办', level: 1 }).waitFor();
  const summary = page.getByRole('group', { name: '待办概况' });
  await summary.waitFor();
  // Wait for the answer that follows the last write (the page refreshes from the contract's topics).
  await page.waitForTimeout(400);
  const counts: Record<string, number> = { 合计: Number(await summary.getByText('合计').locator('b').textContent()) };
  const lists = page.getByRole('navigation', { name: '待办清单' });
  if ((await lists.count()) > 0) {
    for (const link of await lists.getByRole('link').all()) {
      const label = (await link.locator('.gd-queuelists__label').textContent()) ?? '';
      counts[label] = Number(await link.locator('.gd-queuelists__count').textContent());
    }
  }
  return counts;
}

async function openCase(page: Page, id: number): Promise<void> {
  await page.evaluate((caseId) => (window.location.hash = `#/cases/${caseId}`), id);
  await panel(page).waitFor({ timeout: 20_000 });
}

/** One step from the action row; `fill` answers its dialog before 确定. */
async function step(page: Page, label: string, expectStatus: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, confirm = label) {
  await panel(page).getByRole('group', { name: '可执行的操作' }).getByRole('button', { name: new RegExp(`^${label.replace(/[()（）]/g, '.')}`) }).click();
  if (fill) {
    const dialog = page.getByRole('dialog', { name: confirm });
    await dialog.waitFor();
    await fill(dialog);
    await dialog.getByRole('button', { name: `确定${confirm}` }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await expect.poll(() => panelStatus(page).textContent(), { timeout: 10_000 }).toBe(expectStatus);
}

async function switchTo(page: Page, role: RoleLabel, name?: string): Promise<void> {
  await logOut(page);
  await logInAs(page, role, name);
}

describe('a 12345 work order in real Chromium', () => {
  it('goes from the platform export to a satisfied callback through a 不满意 reopening, and the queues follow', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      const operators = await store.handlers['operators:list']({});
      const handler = operators.find((o) => o.role === 'handler' && o.personId !== null)!;
      const inspector = operators.find((o) => o.role === 'inspector')!;
      const supervisor = operators.find((o) => o.role === 'supervisor')!;
      const gridCode = (store.db.prepare(`SELECT code FROM grids WHERE level = 3 ORDER BY code LIMIT 1`).pluck().get() as string) ?? '';
      const orderNo = 'GD2026120100042';

      await page.goto(server.url);
      await logInAs(page, '监督员', supervisor.name);
      const before = await queueCounts(page);

      // The platform's export on the import page: its headers are recognised, no coordinates needed.
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导入' }).click();
      await page.getByLabel('选择文件…').first().setInputFiles(platformExport(orderNo, gridCode));
      await page.getByRole('group', { name: '12345 工单字段' }).waitFor({ timeout: 20_000 });
      await shot(page, 'hotline-import-preview');
      await page.getByRole('button', { name: /^开始导入/ }).click();
      const result = page.getByRole('region', { name: '导入结果' });
      await result.getByRole('group', { name: '12345 工单' }).waitFor({ timeout: 30_000 });
      expect(await result.textContent()).toMatch(/1/);
      await shot(page, 'hotline-import-result');
      const order = store.db.prepare(`SELECT incident_id AS id FROM hotline_orders WHERE order_no = ?`).get(orderNo) as { id: number };
      expect(order).toBeTruthy();

      // 待签收工单 +1 on the supervisor's queue; the row opens the case.
      let counts = await queueCounts(page);
      expect(counts['待签收工单']).toBe(before['待签收工单']! + 1);
      await page.getByRole('navigation', { name: '待办清单' }).getByRole('link', { name: /^待签收工单/ }).click();
      await page.getByRole('table', { name: '待办列表' }).getByText(orderNo).click();
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 20_000 }).toBe('待签收');
      const box = panel(page).getByRole('region', { name: '12345 工单' });
      expect(await box.textContent()).toContain('138****5678');
      expect(await box.textContent()).not.toContain('13812345678');
      await shot(page, 'hotline-received');

      // 签收 → 待立案 → 立案 → 派遣 to the handler.
      await step(page, '签收工单', '待立案');
      counts = await queueCounts(page);
      expect(counts['待签收工单']).toBe(before['待签收工单']);
      expect(counts['待立案']).toBe(before['待立案']! + 1);
      await openCase(page, order.id);
      await step(page, '立案', '待派遣');
      await step(page, '派遣…', '已派遣', async (dialog) => {
        const select = dialog.getByRole('combobox', { name: '处置责任人' });
        await expect.poll(() => select.inputValue(), { timeout: 10_000 }).not.toBe('');
        await select.selectOption(String(handler.personId));
      }, '派遣');
      counts = await queueCounts(page);
      expect(counts['待立案']).toBe(before['待立案']);
      expect(counts['待派遣']).toBe(before['待派遣']);

      // The handler: it is in their own cases; 签收处置 and 处置反馈.
      await switchTo(page, '处置人员', handler.name);
      const handlerBefore = await queueCounts(page);
      await page.getByRole('table', { name: '待办列表' }).getByText(orderNo).waitFor({ timeout: 20_000 });
      await openCase(page, order.id);
      await step(page, '签收处置', '处置中');
      await step(page, '处置反馈…', '待核查', (dialog) => dialog.getByLabel('处置情况').fill('已联系环卫清运，现场清理完毕'), '处置反馈');
      expect((await queueCounts(page))['合计']).toBe(handlerBefore['合计']! - 1);

      // The inspector verifies and closes it with the reply to the citizen (required on an order).
      await switchTo(page, '巡查员', inspector.name);
      const verifyBefore = await queueCounts(page);
      await openCase(page, order.id);
      await step(page, '核查通过并结案…', '已结案', async (dialog) => {
        await dialog.getByRole('button', { name: '确定核查通过并结案' }).click();
        await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain('答复');
        await dialog.getByLabel('答复内容').fill('您反映的垃圾堆放问题已清运处理，感谢您的监督。');
      }, '核查通过并结案');
      expect((await queueCounts(page))['合计']).toBe(verifyBefore['合计']! - 1);

      // The supervisor calls back: 不满意 reopens the order as 重办 (已派遣 to the same handler).
      await switchTo(page, '监督员', supervisor.name);
      counts = await queueCounts(page);
      expect(counts['待回访']).toBe(before['待回访']! + 1);
      await openCase(page, order.id);
      await panel(page).getByRole('group', { name: '可执行的操作' }).getByRole('button', { name: /^回访…/ }).click();
      const callback = page.getByRole('dialog', { name: '回访' });
      await callback.getByRole('radio', { name: '不满意', exact: true }).check();
      await callback.getByLabel('不满意原因').fill('楼道口仍有垃圾，清运不彻底');
      await shot(page, 'hotline-callback');
      await callback.getByRole('button', { name: '确定回访' }).click();
      await callback.waitFor({ state: 'hidden' });
      await expect.poll(() => panelStatus(page).textContent(), { timeout: 10_000 }).toBe('已派遣');
      counts = await queueCounts(page);
      expect(counts['待回访']).toBe(before['待回访']);

      // 重办: handled and closed again, then the callback is 满意.
      await switchTo(page, '处置人员', handler.name);
      await openCase(page, order.id);
      await step(page, '签收处置', '处置中');
      await step(page, '处置反馈…', '待核查', (dialog) => dialog.getByLabel('处置情况').fill('楼道口垃圾全部清运，已设置临时收集点'), '处置反馈');
      await switchTo(page, '巡查员', inspector.name);
      await openCase(page, order.id);
      await step(page, '核查通过并结案…', '已结案', (dialog) => dialog.getByLabel('答复内容').fill('已彻底清运并设置临时收集点，欢迎继续监督。'), '核查通过并结案');
      await switchTo(page, '监督员', supervisor.name);
      expect((await queueCounts(page))['待回访']).toBe(before['待回访']! + 1);
      await openCase(page, order.id);
      await panel(page).getByRole('group', { name: '可执行的操作' }).getByRole('button', { name: /^回访…/ }).click();
      const second = page.getByRole('dialog', { name: '回访' });
      await second.getByRole('radio', { name: '满意', exact: true }).check();
      await second.getByRole('button', { name: '确定回访' }).click();
      await second.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await store.handlers['hotline:get']({ incidentId: order.id }))?.callbackResult).toBe('satisfied');
      expect(await panelStatus(page).textContent()).toBe('已结案');
      await panel(page).getByRole('list', { name: '办理记录' }).scrollIntoViewIfNeeded();
      await shot(page, 'hotline-closed');
      expect((await queueCounts(page))['待回访']).toBe(before['待回访']);

      // What the host kept: one order, reopened once, two replies, on the timeline in order.
      const detail = await store.handlers['incidents:get']({ id: order.id });
      const actions = detail.events.map((e) => e.action);
      expect(actions.filter((a) => a === 'verify_pass')).toHaveLength(2);
      expect(actions).toEqual(expect.arrayContaining(['acknowledge', 'register', 'dispatch', 'accept', 'handle', 'callback_redo', 'callback']));
      expect(detail.hotline?.reply).toContain('临时收集点');
      expect(await operatorBar(page).textContent()).toContain(supervisor.name);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/**
 * Who may do what, in real Chromium against browser mode: a supervisor is refused an administrator's
 * change (and told which role is needed), the administrator changes a category's time limit and finds it
 * in the settings log with the value before and after, sets the idle lock, and the desk locks over a
 * half-filled form after the idle time — the page's clock is fast-forwarded, not waited for — and the
 * form still holds its text after unlocking.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../electron/host';
import { tempDir } from '../helpers/tmp';
import { DEMO_PASSWORD, SCREENSHOTS, launchBrowser, logInAs, logInWith, logOut, operatorBar, serve, watchRequests } from '../helpers/e2e';

let browser: Browser;
let app: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  browser = await launchBrowser({ lang: 'zh_CN.UTF-8' });
  const file = path.join(tempDir(), 'trust.sqlite');
  const seeded = openStore(file, { transport: 'direct' });
  await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 2000 });
  seeded.db.close();
  app = await serve(file);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const settingsTabs = (page: Page) => page.getByRole('tablist', { name: '设置项' }).getByRole('tab');

async function openSettings(page: Page, tab: string) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

describe('trust in real Chromium (browser mode)', () => {
  it('refuses a supervisor an administrator change, logs the administrator’s change with before and after, and locks an idle desk over a form', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const foreign = watchRequests(page, app.server.origin);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A refused call is an HTTP 403 (the browser notes it on the console); anything else is a fault.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    // The page's timers run on a clock the test can move forward (time still passes on its own).
    await page.clock.install();
    try {
      const category = (await app.store.handlers['categories:list']({})).find((c) => c.level === 2 && c.kind === 'event' && c.handlingUnit === 'wh')!;
      const oldLimit = category.handlingLimit!;
      const newLimit = oldLimit + 2;

      // ── The supervisor: no administrator tabs; an administrator's change is refused with the role it needs.
      await page.goto(app.server.url);
      const supervisor = await logInAs(page, '监督员');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
      await expect.poll(() => settingsTabs(page).allTextContents()).toEqual(['工作日历', '案件类别与时限', '催办督办']);
      await page.getByText('只读：修改工作日历需管理员').waitFor();

      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '地图' }).click();
      await page.getByRole('button', { name: '底图' }).click();
      const basemap = page.getByRole('dialog', { name: '底图设置' });
      await basemap.getByLabel('在线瓦片地址（XYZ）').fill('http://10.0.0.5/tiles/{z}/{x}/{y}.png');
      await basemap.getByRole('button', { name: '保存' }).click();
      const refusal = basemap.getByRole('alert');
      await expect.poll(() => refusal.textContent()).toContain('没有权限执行此操作');
      expect(await refusal.textContent()).toContain(`操作员「${supervisor}」（监督员）不能执行此操作：需管理员`);
      await shot(page, 'trust-refused');
      await basemap.getByRole('button', { name: '取消' }).click();
      // Refused, not logged out.
      expect(await operatorBar(page).textContent()).toContain(supervisor);
      expect((await app.store.handlers['map:basemap']({})).settings.xyzUrl).toBeNull();

      // ── The administrator changes a category's time limit …
      await logOut(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'login-again.png') });
      const admin = await logInAs(page, '管理员');
      expect(admin).toBe('演示管理员');
      await openSettings(page, '案件类别与时限');
      await expect.poll(() => settingsTabs(page).allTextContents()).toEqual(['工作日历', '案件类别与时限', '催办督办', '操作员', '安全', '设置记录', '备份', '多席位']);
      const limit = page.getByLabel(`${category.name} 处置时限`);
      await expect.poll(() => limit.inputValue()).toBe(String(oldLimit));
      await limit.fill(String(newLimit));
      await limit.locator('xpath=ancestor::tr').getByRole('button', { name: '保存' }).click();
      await page.getByText(`已保存「${category.name}」`).waitFor();

      // … and finds it in the settings log, before → after, under the administrator's name.
      await page.getByRole('tab', { name: '设置记录' }).click();
      const log = page.getByRole('table', { name: '设置记录列表' });
      const entry = log.getByRole('row').filter({ hasText: `类别「${category.name}」` }).first();
      await entry.waitFor();
      expect(await entry.textContent()).toContain(admin);
      expect(await entry.locator('.gd-change__before').first().textContent()).toBe(`${oldLimit} 工作小时`);
      expect(await entry.locator('.gd-change__after').first().textContent()).toBe(`${newLimit} 工作小时`);
      expect(await entry.locator('.gd-change__label').first().textContent()).toBe('处置时限');
      await page.getByRole('search', { name: '筛选设置记录' }).getByRole('searchbox').fill(category.name);
      await expect.poll(() => log.getByRole('row').count()).toBe(2);
      await page.getByRole('button', { name: '登录记录' }).click();
      const logins = page.getByRole('table', { name: '登录记录列表' });
      await logins.waitFor();
      expect(await logins.getByRole('row').nth(1).textContent()).toContain(admin);

      // A new operator with a first password, who can log in with it.
      await page.getByRole('tab', { name: '操作员' }).click();
      const accounts = page.getByRole('table', { name: '操作员账号' });
      await accounts.waitFor();
      expect(await accounts.textContent()).toContain(supervisor);
      await page.getByRole('button', { name: '新建操作员' }).click();
      const create = page.getByRole('dialog', { name: '新建操作员' });
      await create.getByLabel(/^姓名/).fill('周敏');
      await create.getByLabel(/^角色/).selectOption('inspector');
      await create.getByLabel(/^初始密码/).fill('Zhou-2026a');
      await create.getByLabel(/^再次输入初始密码/).fill('Zhou-2026a');
      await create.getByRole('button', { name: '新建', exact: true }).click();
      await create.waitFor({ state: 'hidden' });
      await accounts.getByRole('row').filter({ hasText: '周敏' }).waitFor();
      await page.mouse.move(5, 5);
      await page.waitForTimeout(200);
      await shot(page, 'operators');

      // Backups: back up now, then verify what was written.
      await page.getByRole('tab', { name: '备份' }).click();
      await page.getByRole('region', { name: '备份列表' }).getByRole('button', { name: '立即备份' }).click();
      const backups = page.getByRole('table', { name: '备份' });
      await backups.getByRole('row').nth(1).waitFor({ timeout: 30_000 });
      expect(await backups.getByRole('row').nth(1).textContent()).toContain('手动备份');
      await backups.getByRole('row').nth(1).getByRole('button', { name: '校验' }).click();
      const verify = page.getByRole('dialog', { name: '校验备份' });
      await verify.getByText('校验通过：备份完整，可以恢复').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(200);
      await shot(page, 'backup-verify');
      await verify.getByRole('button', { name: '关闭' }).last().click();
      await page.mouse.move(5, 5);
      await page.waitForTimeout(200);
      await shot(page, 'backup');

      // ── The idle lock: one minute.
      await page.getByRole('tab', { name: '安全' }).click();
      await page.getByLabel('闲置锁定').fill('1');
      await page.getByRole('region', { name: '安全设置' }).getByRole('button', { name: '保存' }).click();
      await page.getByText('安全设置已保存').waitFor();
      await shot(page, 'security');
      expect((await app.store.handlers['security:get']({})).idleLockMinutes).toBe(1);

      // A half-filled new case …
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '案件' }).click();
      await page.getByRole('button', { name: /新建案件/ }).click();
      const form = page.getByRole('dialog', { name: '新建案件' });
      const description = form.getByLabel(/问题描述/);
      const typed = '人行道上堆放装修垃圾约两立方，影响通行';
      await description.fill(typed);
      expect(await page.getByRole('dialog', { name: '工作台已锁定' }).count()).toBe(0);

      // … and nobody at the desk for longer than the idle time.
      await page.clock.fastForward('02:00');
      const lock = page.getByRole('dialog', { name: '工作台已锁定' });
      await lock.waitFor({ timeout: 10_000 });
      expect(await lock.textContent()).toContain(admin);
      await page.waitForTimeout(200);
      await shot(page, 'lock-screen');
      // The host locked the session too: calls are refused until unlocked.
      const status = await page.evaluate(async () => {
        const token = document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content') ?? '';
        const session = window.sessionStorage.getItem('griddesk.session') ?? '';
        const r = await fetch('./api/categories:list', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-griddesk-token': token, 'x-griddesk-session': session },
          body: '{}',
        });
        return { status: r.status, body: (await r.json()) as { error?: { message: string } } };
      });
      expect(status.status).toBe(401);
      expect(status.body.error?.message).toContain('锁定');

      await lock.getByLabel('密码 / PIN').fill('not-the-password');
      await lock.getByRole('button', { name: '解锁' }).click();
      await expect.poll(() => lock.getByRole('alert').textContent()).toContain('姓名或密码不正确');
      await lock.getByLabel('密码 / PIN').fill(DEMO_PASSWORD);
      await lock.getByRole('button', { name: '解锁' }).click();
      await lock.waitFor({ state: 'hidden' });
      expect(await description.inputValue()).toBe(typed);
      await description.press('End');
      await description.pressSequentially('。');
      expect(await description.inputValue()).toBe(`${typed}。`);

      // The log now holds all three changes, newest first.
      await page.keyboard.press('Escape');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
      await page.getByRole('tab', { name: '设置记录' }).click();
      await expect.poll(() => log.getByRole('row').count()).toBe(5);
      const rows = await log.getByRole('row').allTextContents();
      expect(rows[1]).toContain('闲置锁定时间');
      expect(rows[1]).toMatch(/15\s*→\s*1/);
      expect(rows[3]).toContain('操作员「周敏」');
      expect(rows.some((r) => r.includes('备份') && !r.includes('backup.create'))).toBe(true); // named in Chinese, not by its code
      expect(rows.at(-1)).toContain(`类别「${category.name}」`);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(200);
      await shot(page, 'settings-log');

      // The new operator logs in with the first password.
      await logOut(page);
      await logInWith(page, '周敏', 'Zhou-2026a');
      expect(await operatorBar(page).textContent()).toContain('巡查员');

      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

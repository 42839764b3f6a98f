/**
 * 考核 in real Chromium against browser mode on the demo district: the administrator opens the month's
 * assessment (a draft), publishes it (version 1 with its SHA-256; publishing again says nothing changed),
 * opens one community grid's score, and clicks through from an indicator to its cases: the case list shows
 * exactly those cases. A case behind the month is then voided and the month published again: version 2, and
 * the versions view names what moved. Screenshots of each step and of the map, the scheme and the 月报.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OpenedStore } from '../../electron/host';
import { openStore } from '../../electron/host';
import type { BrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import { SCREENSHOTS, launchBrowser, logInAs, serve } from '../helpers/e2e';
import { directCaller } from '../../electron/auth/gate';
import { invokeCall } from '../../electron/handlers/invoke';

const MONTH = '2026-11';

let browser: Browser;
let store: OpenedStore;
let server: BrowserServer;
let close: () => Promise<void>;

beforeAll(async () => {
  browser = await launchBrowser();
  const file = path.join(tempDir(), 'assess.sqlite');
  const seeded = openStore(file, { transport: 'direct' });
  await seeded.handlers['demo:load']({ until: '2026-11-25', incidents: 4000 });
  seeded.db.close();
  ({ store, server, close } = await serve(file));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await close?.();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

describe('考核 journey', () => {
  it('opens the month, publishes it, opens a grid’s score and clicks through to exactly its cases', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await logInAs(page, '管理员');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '考核' }).click();
    await page.getByRole('heading', { name: '考核', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: '选择月份' }).selectOption(MONTH);
    const ranking = page.getByRole('table', { name: '社区网格排名' });
    await ranking.waitFor({ timeout: 60_000 });
    await expect(page.getByText('草稿', { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.getByRole('img', { name: '考核等级分布图' }).waitFor();
    await shot(page, 'assess-draft');

    // Publish: version 1 with its hash; the host's own words are shown.
    await page.getByRole('button', { name: '发布本月考核结果' }).click();
    const outcome = page.locator('.gd-assess-publish__outcome');
    await outcome.waitFor({ timeout: 60_000 });
    const published = store.handlers['assess:published'];
    const versions = await published({ month: MONTH });
    expect(versions).toHaveLength(1);
    const [v1] = versions;
    await expect(outcome.textContent()).resolves.toContain(v1!.hash);
    await expect(page.getByRole('combobox', { name: '结果版本' }).inputValue()).resolves.toBe('1');
    await page.getByText('已发布第 1 版').first().waitFor();
    await shot(page, 'assess-published');

    // Publishing again with nothing changed: the host says so, no new version.
    await page.getByRole('button', { name: '发布本月考核结果' }).click();
    await page.locator('.gd-assess-publish__outcome.is-unchanged').waitFor({ timeout: 60_000 });
    expect(await published({ month: MONTH })).toHaveLength(1);

    // The lowest-ranked grid's score.
    const first = ranking.locator('tbody tr:not(.is-unranked):not(.gd-assess-rank__divider)').last();
    const gridName = ((await first.locator('.gd-assess-rank__name').textContent()) ?? '').trim();
    await first.locator('.gd-assess-rank__name').click();
    const detail = page.getByRole('region', { name: '得分明细' });
    await detail.getByText(gridName, { exact: true }).waitFor();
    const indicators = detail.getByRole('table', { name: '各项指标得分' });
    await indicators.waitFor();
    await shot(page, 'assess-grid-score');

    // The cases that cost it points under one indicator: the list shows exactly those.
    const lost = indicators.locator('a.gd-assess-cases[aria-label*="失分"]');
    expect(await lost.count()).toBeGreaterThan(0);
    const link = lost.first();
    const label = (await link.getAttribute('aria-label')) ?? '';
    const count = Number(/：(\d+) 件案件/.exec(label)![1]);
    const ids = decodeURIComponent((await link.getAttribute('href')) ?? '')
      .replace(/^.*ids=/, '')
      .split(',')
      .map(Number);
    expect(ids).toHaveLength(count);
    await link.click();
    await page.getByRole('table', { name: '案件列表' }).waitFor();
    await page.getByText(`指定的 ${count} 件案件`).waitFor();
    await page.getByText(`共 ${count} 件`).waitFor({ timeout: 30_000 });
    const listed = await store.handlers['incidents:count']({ filter: { ids } });
    expect(listed).toBe(count);
    await shot(page, 'assess-cases');

    // A case behind the published month is voided: publishing again makes version 2, and the diff names the case.
    const admin = store.db.prepare(`SELECT id, name, role, person_id AS personId FROM operators WHERE role = 'admin' ORDER BY id LIMIT 1`).get() as {
      id: number;
      name: string;
      role: 'admin';
      personId: number | null;
    };
    const caller = directCaller({ operatorId: admin.id, name: admin.name, role: admin.role, personId: admin.personId });
    const voided = (await invokeCall(store.handlers, 'incidents:get', { id: ids[0] }, caller)) as { ok: true; value: { version: number; caseNo: string } };
    const step = await invokeCall(store.handlers, 'incidents:transition', { incidentId: ids[0], action: 'void', expectedVersion: voided.value.version, note: '重复登记，作废' }, caller);
    expect(step.ok).toBe(true);
    await page.goto(`${server.url}#/assess?month=${MONTH}&type=grid`);
    await page.getByRole('table', { name: '社区网格排名' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '发布本月考核结果' }).click();
    await page.getByText('已发布第 2 版').first().waitFor({ timeout: 60_000 });
    expect(await published({ month: MONTH })).toHaveLength(2);
    await page.getByRole('button', { name: '发布版本' }).click();
    const changes = page.getByRole('table', { name: '变动明细' });
    await changes.waitFor({ timeout: 60_000 });
    await expect(changes.textContent()).resolves.toContain(gridName);
    await page.getByRole('heading', { name: /第 1 版 → 第 2 版/ }).waitFor();
    await shot(page, 'assess-versions');

    await page.getByRole('button', { name: '等级分布图' }).click();
    await page.getByRole('img', { name: '考核等级分布图' }).waitFor();
    await shot(page, 'assess-map');
    await page.getByRole('button', { name: '考核方案' }).click();
    await page.getByRole('table', { name: '考核指标' }).waitFor();
    await shot(page, 'assess-scheme');
    await page.getByRole('button', { name: '编辑方案' }).click();
    const weight = page.getByRole('form', { name: '编辑考核方案' }).getByRole('spinbutton', { name: /权重$/ }).first();
    await weight.fill('1');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByRole('form', { name: '编辑考核方案' }).getByRole('alert').waitFor();
    await shot(page, 'assess-scheme-refused');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '月报' }).click();
    await page.waitForFunction(() => /城市管理网格化工作月报/.test([...document.querySelectorAll('*')].find((el) => el.shadowRoot)?.shadowRoot?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    await shot(page, 'assess-monthly-report');

    // The other object types: units and persons, each ranked among its own kind.
    await page.getByRole('button', { name: '排名', exact: true }).click();
    await page.getByRole('group', { name: '考核对象' }).getByRole('button', { name: '责任单位' }).click();
    const units = page.getByRole('table', { name: '责任单位排名' });
    await units.waitFor();
    await units.locator('.gd-assess-rank__name').first().click();
    await page.getByRole('table', { name: '各项指标得分' }).waitFor();
    await shot(page, 'assess-unit-score');
    await page.getByRole('group', { name: '考核对象' }).getByRole('button', { name: '人员' }).click();
    await page.getByRole('table', { name: '人员排名' }).waitFor();
    await shot(page, 'assess-persons');
    await page.close();
  }, 240_000);
});

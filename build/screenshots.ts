/**
 * `npm run screenshots`: the pictures README shows, taken from the real desk. Browser mode on a fresh
 * demo district in a temp folder, Debian's Chromium (or CHROMIUM_PATH), 1440×900; saves into docs/screenshots/.
 * Needs a built renderer (`npm run build:renderer`). Run it again whenever a screen changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, logInAs, serve } from '../tests/helpers/e2e';
import { openStore } from '../electron/host';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');

interface Shot {
  readonly file: string;
  readonly title: string;
  readonly take: (page: Page, url: string) => Promise<void>;
}

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: label }).first().click();
const settle = (page: Page, ms = 800) => page.waitForTimeout(ms);

/** A small field log for the import picture: ten rows in the demo's grids, one of them unusable. */
function fieldLog(dir: string, gridCodes: readonly string[]): string {
  const head = '上报时间,网格编码,问题类别,问题描述,地址,经度,纬度';
  const cases: readonly [string, string][] = [
    ['暴露垃圾', '人行道垃圾堆放'],
    ['占道经营', '早市摊点占用人行道'],
    ['非法小广告', '电线杆上乱张贴小广告'],
    ['暴露垃圾', '绿化带内建筑垃圾'],
    ['占道经营', '店外经营占道'],
    ['非法小广告', '楼道口喷涂办证广告'],
    ['暴露垃圾', '垃圾桶满溢未清运'],
    ['占道经营', '流动摊贩占道'],
    ['非法小广告', '公交站牌张贴广告'],
    ['暴露垃圾', '小区门口生活垃圾堆放'],
  ];
  const rows = cases.map(([category, text], i) => `2026-11-2${(i % 5) + 1} 09:${String(10 + i).padStart(2, '0')},${gridCodes[i % gridCodes.length]},${category},${text},芙蓉中路${i + 1}号,,`);
  rows.push('不是时间,999,,无法识别的行,,,');
  const file = path.join(dir, '巡查日志-示例.csv');
  fs.writeFileSync(file, '\uFEFF' + [head, ...rows].join('\r\n') + '\r\n');
  return file;
}

const SHOTS: readonly Shot[] = [
  {
    file: 'queue.png',
    title: '我的待办',
    take: async (page) => {
      await nav(page, '我的待办');
      await page.getByRole('heading', { name: '我的待办', level: 1 }).waitFor();
      await settle(page);
    },
  },
  {
    file: 'map.png',
    title: '地图',
    take: async (page) => {
      await nav(page, '地图');
      await page.locator('.leaflet-container').first().waitFor();
      await settle(page, 1500);
    },
  },
  {
    file: 'cases.png',
    title: '案件与详情',
    take: async (page, url) => {
      await page.goto(`${url}#/cases?overdue=1`);
      const row = page.locator('[data-case-id]').first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await page.getByRole('complementary', { name: '案件详情' }).waitFor();
      await settle(page);
    },
  },
  {
    file: 'stats.png',
    title: '统计',
    take: async (page) => {
      await nav(page, '统计');
      await page.getByText('本周指标').waitFor({ timeout: 30_000 });
      await settle(page, 1200);
    },
  },
  {
    file: 'assess.png',
    title: '考核',
    take: async (page) => {
      await nav(page, '考核');
      await page.getByRole('table', { name: '社区网格排名' }).waitFor({ timeout: 60_000 });
      await page.getByRole('img', { name: '考核等级分布图' }).waitFor({ timeout: 30_000 });
      await settle(page);
    },
  },
  {
    file: 'patrol.png',
    title: '巡查覆盖',
    take: async (page) => {
      await nav(page, '巡查');
      await page.getByRole('heading', { name: '巡查覆盖' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '上一期' }).click(); // the last whole week
      await page.getByRole('table', { name: '各网格巡查覆盖' }).waitFor({ timeout: 30_000 });
      await settle(page);
    },
  },
  {
    file: 'units.png',
    title: '责任单位',
    take: async (page, url) => {
      await page.goto(`${url}#/persons`);
      await page.getByRole('group', { name: '人员或责任单位' }).getByRole('button', { name: '责任单位' }).click();
      await page.getByRole('table', { name: '责任单位列表' }).waitFor({ timeout: 30_000 });
      await settle(page);
    },
  },
  {
    file: 'report.png',
    title: '周报',
    take: async (page) => {
      await nav(page, '周报');
      await page.waitForFunction(
        () => [...document.querySelectorAll('*')].some((el) => el.shadowRoot?.textContent?.includes('城市管理网格化工作周报')),
        undefined,
        { timeout: 30_000 },
      );
      await settle(page);
    },
  },
];

async function main(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-shots-'));
  const file = path.join(dir, 'demo.sqlite');
  try {
    const seeded = openStore(file, { transport: 'direct' });
    await seeded.handlers['demo:load']({ incidents: 20_000 });
    const grids = (seeded.db.prepare(`SELECT code FROM grids WHERE level = 3 ORDER BY code LIMIT 5`).pluck().all() as string[]) ?? [];
    seeded.db.close();
    const desk = await serve(file);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      await page.goto(desk.server.url);
      await logInAs(page, '监督员');
      for (const shot of SHOTS) {
        await shot.take(page, desk.server.url);
        await page.screenshot({ path: path.join(out, shot.file) });
        console.log(`${shot.title.padEnd(8, '　')} docs/screenshots/${shot.file}`);
      }
      // The import: preview, then the result.
      await nav(page, '导入');
      await page.getByLabel('选择文件…').first().setInputFiles(fieldLog(dir, grids));
      await page.getByRole('heading', { name: '列对应关系' }).waitFor({ timeout: 30_000 });
      await settle(page);
      await page.screenshot({ path: path.join(out, 'import-preview.png') });
      console.log('导入预览　 docs/screenshots/import-preview.png');
      await page.getByRole('button', { name: /^开始导入/ }).click();
      await page.getByText(/已导入|导入完成/).first().waitFor({ timeout: 60_000 });
      await settle(page);
      await page.screenshot({ path: path.join(out, 'import-result.png') });
      console.log('导入结果　 docs/screenshots/import-result.png');
    } finally {
      await browser.close();
      await desk.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

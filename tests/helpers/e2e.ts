/** What the browser journeys share: the built renderer, a browser-mode server on a database, the browser. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = path.join(root, 'dist', 'renderer');
export const SCREENSHOTS = path.join(root, 'tests', 'e2e', 'screenshots');

/**
 * Debian's Chromium, once the renderer is built. `lang` sets the browser's own locale (date fields as
 * 年/月/日 with 'zh_CN.UTF-8'); left unset, downloads keep their Chinese file names where the system has
 * no such locale installed.
 */
export async function launchBrowser(options: { lang?: string } = {}): Promise<Browser> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` before the browser journeys');
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ...(options.lang ? { env: { ...process.env, LANG: options.lang } } : {}),
  });
}

/** Browser mode on a database file, as `npm start` runs it. */
export async function serve(dbFile: string): Promise<{ store: OpenedStore; server: BrowserServer; close(): Promise<void> }> {
  const store = openStore(dbFile, { transport: 'http' });
  const server = await startBrowserServer({ handlers: store.handlers, staticDir: RENDERER_DIR });
  return {
    store,
    server,
    close: async () => {
      await server.close();
      store.db.close();
    },
  };
}

/** The printed password of the demo district's accounts (db/trust/accounts.ts). */
export const DEMO_PASSWORD = 'demo2026';

/** How the login screen names the roles. */
export type RoleLabel = '监督员' | '巡查员' | '处置人员' | '领导' | '管理员';

const LOGIN_TIMEOUT = 30_000;

/**
 * Logs in on the login screen with a demo account of a role (the first one listed, or the one named):
 * a click on the name in 演示账号（仅供演示） fills the form with it and the demo password. Resolves to the
 * name once the desk shows the operator in the top bar.
 */
export async function logInAs(page: Page, role: RoleLabel, name?: string): Promise<string> {
  const demo = page.getByRole('complementary', { name: '演示账号（仅供演示）' });
  await demo.waitFor({ timeout: LOGIN_TIMEOUT });
  const group = demo.getByRole('group', { name: role });
  const account = name ? group.getByRole('button', { name, exact: true }) : group.getByRole('button').first();
  const chosen = ((await account.textContent()) ?? '').trim();
  await account.click();
  await page.getByRole('form', { name: '登录' }).getByRole('button', { name: '登录' }).click();
  await operatorBar(page).getByText(chosen, { exact: true }).waitFor({ timeout: LOGIN_TIMEOUT });
  return chosen;
}

/** Logs in by typing a name and password, as someone without the demo list would. */
export async function logInWith(page: Page, name: string, secret: string): Promise<void> {
  const form = page.getByRole('form', { name: '登录' });
  await form.waitFor({ timeout: LOGIN_TIMEOUT });
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('密码 / PIN').fill(secret);
  await form.getByRole('button', { name: '登录' }).click();
  await operatorBar(page).getByText(name, { exact: true }).waitFor({ timeout: LOGIN_TIMEOUT });
}

/** 退出登录 in the top bar, then waits for the login screen. */
export async function logOut(page: Page): Promise<void> {
  await operatorBar(page).getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('form', { name: '登录' }).waitFor({ timeout: LOGIN_TIMEOUT });
}

/** The logged-in operator in the top bar (name, role, 修改密码, 锁定, 退出登录). */
export function operatorBar(page: Page) {
  return page.getByRole('group', { name: '当前操作员' });
}

/** Opens the desk at an address and logs in with a demo account of the role. */
export async function openAs(page: Page, url: string, role: RoleLabel, name?: string): Promise<string> {
  await page.goto(url);
  return logInAs(page, role, name);
}

/** Collects every request the page makes that does not stay on the local server. */
export function watchRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

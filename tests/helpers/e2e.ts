/** What the browser journeys share: the built renderer, a browser-mode server on a database, the browser. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

const root = path.resolve(__dirname, '../..');
export const RENDERER_DIR = path.join(root, 'dist', 'renderer');
export const SCREENSHOTS = path.join(root, 'tests', 'e2e', 'screenshots');

/** Debian's Chromium, once the renderer is built. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` before the browser journeys');
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
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

/** Collects every request the page makes that does not stay on the local server. */
export function watchRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

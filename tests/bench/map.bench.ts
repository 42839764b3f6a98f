/**
 * npm run bench:map — the incident layer against Leaflet.markercluster in headless Chromium, on the
 * same 100,000 and 1,000,000 demo incidents: first painted view, then p95 and worst rAF frame over a
 * fixed path (zoom 13→17 step by step, five 300 px pans, zoom out to 12). GridDesk is measured twice:
 * from points already in the page, and end to end from the database through 'map:points' over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { openStore } from '../../electron/host';
import { startBrowserServer } from '../../electron/server/httpServer';
import { mapPoints } from '../../db/queries/map';
import { INCIDENT_STATUSES } from '../../db/domain/codes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser';
import { BENCH_NOW, ensureDemoDatabase, table } from './util';

const root = path.resolve(import.meta.dirname, '../..');

interface Row {
  readonly first: number;
  readonly p95: number;
  readonly worst: number;
}

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, 'mapBenchPage.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

function css(): string {
  const files = ['leaflet/dist/leaflet.css', 'leaflet.markercluster/dist/MarkerCluster.css', 'leaflet.markercluster/dist/MarkerCluster.Default.css'];
  return files.map((f) => fs.readFileSync(path.join(root, 'node_modules', f), 'utf8')).join('\n') + '\n.bench-dot{background:#1f6fd1;border-radius:50%}';
}

async function preparePage(page: Page, script: string, style: string): Promise<void> {
  await page.addStyleTag({ content: style });
  await page.addScriptTag({ content: script });
}

const run = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([name, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).gdBench![name as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;

async function main(): Promise<void> {
  const dbFile = await ensureDemoDatabase(1_000_000);
  console.log(`数据库：${dbFile}`);
  const [script, style] = [await bundle(), css()];
  const store = openStore(dbFile, { transport: 'http', now: () => BENCH_NOW });
  const server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(root, 'dist', 'renderer'), tiles: store.tiles });
  const all = mapPoints(store.db, { statuses: [...INCIDENT_STATUSES], includeDuplicates: true }, BENCH_NOW);
  console.log(`案件点：${all.count.toLocaleString()}（载荷 ${((all.ids.length + all.coords.length + all.status.length + all.overdue.length) / 1e6).toFixed(1)} MB base64）`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const results: Record<string, Record<number, Row>> = { griddesk: {}, markercluster: {}, e2e: {} };
  const e2eParts: Record<number, { fetch: number; decode: number }> = {};
  try {
    for (const n of [100_000, 1_000_000]) {
      for (const which of ['griddesk', 'markercluster'] as const) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
        const page = await context.newPage();
        await page.goto('about:blank');
        await preparePage(page, script, style);
        await page.evaluate(([p, limit]) => (window as unknown as { gdBench: { setPoints(p: unknown, l: number): number } }).gdBench.setPoints(p, limit as number), [all, n] as const);
        const first = await run<number>(page, which === 'griddesk' ? 'griddeskFirstView' : 'markerclusterFirstView');
        const frames = await run<{ p95: number; worst: number }>(page, 'path');
        results[which]![n] = { first, ...frames };
        console.log(`${which} ${n.toLocaleString()}: 首屏 ${(first / 1000).toFixed(2)} s, p95 ${frames.p95.toFixed(1)} ms, 最差 ${frames.worst.toFixed(1)} ms`);
        await context.close();
      }
    }
    // End to end at 1M: database → map:points over HTTP → decode → index → first paint, in the page.
    {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.origin}/bench-blank`);
      await preparePage(page, script, style);
      const e2e = await run<{ total: number; fetch: number; decode: number; count: number }>(page, 'griddeskEndToEnd', server.token);
      const frames = await run<{ p95: number; worst: number }>(page, 'path');
      results.e2e![1_000_000] = { first: e2e.total, ...frames };
      e2eParts[1_000_000] = e2e;
      console.log(`端到端 ${e2e.count.toLocaleString()}: ${(e2e.total / 1000).toFixed(2)} s（请求+传输 ${(e2e.fetch / 1000).toFixed(2)} s，解码 ${(e2e.decode / 1000).toFixed(2)} s）`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    store.tiles.close();
    store.db.close();
  }
  const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const f = (v: number) => `${v.toFixed(1)} ms`;
  const rows: (string | number)[][] = [];
  for (const n of [100_000, 1_000_000]) {
    const g = results.griddesk![n]!;
    const m = results.markercluster![n]!;
    rows.push([`${n.toLocaleString()} 首屏`, s(g.first), s(m.first), `${(g.first / m.first).toFixed(3)}×`]);
    rows.push([`${n.toLocaleString()} p95 帧`, f(g.p95), f(m.p95), `${(g.p95 / m.p95).toFixed(2)}×`]);
    rows.push([`${n.toLocaleString()} 最差帧`, f(g.worst), f(m.worst), `${(g.worst / m.worst).toFixed(2)}×`]);
  }
  const e = results.e2e![1_000_000]!;
  rows.push(['1,000,000 端到端（数据库→map:points→首屏）', s(e.first), '—', '—']);
  rows.push(['  其中 请求+传输 / 解码', `${s(e2eParts[1_000_000]!.fetch)} / ${s(e2eParts[1_000_000]!.decode)}`, '', '']);
  rows.push(['1,000,000 端到端后 p95 / 最差帧', `${f(e.p95)} / ${f(e.worst)}`, '', '']);
  console.log('\n' + table(['指标', 'GridDesk（页面内已有点）', 'Leaflet.markercluster', '比值'], rows));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

/**
 * `npm start`: builds what is needed, then opens the Electron window. Where the Electron runtime is
 * not installed (offline machines cannot download it), says so in one line and starts browser mode.
 *   npm start -- [--db PATH] [--port N] [--browser]
 *   npm start -- --host 0.0.0.0 --port N [--db PATH]   host mode: the district's desks connect over HTTPS
 *     (the loopback browser mode runs beside it on GRIDDESK_PORT or 5217); 设置 → 多席位 can make it the default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isAppError } from '../db/errors';
import { defaultDatabasePath } from './appPaths';
import { startRuntime } from './runtime';
import { DatabaseLockedError } from '../db/lock';
import { startBrowserServer } from './server/httpServer';
import type { RunningHost } from './server/hostMode';
import { hostModeWanted, liveForRuntime, runtimeTiles, startRuntimeHost, type HostRequest } from './server/hostRuntime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDist = path.join(root, 'dist', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Rebuilds the renderer when the build is missing or older than its sources. */
function ensureRendererBuilt(): void {
  const index = path.join(rendererDist, 'index.html');
  const sources = [path.join(root, 'renderer'), path.join(root, 'electron', 'contract'), path.join(root, 'db', 'domain'), path.join(root, 'db', 'types.ts')];
  const newestSource = Math.max(...sources.map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource) return;
  console.log('正在构建界面……');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('界面构建失败（vite build），见上方输出');
}

/** The Electron binary, or null when the runtime was never downloaded. */
function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function startBrowserMode(dbPath: string, port: number, readonly: boolean, hostRequest: HostRequest | null = null): Promise<void> {
  // The lock names this process as the database's one host; a second start is told who holds it.
  let runtime;
  try {
    runtime = startRuntime({
      databasePath: dbPath,
      transport: 'http',
      createFolder: true,
      readonly,
      onBackupError: (message) => console.error(`自动备份失败：${message}`),
      // The long reads run in worker threads (GRIDDESK_CALL_WORKERS, default 2): the server keeps answering.
      callHost: {},
    });
  } catch (e) {
    if (e instanceof DatabaseLockedError) {
      throw new Error(`${e.message}：npm start -- --read-only${process.argv.includes('--db') ? ' --db …' : ''}`);
    }
    throw e;
  }
  if (readonly) console.log('以只读方式打开：可以查看和统计，不能修改数据。');
  const store = runtime.store();
  if (store.migration.backupPath) console.log(`数据库已升级，升级前备份：${store.migration.backupPath}`);
  // Every write, whichever desk or window made it, tells the other desks which reads are stale.
  const feed = liveForRuntime(runtime);
  const { live } = feed;
  const serve = (onPort: number) =>
    startBrowserServer({
      handlers: feed.handlers,
      live,
      // The store's call host (it follows the store: a restore reopens both); runtime.stop() closes it.
      callHost: () => runtime.store().callHost,
      staticDir: rendererDist,
      port: onPort,
      // The tile service follows the store (a restore reopens it).
      tiles: runtimeTiles(runtime),
      // Writes wait for the write lock (an import holding it) without stopping the thread, as on the host.
      writer: () => runtime.store().db,
    });
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(port).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
      console.log(`端口 ${port} 已被占用，改用随机端口。`);
      return serve(0);
    });
  } catch (e) {
    await runtime.stop();
    throw e;
  }
  console.log(`GridDesk 浏览器模式已启动，请在浏览器中打开：${server.url}`);
  let host: RunningHost | null = null;
  if (hostModeWanted(runtime, readonly, hostRequest)) {
    try {
      host = await startRuntimeHost(runtime, feed, {
        staticDir: rendererDist,
        request: hostRequest,
        onRefused: (address) => console.warn(`拒绝来自 ${address} 的连接：不在允许的地址范围内（设置 → 多席位）`),
      });
      console.log(`主机模式（多席位）已启动，席位请打开：${host.urls.join('　') || `https://<本机地址>:${host.port}/`}`);
      console.log(`证书指纹（SHA-256，请席位核对）：${host.certificate.fingerprint}`);
      console.log(`允许连接的地址：${host.allowed().map((c) => c.text).join('、') || '仅本机'}`);
    } catch (e) {
      console.error(`主机模式未能启动：${(e as Error).message}`);
    }
  }
  console.log(`数据库：${store.databasePath}　（按 Ctrl+C 退出）`);
  const stop = () => {
    live.close();
    void Promise.all([server.close(), host?.close()]).then(async () => {
      await runtime.stop();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { db: { type: 'string' }, port: { type: 'string' }, browser: { type: 'boolean' }, 'read-only': { type: 'boolean' }, host: { type: 'string' } },
    strict: true,
  });
  const dbPath = values.db ? path.resolve(values.db) : defaultDatabasePath();
  // With --host, --port is the host's HTTPS port; loopback browser mode keeps GRIDDESK_PORT or 5217.
  const isHost = values.host !== undefined;
  const port = values.port !== undefined && !isHost ? Number(values.port) : Number(process.env.GRIDDESK_PORT ?? 5217);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口无效：${values.port}`);
  const hostPort = isHost && values.port !== undefined ? Number(values.port) : null;
  if (hostPort !== null && (!Number.isInteger(hostPort) || hostPort < 1 || hostPort > 65535)) throw new Error(`端口无效：${values.port}`);
  if (isHost && !/^(\d{1,3}\.){3}\d{1,3}$/.test(values.host!)) throw new Error(`--host 需为 IPv4 地址（如 0.0.0.0 表示本机所有网卡）：${values.host}`);
  const hostRequest: HostRequest | null = isHost ? { listenHost: values.host!, port: hostPort } : null;
  ensureRendererBuilt();

  const electron = values.browser || isHost ? null : electronBinary();
  if (electron) {
    const { buildElectron } = await import('../build/build-electron');
    await buildElectron();
    const child = spawn(electron, [root], {
      stdio: 'inherit',
      env: { ...process.env, ...(values.db ? { GRIDDESK_DB: dbPath } : {}) },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (!values.browser) console.log('未找到 Electron 运行时（离线环境无法下载），改用浏览器模式。');
  await startBrowserMode(dbPath, port, values['read-only'] === true, hostRequest);
}

main().catch((e: unknown) => {
  console.error(`GridDesk 无法启动：${isAppError(e) ? e.message : (e as Error).message}`);
  process.exit(1);
});

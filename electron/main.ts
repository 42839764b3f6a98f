/**
 * Electron main: the one composition root of the desktop app. Opens the database in the user's
 * app-data folder, migrates it, builds the handlers, binds them to IPC, then opens the window. Every
 * write goes through the runtime's live feed: with 设置 → 多席位 on, main also starts host mode (HTTPS for
 * the intranet's desks, as `npm start` does), and the window follows the other desks' writes over IPC.
 * Every security decision comes from ./security (asserted by tests); this file only applies them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess } from 'electron';
import { isAppError } from '../db/domain/errors';
import { registerIpc } from './ipc';
import { DATABASE_FILE } from './appPaths';
import { parseTilePath } from './tiles/tileService';
import { startRuntime, type HostRuntime } from './runtime';
import { DatabaseLockedError } from '../db/lock';
import { deskConnectionFile, hostWebPreferences, openHostWindow, readDeskConnection, writeDeskConnection } from './server/deskConnection';
import { electronOutput } from './report/electronOutput';
import { utilityProcessSpawner } from './callHost/ports';
import type { RunningHost } from './server/hostMode';
import { hostModeWanted, liveForRuntime, startRuntimeHost, type RuntimeLive } from './server/hostRuntime';
import {
  APP_ORIGIN,
  APP_SCHEME,
  MIME_TYPES,
  contentSecurityPolicy,
  isAppUrl,
  isNavigationAllowed,
  permissionDecision,
  devicePermissionDecision,
  resolveAppPath,
  secureWebPreferences,
  securityHeaders,
  windowOpenDecision,
} from './security';

// Bundled to dist/electron/main.cjs; the renderer build sits beside it in dist/renderer.
const distDir = path.resolve(__dirname, '..');
const rendererDir = path.join(distDir, 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let runtime: HostRuntime | null = null;
/** The runtime's live feed (every write, whichever window or desk made it) and host mode when it runs. */
let feed: RuntimeLive | null = null;
let hosting: Promise<RunningHost | null> | null = null;
const tiles = () => runtime?.store().tiles ?? null;

/**
 * better-sqlite3 must be built for Electron's ABI. Packaged builds get it from electron-builder
 * (npmRebuild); a development checkout keeps it in dist/native/electron (see README).
 */
function electronSqliteBinding(): string | undefined {
  // An installed GridDesk loads only its own native module: an environment variable may not put another
  // library into the main process (that is what the fuses close too).
  if (app.isPackaged) return undefined;
  const candidates = [
    process.env.GRIDDESK_SQLITE_BINDING,
    path.join(distDir, 'native', 'electron', 'better_sqlite3.node'),
  ];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    // The CSP follows the basemap setting: the configured remote tile origin only.
    const csp = contentSecurityPolicy({ tileOrigins: tiles()?.tileOrigins() ?? [] });
    const tilePath = parseTilePath(new URL(request.url).pathname);
    if (tilePath && isAppUrl(request.url)) {
      const service = tiles();
      const answer = service ? service.tile(tilePath.z, tilePath.x, tilePath.y) : { status: 404 as const, message: '没有设置离线底图' };
      return answer.status === 200
        ? new Response(new Uint8Array(answer.data), { headers: { ...securityHeaders(csp), 'Content-Type': answer.mime } })
        : new Response(answer.message, { status: answer.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const relative = resolveAppPath(request.url);
    const file = relative ? path.join(rendererDir, relative) : null;
    const mime = file ? MIME_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !mime || !file.startsWith(rendererDir + path.sep) || !fs.existsSync(file)) {
      return new Response('未找到', { status: 404 });
    }
    return new Response(await fs.promises.readFile(file), {
      headers: { ...securityHeaders(csp), 'Content-Type': mime },
    });
  });
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  session.defaultSession.setDevicePermissionHandler((details) => devicePermissionDecision(details));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => windowOpenDecision());
  });
}

function createWindow(): BrowserWindow {
  // 设置 → 连接到主机: this window shows the district host's page, its certificate pinned by fingerprint.
  const desk = runtime ? readDeskConnection(deskConnectionFile(runtime.databasePath)) : null;
  const preferences = secureWebPreferences(path.join(__dirname, 'preload.cjs'), { isPackaged: app.isPackaged });
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: 'GridDesk 网格案件管理',
    show: false,
    backgroundColor: '#f3f5f8',
    webPreferences: desk ? hostWebPreferences(preferences) : preferences,
  });
  win.once('ready-to-show', () => win.show());
  if (!desk) {
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  }
  void openHostWindow({ app, session: session.defaultSession, dialog: { showMessageBoxSync: (o) => dialog.showMessageBoxSync(o) } }, win, desk, (choice) => {
    if (choice === 'retry') void win.loadURL(desk.url).catch(() => undefined);
    else if (choice === 'quit') app.quit();
    else {
      if (runtime) writeDeskConnection(deskConnectionFile(runtime.databasePath), null);
      win.destroy();
      createWindow();
    }
  }).catch(() => undefined);
  return win;
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenSessions();
  registerAppProtocol();
  const databasePath = process.env.GRIDDESK_DB ?? path.join(app.getPath('userData'), DATABASE_FILE);
  let readonly = false;
  try {
    // The lock makes this process the database's one host; a second start is told who holds it.
    const options = {
      databasePath,
      transport: 'electron' as const,
      createFolder: true,
      nativeBinding: electronSqliteBinding(),
      onBackupError: (message: string) => dialog.showErrorBox('GridDesk 自动备份失败', message),
      // Reports print in a hidden window of Electron's own; files are saved where the person chooses.
      output: electronOutput({ BrowserWindow, dialog, app }),
      // The long reads run in utility processes (call-worker.cjs beside this bundle), never in this process.
      callHost: {
        spawn: (init: Parameters<typeof utilityProcessSpawner>[1]) =>
          utilityProcessSpawner({ fork: (...args) => utilityProcess.fork(...args) }, init, path.join(__dirname, 'call-worker.cjs')),
      },
    };
    try {
      runtime = startRuntime(options);
    } catch (e) {
      if (!(e instanceof DatabaseLockedError)) throw e;
      // Another GridDesk holds the database: say who, and offer to look without writing.
      const choice = dialog.showMessageBoxSync({
        type: 'warning',
        title: 'GridDesk',
        message: '数据库正被另一个 GridDesk 使用',
        detail: e.message,
        buttons: ['只读打开', '退出'],
        defaultId: 1,
        cancelId: 1,
      });
      if (choice !== 0) {
        app.exit(0);
        return;
      }
      runtime = startRuntime({ ...options, readonly: true });
      readonly = true;
    }
  } catch (e) {
    const message = isAppError(e) ? e.message : `无法打开数据库：${(e as Error).message}`;
    dialog.showErrorBox('GridDesk 无法启动', message);
    app.exit(1);
    return;
  }
  const started = runtime;
  // Every write, made in this window or at a desk of the intranet, tells the others which reads are stale.
  const observed = liveForRuntime(started);
  feed = observed;
  const ipc = registerIpc(ipcMain, observed.handlers, () => started.store().callHost, () => started.store().db);
  observed.live.listen((event) => ipc.sendLive(event, BrowserWindow.getAllWindows().map((w) => w.webContents)));
  // A closed window's session ends with it.
  app.on('web-contents-created', (_event, contents) => {
    const id = contents.id;
    contents.once('destroyed', () => ipc.forgetWindow(id));
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  if (hostModeWanted(started, readonly)) hosting = startHost(started, observed);
}

/** 设置 → 多席位: serves the renderer this window shows to the intranet's desks; a failure is said, the app goes on. */
async function startHost(started: HostRuntime, observed: RuntimeLive): Promise<RunningHost | null> {
  try {
    return await startRuntimeHost(started, observed, { staticDir: rendererDir });
  } catch (e) {
    dialog.showErrorBox('GridDesk 主机模式未能启动', `其他席位暂时无法连接本机（设置 → 多席位）：${(e as Error).message}`);
    return null;
  }
}

app.on('window-all-closed', () => {
  // Let a backup in progress finish, close the database, release the lock, then quit.
  const closing = runtime;
  const closingFeed = feed;
  const closingHost = hosting;
  runtime = null;
  feed = null;
  hosting = null;
  // The desks are let go first (the feed, then the HTTPS host), then the runtime stops.
  closingFeed?.live.close();
  void (closingHost ?? Promise.resolve(null))
    .then((host) => host?.close())
    .catch(() => undefined)
    .then(() => (closing ? closing.stop() : undefined))
    .finally(() => app.quit());
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  void main();
}

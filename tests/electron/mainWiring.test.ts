/**
 * A wiring test of electron/main.ts, with a recording stand-in for the `electron` module
 * (tests/helpers/electronStandIn.ts). It runs the real main module — its top-level lines included, as Electron
 * would load it — on a real database in a temporary folder, and asserts which calls main makes and in which
 * order: the privileged scheme and the sandbox before ready; after ready the permission, device-permission,
 * navigation and window-open handlers and the app protocol, then one IPC channel per contract call, then the
 * window with the hardened webPreferences; the database opened, migrated, locked, and closed with the lock
 * released on quit; the read-only dialog on a lock conflict; the host's output wired to Electron (the weekly
 * PDF through the save dialog and printToPDF in a hidden script-less window, an export to the chosen file); host mode
 * (设置 → 多席位) started by main on the next start — a real HTTPS server on the set port that a desk logs in to — and
 * the live feed: a write made through main's IPC handlers reaches the desk's server-sent events and the window
 * through webContents.send, and a desk's write reaches the window. It is not Electron's behaviour: nothing here
 * proves that Electron honours those settings or delivers what main sends (security.test.ts holds the decisions
 * themselves); it proves which calls main makes.
 *
 * main.ts is loaded with vi.doMock('electron') instead of being refactored into a function taking the
 * electron module: the module as shipped is what runs, unchanged, including the order of its top-level
 * calls, and each test loads a fresh copy (vi.resetModules) because main keeps its runtime in module state.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, channelFor } from '../../electron/contract';
import { PointsDecoder, STREAM_CHANNEL } from '../../electron/contract/mapPointsWire';
import { APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, secureWebPreferences } from '../../electron/security';
import { DATABASE_FILE } from '../../electron/appPaths';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { acquireLock, releaseLock } from '../../db/lock';
import { openStore } from '../../electron/host';
import { writeHostSettings } from '../../electron/server/hostSettings';
import { PRINT_TO_PDF_OPTIONS, PRINT_WINDOW_OPTIONS } from '../../electron/report/electronOutput';
import { LIVE_CHANNEL } from '../../electron/liveBridge';
import type { HostModeStatus } from '../../electron/contract/host';
import { createElectronStandIn, STAND_IN_PDF, standInEvent, type ElectronStandIn, type StandInOptions } from '../helpers/electronStandIn';
import { DeskClient } from '../helpers/deskClient';
import { tempDir } from '../helpers/tmp';

const mainDir = path.resolve(__dirname, '../../electron');
const trustedFrame = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender: { id: 1 } };

let saved: string | undefined;
let running: ElectronStandIn | null = null;

beforeEach(() => {
  saved = process.env.GRIDDESK_DB;
  delete process.env.GRIDDESK_DB;
});

afterEach(async () => {
  // A test that left main running: quit it so the database closes before its folder is removed.
  if (running && running.app.count('window-all-closed') > 0 && !running.app.quitCalled && running.app.exitCode === null) {
    running.app.emit('window-all-closed');
    await running.until('app.quit');
  }
  running = null;
  if (saved === undefined) delete process.env.GRIDDESK_DB;
  else process.env.GRIDDESK_DB = saved;
});

/** Loads a fresh electron/main.ts with the stand-in as its `electron`; main's top-level lines run now. */
async function loadMain(options: StandInOptions): Promise<ElectronStandIn> {
  const standIn = createElectronStandIn(options);
  running = standIn;
  vi.resetModules();
  vi.doMock('electron', () => standIn.module);
  await import('../../electron/main');
  return standIn;
}

/** Loads main, lets the app become ready, and waits for the window (or the exit). */
async function startMain(options: StandInOptions, settle = 'BrowserWindow.loadURL'): Promise<ElectronStandIn> {
  const standIn = await loadMain(options);
  standIn.makeReady();
  await standIn.until(settle);
  return standIn;
}

async function quit(standIn: ElectronStandIn): Promise<void> {
  standIn.app.emit('window-all-closed');
  await standIn.until('app.quit');
}

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('electron/main.ts wiring (recording stand-in for electron)', () => {
  it('before ready: registers the app scheme as privileged, enables the sandbox, takes the single-instance lock, and nothing else', async () => {
    const standIn = await loadMain({ userData: tempDir() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(standIn.calls).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.enableSandbox',
      'app.on window-all-closed',
      'app.requestSingleInstanceLock',
      'app.on second-instance',
      'app.whenReady',
    ]);
    expect(standIn.privilegedSchemes).toEqual([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    standIn.makeReady();
    await standIn.until('BrowserWindow.loadURL');
    await quit(standIn);
  });

  it('after ready: every handler and the app protocol before IPC, IPC before the first window', async () => {
    const standIn = await startMain({ userData: tempDir() });
    const at = (prefix: string) => {
      const i = standIn.indexOf(prefix);
      expect(i, prefix).toBeGreaterThan(standIn.indexOf('app.whenReady'));
      return i;
    };
    const firstWindow = at('new BrowserWindow');
    for (const prefix of [
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'app.on web-contents-created',
      `protocol.handle ${APP_SCHEME}`,
      'ipcMain.handle',
    ]) {
      expect(at(prefix), `${prefix} before the first window`).toBeLessThan(firstWindow);
    }
    // The IPC channels exist before the page can call, after the security handlers.
    expect(at('ipcMain.handle')).toBeGreaterThan(at(`protocol.handle ${APP_SCHEME}`));
    expect(standIn.calls.filter((c) => c.startsWith('new BrowserWindow'))).toHaveLength(1);
    expect(standIn.windows[0]!.url).toBe(`${APP_ORIGIN}/index.html`);
    expect(standIn.calls.slice(firstWindow)).toContain('app.on activate');
    await quit(standIn);
  });

  it('binds one ipcMain.handle channel per contract call, one for streamed answers, and nothing else', async () => {
    const standIn = await startMain({ userData: tempDir() });
    const handled = standIn.calls.filter((c) => c.startsWith('ipcMain.')).map((c) => c.replace(/^ipcMain\.handle /, ''));
    expect(handled).toHaveLength(callNames.length + 1);
    expect([...handled].sort()).toEqual([...callNames.map(channelFor), STREAM_CHANNEL].sort());
    // The channels answer from the live database (the sender check is ipc.test.ts's).
    await expect(standIn.ipcHandlers.get(channelFor('app:info'))!(trustedFrame, {})).resolves.toMatchObject({ ok: true, value: { transport: 'electron' } });
    // map:points answers with a stream handle; its binary chunks come through the stream channel.
    const call = (channel: string, input: unknown) => standIn.ipcHandlers.get(channel)!(trustedFrame, input) as Promise<{ ok: boolean; value: unknown }>;
    await expect(call(channelFor('session:setup'), { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({ ok: true });
    await expect(call(channelFor('demo:load'), { until: '2026-12-01', incidents: 300 })).resolves.toMatchObject({ ok: true });
    const opened = await call(channelFor('map:points'), { filter: { statuses: ['closed'] } });
    const stream = (opened.value as { stream: string }).stream;
    const decoder = new PointsDecoder();
    for (let r = await call(STREAM_CHANNEL, { stream, op: 'read' }); r.value !== null; r = await call(STREAM_CHANNEL, { stream, op: 'read' })) {
      expect(r.value).toBeInstanceOf(Uint8Array);
      decoder.push(r.value as Uint8Array);
    }
    expect(decoder.finish().count).toBeGreaterThan(100);
    // A long call: read in a utility process of the call host, started from the bundle beside main.
    expect(standIn.forks).toEqual(['call-worker.cjs']);
    await quit(standIn);
  });

  it('周报 另存为 PDF: the save dialog first (default name in Documents), then printToPDF in a hidden script-less window, written there', async () => {
    const userData = tempDir();
    const standIn = await startMain({ userData });
    const call = (name: Parameters<typeof channelFor>[0], input: unknown) => standIn.ipcHandlers.get(channelFor(name))!(trustedFrame, input);
    await expect(call('session:setup', { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({ ok: true });
    await expect(call('demo:load', { until: '2026-12-01', incidents: 200 })).resolves.toMatchObject({ ok: true });
    const target = path.join(tempDir(), '周报.pdf');
    standIn.dialogs.saveAnswers.push(target);
    standIn.windows[0]!.focused = true;
    const before = standIn.calls.length;

    const saved = (await call('reports:weekly-pdf', { week: '2026-W48' })) as { ok: boolean; value: Record<string, unknown> };
    expect(saved).toMatchObject({ ok: true, value: { savedTo: target, dataBase64: null, cancelled: false, pages: 2, bytes: STAND_IN_PDF.length } });
    expect(fs.readFileSync(target).equals(STAND_IN_PDF)).toBe(true);
    const made = standIn.calls.slice(before);
    expect(made.filter((c) => /^(dialog|new BrowserWindow|BrowserWindow\.|webContents\.printToPDF)/.test(c)).map((c) => c.replace(/ (file:|\d).*$/, ''))).toEqual([
      'dialog.showSaveDialog',
      'new BrowserWindow',
      'BrowserWindow.loadURL',
      'webContents.printToPDF',
      'BrowserWindow.destroy',
    ]);
    const dialogAsked = standIn.dialogs.saveDialogs[0]!;
    expect(dialogAsked.parent).toBe(standIn.windows[0]);
    expect(dialogAsked.options).toMatchObject({
      defaultPath: path.join(userData, 'Documents', '《城市管理网格化工作周报（2026年第48周）》.pdf'),
      filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
    });
    // The print window: hidden, no preload, no script, sandboxed; printed as A4 from the report's own file, then gone.
    expect(standIn.created).toHaveLength(2);
    const printWindow = standIn.created[1]!;
    expect(printWindow.options).toEqual(PRINT_WINDOW_OPTIONS);
    expect(printWindow.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(PRINT_WINDOW_OPTIONS.webPreferences).not.toHaveProperty('preload');
    expect(printWindow.webContents.printed).toEqual([{ options: PRINT_TO_PDF_OPTIONS, url: expect.stringMatching(/^file:\/\/.*\/report\.html$/) }]);
    expect(PRINT_TO_PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(printWindow.isDestroyed).toBe(true);
    expect(fs.existsSync(new URL(printWindow.url!))).toBe(false); // its temporary file is removed
    expect(standIn.windows).toEqual([standIn.windows[0]]); // the desk's window stays

    // Closing the dialog without a choice: nothing printed, nothing written.
    const printsBefore = standIn.calls.filter((c) => c.startsWith('webContents.printToPDF')).length;
    await expect(call('reports:weekly-pdf', { week: '2026-W48' })).resolves.toMatchObject({ ok: true, value: { cancelled: true, savedTo: null } });
    expect(standIn.calls.filter((c) => c.startsWith('webContents.printToPDF'))).toHaveLength(printsBefore);
    await quit(standIn);
  });

  it('导出 in Electron: the save dialog names the file after the filter; the export job writes there', async () => {
    const standIn = await startMain({ userData: tempDir() });
    const call = (name: Parameters<typeof channelFor>[0], input: unknown) => standIn.ipcHandlers.get(channelFor(name))!(trustedFrame, input);
    await expect(call('session:setup', { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({ ok: true });
    const target = path.join(tempDir(), '案件.csv');
    standIn.dialogs.saveAnswers.push(target);
    const started = (await call('exports:start', { format: 'csv', filter: { overdue: true } })) as { ok: true; value: { jobId: string; state: string; savedTo: string } };
    expect(started).toMatchObject({ ok: true, value: { state: 'running', savedTo: target } });
    expect(String(standIn.dialogs.saveDialogs[0]!.options.defaultPath)).toMatch(/案件导出_超期_\d{4}-\d{2}-\d{2}\.csv$/);
    let status = started.value.state;
    while (status === 'running') {
      await new Promise((r) => setTimeout(r, 10));
      status = ((await call('exports:progress', { jobId: started.value.jobId })) as { value: { state: string } }).value.state;
    }
    expect(status).toBe('done');
    expect(fs.readFileSync(target, 'utf8').startsWith('\uFEFF案件编号,')).toBe(true);
    await quit(standIn);
  });

  it('gives the window the hardened webPreferences: an installed build without DevTools, a checkout with them', async () => {
    for (const isPackaged of [true, false]) {
      const standIn = await startMain({ userData: tempDir(), isPackaged });
      const webPreferences = standIn.windows[0]!.options.webPreferences;
      expect(webPreferences).toEqual(secureWebPreferences(path.join(mainDir, 'preload.cjs'), { isPackaged }));
      expect(webPreferences).toMatchObject({ devTools: !isPackaged, contextIsolation: true, sandbox: true, nodeIntegration: false });
      await quit(standIn);
    }
  });

  it('the installed handlers refuse every permission but notifications and every device, navigation away, webviews and new windows', async () => {
    const standIn = await startMain({ userData: tempDir() });
    const { permissionRequest, permissionCheck, devicePermission } = standIn.sessionHandlers;
    for (const [permission, expected] of [['media', false], ['geolocation', false], ['clipboard-read', false], ['openExternal', false], ['notifications', true]] as const) {
      const answers: boolean[] = [];
      permissionRequest!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([expected]);
      expect(permissionCheck!({}, permission), permission).toBe(expected);
    }
    for (const deviceType of ['usb', 'serial', 'hid', 'bluetooth']) expect(devicePermission!({ deviceType })).toBe(false);

    // The window's web contents got its handlers while the window was made.
    const contents = standIn.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = standInEvent();
      contents.emit(event, away, 'https://example.com/');
      expect(away.defaultPrevented, `${event} away`).toBe(true);
      const inside = standInEvent();
      contents.emit(event, inside, `${APP_ORIGIN}/index.html#/cases`);
      expect(inside.defaultPrevented, `${event} inside the app`).toBe(false);
    }
    const webview = standInEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    await quit(standIn);
  });

  it('serves the app protocol from the renderer folder with the CSP, and nothing outside it', async () => {
    const standIn = await startMain({ userData: tempDir() });
    const serve = standIn.protocolHandlers.get(APP_SCHEME)!;
    // Under the test main's folder is electron/, so its renderer folder is the sources' renderer/.
    const page = await serve(new Request(`${APP_ORIGIN}/index.html`));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toBe(contentSecurityPolicy({ tileOrigins: [] }));
    expect(await page.text()).toBe(fs.readFileSync(path.resolve(mainDir, '../renderer/index.html'), 'utf8'));
    expect((await serve(new Request(`${APP_ORIGIN}/a%5c..%5cpackage.json`))).status).toBe(404);
    expect((await serve(new Request(`${APP_ORIGIN}/package.json`))).status).toBe(404);
    expect((await serve(new Request(`${APP_ORIGIN}/tiles/3/6/3`))).status).toBe(404); // no offline basemap set
    await quit(standIn);
  });

  it('opens and migrates the database in app.getPath("userData"), holds its lock, and on quit closes it and releases the lock', async () => {
    const userData = tempDir();
    const file = path.join(userData, DATABASE_FILE);
    const standIn = await startMain({ userData });
    expect(standIn.calls).toContain('app.getPath userData');
    expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION);
    const lock = JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')) as { pid: number; mode: string };
    expect(lock).toMatchObject({ pid: process.pid, mode: 'electron' });
    expect(fs.existsSync(`${file}-wal`)).toBe(true);

    await quit(standIn);
    expect(standIn.calls.at(-1)).toBe('app.quit');
    expect(fs.existsSync(`${file}.lock`), 'lock released').toBe(false);
    expect(fs.existsSync(`${file}-wal`), 'the last connection closed and checkpointed').toBe(false);
    // Another host may take the database now.
    releaseLock(acquireLock(file, { mode: 'test' }));
  });

  it('GRIDDESK_DB chooses the database file instead of the app-data folder', async () => {
    const userData = tempDir();
    const file = path.join(tempDir(), 'elsewhere.sqlite');
    process.env.GRIDDESK_DB = file;
    const standIn = await startMain({ userData });
    expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION);
    expect(fs.existsSync(path.join(userData, DATABASE_FILE))).toBe(false);
    await quit(standIn);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  describe('a database another GridDesk holds', () => {
    function heldElsewhere(): { file: string; release(): void } {
      const file = path.join(tempDir(), DATABASE_FILE);
      openStore(file, { transport: 'http' }).close();
      // A lock written on another PC is never judged stale from here.
      const lock = acquireLock(file, { mode: 'browser', identity: { pid: 4242, host: 'office-pc-2', processStartedAt: '2026-01-05T08:00:00.000Z' } });
      return { file, release: () => releaseLock(lock) };
    }

    it('shows the read-only dialog naming the holder; 只读打开 opens it without writing, and quitting leaves the holder’s lock', async () => {
      const held = heldElsewhere();
      process.env.GRIDDESK_DB = held.file;
      const lockBefore = fs.readFileSync(`${held.file}.lock`, 'utf8');
      const standIn = await startMain({ userData: tempDir(), messageBoxChoice: 0 });
      expect(standIn.dialogs.messageBoxes).toHaveLength(1);
      expect(standIn.dialogs.messageBoxes[0]).toMatchObject({ type: 'warning', message: '数据库正被另一个 GridDesk 使用', buttons: ['只读打开', '退出'], cancelId: 1 });
      expect(String(standIn.dialogs.messageBoxes[0]!.detail)).toContain('office-pc-2');
      expect(standIn.indexOf('dialog.showMessageBoxSync')).toBeLessThan(standIn.indexOf('new BrowserWindow'));
      // Reads work, writes are refused.
      await expect(standIn.ipcHandlers.get(channelFor('app:info'))!(trustedFrame, {})).resolves.toMatchObject({ ok: true });
      await expect(standIn.ipcHandlers.get(channelFor('session:setup'))!(trustedFrame, { name: '管理员', secret: 'Admin#2026' })).resolves.toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      await quit(standIn);
      expect(fs.readFileSync(`${held.file}.lock`, 'utf8')).toBe(lockBefore);
      held.release();
    });

    it('退出 exits without a window, without IPC and without touching the lock', async () => {
      const held = heldElsewhere();
      process.env.GRIDDESK_DB = held.file;
      const lockBefore = fs.readFileSync(`${held.file}.lock`, 'utf8');
      const standIn = await startMain({ userData: tempDir(), messageBoxChoice: 1 }, 'app.exit');
      expect(standIn.app.exitCode).toBe(0);
      expect(standIn.windows).toEqual([]);
      expect(standIn.ipcHandlers.size).toBe(0);
      expect(fs.readFileSync(`${held.file}.lock`, 'utf8')).toBe(lockBefore);
      held.release();
    });
  });

  it('a file that is not a GridDesk database: an error box, exit 1, the file untouched and no lock left', async () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, '这不是数据库\n'.repeat(200));
    const before = fs.readFileSync(file);
    process.env.GRIDDESK_DB = file;
    const standIn = await startMain({ userData: tempDir() }, 'app.exit');
    expect(standIn.app.exitCode).toBe(1);
    expect(standIn.dialogs.errorBoxes).toHaveLength(1);
    expect(standIn.dialogs.errorBoxes[0]!.title).toBe('GridDesk 无法启动');
    expect(standIn.windows).toEqual([]);
    expect(standIn.ipcHandlers.size).toBe(0);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('a second instance quits at once and hands over to the first, which focuses its window', async () => {
    const second = await loadMain({ userData: tempDir(), singleInstance: false });
    second.makeReady();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second.calls).toEqual(['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.on window-all-closed', 'app.requestSingleInstanceLock', 'app.quit']);

    const first = await startMain({ userData: tempDir() });
    first.app.emit('second-instance');
    expect(first.windows[0]!.focused).toBe(true);
    await quit(first);
  });

  it('activate with no window left opens a new one', async () => {
    const standIn = await startMain({ userData: tempDir() });
    standIn.app.emit('activate');
    expect(standIn.windows).toHaveLength(1); // one is open: nothing new
    standIn.windows.splice(0);
    standIn.app.emit('activate');
    expect(standIn.windows).toHaveLength(1);
    expect(standIn.windows[0]!.options.webPreferences).toEqual(secureWebPreferences(path.join(mainDir, 'preload.cjs'), { isPackaged: true }));
    await quit(standIn);
  });

  describe('host mode (设置 → 多席位) and the live feed', () => {
    const ADMIN = { name: '管理员', secret: 'Admin#2026' };
    type Answer = { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
    const ipcCall = (standIn: ElectronStandIn) => (name: Parameters<typeof channelFor>[0], input: unknown) =>
      standIn.ipcHandlers.get(channelFor(name))!(trustedFrame, input) as Promise<Answer>;

    /** A port nothing listens on now (the settings take 1–65535, not 0). */
    async function freePort(): Promise<number> {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      const port = (server.address() as net.AddressInfo).port;
      await new Promise((resolve) => server.close(resolve));
      return port;
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    function listening(port: number): Promise<boolean> {
      return new Promise((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    }

    /** First start: the administrator switches host mode on (port `port`, or leaves it off); it applies at the next start. */
    async function configure(userData: string, change: { enabled: boolean; port: number }): Promise<void> {
      const first = await startMain({ userData });
      const call = ipcCall(first);
      await expect(call('session:setup', ADMIN)).resolves.toMatchObject({ ok: true });
      await expect(call('host:set', change)).resolves.toMatchObject({ ok: true, value: change });
      await expect(call('host:status', {})).resolves.toMatchObject({ ok: true, value: { running: null } });
      expect(await listening(change.port)).toBe(false);
      await quit(first);
    }

    async function hostStatus(call: ReturnType<typeof ipcCall>, until: (s: HostModeStatus) => boolean): Promise<HostModeStatus> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const answer = await call('host:status', {});
        expect(answer.ok).toBe(true);
        const status = answer.value as HostModeStatus;
        if (until(status) || Date.now() > deadline) return status;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    /** What main sent the window on the live channel. */
    const liveSent = (standIn: ElectronStandIn) =>
      standIn.windows[0]!.webContents.sent.filter((s) => s.channel === LIVE_CHANNEL).map((s) => s.payload as { call: string; topics: string[]; by: string | null; own: boolean });

    it('switched on: the next start serves HTTPS on the set port; a write in the window reaches a desk’s live feed and the window, a desk’s write the window', async () => {
      const userData = tempDir();
      const port = await freePort();
      await configure(userData, { enabled: true, port });

      const standIn = await startMain({ userData });
      const call = ipcCall(standIn);
      await expect(call('session:login', ADMIN)).resolves.toMatchObject({ ok: true });
      const status = await hostStatus(call, (s) => s.running !== null);
      expect(status.running).toMatchObject({ listenHost: '0.0.0.0', port, certificateSource: 'generated' });
      expect(standIn.dialogs.errorBoxes).toEqual([]);
      // The window itself still shows the app from the app protocol.
      expect(standIn.windows.map((w) => w.url)).toEqual([`${APP_ORIGIN}/index.html`]);

      // A desk on the intranet: the certificate pinned by the fingerprint 设置 shows, the page, a login, the feed.
      const desk = await DeskClient.connect(`https://127.0.0.1:${port}`, status.running!.fingerprint);
      const feed = await (async () => {
        const page = await desk.request('GET', '/');
        expect(page.status).toBe(200);
        expect(page.text).toContain('<div id="root">');
        expect((await desk.call('stats:rules')).status).toBe(401); // no session, no answer
        await desk.login(ADMIN.name, ADMIN.secret);
        return desk.openLive();
      })();
      try {
        // A write in the window (IPC): the desk's server-sent events and the window's own channel.
        await expect(call('stats:set-rule', { rule: 'closed-based' })).resolves.toMatchObject({ ok: true });
        await feed.waitFor((events) => events.some((e) => e.call === 'stats:set-rule'));
        expect(feed.events.find((e) => e.call === 'stats:set-rule')).toMatchObject({ topics: expect.arrayContaining(['settings']), by: ADMIN.name });
        expect(liveSent(standIn)).toEqual([expect.objectContaining({ call: 'stats:set-rule', topics: expect.arrayContaining(['settings']), by: ADMIN.name, own: true })]);
        expect(standIn.calls).toContain(`webContents.send ${LIVE_CHANNEL}`);

        // A desk's write (HTTPS): the window is told, as another desk's change.
        await expect(desk.value('stats:set-rule', { rule: 'standard' })).resolves.toBeNull();
        await expect(call('stats:rules', {})).resolves.toMatchObject({ ok: true, value: { current: 'standard' } });
        expect(liveSent(standIn)).toHaveLength(2);
        expect(liveSent(standIn)[1]).toMatchObject({ call: 'stats:set-rule', topics: expect.arrayContaining(['settings']), by: ADMIN.name, own: false });

        // A window that logged out is sent nothing more.
        await expect(call('session:logout', {})).resolves.toMatchObject({ ok: true });
        await desk.value('stats:set-rule', { rule: 'closed-based' });
        await feed.waitFor((events) => events.filter((e) => e.call === 'stats:set-rule').length === 3);
        expect(liveSent(standIn)).toHaveLength(2);
      } finally {
        feed.close();
        desk.close();
      }
      // Quitting closes the host with the runtime: nothing listens on the port any more.
      await quit(standIn);
      expect(await listening(port)).toBe(false);
    }, 90_000);

    it('a host that cannot start (its port taken): an error box says so, and the window and its calls go on', async () => {
      const userData = tempDir();
      const port = await freePort();
      await configure(userData, { enabled: true, port });
      const squatter = net.createServer();
      await new Promise<void>((resolve) => squatter.listen(port, '0.0.0.0', resolve));
      try {
        const standIn = await startMain({ userData });
        await standIn.until('dialog.showErrorBox');
        expect(standIn.dialogs.errorBoxes).toHaveLength(1);
        expect(standIn.dialogs.errorBoxes[0]!.title).toBe('GridDesk 主机模式未能启动');
        expect(standIn.dialogs.errorBoxes[0]!.content).toContain('设置 → 多席位');
        expect(standIn.app.exitCode).toBeNull();
        expect(standIn.windows).toHaveLength(1);
        const call = ipcCall(standIn);
        await expect(call('session:login', ADMIN)).resolves.toMatchObject({ ok: true });
        await expect(call('host:status', {})).resolves.toMatchObject({ ok: true, value: { running: null, settings: { enabled: true, port } } });
        await quit(standIn);
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    }, 60_000);

    it('a database opened read-only (another GridDesk holds it) is never hosted, whatever the settings', async () => {
      const file = path.join(tempDir(), DATABASE_FILE);
      const port = await freePort();
      const store = openStore(file, { transport: 'http' });
      writeHostSettings(store.db, { operatorId: null, name: '管理员' }, { enabled: true, port }, Date.now());
      store.close();
      const lock = acquireLock(file, { mode: 'browser', identity: { pid: 4242, host: 'office-pc-2', processStartedAt: '2026-01-05T08:00:00.000Z' } });
      try {
        process.env.GRIDDESK_DB = file;
        const standIn = await startMain({ userData: tempDir(), messageBoxChoice: 0 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await listening(port)).toBe(false);
        expect(standIn.dialogs.errorBoxes).toEqual([]);
        await quit(standIn);
      } finally {
        releaseLock(lock);
      }
    });

    it('switched off (the port set all the same): no host starts, and the window is still sent its own writes', async () => {
      const userData = tempDir();
      const port = await freePort();
      await configure(userData, { enabled: false, port });
      const standIn = await startMain({ userData });
      const call = ipcCall(standIn);
      await expect(call('session:login', ADMIN)).resolves.toMatchObject({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(call('host:status', {})).resolves.toMatchObject({ ok: true, value: { running: null, settings: { enabled: false, port } } });
      expect(await listening(port)).toBe(false);
      await expect(call('stats:set-rule', { rule: 'closed-based' })).resolves.toMatchObject({ ok: true });
      expect(liveSent(standIn)).toEqual([expect.objectContaining({ call: 'stats:set-rule', own: true })]);
      await quit(standIn);
    }, 60_000);
  });
});

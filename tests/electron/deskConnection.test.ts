/**
 * The desk side in GridDesk's own window (electron/server/deskConnection.ts), with a recording stand-in for
 * the pieces of the `electron` module it is given (the Electron runtime cannot run on these machines, so
 * this is a wiring test, not Electron): the connection typed in 设置 → 连接到主机 is checked and kept, the
 * window loads the host's page without the preload, the session's certificate check trusts exactly the
 * pinned certificate for the host's name (a real certificate made by the host's own code, and another),
 * leaves other sites to Chromium, and a page that fails to load says why and offers the way out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { directCaller } from '../../electron/auth/gate';
import { invokeCall } from '../../electron/handlers/invoke';
import { openStore } from '../../electron/host';
import { loadOrCreateCertificate } from '../../electron/server/certificate';
import {
  deskConnectionFile,
  hostWebPreferences,
  isPinned,
  openHostWindow,
  parseDeskConnection,
  readDeskConnection,
  type LoadFailure,
} from '../../electron/server/deskConnection';
import { secureWebPreferences } from '../../electron/security';
import { tempDir } from '../helpers/tmp';

type Listener = (...args: never[]) => unknown;

/** Records what the module does with Electron's app, session, dialog and window. */
function standIn(dialogChoice = 0) {
  const calls: string[] = [];
  let verifyProc: ((request: { hostname: string; certificate: { data: string } }, callback: (code: number) => void) => void) | null = null;
  const appListeners = new Map<string, Listener>();
  const windowListeners = new Map<string, Listener>();
  const dialogs: { message: string; detail: string; buttons: string[] }[] = [];
  return {
    calls,
    dialogs,
    verify: (hostname: string, pem: string) =>
      new Promise<number>((resolve) => {
        if (!verifyProc) throw new Error('no certificate verify proc set');
        verifyProc({ hostname, certificate: { data: pem } }, resolve);
      }),
    certificateError: (url: string, pem: string) => {
      const event = { prevented: false, preventDefault() {
        this.prevented = true;
      } };
      let trusted: boolean | null = null;
      (appListeners.get('certificate-error') as (...a: unknown[]) => void)(event, {}, url, 'net::ERR_CERT_AUTHORITY_INVALID', { data: pem }, (t: boolean) => (trusted = t));
      return { prevented: event.prevented, trusted };
    },
    failLoad: (code: number, description: string) => (windowListeners.get('did-fail-load') as (...a: unknown[]) => void)({}, code, description, 'https://x/', true),
    app: {
      on(event: string, listener: Listener) {
        calls.push(`app.on(${event})`);
        appListeners.set(event, listener);
        return this;
      },
    },
    session: {
      setCertificateVerifyProc(proc: typeof verifyProc) {
        calls.push('session.setCertificateVerifyProc');
        verifyProc = proc;
      },
    },
    dialog: {
      showMessageBoxSync(options: { message: string; detail: string; buttons: string[] }) {
        dialogs.push(options);
        return dialogChoice;
      },
    },
    win: {
      loadURL: async (url: string) => void calls.push(`win.loadURL(${url})`),
      setTitle: (title: string) => void calls.push(`win.setTitle(${title})`),
      webContents: {
        on(event: string, listener: Listener) {
          windowListeners.set(event, listener);
          return this;
        },
      },
    },
  };
}

describe('connecting this window to a host (stand-in for electron)', () => {
  it('checks what was typed: https only, the fingerprint in any common spelling', () => {
    const fp = 'ab'.repeat(32);
    expect(parseDeskConnection({ url: '10.12.3.4:5443', fingerprint: fp })).toEqual({ url: 'https://10.12.3.4:5443/', fingerprint: fp.toUpperCase().match(/../g)!.join(':') });
    expect(parseDeskConnection({ url: 'http://10.12.3.4:5443', fingerprint: fp })).toMatch(/https/);
    expect(parseDeskConnection({ url: 'https://10.12.3.4:5443/?token=x', fingerprint: fp })).toMatch(/只需/);
    expect(parseDeskConnection({ url: 'https://10.12.3.4:5443', fingerprint: 'ab:cd' })).toMatch(/64 位/);
  });

  it('is kept beside the database by desk:connect (administrators, never over HTTP) and read back by main', async () => {
    const dir = tempDir();
    const store = openStore(path.join(dir, 'desk.sqlite'), { transport: 'electron' });
    try {
      const fp = 'CD'.repeat(32);
      const saved = await invokeCall(store.handlers, 'desk:connect', { url: 'https://10.12.3.4:5443', fingerprint: fp });
      expect(saved.ok).toBe(true);
      expect(readDeskConnection(deskConnectionFile(store.databasePath))).toEqual({ url: 'https://10.12.3.4:5443/', fingerprint: fp.match(/../g)!.join(':') });
      const overHttp = await invokeCall(store.handlers, 'desk:connect', { disconnect: true }, { transport: 'http', session: null, address: '10.0.0.9' });
      expect(overHttp.ok).toBe(false);
      expect(fs.existsSync(deskConnectionFile(store.databasePath))).toBe(true);
      const bad = await invokeCall(store.handlers, 'desk:connect', { url: 'https://10.12.3.4:5443', fingerprint: 'nope' }, directCaller());
      expect(bad.ok).toBe(false);
      await invokeCall(store.handlers, 'desk:connect', { disconnect: true });
      expect(readDeskConnection(deskConnectionFile(store.databasePath))).toBeNull();
    } finally {
      store.close();
    }
  });

  it('loads the host without the preload, trusting only the pinned certificate for the host’s name', async () => {
    const dir = tempDir();
    const host = await loadOrCreateCertificate({ databasePath: path.join(dir, 'host.sqlite') });
    const other = await loadOrCreateCertificate({ databasePath: path.join(dir, 'impostor.sqlite') });
    expect(isPinned(host.cert, host.fingerprint)).toBe(true);
    expect(isPinned(other.cert, host.fingerprint)).toBe(false);
    const e = standIn();
    const choices: LoadFailure[] = [];
    const connection = { url: 'https://10.12.3.4:5443/', fingerprint: host.fingerprint };
    await openHostWindow({ app: e.app, session: e.session, dialog: e.dialog }, e.win, connection, (c) => choices.push(c));
    expect(e.calls).toEqual(['session.setCertificateVerifyProc', 'app.on(certificate-error)', 'win.setTitle(GridDesk 网格案件管理 — 主机 10.12.3.4:5443)', 'win.loadURL(https://10.12.3.4:5443/)']);
    expect(await e.verify('10.12.3.4', host.cert)).toBe(0); // trusted
    expect(await e.verify('10.12.3.4', other.cert)).toBe(-2); // refused: not the pinned certificate
    expect(await e.verify('tile.example.org', other.cert)).toBe(-3); // other sites: Chromium decides
    expect(e.certificateError('https://10.12.3.4:5443/api/x', host.cert)).toEqual({ prevented: true, trusted: true });
    expect(e.certificateError('https://10.12.3.4:5443/', other.cert)).toEqual({ prevented: false, trusted: false });
    expect(e.certificateError('https://elsewhere:5443/', host.cert)).toEqual({ prevented: false, trusted: false });
    // The host's page gets no bridge to this PC's database; every other preference stays hardened.
    const prefs = hostWebPreferences(secureWebPreferences('/app/preload.cjs', { isPackaged: true }));
    expect('preload' in prefs).toBe(false);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
  });

  it('says when the certificate is not the pinned one, or the host cannot be reached, and offers the way out', async () => {
    const e = standIn(1);
    const choices: LoadFailure[] = [];
    await openHostWindow({ app: e.app, session: e.session, dialog: e.dialog }, e.win, { url: 'https://10.12.3.4:5443/', fingerprint: 'AA:'.repeat(31) + 'AA' }, (c) => choices.push(c));
    e.failLoad(-202, 'net::ERR_CERT_AUTHORITY_INVALID');
    expect(e.dialogs[0]!.message).toBe('主机证书与设置的指纹不符，已拒绝连接');
    expect(e.dialogs[0]!.detail).toContain('切勿在此登录');
    e.failLoad(-102, 'net::ERR_CONNECTION_REFUSED');
    expect(e.dialogs[1]!.message).toBe('无法连接主机 10.12.3.4:5443');
    expect(e.dialogs[1]!.buttons).toEqual(['重试', '使用本机数据库（断开主机）', '退出']);
    expect(choices).toEqual(['local', 'local']);
    e.failLoad(-3, 'aborted');
    expect(e.dialogs).toHaveLength(2);
  });
});

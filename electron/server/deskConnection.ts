/**
 * The desk side in GridDesk's own window (设置 → 连接到主机): the window loads the district host's page
 * instead of this PC's database, and trusts exactly one certificate — the one whose SHA-256 fingerprint
 * the administrator read off the host (设置 → 多席位) and typed here. Any other certificate, a changed
 * one included, is refused and the desk says so. The host's page gets no preload (no bridge to this PC's
 * own database): it talks to the host over HTTPS like a browser desk.
 *
 * No import of 'electron' (only the entry points may): main.ts passes in the pieces used, typed here by
 * the little of them this file touches.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { normalizeFingerprint } from './certificate';

export interface DeskConnection {
  /** The host's address, https://<address>:<port>/ */
  readonly url: string;
  /** "AB:CD:…", 32 bytes */
  readonly fingerprint: string;
}

/** Where this PC keeps the host it connects to: beside its own database. */
export function deskConnectionFile(databasePath: string): string {
  return `${databasePath}.desk-host.json`;
}

/** A connection from what was typed, or a message naming what is wrong. */
export function parseDeskConnection(input: { url: string; fingerprint: string }): DeskConnection | string {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(input.url.trim()) ? input.url.trim() : `https://${input.url.trim()}`);
  } catch {
    return `主机地址无效：${input.url.slice(0, 100)}（例：https://10.12.3.4:5443/）`;
  }
  if (url.protocol !== 'https:') return '主机地址须以 https:// 开头（主机只提供加密连接）';
  if (url.username || url.password || url.search || url.hash) return '主机地址只需 https://地址:端口/';
  const fingerprint = normalizeFingerprint(input.fingerprint);
  if (!fingerprint) return '证书指纹应为 64 位十六进制（32 组，以冒号分隔），请从主机的 设置 → 多席位 中抄录';
  return { url: `${url.origin}/`, fingerprint };
}

export function readDeskConnection(file: string): DeskConnection | null {
  try {
    const parsed = parseDeskConnection(JSON.parse(fs.readFileSync(file, 'utf8')) as DeskConnection);
    return typeof parsed === 'string' ? null : parsed;
  } catch {
    return null;
  }
}

export function writeDeskConnection(file: string, connection: DeskConnection | null): void {
  if (connection === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(connection, null, 2));
  fs.renameSync(tmp, file);
}

/** Whether a PEM certificate (Electron's `certificate.data`) is the pinned one. */
export function isPinned(pem: string, fingerprint: string): boolean {
  try {
    return new crypto.X509Certificate(pem).fingerprint256 === fingerprint;
  } catch {
    return false;
  }
}

// ── The Electron pieces used (structural) ──────────────────────────────────

interface CertificateLike {
  readonly data: string;
}
interface VerifyRequest {
  readonly hostname: string;
  readonly certificate: CertificateLike;
}
export interface SessionLike {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (verificationResult: number) => void) => void): void;
}
export interface AppLike {
  on(
    event: 'certificate-error',
    listener: (event: { preventDefault(): void }, webContents: unknown, url: string, error: string, certificate: CertificateLike, callback: (isTrusted: boolean) => void) => void,
  ): unknown;
}
export interface WindowLike {
  loadURL(url: string): Promise<void>;
  setTitle(title: string): void;
  readonly webContents: {
    on(event: 'did-fail-load', listener: (event: unknown, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void): unknown;
  };
}
export interface DialogLike {
  showMessageBoxSync(options: { type: 'warning'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number }): number;
}

/** Chromium's verdicts for setCertificateVerifyProc. */
const TRUST = 0;
const REFUSE = -2;
const CHROMIUM_DECIDES = -3;

/**
 * Pins the host's certificate for the session: the host's name gets the pinned certificate and nothing
 * else (self-signed is fine, it is compared byte for byte by its fingerprint); every other site keeps
 * Chromium's own verification. `certificate-error` trusts the pinned certificate only, as a second line.
 */
export function pinHost(deps: { app: AppLike; session: SessionLike }, connection: DeskConnection): void {
  const hostname = new URL(connection.url).hostname;
  deps.session.setCertificateVerifyProc((request, callback) => {
    if (request.hostname !== hostname) return callback(CHROMIUM_DECIDES);
    callback(isPinned(request.certificate.data, connection.fingerprint) ? TRUST : REFUSE);
  });
  deps.app.on('certificate-error', (event, _webContents, url, _error, certificate, callback) => {
    let sameHost = false;
    try {
      sameHost = new URL(url).hostname === hostname;
    } catch {
      sameHost = false;
    }
    if (sameHost && isPinned(certificate.data, connection.fingerprint)) {
      event.preventDefault();
      callback(true);
    } else {
      callback(false);
    }
  });
}

/** The host's page runs with the same hardened preferences as the app, less the preload (no local bridge). */
export function hostWebPreferences<T extends { preload?: string }>(base: T): Omit<T, 'preload'> {
  const { preload: _preload, ...rest } = base;
  return rest;
}

/** What the desk answers when the host's page does not load. */
export type LoadFailure = 'retry' | 'local' | 'quit';

/**
 * Loads the host's page in the window, pinned. When it does not load (host down, network gone, or a
 * certificate that is not the pinned one), the desk says which, and offers to retry, to use this PC's
 * own database instead (forgetting the host), or to quit.
 */
export function openHostWindow(
  deps: { app: AppLike; session: SessionLike; dialog: DialogLike },
  win: WindowLike,
  connection: DeskConnection,
  onChoice: (choice: LoadFailure) => void,
): Promise<void> {
  pinHost(deps, connection);
  win.setTitle(`GridDesk 网格案件管理 — 主机 ${new URL(connection.url).host}`);
  win.webContents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === -3) return; // -3: aborted by a newer navigation
    const isCertificate = errorCode <= -200 && errorCode > -300;
    const choice = deps.dialog.showMessageBoxSync({
      type: 'warning',
      title: 'GridDesk',
      message: isCertificate ? '主机证书与设置的指纹不符，已拒绝连接' : `无法连接主机 ${new URL(connection.url).host}`,
      detail: isCertificate
        ? `设置的指纹：${connection.fingerprint}\n主机的证书已更换，或连到的不是区指挥中心的主机。请向管理员核对指纹后再连接，切勿在此登录。`
        : `${errorDescription}（${errorCode}）。请确认主机已开机并以主机模式运行、本机在允许的地址范围内。`,
      buttons: ['重试', '使用本机数据库（断开主机）', '退出'],
      defaultId: 0,
      cancelId: 2,
    });
    onChoice(choice === 0 ? 'retry' : choice === 1 ? 'local' : 'quit');
  });
  return win.loadURL(connection.url);
}

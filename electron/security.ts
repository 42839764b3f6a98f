/**
 * Security policy for every window and every transport, as plain data and pure functions so that
 * tests assert exactly what Electron main and the browser-mode server apply. No Electron import.
 */

/** The app's own origin in Electron: files of the built renderer served by a custom protocol. */
export const APP_SCHEME = 'griddesk';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Content Security Policy for the renderer. Scripts only from the app itself; no eval, no inline
 * script; styles may be inline (Leaflet positions tiles and markers with style attributes); no
 * request leaves the app. A user-configured tile server is the only remote origin ever allowed,
 * passed in explicitly.
 */
export function contentSecurityPolicy(options: { tileOrigins?: readonly string[] } = {}): string {
  const tiles = (options.tileOrigins ?? []).filter(isHttpOrigin);
  const img = ["'self'", 'data:', 'blob:', ...tiles].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${img}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

function isHttpOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === origin;
  } catch {
    return false;
  }
}

/** webPreferences for every BrowserWindow GridDesk opens. */
export function secureWebPreferences(preloadPath: string, options: { isPackaged?: boolean } = {}) {
  return {
    preload: preloadPath,
    // No DevTools in an installed GridDesk: nobody at the desk can script the page around the host's checks.
    devTools: options.isPackaged === false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

/** True only for a URL of the app's own origin (griddesk://app/...). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Navigation inside a window is allowed only within the app (hash routes); everything else is refused. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** New windows are never opened. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Deny-by-default: GridDesk asks for no permission (camera, microphone, geolocation, clipboard, …) but one —
 * notifications, so that 我的待办 can remind on the desktop of a case turning 临期 or 超时 (the window only
 * ever shows the app's own pages).
 */
export function permissionDecision(permission: string): boolean {
  return permission === 'notifications';
}

/** Devices (USB, serial, HID, Bluetooth): GridDesk uses none, so no page may be granted one. */
export function devicePermissionDecision(_details: { deviceType?: string } = {}): boolean {
  return false;
}

/**
 * The Electron fuses an installed GridDesk is packaged with (electron-builder's `electronFuses`): the
 * binary cannot be run as plain Node, ignores NODE_OPTIONS and --inspect, and loads only its own
 * integrity-checked app.asar.
 */
export const ELECTRON_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
} as const;

/** The part of an IPC event's sender frame that the check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** An IPC call is served only when it comes from the app's own top-level frame. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Maps a griddesk://app/... request to a file below the renderer folder, or null when the path
 * escapes it (../, encoded separators) or names no file type the renderer ships.
 */
export function resolveAppPath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return null;
  return parts.join('/');
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.webp': 'image/webp',
};

/** Headers every response of the app carries (Electron protocol and browser mode alike). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

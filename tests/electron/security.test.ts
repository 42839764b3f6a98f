import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isAppUrl,
  isNavigationAllowed,
  isTrustedSender,
  permissionDecision,
  devicePermissionDecision,
  ELECTRON_FUSES,
  resolveAppPath,
  secureWebPreferences,
  securityHeaders,
  windowOpenDecision,
} from '../../electron/security';

describe('window security settings', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('refuses every navigation outside the app and every new window', () => {
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html#/cases`)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5217/',
      'file:///etc/passwd',
      'griddesk://evil/index.html',
      'griddesk://user:pw@app/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('denies every permission but notifications (我的待办’s desktop reminders)', () => {
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'unknown', '']) {
      expect(permissionDecision(p), p).toBe(false);
    }
    expect(permissionDecision('notifications')).toBe(true);
  });

  it('serves IPC only to the app’s own top-level frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false); // an iframe
    expect(isTrustedSender({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows scripts and connections only from the app itself', () => {
    const csp = contentSecurityPolicy();
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('adds only a well-formed, user-configured tile origin to img-src', () => {
    const csp = contentSecurityPolicy({ tileOrigins: ['https://tiles.example.gov.cn', 'javascript:alert(1)', 'https://x.cn/path'] });
    expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.gov.cn;");
    expect(csp).not.toContain('javascript:');
    expect(csp).not.toContain('x.cn/path');
  });

  it('is sent with the other hardening headers', () => {
    const h = securityHeaders(contentSecurityPolicy());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Content-Security-Policy']).toContain("script-src 'self'");
  });

  it('matches the CSP meta tag the renderer ships for its own page', async () => {
    const fs = await import('node:fs');
    const html = fs.readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toMatch(/script-src 'self'(;|$)/);
    expect(meta).toMatch(/connect-src 'self'/);
    expect(meta).not.toMatch(/unsafe-eval/);
  });
});

describe('app protocol paths', () => {
  it('maps app URLs to files below the renderer folder and refuses escapes', () => {
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(resolveAppPath(`${APP_ORIGIN}/`)).toBe('index.html');
    expect(resolveAppPath(`${APP_ORIGIN}/assets/index-abc.js`)).toBe('assets/index-abc.js');
    // The URL parser already clamps dot segments at the root: the result stays inside the folder.
    expect(resolveAppPath(`${APP_ORIGIN}/assets/%2e%2e/%2e%2e/etc/passwd`)).toBe('etc/passwd');
    expect(resolveAppPath(`${APP_ORIGIN}/a%5c..%5cb`)).toBeNull();
    expect(resolveAppPath(`${APP_ORIGIN}/%E0%A4%A`)).toBeNull();
    expect(resolveAppPath('https://example.com/index.html')).toBeNull();
  });
});

describe('packaged Electron', () => {
  it('turns DevTools off in an installed build (on only in a development checkout) and grants no device', () => {
    expect(secureWebPreferences('/p.cjs', { isPackaged: true }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { isPackaged: false }).devTools).toBe(true);
    for (const deviceType of ['usb', 'serial', 'hid', 'bluetooth']) expect(devicePermissionDecision({ deviceType })).toBe(false);
  });

  it('packages with the fuses set: no RunAsNode, no NODE_OPTIONS, no --inspect, ASAR integrity and only-from-ASAR on', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const config = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../build/electron-builder.json'), 'utf8')) as { electronFuses: Record<string, boolean> };
    expect(config.electronFuses).toEqual(ELECTRON_FUSES);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // Every fuse named is one electron-builder's own schema knows.
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    for (const fuse of Object.keys(config.electronFuses)) expect(schema.definitions.FuseOptionsV1.properties, fuse).toHaveProperty(fuse);
  });

  it('main.ts installs the device-permission handler and passes isPackaged to the window (read from its source)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const main = fs.readFileSync(path.resolve(__dirname, '../../electron/main.ts'), 'utf8');
    expect(main).toMatch(/setDevicePermissionHandler\(\(details\) => devicePermissionDecision\(details\)\)/);
    expect(main).toContain("secureWebPreferences(path.join(__dirname, 'preload.cjs'), { isPackaged: app.isPackaged })");
  });
});

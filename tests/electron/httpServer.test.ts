import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { TOKEN_PLACEHOLDER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';

let store: OpenedStore;
let server: BrowserServer;
let session = '';

beforeEach(async () => {
  const dir = tempDir();
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    `<!doctype html><meta name="griddesk-token" content="${TOKEN_PLACEHOLDER}"><title>GridDesk</title>`,
  );
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  store = openStore(path.join(dir, 'h.sqlite'), { transport: 'http' });
  server = await startBrowserServer({ handlers: store.handlers, staticDir, maxBodyBytes: 1024 });
  const setup = await post('session:setup', JSON.stringify({ name: '管理员', secret: 'Admin#2026' }));
  session = ((await setup.json()) as { value: { token: string } }).value.token;
});

afterEach(async () => {
  await server.close();
  store.db.close();
});

function post(name: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-griddesk-token': server.token, 'x-griddesk-session': session, ...headers },
    body,
  });
}

/** Raw request, for headers fetch will not let a caller set (Host). */
function rawRequest(options: http.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, ...options }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode HTTP bridge', () => {
  it('listens on 127.0.0.1 only and prints a URL that carries a fresh random token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
  });

  it('answers a call with a valid token', async () => {
    const res = await post('app:info', '{}');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, value: { transport: 'http', counts: { grids: 0 } } });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a call without the token or with a wrong one (401)', async () => {
    for (const headers of [{ 'x-griddesk-token': '' }, { 'x-griddesk-token': 'wrong' }, { 'x-griddesk-token': server.token + 'x' }]) {
      const res = await post('app:info', '{}', headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    }
  });

  it('names what is wrong: malformed JSON, wrong types, unknown call, wrong method, wrong content type', async () => {
    let res = await post('grids:locate', '{"lon": 113,');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/请求体不是有效的 JSON/);

    res = await post('grids:locate', JSON.stringify({ lon: '113', lat: 28.2 }));
    expect(res.status).toBe(400);
    const wrongType = await res.json();
    expect(wrongType.error).toMatchObject({ kind: 'invalid-input' });
    expect(wrongType.error.message).toMatch(/grids:locate 的输入无效：lon/);

    res = await post('grids:locate', JSON.stringify({ lon: 113, lat: 28.2, crs: 'utm' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/crs/);

    res = await post('incidents:explode', '{}');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/未知的调用："incidents:explode"/);

    res = await fetch(`${server.origin}/api/app:info`, { headers: { 'x-griddesk-token': server.token } });
    expect(res.status).toBe(405);

    res = await post('app:info', '{}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);

    res = await post('app:info', JSON.stringify({ pad: 'x'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/请求体过大/);
  });

  it('refuses requests from another origin or another host name', async () => {
    const res = await post('app:info', '{}', { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const rebound = await rawRequest({ path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(421);
  });

  it('serves the page only with the token, and writes the token into it', async () => {
    const without = await fetch(`${server.origin}/`);
    expect(without.status).toBe(401);
    expect(await without.text()).toMatch(/访问令牌缺失或已失效/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`content="${server.token}"`);
    expect(html).not.toContain(TOKEN_PLACEHOLDER);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('serves built assets and nothing outside the renderer folder', async () => {
    const js = await fetch(`${server.origin}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const escape = await rawRequest({ path: '/assets/..%2f..%2fsecret.txt' });
    expect([400, 404]).toContain(escape.status);
    expect(escape.body).not.toContain('secret');
    expect((await fetch(`${server.origin}/missing.js`)).status).toBe(404);
  });

  it('finding 1: a malformed path gets 400 and the server lives on (no token needed to be refused)', async () => {
    for (const target of ['/api/%E0%A4%A', '//[', '/%E0%A4%A', '/api/%', '*', '/tiles/%E0%A4%A/1/1/1']) {
      const answer = await rawRequest({ path: target, method: target === '*' ? 'OPTIONS' : 'GET' });
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.status, target).toBeLessThan(500);
    }
    const bad = await rawRequest({ path: '/api/%E0%A4%A', method: 'POST', headers: { 'x-griddesk-token': server.token, 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('编码错误');
    const probe = await post('app:info', '{}');
    expect(probe.status).toBe(200);
  });

  it('lets a reload in by the strict cookie set with the page, so the token can leave the address bar', async () => {
    const first = await fetch(server.url);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^griddesk_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    const reload = await fetch(`${server.origin}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(reload.status).toBe(200);
    expect((await fetch(`${server.origin}/`, { headers: { cookie: 'griddesk_token=wrong' } })).status).toBe(401);
    // The cookie opens the page only: every API call still needs the header.
    const api = await fetch(`${server.origin}/api/app:info`, { method: 'POST', headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
  });
});

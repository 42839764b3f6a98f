import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../electron/contract';
import { ApiError, createClient, dropTokenFromAddress } from '../../renderer/api/client';
import { SESSION_STORAGE_KEY, createSessionTokenStore } from '../../renderer/api/sessionToken';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setTokenMeta(token: string) {
  const meta = document.createElement('meta');
  meta.name = 'griddesk-token';
  meta.content = token;
  document.head.append(meta);
}

type WindowWithBridge = Window & { griddesk?: unknown };

describe('createClient', () => {
  beforeEach(() => {
    document.head.innerHTML = '';
  });
  afterEach(() => {
    delete (window as WindowWithBridge).griddesk;
    vi.unstubAllGlobals();
  });

  it('has one function for every call in the contract', () => {
    const client = createClient({ bridge: null, fetch: vi.fn(), token: 't' });
    for (const name of callNames) expect(typeof client[name]).toBe('function');
    expect(Object.keys(client).sort()).toEqual([...callNames].sort());
  });

  it('uses the Electron bridge when window.griddesk exists and unwraps its envelope', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const tree = { id: 1, code: '430102000000000', name: '芙蓉区', level: 1, openIncidents: 0, overdueIncidents: 0, totalIncidents: 0, children: [] };
    const bridge = {
      'grids:tree': vi.fn(async () => ({ ok: true, value: tree })),
      'grids:list': vi.fn(async () => ({ ok: true, value: [] })),
    };
    (window as WindowWithBridge).griddesk = bridge;

    const client = createClient();
    await expect(client['grids:tree']({})).resolves.toEqual(tree);
    await client['grids:list']({ level: 2 });

    expect(bridge['grids:tree']).toHaveBeenCalledWith({});
    expect(bridge['grids:list']).toHaveBeenCalledWith({ level: 2 });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('turns a bridge error envelope into an ApiError', async () => {
    (window as WindowWithBridge).griddesk = {
      'demo:load': async () => ({ ok: false, error: { kind: 'conflict', message: '数据库中已有网格，不能载入演示城区' } }),
    };
    const error = await createClient()['demo:load']({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'conflict', message: '数据库中已有网格，不能载入演示城区' });
  });

  it('uses HTTP without a bridge: POST ./api/<name> with JSON and the token from the meta tag', async () => {
    setTokenMeta('secret-token-123');
    const fetchMock = vi.fn(async () => jsonResponse({ ok: true, value: [{ code: '430102001000000' }] }));
    vi.stubGlobal('fetch', fetchMock);

    const client = createClient();
    const grids = await client['grids:list']({ level: 2 });

    expect(grids).toEqual([{ code: '430102001000000' }]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('./api/grids:list');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', 'x-griddesk-token': 'secret-token-123' });
    expect(JSON.parse(init.body as string)).toEqual({ level: 2 });
  });

  it('sends {} when a call is made without input', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ ok: true, value: null }));
    const client = createClient({ bridge: null, fetch: fetchMock, token: 't' });
    await (client['app:info'] as (input?: unknown) => Promise<unknown>)();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBe('{}');
  });

  it('turns an error envelope on a 4xx response into an ApiError with kind and message', async () => {
    setTokenMeta('wrong');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({ ok: false, error: { kind: 'unauthorized', message: '缺少或错误的访问令牌' } }, 401),
      ),
    );
    const error = await createClient()['app:info']({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('unauthorized');
    expect((error as ApiError).message).toBe('缺少或错误的访问令牌');
  });

  it('reports a network failure as a transport error', async () => {
    const client = createClient({
      bridge: null,
      token: 't',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(client['app:info']({})).rejects.toMatchObject({ kind: 'transport' });
  });

  it('reports a response that is not an envelope as a transport error', async () => {
    const client = createClient({
      bridge: null,
      token: 't',
      fetch: async () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    });
    const error = await client['app:info']({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transport' });
    expect((error as Error).message).toContain('502');
  });

  it('keeps the session token a login answers with, sends it on every call, and forgets it on logout', async () => {
    const storage = window.sessionStorage;
    storage.clear();
    const session = createSessionTokenStore(storage);
    const fetchMock = vi.fn(async (url: string) =>
      url.endsWith('session:login')
        ? jsonResponse({ ok: true, value: { token: 'sess-42', operator: { id: 1, name: '陈监督' } } })
        : jsonResponse({ ok: true, value: null }),
    );
    const client = createClient({ bridge: null, fetch: fetchMock, token: 't', session });
    const headersOf = (i: number) => (fetchMock.mock.calls[i] as unknown as [string, RequestInit])[1].headers as Record<string, string>;

    await client['app:info']({});
    expect(headersOf(0)).not.toHaveProperty('x-griddesk-session');

    await client['session:login']({ name: '陈监督', secret: 'demo2026' });
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBe('sess-42');
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await client['grids:list']({});
    expect(headersOf(2)).toMatchObject({ 'x-griddesk-token': 't', 'x-griddesk-session': 'sess-42' });

    // A reload in the same tab: a new client finds the token in this tab's storage.
    const again = createClient({ bridge: null, fetch: fetchMock, token: 't', session: createSessionTokenStore(storage) });
    await again['grids:list']({});
    expect(headersOf(3)).toMatchObject({ 'x-griddesk-session': 'sess-42' });

    await client['session:logout']({});
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    await client['grids:list']({});
    expect(headersOf(5)).not.toHaveProperty('x-griddesk-session');
  });

  it('forgets the session when the logout fails too, and keeps nothing from an Electron login', async () => {
    const session = createSessionTokenStore(null);
    session.set('old');
    const failing = createClient({
      bridge: null,
      token: 't',
      session,
      fetch: async () => jsonResponse({ ok: false, error: { kind: 'internal', message: '出错' } }, 500),
    });
    await expect(failing['session:logout']({})).rejects.toBeInstanceOf(ApiError);
    expect(session.get()).toBe('');

    (window as WindowWithBridge).griddesk = { 'session:login': async () => ({ ok: true, value: { token: '', operator: { id: 1 } } }) };
    await createClient({ session })['session:login']({ name: '陈监督', secret: 'demo2026' });
    expect(session.get()).toBe('');
  });

  it('takes the access token out of the address, keeping the path and the hash', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#/cases?status=reported');
    dropTokenFromAddress();
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/cases?status=reported');
    window.history.replaceState(null, '', '/?token=abc123');
    dropTokenFromAddress();
    expect(window.location.href).not.toContain('abc123');
    window.history.replaceState(null, '', '/');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../electron/contract';
import { ApiError, createClient } from '../../renderer/api/client';

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
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerIpc, type IpcMainLike } from '../../electron/ipc';
import { channelFor } from '../../electron/contract';
import { openStore } from '../../electron/host';
import { APP_ORIGIN } from '../../electron/security';
import { tempDir } from '../helpers/tmp';

// registerIpc takes the ipcMain-like object as an argument; here a recorder stands in for it so the
// sender check and the envelope can be exercised on the real handlers and database. Electron's own
// IPC is not run here (its runtime cannot be installed on these machines).
type Listener = Parameters<IpcMainLike['handle']>[1];

function recorder(): { ipc: IpcMainLike; listeners: Map<string, Listener> } {
  const listeners = new Map<string, Listener>();
  return { ipc: { handle: (channel, listener) => listeners.set(channel, listener) }, listeners };
}

describe('IPC binding', () => {
  it('serves the app frame and refuses other senders before running anything', async () => {
    const store = openStore(path.join(tempDir(), 'i.sqlite'), { transport: 'electron' });
    const { ipc, listeners } = recorder();
    registerIpc(ipc, store.handlers);
    const info = listeners.get(channelFor('app:info'))!;
    await expect(info({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } }, {})).resolves.toMatchObject({
      ok: true,
      value: { transport: 'electron' },
    });
    for (const senderFrame of [null, { url: 'https://evil.example/', parent: null }, { url: `${APP_ORIGIN}/`, parent: {} }]) {
      await expect(info({ senderFrame }, {})).resolves.toEqual({
        ok: false,
        error: { kind: 'forbidden', message: '拒绝来自非本应用页面的调用' },
      });
    }
    store.db.close();
  });

  it('validates input and answers with an error envelope naming the field', async () => {
    const store = openStore(path.join(tempDir(), 'i.sqlite'), { transport: 'electron' });
    const { ipc, listeners } = recorder();
    registerIpc(ipc, store.handlers);
    const frame = { url: `${APP_ORIGIN}/`, parent: null };
    // Window 1 logs in; the token stays in the host, keyed by the window.
    const setup = (await listeners.get(channelFor('session:setup'))!({ senderFrame: frame, sender: { id: 1 } }, { name: '管理员', secret: 'Admin#2026' })) as {
      ok: boolean;
      value: { token: string };
    };
    expect(setup).toMatchObject({ ok: true, value: { token: '' } });
    const locate = listeners.get(channelFor('grids:locate'))!;
    // Window 2 has no session of its own.
    await expect(locate({ senderFrame: frame, sender: { id: 2 } }, { lon: 113, lat: 28.2 })).resolves.toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    const result = (await locate({ senderFrame: frame, sender: { id: 1 } }, { lon: 'east', lat: 28.2 })) as {
      ok: boolean;
      error: { kind: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.kind).toBe('invalid-input');
    expect(result.error.message).toMatch(/grids:locate 的输入无效：lon/);
    store.db.close();
  });
});

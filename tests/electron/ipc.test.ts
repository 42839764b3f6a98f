import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerIpc, type IpcMainLike } from '../../electron/ipc';
import { channelFor } from '../../electron/contract';
import { openStore } from '../../electron/host';
import { APP_ORIGIN } from '../../electron/security';
import { tempDir } from '../helpers/tmp';
import { openDatabase } from '../../db/open';

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

  it("lets a window's write wait for the write lock held by another connection while another call is answered", async () => {
    const store = openStore(path.join(tempDir(), 'i.sqlite'), { transport: 'electron' });
    const { ipc, listeners } = recorder();
    registerIpc(ipc, store.handlers, undefined, () => store.db);
    const frame = { senderFrame: { url: `${APP_ORIGIN}/`, parent: null }, sender: { id: 1 } };
    await listeners.get(channelFor('session:setup'))!(frame, { name: '管理员', secret: 'Admin#2026' });
    // An import's connection holds the write lock.
    const importer = openDatabase(store.databasePath).db;
    importer.exec('BEGIN IMMEDIATE');
    try {
      let settled = false;
      const write = (listeners.get(channelFor('persons:create'))!(frame, { name: '王五', phone: '13800000009' }) as Promise<{ ok: boolean }>).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      const read = (await listeners.get(channelFor('persons:list'))!(frame, {})) as { ok: boolean; value: { name: string }[] };
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(read.ok).toBe(true);
      expect(read.value.map((p) => p.name)).not.toContain('王五');
      expect(settled).toBe(false);
      importer.exec('COMMIT');
      expect(await write).toMatchObject({ ok: true });
      const after = (await listeners.get(channelFor('persons:list'))!(frame, {})) as { value: { name: string }[] };
      expect(after.value.map((p) => p.name)).toContain('王五');
    } finally {
      if (importer.inTransaction) importer.exec('ROLLBACK');
      importer.close();
      store.db.close();
    }
  });
});

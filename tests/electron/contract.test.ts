import { describe, expect, it } from 'vitest';
import { api, callNames, channelFor } from '../../electron/contract';
import { createBridge } from '../../electron/bridge';
import { STREAM_CHANNEL } from '../../electron/contract/mapPointsWire';
import { registerIpc } from '../../electron/ipc';
import { openStore } from '../../electron/host';
import { startBrowserServer } from '../../electron/server/httpServer';
import { tempDir } from '../helpers/tmp';
import path from 'node:path';

describe('API contract completeness', () => {
  it('names every call as domain:kebab-case with a one-line doc', () => {
    for (const name of callNames) {
      expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
      expect(api[name].doc.length).toBeGreaterThan(10);
    }
  });

  it('has a handler, a preload function, an IPC channel and an HTTP route for every call', async () => {
    const store = openStore(path.join(tempDir(), 'c.sqlite'), { transport: 'direct' });
    try {
      // Handlers: exactly the contract's names.
      expect(Object.keys(store.handlers).sort()).toEqual([...callNames].sort());

      // Preload bridge: one function per call, each forwarding to its own channel.
      const seen: string[] = [];
      const bridge = createBridge(async (channel) => {
        seen.push(channel);
        return { ok: true, value: null };
      });
      expect(Object.keys(bridge).sort()).toEqual([...callNames].sort());
      for (const name of callNames) await bridge[name]({});
      expect(seen).toEqual(callNames.map(channelFor));
      expect(Object.isFrozen(bridge)).toBe(true);

      // IPC: one registered channel per call, and the one streamed answers are pulled through.
      const channels: string[] = [];
      registerIpc({ handle: (channel) => channels.push(channel) }, store.handlers);
      expect(channels.sort()).toEqual([...callNames.map(channelFor), STREAM_CHANNEL].sort());

      // HTTP: every call has a route (an answer that is not "unknown call").
      const server = await startBrowserServer({ handlers: store.handlers, staticDir: tempDir(), token: 't'.repeat(43) });
      try {
        // Logged in as the administrator, so every call gets past the session gate to its schema.
        const setup = await fetch(`${server.origin}/api/session:setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-griddesk-token': server.token },
          body: JSON.stringify({ name: '管理员', secret: 'Admin#2026' }),
        });
        const session = ((await setup.json()) as { value: { token: string } }).value.token;
        for (const name of callNames) {
          const res = await fetch(`${server.origin}/api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-griddesk-token': server.token, 'x-griddesk-session': session },
            body: JSON.stringify({ __probe: true }), // refused by the strict schemas: proves the route validates
          });
          const body = (await res.json()) as { ok: boolean; error?: { kind: string; message: string } };
          expect(body.error?.message ?? '', name).not.toMatch(/未知的调用/);
          expect(res.status, name).toBe(400);
        }
      } finally {
        await server.close();
      }
    } finally {
      store.db.close();
    }
  });
});

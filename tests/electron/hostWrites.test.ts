/**
 * Host mode while another connection holds the write lock (an import's worker writing its batch): a desk's
 * write waits for its turn without stopping the host's thread — another desk's read is answered meanwhile —
 * and goes through, published once on the live feed, as soon as the lock is released.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../../electron/host';
import type { RunningHost } from '../../electron/server/hostMode';
import { openDatabase } from '../../db/open';
import { DeskClient } from '../helpers/deskClient';
import { startDemoHost, type DemoHost } from '../helpers/demoHost';

let demo: DemoHost;
let store: OpenedStore;
let host: RunningHost;

beforeAll(async () => {
  demo = await startDemoHost('griddesk-host-writes-');
  ({ store, host } = demo);
}, 120_000);

afterAll(() => demo?.close());

describe('a write while another connection holds the write lock', () => {
  it("waits for the lock without holding up another desk's read, then goes through once", async () => {
    const origin = `https://127.0.0.1:${host.port}`;
    const a = await DeskClient.connect(origin, host.certificate.fingerprint);
    const b = await DeskClient.connect(origin, host.certificate.fingerprint);
    await a.login('张雪', 'demo2026');
    await b.login('邓琳', 'demo2026');
    const feed = await b.openLive();
    const importer = openDatabase(store.databasePath).db;
    try {
      const category = (await a.value<{ id: number; parentId: number | null }[]>('categories:list')).find((c) => c.parentId !== null);
      const grid = (await a.value<{ code: string; level: number }[]>('grids:list', {})).find((g) => g.level === 3);
      const created = await a.value<{ id: number; version: number }>('incidents:create', {
        categoryId: category!.id,
        description: '导入进行中时立案的案件',
        gridCode: grid!.code,
        source: 'patrol',
      });
      importer.exec('BEGIN IMMEDIATE');
      let settled = false;
      const step = a.call('incidents:transition', { incidentId: created.id, action: 'register', expectedVersion: created.version }).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 200));
      // The host's thread answers desk B while desk A's step waits for the lock.
      const t0 = Date.now();
      const read = await b.value<{ id: number; status: string }>('incidents:get', { id: created.id });
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(read.status).toBe('reported');
      expect(settled).toBe(false);
      importer.exec('COMMIT');
      const done = await step;
      expect(done.status).toBe(200);
      expect((done.body.value as { status: string }).status).toBe('registered');
      await feed.waitFor((events) => events.some((e) => e.call === 'incidents:transition'), 2_000);
      expect(feed.events.filter((e) => e.call === 'incidents:transition')).toHaveLength(1);
    } finally {
      if (importer.inTransaction) importer.exec('ROLLBACK');
      importer.close();
      feed.close();
      a.close();
      b.close();
    }
  });
});

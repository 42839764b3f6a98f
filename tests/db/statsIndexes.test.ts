/**
 * The statistics' query-time part finds the cases whose hang-list standing changed after a period's end from
 * the covering partial index of migration 0200: the plan names it, and it finds the same cases as a scan of
 * every event.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/host';
import type { Db } from '../../db/open';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-stats-indexes-'));
  const store = openStore(path.join(dir, 'demo.sqlite'), { transport: 'direct', now: () => NOW });
  await store.handlers['demo:load']({ until: '2026-11-25', incidents: 4000 });
  db = store.db;
}, 120_000);

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hang moments index (migration 0200)', () => {
  const moved = (hint: string) =>
    `SELECT DISTINCT incident_id FROM incident_events ${hint} WHERE action IN ('hang', 'unhang') AND at >= @e ORDER BY incident_id`;

  it('answers which cases went on or off the hang list after a moment from the index alone, as a scan of every event does', () => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${moved('INDEXED BY incident_events_hang_at')}`).all({ e: 0 }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/COVERING INDEX incident_events_hang_at/);
    const hangs = db.prepare(`SELECT at FROM incident_events WHERE action IN ('hang', 'unhang') ORDER BY at`).pluck().all() as number[];
    expect(hangs.length).toBeGreaterThan(5);
    for (const e of [0, hangs[Math.floor(hangs.length / 2)]!, hangs.at(-1)!, hangs.at(-1)! + 1]) {
      const viaIndex = db.prepare(moved('INDEXED BY incident_events_hang_at')).pluck().all({ e });
      const scanned = db.prepare(moved('NOT INDEXED')).pluck().all({ e });
      expect(viaIndex).toEqual(scanned);
    }
  });
});

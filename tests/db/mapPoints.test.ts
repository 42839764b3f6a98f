import { describe, expect, it } from 'vitest';
import { createIncident } from '../../db/queries/caseWorkflow';
import { countIncidents } from '../../db/queries/incidents';
import { inIdOrder, mapPointChunkSql, mapPointChunks, mapPoints } from '../../db/queries/map';
import { INCIDENT_STATUSES } from '../../db/domain/codes';
import { createHandlers } from '../../electron/handlers';
import { invokeCall } from '../../electron/handlers/invoke';
import { readAllPoints, type ByteChunks } from '../../electron/contract/mapPointsWire';
import { decodePoints } from '../../renderer/features/map/points/pointsCodec';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

const NOW = sh('2026-11-24T18:00');

function populated(): DeskFixture {
  const f = deskFixture();
  const statuses = ['reported', 'dispatched', 'handling', 'closed'] as const;
  for (let k = 0; k < 40; k++) {
    const at = sh('2026-11-23T08:00') + k * 30 * 60_000;
    const c = createIncident(
      f.db,
      {
        operatorId: f.operators.supervisor,
        categoryId: k % 3 === 0 ? f.categories.vendor : f.categories.garbage,
        description: `识字岭小区门口暴露垃圾 ${k}`,
        lon: k % 2 === 0 ? 113.005 : 113.015,
        lat: 28.19 + k * 0.0001,
        crs: 'wgs84',
        source: 'patrol',
      },
      at,
    );
    const status = statuses[k % 4]!;
    f.db.prepare(`UPDATE incidents SET status = ?, due_at = ? WHERE id = ?`).run(status, status === 'reported' ? null : at + 4 * 3_600_000, c.id);
  }
  return f;
}

describe('map:points', () => {
  it('encodes every located case as typed arrays that decode to the same ids, places, statuses and overdue flags', () => {
    const f = populated();
    const payload = mapPoints(f.db, {}, NOW);
    expect(payload.count).toBe(40);
    const p = decodePoints(payload);
    const rows = f.db.prepare('SELECT id, lon, lat, status, due_at FROM incidents ORDER BY id').all() as {
      id: number;
      lon: number;
      lat: number;
      status: string;
      due_at: number | null;
    }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (let i = 0; i < p.count; i++) {
      const r = byId.get(p.ids[i]!)!;
      expect(p.coords[2 * i]).toBeCloseTo(r.lon, 5);
      expect(p.coords[2 * i + 1]).toBeCloseTo(r.lat, 5);
      expect(INCIDENT_STATUSES[p.status[i]!]).toBe(r.status);
      const isOverdue = r.status !== 'closed' && r.due_at !== null && r.due_at < NOW;
      expect(p.overdue[i]).toBe(isOverdue ? 1 : 0);
    }
    // Stays compact: 14 bytes a point before base64, never JSON objects.
    expect(payload.ids.length + payload.coords.length + payload.status.length + payload.overdue.length).toBeLessThan(40 * 14 * 1.4 + 16);
  });

  it('follows the case list filter: the same count as incidents:count for statuses, overdue, grid and rectangle', () => {
    const f = populated();
    const filters = [
      { statuses: ['handling' as const] },
      { overdue: true },
      { bbox: [113.0, 28.0, 113.01, 28.5] as [number, number, number, number] },
      { gridCode: (f.db.prepare('SELECT code FROM grids WHERE id = ?').get(f.grids.west) as { code: string }).code },
    ];
    for (const filter of filters) {
      expect(mapPoints(f.db, filter, NOW).count).toBe(countIncidents(f.db, filter, NOW));
    }
    const inBox = decodePoints(mapPoints(f.db, { bbox: [113.0, 28.0, 113.01, 28.5] }, NOW));
    for (let i = 0; i < inBox.count; i++) expect(inBox.coords[2 * i]).toBeLessThan(113.01);
  });

  it('is served by the handlers with the filter validated', async () => {
    const f = populated();
    const handlers = createHandlers({ db: f.db, databasePath: ':memory:', transport: 'direct', version: 't', now: () => NOW });
    const ok = await invokeCall(handlers, 'map:points', { filter: { statuses: ['closed'] } });
    expect(ok.ok && (await readAllPoints(ok.value as ByteChunks)).count).toBe(10);
    const bad = await invokeCall(handlers, 'map:points', { filter: { statuses: ['nope'] } });
    expect(bad.ok).toBe(false);
  });

  it('reads in chunks the same points as the whole answer, in case-id order, and needs no more than the chunks', () => {
    const f = populated();
    for (const filter of [{}, { statuses: ['handling' as const] }, { overdue: true }]) {
      const whole = decodePoints(mapPoints(f.db, filter, NOW));
      const chunks = mapPointChunks(f.db, filter, NOW, 7);
      const ids: number[] = [];
      const codes: number[] = [];
      for (let step = chunks.next(); !step.done; step = chunks.next()) {
        expect(step.value.count).toBeLessThanOrEqual(7);
        ids.push(...step.value.ids);
        codes.push(...[...step.value.status].map((st, k) => st + 256 * step.value.overdue[k]!));
      }
      expect(ids).toEqual([...whole.ids]);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(codes).toEqual([...whole.status].map((st, k) => st + 256 * whole.overdue[k]!));
    }
  });

  it('reads the covering index of the map points (migration 0210), not the table, for the usual filters', () => {
    const f = populated();
    mapPointChunks(f.db, {}, NOW).next(); // registers griddesk_map_point, which the plan's statement names
    const filters = [
      {},
      { statuses: [...INCIDENT_STATUSES], includeDuplicates: true },
      { reportedFrom: sh('2026-11-23T10:00') },
      { statuses: ['dispatched' as const], overdue: true },
      { bbox: [113.0, 28.18, 113.01, 28.2] as [number, number, number, number] },
    ];
    for (const filter of filters) {
      const { sql, params } = mapPointChunkSql(filter, NOW);
      const plan = (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, after: -1, limit: 10 }) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan, JSON.stringify(filter)).toMatch(/USING COVERING INDEX incidents_map_points/);
    }
    // A case without a place is not in the index, and not on the map.
    f.db.prepare('UPDATE incidents SET lon = NULL, lat = NULL WHERE id = (SELECT min(id) FROM incidents)').run();
    expect(f.db.prepare('SELECT count(*) FROM incidents INDEXED BY incidents_map_points WHERE lon IS NOT NULL').pluck().get()).toBe(39);
    expect(mapPoints(f.db, {}, NOW).count).toBe(39);
    // Other filters are left to the planner.
    expect(mapPointChunkSql({ gridCode: '430102001001001' }, NOW).sql).not.toMatch(/INDEXED BY/);
  });

  it('answers the same from a database without the covering index (opened read-only before migration 0210)', () => {
    const a = populated();
    const b = populated();
    b.db.exec('DROP INDEX incidents_map_points');
    for (const filter of [{}, { statuses: ['dispatched' as const] }, { reportedFrom: sh('2026-11-23T10:00') }]) {
      const read = (f: DeskFixture) => {
        const out: number[] = [];
        const chunks = mapPointChunks(f.db, filter, NOW, 7);
        for (let step = chunks.next(); !step.done; step = chunks.next()) out.push(...step.value.ids, ...step.value.status, ...step.value.overdue);
        return out;
      };
      const expected = read(a);
      expect(expected.length).toBeGreaterThan(0);
      expect(read(b)).toEqual(expected);
    }
  });

  it("keeps its row function to the map's own query: not usable from a view or a trigger", () => {
    const f = populated();
    mapPointChunks(f.db, {}, NOW).next();
    f.db.exec('CREATE VIEW sneaky AS SELECT griddesk_map_point(1, 2, 3) AS x');
    expect(() => f.db.prepare('SELECT x FROM sneaky').get()).toThrow(/unsafe use/);
    // Called outside a read it writes nothing anywhere.
    expect(f.db.prepare('SELECT griddesk_map_point(512, 1, 2)').pluck().get()).toBe(0);
  });

  it('puts a chunk back in case-id order should rows ever come otherwise', () => {
    const c = inIdOrder({
      count: 3,
      ids: new Uint32Array([30, 10, 20]),
      coords: new Float32Array([3, 33, 1, 11, 2, 22]),
      status: new Uint8Array([3, 1, 2]),
      overdue: new Uint8Array([1, 0, 0]),
    });
    expect([...c.ids, ...c.coords, ...c.status, ...c.overdue]).toEqual([10, 20, 30, 1, 11, 2, 22, 3, 33, 1, 2, 3, 0, 0, 1]);
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon } from 'polygon-clipping';
import turfArea from '@turf/area';
import { openDatabase, type Db } from '../../db/open';
import { isAppError } from '../../db/errors';
import { containsPoint } from '../../db/geo';
import { locateGrid } from '../../db/queries/grids';
import { TRANSITIONS, type WorkflowAction } from '../../db/domain/workflow';
import { addWorkingTime, loadCalendar } from '../../db/workingTime';
import { shanghaiDate, shanghaiMidnight } from '../../db/domain/time';
import { loadDemo } from '../../db/demo/load';
import { generateDemoDistrict } from '../../db/demo/generate';
import { FURONG_OUTLINE } from '../../db/demo/outline';
import type { GridGeometry, IncidentStatus, LimitUnit } from '../../db/types';
import { OPEN_STATUSES } from '../../db/domain/codes';
import { itWithReference } from '../helpers/referenceData';

const UNTIL = '2026-11-25'; // a Wednesday
const SEED = 20170822;
const AS_OF = shanghaiMidnight(UNTIL);
const PERIOD_START = shanghaiMidnight('2026-09-07'); // Monday, 11 weeks before the week of UNTIL

const dirs: string[] = [];
function newDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-demo-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'demo.sqlite')).db;
}

interface GridRow {
  id: number;
  code: string;
  parent_id: number | null;
  level: number;
  name: string;
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  area_m2: number;
}

const multi = (g: GridGeometry): MultiPolygon =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown as MultiPolygon;
const areaOf = (mp: MultiPolygon): number => (mp.length === 0 ? 0 : turfArea({ type: 'MultiPolygon', coordinates: mp }));
const bboxesMeet = (a: GridRow, b: GridRow) =>
  a.min_lon <= b.max_lon && b.min_lon <= a.max_lon && a.min_lat <= b.max_lat && b.min_lat <= a.max_lat;

/** SHA-256 over every row of every ordinary table, in a fixed order. */
function hashDatabase(db: Db): string {
  const hash = crypto.createHash('sha256');
  const tables = (db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]);
  for (const table of tables) {
    const columns = (db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(table) as number);
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    hash.update(`table ${table}\n`);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().iterate()) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

let db: Db;
let grids: GridRow[];
let result: ReturnType<typeof loadDemo>;

beforeAll(() => {
  db = newDb();
  result = loadDemo(db, { seed: SEED, until: UNTIL, incidents: 20_000 });
  grids = db.prepare(`SELECT * FROM grids ORDER BY code`).all() as GridRow[];
});

afterAll(() => {
  db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo district: grids', () => {
  it('has 214 grids = 1 district + 13 streets + 200 community grids with valid codes, parents and levels', () => {
    expect(result).toMatchObject({ grids: 214, incidents: 20_000, seed: SEED, until: UNTIL });
    expect(grids).toHaveLength(214);
    const byId = new Map(grids.map((g) => [g.id, g]));
    const district = grids.filter((g) => g.level === 1);
    const streets = grids.filter((g) => g.level === 2);
    const community = grids.filter((g) => g.level === 3);
    expect(district.map((g) => [g.code, g.name])).toEqual([['430102000000000', '芙蓉区']]);
    expect(streets.map((g) => g.code)).toEqual(
      Array.from({ length: 13 }, (_, i) => `430102${String(i + 1).padStart(3, '0')}000000`),
    );
    expect(streets.map((g) => g.name)).toEqual([
      '文艺路街道', '朝阳街街道', '韭菜园街道', '五里牌街道', '火星街道', '马王堆街道', '东屯渡街道',
      '湘湖街道', '定王台街道', '荷花园街道', '东岸街道', '马坡岭街道', '东湖街道',
    ]);
    expect(community).toHaveLength(200);
    for (const g of grids) expect(g.code).toMatch(/^430102\d{9}$/);
    for (const s of streets) expect(byId.get(s.parent_id!)?.level).toBe(1);
    const perCommunity = new Map<string, number>();
    for (const g of community) {
      const parent = byId.get(g.parent_id!)!;
      expect(parent.level).toBe(2);
      expect(g.code.slice(0, 9)).toBe(parent.code.slice(0, 9));
      expect(g.code.slice(9, 12)).not.toBe('000');
      expect(g.code.slice(12)).not.toBe('000');
      expect(g.name).toMatch(/^.+社区第\d网格$/);
      perCommunity.set(g.code.slice(0, 12), (perCommunity.get(g.code.slice(0, 12)) ?? 0) + 1);
    }
    for (const [code, n] of perCommunity) {
      expect(n, code).toBeGreaterThanOrEqual(3);
      expect(n, code).toBeLessThanOrEqual(6);
    }
    for (const s of streets) {
      expect(community.filter((g) => g.parent_id === s.id).length, s.name).toBeGreaterThanOrEqual(8);
    }
  });

  it('stores single polygons with matching bounding boxes and areas', () => {
    for (const g of grids) {
      const geometry = JSON.parse(g.geometry) as GridGeometry;
      expect(geometry.type, g.code).toBe('Polygon');
      const points = multi(geometry).flat(2);
      expect(Math.min(...points.map((p) => p[0]))).toBe(g.min_lon);
      expect(Math.max(...points.map((p) => p[1]))).toBe(g.max_lat);
      for (const p of points) {
        expect(Math.round(p[0] * 1e6) / 1e6).toBe(p[0]);
        expect(Math.round(p[1] * 1e6) / 1e6).toBe(p[1]);
      }
      expect(g.area_m2).toBeCloseTo(areaOf(multi(geometry)), 0);
    }
    const district = grids[0]!;
    expect(district.area_m2 / 1e6).toBeGreaterThan(40);
    expect(district.area_m2 / 1e6).toBeLessThan(48);
  });

  it('tiles every parent exactly: children inside, no overlaps between siblings, areas summing to the parent', () => {
    const shapes = new Map(grids.map((g) => [g.id, multi(JSON.parse(g.geometry) as GridGeometry)]));
    const streets = grids.filter((g) => g.level === 2);
    for (const parent of grids.filter((g) => g.level < 3)) {
      const children = grids.filter((g) => g.parent_id === parent.id);
      const sum = children.reduce((s, c) => s + c.area_m2, 0);
      expect(Math.abs(sum - parent.area_m2) / parent.area_m2, parent.name).toBeLessThan(0.001);
      for (let i = 0; i < children.length; i++) {
        for (let j = i + 1; j < children.length; j++) {
          const a = children[i]!;
          const b = children[j]!;
          if (!bboxesMeet(a, b)) continue;
          const overlap = areaOf(polygonClipping.intersection(shapes.get(a.id)!, shapes.get(b.id)!));
          expect(overlap, `${a.code} ∩ ${b.code}`).toBeLessThan(1);
        }
      }
    }
    // Each community grid lies in exactly one street, its parent (area of intersection and centroid).
    for (const g of grids.filter((x) => x.level === 3)) {
      const shape = shapes.get(g.id)!;
      const containing = streets.filter((s) => {
        if (!bboxesMeet(g, s)) return false;
        return areaOf(polygonClipping.intersection(shape, shapes.get(s.id)!)) > 1;
      });
      expect(containing.map((s) => s.id), g.code).toEqual([g.parent_id]);
      const inside = areaOf(polygonClipping.intersection(shape, shapes.get(g.parent_id!)!));
      expect(inside / g.area_m2).toBeGreaterThan(0.999);
      const ring = shape[0]![0]!;
      let cx = 0;
      let cy = 0;
      let a = 0;
      for (let i = 0, k = ring.length - 1; i < ring.length; k = i++) {
        const f = ring[k]![0] * ring[i]![1] - ring[i]![0] * ring[k]![1];
        a += f;
        cx += (ring[k]![0] + ring[i]![0]) * f;
        cy += (ring[k]![1] + ring[i]![1]) * f;
      }
      const centroid: [number, number] = [cx / (3 * a), cy / (3 * a)];
      const parentGeometry = JSON.parse(grids.find((s) => s.id === g.parent_id)!.geometry) as GridGeometry;
      if (containsPoint(JSON.parse(g.geometry) as GridGeometry, ...centroid)) {
        expect(containsPoint(parentGeometry, ...centroid), g.code).toBe(true);
      }
    }
  });

  it('places the streets in their real parts of the district (old town west of 浏阳河, four streets east)', () => {
    const centre = (name: string) => {
      const g = grids.find((x) => x.name === name)!;
      return [(g.min_lon + g.max_lon) / 2, (g.min_lat + g.max_lat) / 2] as const;
    };
    for (const name of ['文艺路街道', '朝阳街街道', '韭菜园街道', '五里牌街道', '定王台街道', '荷花园街道']) {
      expect(centre(name)[0], name).toBeLessThan(113.03);
    }
    for (const name of ['东屯渡街道', '东岸街道', '东湖街道', '马坡岭街道']) expect(centre(name)[0], name).toBeGreaterThan(113.05);
    expect(centre('定王台街道')[0]).toBeLessThan(centre('文艺路街道')[0]);
    expect(centre('东屯渡街道')[1]).toBeGreaterThan(centre('马坡岭街道')[1]);
    expect(centre('东湖街道')[0]).toBeGreaterThan(centre('东岸街道')[0]);
  });
});

describe('demo district: outline', () => {

  it('has 20–60 vertices rounded to 4 decimals', () => {
    const vertices = FURONG_OUTLINE.length - 1;
    expect(vertices).toBeGreaterThanOrEqual(20);
    expect(vertices).toBeLessThanOrEqual(60);
    expect(FURONG_OUTLINE[0]).toEqual(FURONG_OUTLINE[FURONG_OUTLINE.length - 1]);
    for (const [lon, lat] of FURONG_OUTLINE) {
      expect(Math.round(lon * 1e4) / 1e4).toBe(lon);
      expect(Math.round(lat * 1e4) / 1e4).toBe(lat);
      expect(lon).toBeGreaterThan(112.96);
      expect(lon).toBeLessThan(113.11);
      expect(lat).toBeGreaterThan(28.17);
      expect(lat).toBeLessThan(28.23);
    }
  });

  itWithReference('furong-district-gcj02.geojson', 'follows the real boundary: intersection over union ≥ 0.85 with the reference outline', (reference) => {
    const collection = JSON.parse(fs.readFileSync(reference, 'utf8')) as {
      features: { geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } }[];
    };
    const wgs = collection.features[0]!.geometry.coordinates.map((poly) =>
      poly.map((ring) => ring.map((p) => gcoord.transform([p[0]!, p[1]!], gcoord.GCJ02, gcoord.WGS84) as [number, number])),
    ) as MultiPolygon;
    const ours = multi(JSON.parse(grids[0]!.geometry) as GridGeometry);
    const iou = areaOf(polygonClipping.intersection(ours, wgs)) / areaOf(polygonClipping.union(ours, wgs));
    expect(iou).toBeGreaterThanOrEqual(0.85);
  });

  it('contains real places of 芙蓉区 and leaves out places outside it', () => {
    // Positions as AMap shows them (GCJ-02), converted to WGS-84 as the app stores them.
    const places: [string, number, number][] = [
      ['长沙火车站', 113.0134, 28.1946],
      ['芙蓉广场', 112.9886, 28.1966],
      ['定王台', 112.9865, 28.1916],
      ['湖南农业大学', 113.0826, 28.1845],
      ['马王堆', 113.0362, 28.2116],
    ];
    for (const [name, lon, lat] of places) {
      const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
      expect(locateGrid(db, x, y).grid, name).not.toBeNull();
    }
    const [x, y] = gcoord.transform([112.9605, 28.1865], gcoord.GCJ02, gcoord.WGS84) as [number, number]; // 橘子洲
    expect(locateGrid(db, x, y).grid).toBeNull();
  });
});

describe('demo district: people', () => {
  it('has about 300 persons and every community grid has a grid leader, worker and cleaner on duty', () => {
    expect(result.persons).toBeGreaterThanOrEqual(250);
    expect(result.persons).toBeLessThanOrEqual(350);
    for (const date of ['2026-09-07', '2026-11-24']) {
      const missing = db
        .prepare(
          `SELECT g.code, r.role FROM grids g CROSS JOIN (SELECT 'grid_leader' AS role UNION ALL SELECT 'grid_worker' UNION ALL SELECT 'cleaner' UNION ALL SELECT 'enforcement_officer') r
           WHERE g.level = 3 AND NOT EXISTS (
             SELECT 1 FROM duties d WHERE d.grid_id = g.id AND d.role = r.role
               AND d.valid_from <= @date AND (d.valid_to IS NULL OR d.valid_to >= @date))`,
        )
        .all({ date });
      expect(missing, date).toEqual([]);
    }
    const officers = db.prepare(`SELECT DISTINCT category_big_code FROM duties WHERE role = 'enforcement_officer'`).pluck().all();
    expect(officers).toEqual(['04']);
    const inspectorStreets = db
      .prepare(`SELECT count(DISTINCT d.grid_id) FROM duties d JOIN grids g ON g.id = d.grid_id WHERE d.role = 'inspector' AND g.level = 2`)
      .pluck()
      .get();
    expect(inspectorStreets).toBe(13);
    const names = db.prepare(`SELECT name FROM persons`).pluck().all() as string[];
    expect(new Set(names).size).toBe(names.length);
    for (const phone of db.prepare(`SELECT phone FROM persons`).pluck().all() as string[]) expect(phone).toMatch(/^1[3-9]\d{9}$/);
    const roles = db.prepare(`SELECT DISTINCT role FROM operators ORDER BY role`).pluck().all();
    expect(roles).toEqual(['handler', 'inspector', 'manager', 'supervisor']);
  });
});

interface IncidentRow {
  id: number;
  case_no: string;
  category_id: number;
  lon: number;
  lat: number;
  grid_id: number;
  source: string;
  status: IncidentStatus;
  assignee_id: number | null;
  reported_at: number;
  registered_at: number | null;
  dispatched_at: number | null;
  handled_at: number | null;
  closed_at: number | null;
  due_at: number | null;
  dispatch_due_at: number | null;
  verify_due_at: number | null;
  duplicate_of: number | null;
  is_fixed_on_spot: number;
  rework_count: number;
  extension_count: number;
  version: number;
  updated_at: number;
}

interface EventRow {
  incident_id: number;
  at: number;
  action: string;
  from_status: IncidentStatus | null;
  to_status: IncidentStatus | null;
  actor_name: string;
  data: string | null;
}

describe('demo district: incidents', () => {
  it('reports every case inside its grid, within the 12 weeks, with a date-based unique case number', () => {
    const rows = db.prepare(`SELECT i.*, g.geometry, g.level FROM incidents i JOIN grids g ON g.id = i.grid_id`).all() as (IncidentRow & {
      geometry: string;
      level: number;
    })[];
    expect(rows).toHaveLength(20_000);
    const cache = new Map<number, GridGeometry>();
    let daytime = 0;
    for (const r of rows) {
      expect(r.level).toBe(3);
      const geometry = cache.get(r.grid_id) ?? (JSON.parse(r.geometry) as GridGeometry);
      cache.set(r.grid_id, geometry);
      expect(containsPoint(geometry, r.lon, r.lat), r.case_no).toBe(true);
      expect(r.reported_at).toBeGreaterThanOrEqual(PERIOD_START);
      expect(r.reported_at).toBeLessThan(AS_OF);
      expect(r.case_no).toMatch(/^\d{13}$/);
      expect(r.case_no.slice(0, 8)).toBe(shanghaiDate(r.reported_at).replaceAll('-', ''));
      const hour = new Date(r.reported_at + 8 * 3_600_000).getUTCHours();
      if (hour >= 8 && hour < 19) daytime++;
    }
    expect(new Set(rows.map((r) => r.case_no)).size).toBe(rows.length);
    expect(daytime / rows.length).toBeGreaterThan(0.7);
    const sources = db.prepare(`SELECT source, count(*) AS n FROM incidents GROUP BY source ORDER BY n DESC`).all() as {
      source: string;
      n: number;
    }[];
    expect(sources[0]!.source).toBe('patrol');
    expect(sources.map((s) => s.source).sort()).toEqual(['hotline', 'patrol', 'referral', 'video']);
    const top = db
      .prepare(
        `SELECT c.code FROM incidents i JOIN categories c ON c.id = i.category_id GROUP BY c.id ORDER BY count(*) DESC LIMIT 4`,
      )
      .pluck()
      .all();
    expect([...top].sort()).toEqual(['0102', '0201', '0401', '0404']);
  });

  it('keeps a full, legal event history consistent with each case row', () => {
    const incidents = db.prepare(`SELECT * FROM incidents ORDER BY id`).all() as IncidentRow[];
    const events = db.prepare(`SELECT * FROM incident_events ORDER BY incident_id, id`).all() as EventRow[];
    expect(events).toHaveLength(result.events);
    const limits = new Map(
      (db.prepare(`SELECT id, handling_limit, handling_unit FROM categories WHERE level = 2`).all() as {
        id: number;
        handling_limit: number;
        handling_unit: LimitUnit;
      }[]).map((c) => [c.id, c]),
    );
    const calendar = loadCalendar(db);
    const byIncident = new Map<number, EventRow[]>();
    for (const e of events) {
      const list = byIncident.get(e.incident_id) ?? [];
      list.push(e);
      byIncident.set(e.incident_id, list);
    }
    const byId = new Map(incidents.map((i) => [i.id, i]));
    const platformDueOf = new Map(
      (db.prepare(`SELECT incident_id, platform_due_at FROM hotline_orders`).all() as { incident_id: number; platform_due_at: number | null }[]).map((r) => [r.incident_id, r.platform_due_at]),
    );
    for (const c of incidents) {
      const log = byIncident.get(c.id)!;
      const first = log[0]!;
      if (c.is_fixed_on_spot) {
        expect(first).toMatchObject({ action: 'fix_on_spot', from_status: null, to_status: 'handled' });
      } else {
        // A 12345 order waits for 签收 first.
        expect(first).toMatchObject({ action: 'report', from_status: null, to_status: c.source === 'hotline' ? 'received' : 'reported' });
      }
      const platformDue = platformDueOf.get(c.id) ?? null;
      expect(first.at).toBe(c.reported_at);
      expect(log[log.length - 1]!.to_status, c.case_no).toBe(c.status);
      // The escalation clock's rungs (预警, 催办, 督办) change neither the version nor the time of the last change.
      const steps = log.filter((e) => e.actor_name !== '督办时钟');
      expect(c.version).toBe(steps.length);
      expect(c.updated_at).toBe(steps[steps.length - 1]!.at);
      let registered: number | null = null;
      let dispatched: number | null = null;
      let handled: number | null = null;
      let closed: number | null = null;
      let due: number | null = null;
      let dispatchDue: number | null = null;
      let verifyDue: number | null = c.is_fixed_on_spot ? ((JSON.parse(first.data ?? '{}') as { verifyDueAt?: number }).verifyDueAt ?? null) : null;
      let assignee: number | null = null;
      let rework = 0;
      let extensions = 0;
      for (let k = 1; k < log.length; k++) {
        const e = log[k]!;
        const previous = log[k - 1]!;
        expect(e.at).toBeGreaterThanOrEqual(previous.at);
        expect(e.at).toBeLessThan(AS_OF);
        expect(e.from_status, `${c.case_no} ${e.action}`).toBe(previous.to_status);
        expect(e.actor_name.length).toBeGreaterThan(0);
        const data = e.data ? (JSON.parse(e.data) as Record<string, number>) : {};
        if (e.actor_name === '督办时钟') {
          expect(['warn', 'urge', 'supervise']).toContain(e.action);
          expect(e.to_status).toBe(e.from_status);
        } else if (e.action === 'mark_duplicate') {
          expect(e.to_status).toBe(e.from_status);
          expect(data.originalId).toBe(c.duplicate_of);
        } else if (e.action !== 'fix_on_spot') {
          const rule = TRANSITIONS[e.action as WorkflowAction];
          expect(rule, e.action).toBeDefined();
          expect(rule.from).toContain(e.from_status);
          expect(e.to_status).toBe(rule.to ?? e.from_status);
        }
        // Each stage on its own clock: the finishing event says whether the stage met its deadline.
        const clock = (data as unknown as { clock?: { stage: string; dueAt: number; onTime: boolean } }).clock;
        const finishes = { dispatch: 'dispatch', handle: 'handling', verify_pass: 'verification', verify_fail: 'verification' }[e.action];
        if (finishes) {
          const stageDue = finishes === 'dispatch' ? dispatchDue : finishes === 'handling' ? due : verifyDue;
          expect(clock, `${c.case_no} ${e.action}`).toEqual(stageDue === null ? undefined : { stage: finishes, dueAt: stageDue, onTime: e.at <= stageDue });
        } else if (!['acknowledge', 'callback', 'callback_redo'].includes(e.action)) expect(clock).toBeUndefined();
        if (e.action === 'register' || e.action === 'return') dispatchDue = data.dispatchDueAt ?? null;
        if (e.action === 'handle') verifyDue = data.verifyDueAt ?? null;
        if (e.action === 'register') registered = e.at;
        if (e.action === 'dispatch') {
          dispatched = e.at;
          due = data.dueAt!;
          const limit = limits.get(c.category_id)!;
          const byCategory = addWorkingTime(e.at, limit.handling_limit, limit.handling_unit, calendar);
          // A 12345 order's own 办理时限 stands when it is earlier.
          expect(due).toBe(platformDue !== null && platformDue < byCategory ? platformDue : byCategory);
          assignee = data.assigneeId!;
        }
        if (e.action === 'extend_approve') {
          due = data.dueAt!;
          extensions++;
        }
        if (e.action === 'handle') handled = e.at;
        if (e.action === 'verify_fail') {
          handled = null;
          rework++;
        }
        if (e.action === 'verify_pass') closed = e.at;
        if (e.action === 'callback_redo') {
          // 不满意: handled again by the same person, the handling clock restarted.
          closed = null;
          handled = null;
          dispatched = e.at;
          due = data.dueAt!;
          verifyDue = null;
        }
        if (e.action === 'return_approve') due = null;
      }
      if (c.is_fixed_on_spot) handled = c.reported_at;
      expect([c.registered_at, c.dispatched_at, c.handled_at, c.closed_at, c.due_at], c.case_no).toEqual([
        registered,
        dispatched,
        handled,
        closed,
        due,
      ]);
      expect([c.rework_count, c.extension_count, c.assignee_id]).toEqual([rework, extensions, assignee]);
      expect([c.dispatch_due_at, c.verify_due_at], c.case_no).toEqual([dispatchDue, verifyDue]);
      if (c.duplicate_of !== null) {
        // A duplicate repeats an earlier open case of the same small class within 50 m.
        const original = byId.get(c.duplicate_of)!;
        expect(original.category_id).toBe(c.category_id);
        expect(original.reported_at).toBeLessThan(c.reported_at);
        expect(original.duplicate_of).toBeNull();
        const metres = Math.hypot(
          (original.lon - c.lon) * 111_320 * Math.cos((c.lat * Math.PI) / 180),
          (original.lat - c.lat) * 110_574,
        );
        expect(metres).toBeLessThan(50);
        const before = byIncident.get(original.id)!.filter((e) => e.at <= c.reported_at);
        expect(OPEN_STATUSES).toContain(before[before.length - 1]!.to_status);
      }
    }
  });

  it('has a plausible mix of outcomes: mostly closed on time, some late, reworked, extended, hung, open and overdue', () => {
    const count = (where: string) => db.prepare(`SELECT count(*) FROM incidents WHERE ${where}`).pluck().get() as number;
    const total = 20_000;
    expect(count(`status = 'closed'`) / total).toBeGreaterThan(0.8);
    const closedWithDue = count(`status = 'closed' AND due_at IS NOT NULL`);
    expect(count(`status = 'closed' AND closed_at <= due_at`) / closedWithDue).toBeGreaterThan(0.7);
    expect(count(`status = 'closed' AND closed_at > due_at`)).toBeGreaterThan(0);
    expect(count(`rework_count > 0`) / total).toBeGreaterThan(0.02);
    expect(count(`extension_count > 0`)).toBeGreaterThan(50);
    expect(count(`is_fixed_on_spot = 1`) / total).toBeGreaterThan(0.05);
    expect(count(`status = 'rejected' AND duplicate_of IS NULL`) / total).toBeGreaterThan(0.01);
    expect(count(`status = 'voided'`)).toBeGreaterThan(20);
    expect(count(`status = 'hung'`)).toBeGreaterThan(20);
    expect(count(`duplicate_of IS NOT NULL`) / total).toBeGreaterThan(0.01);
    expect(count(`duplicate_of IS NOT NULL`) / total).toBeLessThan(0.06);
    expect(count(`id IN (SELECT incident_id FROM incident_events WHERE action = 'return')`)).toBeGreaterThan(50);
    for (const status of OPEN_STATUSES) expect(count(`status = '${status}'`), status).toBeGreaterThan(0);
    const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
    expect(count(`status IN (${open}) AND due_at < ${AS_OF}`)).toBeGreaterThan(10);
    // Open cases are recent, apart from overdue ones and long (working-day) limits.
    const oldOpen = db
      .prepare(
        `SELECT DISTINCT c.handling_unit FROM incidents i JOIN categories c ON c.id = i.category_id
         WHERE i.status IN (${open}) AND i.reported_at < ${AS_OF - 30 * 86_400_000} AND i.due_at >= ${AS_OF}`,
      )
      .pluck()
      .all();
    expect(oldOpen.filter((unit) => unit !== 'wd')).toEqual([]);
  });

  it('has 12345 orders, about a fifth of the cases, with 签收, callbacks, a realistic satisfaction rate, 重办 and 退单', () => {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const orders = count(`SELECT count(*) FROM hotline_orders`);
    expect(orders).toBe(count(`SELECT count(*) FROM incidents WHERE source = 'hotline'`));
    expect(orders / 20_000).toBeGreaterThan(0.15);
    expect(orders / 20_000).toBeLessThan(0.25);
    expect(count(`SELECT count(DISTINCT order_no) FROM hotline_orders`)).toBe(orders);
    for (const phone of db.prepare(`SELECT caller_phone FROM hotline_orders LIMIT 50`).pluck().all() as string[]) expect(phone).toMatch(/^1[3-9]\d{9}$/);
    const results = Object.fromEntries(
      (db.prepare(`SELECT coalesce(callback_result, 'pending') AS r, count(*) AS n FROM hotline_orders WHERE replied_at IS NOT NULL GROUP BY r`).all() as { r: string; n: number }[]).map((x) => [x.r, x.n]),
    );
    const satisfied = (results['satisfied'] ?? 0) + (results['basic'] ?? 0);
    const redone = count(`SELECT count(*) FROM incident_events WHERE action = 'callback_redo'`);
    expect(satisfied / (satisfied + redone)).toBeGreaterThan(0.85);
    expect(satisfied / (satisfied + redone)).toBeLessThan(0.99);
    expect(results['unreachable']).toBeGreaterThan(0);
    expect(redone).toBeGreaterThan(10);
    expect(count(`SELECT count(*) FROM incidents WHERE status = 'returned_to_platform'`)).toBeGreaterThan(10);
    expect(count(`SELECT count(*) FROM incidents WHERE status = 'received'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM incident_events WHERE action = 'acknowledge' AND json_extract(data, '$.clock.onTime') = 0`)).toBeGreaterThan(0);
    // Each order's row is what its events say.
    const rows = db.prepare(`SELECT * FROM hotline_orders ORDER BY incident_id`).all() as Record<string, unknown>[];
    const events = db.prepare(`SELECT incident_id, action, at, data FROM incident_events WHERE incident_id IN (SELECT incident_id FROM hotline_orders) ORDER BY incident_id, id`).all() as {
      incident_id: number;
      action: string;
      at: number;
      data: string | null;
    }[];
    const byCase = new Map<number, typeof events>();
    for (const e of events) byCase.set(e.incident_id, [...(byCase.get(e.incident_id) ?? []), e]);
    for (const r of rows) {
      const log = byCase.get(r.incident_id as number)!;
      const at = (action: string) => log.filter((e) => e.action === action).at(-1)?.at ?? null;
      expect(r.acknowledged_at, String(r.order_no)).toBe(at('acknowledge'));
      expect(r.returned_at).toBe(at('return_approve'));
      expect(r.reopen_count).toBe(log.filter((e) => e.action === 'callback_redo').length);
      const lastClose = log.map((e) => e.action).lastIndexOf('verify_pass');
      const lastRedo = log.map((e) => e.action).lastIndexOf('callback_redo');
      // The reply and the callback are those of the last closure; a 重办 after it clears them.
      const closedLast = lastClose > lastRedo;
      expect(r.replied_at).toBe(closedLast ? log[lastClose]!.at : null);
      const unanswered = log.slice(lastClose + 1).filter((e) => e.action === 'callback' && (JSON.parse(e.data!) as { result: string }).result === 'unreachable').length;
      expect(r.callback_attempts).toBe(unanswered);
    }
  });

  it('has the escalation clock’s rungs up to the generation instant, exactly as the desk’s clock writes them', async () => {
    const { runLadder } = await import('../../db/supervision/ladder');
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(count(`SELECT count(*) FROM incident_events WHERE action = 'warn'`)).toBeGreaterThan(100);
    expect(count(`SELECT count(*) FROM incident_events WHERE action = 'urge'`)).toBeGreaterThan(50);
    expect(count(`SELECT count(*) FROM incidents WHERE supervised_at IS NOT NULL`)).toBeGreaterThan(10);
    // Supervisors chase some late cases by hand, too.
    expect(count(`SELECT count(*) FROM incident_events WHERE action = 'urge' AND operator_id IS NOT NULL AND json_extract(data, '$.manual') = 1`)).toBeGreaterThan(10);
    expect(count(`SELECT count(*) FROM incident_events WHERE action = 'supervise' AND json_extract(data, '$.recipient.personId') IS NULL`)).toBe(0);
    // The desk's clock at the generation instant finds nothing left to write: the demo and the desk agree.
    const copy = newDb();
    loadDemo(copy, { seed: SEED, until: UNTIL, incidents: 2000 });
    const events = copy.prepare(`SELECT count(*) FROM incident_events`).pluck().get() as number;
    expect(runLadder(copy, AS_OF).fired).toEqual([]);
    expect(copy.prepare(`SELECT count(*) FROM incident_events`).pluck().get()).toBe(events);
    copy.close();
  });

  it('records the demo marker and a committed demo import batch', () => {
    const demo = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'demo'`).pluck().get() as string) as unknown;
    expect(demo).toEqual({ seed: SEED, until: UNTIL, generatedAt: '2026-11-25T00:00:00+08:00' });
    const batch = db.prepare(`SELECT format, status, total, accepted FROM import_batches`).all();
    // The batch counts what it holds: its cases and the inspectors' tracks (patrols).
    const patrols = db.prepare(`SELECT count(*) FROM patrols`).pluck().get() as number;
    expect(patrols).toBeGreaterThan(100);
    expect(batch).toEqual([{ format: 'demo', status: 'committed', total: 20_000 + patrols, accepted: 20_000 + patrols }]);
  });

  it('refuses a database that already has grids, changing nothing', () => {
    const before = db.prepare(`SELECT count(*) FROM incidents`).pluck().get();
    let error: unknown;
    try {
      loadDemo(db, { until: UNTIL, incidents: 10 });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.kind).toBe('conflict');
    expect(db.prepare(`SELECT count(*) FROM incidents`).pluck().get()).toBe(before);
    expect(() => loadDemo(newDb(), { until: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('demo district: determinism', () => {
  it('gives byte-identical tables for the same seed and date, and different ones for another seed', () => {
    const a = newDb();
    const b = newDb();
    const c = newDb();
    loadDemo(a, { seed: 7, until: UNTIL, incidents: 3000 });
    loadDemo(b, { seed: 7, until: UNTIL, incidents: 3000 });
    loadDemo(c, { seed: 8, until: UNTIL, incidents: 3000 });
    const hashA = hashDatabase(a);
    expect(hashDatabase(b)).toBe(hashA);
    expect(hashDatabase(c)).not.toBe(hashA);
    // Another seed moves the community grids but keeps the streets (drawn from fixed seed points).
    const streetsOf = (x: Db) => x.prepare(`SELECT area_m2 FROM grids WHERE level <= 2 ORDER BY code`).pluck().all() as number[];
    const streetsA = streetsOf(a);
    streetsOf(c).forEach((m2, i) => expect(Math.abs(m2 - streetsA[i]!) / m2).toBeLessThan(1e-4));
    const gridsOf = (x: Db) => x.prepare(`SELECT geometry FROM grids WHERE level = 3 ORDER BY code`).pluck().all();
    expect(gridsOf(c)).not.toEqual(gridsOf(a));
    for (const x of [a, b, c]) x.close();
  });

  it('streams incidents lazily, so a million cases never sit in memory at once', () => {
    const demo = generateDemoDistrict({ seed: SEED, until: UNTIL, incidents: 1_000_000 });
    const t0 = performance.now();
    let n = 0;
    for (const incident of demo.incidents()) {
      expect(incident.seq).toBe(n);
      if (++n === 2000) break;
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

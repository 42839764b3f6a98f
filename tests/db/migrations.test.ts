import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase, APPLICATION_ID } from '../../db/open';
import { migrations, LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { tempDir } from '../helpers/tmp';

const upTo = (version: number) => migrations.filter((m) => m.version <= version);
const square = JSON.stringify({ type: 'Polygon', coordinates: [[[113, 28.2], [113.01, 28.2], [113.01, 28.21], [113, 28.21], [113, 28.2]]] });

function insertDistrict(db: Database.Database): void {
  db.prepare(
    `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
     VALUES (1, '430102000000000', NULL, 1, '芙蓉区', ?, 113, 28.2, 113.01, 28.21, 0, 0)`,
  ).run(square);
}

describe('migration registry', () => {
  it('lists versions in strictly increasing steps of 10 with unique names', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    versions.forEach((v, i) => expect(v).toBe((i + 1) * 10));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
  });
});

describe('0010 create-grids-and-people', () => {
  it('creates grids with a synced R*Tree index and refuses malformed codes', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db, migration } = openDatabase(file, { migrations: upTo(10) });
    expect(migration).toMatchObject({ from: 0, to: 10, backupPath: null });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    insertDistrict(db);
    expect(db.prepare('SELECT * FROM grid_rtree').all()).toHaveLength(1);
    const hit = db
      .prepare('SELECT id FROM grid_rtree WHERE min_lon <= 113.005 AND max_lon >= 113.005 AND min_lat <= 28.205 AND max_lat >= 28.205')
      .all();
    expect(hit).toEqual([{ id: 1 }]);
    expect(() =>
      db.prepare(
        `INSERT INTO grids (code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
         VALUES ('43010200100000X', 1, 2, 'x', ?, 0, 0, 0, 0, 0, 0)`,
      ).run(square),
    ).toThrow(/CHECK constraint/);
    // A street must have a parent.
    expect(() =>
      db.prepare(
        `INSERT INTO grids (code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
         VALUES ('430102001000000', NULL, 2, '文艺路街道', ?, 0, 0, 0, 0, 0, 0)`,
      ).run(square),
    ).toThrow(/CHECK constraint/);
    db.close();
  });

  it('ties duties to existing persons and grids', () => {
    const { db } = openDatabase(path.join(tempDir(), 'a.sqlite'), { migrations: upTo(10) });
    insertDistrict(db);
    expect(() =>
      db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (99, 1, 'grid_leader', '2026-01-01', 0)`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('0020 create-categories-and-calendar', () => {
  it('keeps the grids of version 10 and adds categories, calendar and settings', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const first = openDatabase(file, { migrations: upTo(10) });
    insertDistrict(first.db);
    first.db.close();
    const { db, migration } = openDatabase(file, { migrations: upTo(20) });
    expect(migration.from).toBe(10);
    expect(migration.to).toBe(20);
    expect(db.prepare('SELECT name FROM grids').all()).toEqual([{ name: '芙蓉区' }]);
    db.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    db.prepare(
      `INSERT INTO categories (kind, level, code, parent_id, name, handling_limit, handling_unit) VALUES ('event', 2, '0102', 1, '暴露垃圾', 4, 'wh')`,
    ).run();
    expect(() =>
      db.prepare(`INSERT INTO categories (kind, level, code, parent_id, name) VALUES ('event', 2, '012', 1, '坏编码')`).run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db.prepare(`INSERT INTO categories (kind, level, code, parent_id, name, handling_limit, handling_unit) VALUES ('event', 2, '0103', 1, 'x', 1, 'hours')`).run(),
    ).toThrow(/CHECK constraint/);
    db.prepare(`INSERT INTO calendar_days VALUES ('2026-10-01', 'holiday', '国庆节')`).run();
    expect(() => db.prepare(`INSERT INTO settings VALUES ('x', 'not json', 0)`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});

describe('0030 create-incidents', () => {
  function atVersion20(): { file: string } {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db } = openDatabase(file, { migrations: upTo(20) });
    insertDistrict(db);
    db.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    db.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
    db.close();
    return { file };
  }

  function insertIncident(db: Database.Database, id = 1): void {
    db.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, lon, lat, grid_id, source, status, reported_at, created_at, updated_at)
       VALUES (?, ?, 2, '路边暴露垃圾', 113.005, 28.205, 1, 'patrol', 'reported', 0, 0, 0)`,
    ).run(id, `2026112500000${id}`);
  }

  it('keeps earlier data and never lets a case or its history be deleted or rewritten', () => {
    const { file } = atVersion20();
    const { db, migration } = openDatabase(file, { migrations: upTo(30) });
    expect(migration).toMatchObject({ from: 20, to: 30 });
    expect(db.prepare('SELECT count(*) AS n FROM categories').get()).toEqual({ n: 2 });
    insertIncident(db);
    db.prepare(
      `INSERT INTO incident_events (incident_id, at, actor_name, action, to_status) VALUES (1, 0, '张三', 'report', 'reported')`,
    ).run();
    expect(() => db.prepare('DELETE FROM incidents WHERE id = 1').run()).toThrow(/案件不能删除/);
    expect(() => db.prepare(`UPDATE incident_events SET note = 'x'`).run()).toThrow(/只能追加/);
    expect(() => db.prepare('DELETE FROM incident_events').run()).toThrow(/只能追加/);
    expect(db.prepare('SELECT count(*) AS n FROM incident_events').get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses unknown statuses, self-duplicates and a second case with the same source id', () => {
    const { file } = atVersion20();
    const { db } = openDatabase(file, { migrations: upTo(30) });
    insertIncident(db);
    expect(() => db.prepare(`UPDATE incidents SET status = 'lost' WHERE id = 1`).run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`UPDATE incidents SET duplicate_of = 1 WHERE id = 1`).run()).toThrow(/CHECK constraint/);
    db.prepare(`UPDATE incidents SET external_id = 'R-1' WHERE id = 1`).run();
    insertIncident(db, 2);
    expect(() => db.prepare(`UPDATE incidents SET external_id = 'R-1' WHERE id = 2`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('0040 create-incident-search', () => {
  it('indexes the cases that existed before and keeps the index in step with edits', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db: old } = openDatabase(file, { migrations: upTo(30) });
    insertDistrict(old);
    old.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    old.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
    old.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, address, source, status, reported_at, created_at, updated_at)
       VALUES (1, '20261125000001', 2, '人行道上有暴露垃圾堆', '芙蓉中路二段88号', 'patrol', 'reported', 0, 0, 0)`,
    ).run();
    old.close();
    const { db } = openDatabase(file, { migrations: upTo(40) });
    const search = (q: string) =>
      db.prepare(`SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?`).all(`"${q}"`).map((r) => (r as { rowid: number }).rowid);
    expect(search('暴露垃圾')).toEqual([1]);
    expect(search('芙蓉中路')).toEqual([1]);
    expect(search('0261125')).toEqual([1]);
    db.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, source, status, reported_at, created_at, updated_at)
       VALUES (2, '20261125000002', 2, '路口流动摊贩占道', 'hotline', 'reported', 0, 0, 0)`,
    ).run();
    expect(search('流动摊贩')).toEqual([2]);
    db.prepare(`UPDATE incidents SET description = '已清理的垃圾点' WHERE id = 1`).run();
    expect(search('暴露垃圾')).toEqual([]);
    expect(search('清理的垃圾')).toEqual([1]);
    db.prepare(`UPDATE incidents SET status = 'registered' WHERE id = 2`).run(); // not a text column: index untouched
    expect(search('流动摊贩')).toEqual([2]);
    db.close();
  });
});

describe('0060 create-statistics-support', () => {
  it('adds the step-time indexes and campaigns without touching existing cases', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db: old } = openDatabase(file, { migrations: upTo(50) });
    insertDistrict(old);
    old.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    old.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
    old.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, source, status, reported_at, closed_at, created_at, updated_at)
       VALUES (1, '20261125000001', 2, '暴露垃圾', 'patrol', 'closed', 0, 5, 0, 0)`,
    ).run();
    old.close();
    const { db } = openDatabase(file, { migrations: upTo(60) });
    const indexes = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incidents'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['incidents_registered_at', 'incidents_due_at', 'incidents_closed_at']));
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE closed_at >= 1`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/incidents_closed_at/);
    db.prepare(`INSERT INTO campaigns (id, name, start_date, end_date, area_grid_id, target, created_at) VALUES (1, '三清行动', '2026-11-01', '2026-11-30', 1, 4000, 0)`).run();
    db.prepare(`INSERT INTO campaign_categories VALUES (1, 2)`).run();
    db.prepare(`INSERT INTO campaign_incidents (campaign_id, incident_id, tagged_at) VALUES (1, 1, 0)`).run();
    expect(() => db.prepare(`INSERT INTO campaigns (name, start_date, end_date, area_grid_id, created_at) VALUES ('x', '2026-12-01', '2026-11-01', 1, 0)`).run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('0070 index-status-reported', () => {
  it('lets the list read a status, newest first, from the index', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    openDatabase(file, { migrations: upTo(60) }).db.close();
    const { db } = openDatabase(file, { migrations: upTo(70) });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE status = 'handling' AND duplicate_of IS NULL ORDER BY reported_at DESC LIMIT 10`).all() as { detail: string }[])
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/incidents_status_reported/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});

describe('0050 create-import-support', () => {
  it('keeps earlier cases and adds row issues, saved mappings and patrols with per-grid lengths', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db: old } = openDatabase(file, { migrations: upTo(40) });
    insertDistrict(old);
    old.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    old.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
    old.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, source, status, reported_at, created_at, updated_at)
       VALUES (1, '2026112500001', 2, '人行道上有暴露垃圾堆', 'patrol', 'reported', 0, 0, 0)`,
    ).run();
    old.close();
    const { db, migration } = openDatabase(file, { migrations: upTo(50) });
    expect(migration).toMatchObject({ from: 40, to: 50 });
    expect(db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 1 });
    db.prepare(`INSERT INTO import_batches (id, file_name, format, source_crs, started_at, status) VALUES (1, 'a.gpx', 'gpx', 'wgs84', 0, 'committed')`).run();
    db.prepare(`INSERT INTO import_issues (batch_id, row_no, severity, field, reason, cells) VALUES (1, 2, 'error', '经度', '坐标为 0,0', '["a","b"]')`).run();
    expect(() => db.prepare(`INSERT INTO import_issues (batch_id, row_no, severity, reason) VALUES (1, 2, 'fatal', 'x')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO import_mappings (name, mapping, created_at, updated_at) VALUES ('手持机', '{"lon":"东经"}', 0, 0)`).run();
    expect(() => db.prepare(`INSERT INTO import_mappings (name, mapping, created_at, updated_at) VALUES ('手持机', '{}', 0, 0)`).run()).toThrow(/UNIQUE/);
    const patrol = (externalId: string) =>
      db.prepare(
        `INSERT INTO patrols (batch_id, external_id, inspector, started_at, ended_at, length_m, point_count, source_crs, geometry, created_at)
         VALUES (1, ?, '王建国', 0, 60000, 120.5, 3, 'wgs84', '{"type":"MultiLineString","coordinates":[]}', 0)`,
      ).run(externalId).lastInsertRowid;
    const id = patrol('gpx:1');
    expect(() => patrol('gpx:1')).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO patrol_grid_lengths (patrol_id, grid_id, length_m) VALUES (?, 1, 120.5)`).run(id);
    expect(() => db.prepare(`INSERT INTO patrol_grid_lengths (patrol_id, grid_id, length_m) VALUES (?, 99, 1)`).run(id)).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM patrols WHERE id = ?`).run(id);
    expect(db.prepare('SELECT count(*) AS n FROM patrol_grid_lengths').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('0080 create-daily-statistics', () => {
  it('fills the daily tables from existing cases and keeps them in step afterwards', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db: old } = openDatabase(file, { migrations: upTo(70) });
    insertDistrict(old);
    old.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    old.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
    const day = Date.parse('2026-11-16T10:00:00+08:00');
    old.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, grid_id, source, status, reported_at, registered_at, closed_at, due_at, created_at, updated_at)
       VALUES (1, 'A', 2, '暴露垃圾', 1, 'patrol', 'closed', ?, ?, ?, ?, 0, 0)`,
    ).run(day, day, day + 3_600_000, day + 7_200_000);
    old.close();
    const { db } = openDatabase(file, { migrations: upTo(80) });
    const dayIndex = (day + 8 * 3_600_000 - ((day + 8 * 3_600_000) % 86_400_000)) / 86_400_000;
    expect(db.prepare(`SELECT day, received, registered, closed, closed_on_time FROM stats_daily_grid`).all()).toEqual([
      { day: dayIndex, received: 1, registered: 1, closed: 1, closed_on_time: 1 },
    ]);
    db.prepare(`UPDATE incidents SET status = 'voided' WHERE id = 1`).run();
    expect(db.prepare(`SELECT sum(received) AS r, sum(closed) AS c FROM stats_daily_grid`).get()).toEqual({ r: 0, c: 0 });
    expect(db.prepare(`SELECT sum(received) AS r FROM stats_daily_person`).get()).toEqual({ r: 0 });
    db.close();
  });
});

describe('0100 stage-clocks', () => {
  it('gives cases already open the clock of the stage they are in, and indexes the clocks of finished stages', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const { db: old } = openDatabase(file, { migrations: upTo(90) });
    insertDistrict(old);
    old.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
    old.prepare(
      `INSERT INTO categories (id, kind, level, code, parent_id, name, dispatch_limit, dispatch_unit, handling_limit, handling_unit, verify_limit, verify_unit)
       VALUES (2, 'event', 2, '0102', 1, '暴露垃圾', 1, 'wh', 4, 'wh', 4, 'wh')`,
    ).run();
    const tuesday9 = Date.parse('2026-11-24T09:00:00+08:00');
    const add = old.prepare(
      `INSERT INTO incidents (id, case_no, category_id, description, grid_id, source, status, reported_at, registered_at, dispatched_at, handled_at, created_at, updated_at)
       VALUES (?, ?, 2, '暴露垃圾', 1, 'patrol', ?, ?, ?, ?, ?, ?, ?)`,
    );
    add.run(1, 'A', 'registered', tuesday9, tuesday9, null, null, tuesday9, tuesday9);
    add.run(2, 'B', 'handled', tuesday9, tuesday9, tuesday9, tuesday9 + 3_600_000, tuesday9, tuesday9 + 3_600_000);
    add.run(3, 'C', 'handling', tuesday9, tuesday9, tuesday9, null, tuesday9, tuesday9);
    add.run(4, 'D', 'closed', tuesday9, tuesday9, tuesday9, tuesday9, tuesday9, tuesday9);
    old.close();
    const { db } = openDatabase(file, { migrations: upTo(100) });
    expect(db.prepare(`SELECT id, dispatch_due_at, verify_due_at, stage_started_at FROM incidents ORDER BY id`).all()).toEqual([
      { id: 1, dispatch_due_at: tuesday9 + 3_600_000, verify_due_at: null, stage_started_at: tuesday9 },
      // Handled at 10:00: 2 h to 12:00, 2 h from 14:30.
      { id: 2, dispatch_due_at: null, verify_due_at: Date.parse('2026-11-24T16:30:00+08:00'), stage_started_at: tuesday9 + 3_600_000 },
      { id: 3, dispatch_due_at: null, verify_due_at: null, stage_started_at: tuesday9 },
      { id: 4, dispatch_due_at: null, verify_due_at: null, stage_started_at: null },
    ]);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM incident_events WHERE json_extract(data, '$.clock.dueAt') >= 1 AND json_extract(data, '$.clock.dueAt') < 2`).all() as { detail: string }[])
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/incident_events_clock_due/);
    db.close();
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { migrations } from '../../db/migrations/index';
import { tempDir } from '../helpers/tmp';

const upTo = (version: number) => migrations.filter((m) => m.version <= version);
const square = JSON.stringify({ type: 'Polygon', coordinates: [[[113, 28.2], [113.01, 28.2], [113.01, 28.21], [113, 28.21], [113, 28.2]]] });

describe('0140 responsible-units', () => {
  it('turns the free-text organisations of an old database into units and links their persons', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = openDatabase(file, { migrations: upTo(130) }).db;
    const grid = old.prepare(
      `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 113, 28.2, 113.01, 28.21, 0, 0)`,
    );
    grid.run(1, '430102000000000', null, 1, '芙蓉区', square);
    grid.run(2, '430102001000000', 1, 2, '文艺路街道', square);
    const person = old.prepare(`INSERT INTO persons (id, name, organization, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`);
    person.run(1, '张三', '文艺路街道办事处');
    person.run(2, '李四', '  文艺路街道办事处 ');
    person.run(3, '王五', '芙蓉区城管执法大队文艺路中队');
    person.run(4, '赵六', '文艺路街道环卫所');
    person.run(5, '钱七', '国网长沙供电公司');
    person.run(6, '孙八', '某某物业公司');
    person.run(7, '周九', null);
    person.run(8, '吴十', '   ');
    const duty = old.prepare(
      `INSERT INTO duties (id, person_id, grid_id, role, category_big_code, valid_from, valid_to, created_at) VALUES (?, ?, 2, ?, ?, ?, ?, 5)`,
    );
    duty.run(7, 1, 'grid_leader', null, '2026-01-01', null);
    duty.run(42, 3, 'enforcement_officer', '04', '2025-06-01', '2026-03-31');
    old.close();

    const { db, migration } = openDatabase(file);
    expect(migration.from).toBe(130);
    const units = db.prepare(`SELECT id, code, name, kind, street_grid_id AS street, active FROM units ORDER BY id`).all();
    expect(units).toEqual([
      { id: 1, code: 'U0001', name: '文艺路街道办事处', kind: 'street_office', street: 2, active: 1 },
      { id: 2, code: 'U0002', name: '芙蓉区城管执法大队文艺路中队', kind: 'enforcement', street: null, active: 1 },
      { id: 3, code: 'U0003', name: '文艺路街道环卫所', kind: 'sanitation', street: 2, active: 1 },
      { id: 4, code: 'U0004', name: '国网长沙供电公司', kind: 'utility', street: null, active: 1 },
      { id: 5, code: 'U0005', name: '某某物业公司', kind: 'other', street: null, active: 1 },
    ]);
    // Persons linked; the free text is kept exactly as it was.
    expect(db.prepare(`SELECT id, organization, unit_id AS unit FROM persons ORDER BY id`).all()).toEqual([
      { id: 1, organization: '文艺路街道办事处', unit: 1 },
      { id: 2, organization: '  文艺路街道办事处 ', unit: 1 },
      { id: 3, organization: '芙蓉区城管执法大队文艺路中队', unit: 2 },
      { id: 4, organization: '文艺路街道环卫所', unit: 3 },
      { id: 5, organization: '国网长沙供电公司', unit: 4 },
      { id: 6, organization: '某某物业公司', unit: 5 },
      { id: 7, organization: null, unit: null },
      { id: 8, organization: '   ', unit: null },
    ]);
    // Every duty kept with its id; a duty may now name a unit, but exactly one of person and unit.
    expect(db.prepare(`SELECT id, person_id, unit_id, role, category_big_code, valid_from, valid_to, created_at FROM duties ORDER BY id`).all()).toEqual([
      { id: 7, person_id: 1, unit_id: null, role: 'grid_leader', category_big_code: null, valid_from: '2026-01-01', valid_to: null, created_at: 5 },
      { id: 42, person_id: 3, unit_id: null, role: 'enforcement_officer', category_big_code: '04', valid_from: '2025-06-01', valid_to: '2026-03-31', created_at: 5 },
    ]);
    db.prepare(`INSERT INTO duties (unit_id, grid_id, role, valid_from, created_at) VALUES (3, 2, 'cleaner', '2026-01-01', 0)`).run();
    expect(() =>
      db.prepare(`INSERT INTO duties (person_id, unit_id, grid_id, role, valid_from, created_at) VALUES (1, 3, 2, 'cleaner', '2026-01-01', 0)`).run(),
    ).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`INSERT INTO duties (grid_id, role, valid_from, created_at) VALUES (2, 'cleaner', '2026-01-01', 0)`).run()).toThrow(
      /CHECK constraint/,
    );
    expect(() => db.prepare(`INSERT INTO duties (unit_id, grid_id, role, valid_from, created_at) VALUES (99, 2, 'cleaner', '2026-01-01', 0)`).run()).toThrow(
      /FOREIGN KEY/,
    );
    // A unit a person names cannot be deleted; an unused one can.
    expect(() => db.prepare(`DELETE FROM units WHERE id = 1`).run()).toThrow(/只能停用/);
    db.prepare(`INSERT INTO units (code, name, kind, created_at, updated_at) VALUES ('X1', '临时单位', 'other', 0, 0)`).run();
    expect(db.prepare(`DELETE FROM units WHERE code = 'X1'`).run().changes).toBe(1);
    expect(() => db.prepare(`INSERT INTO units (code, name, kind, created_at, updated_at) VALUES ('a b', '甲', 'other', 0, 0)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO units (code, name, kind, created_at, updated_at) VALUES ('U0001', '乙', 'other', 0, 0)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO units (code, name, kind, created_at, updated_at) VALUES ('Z', '丙', 'bank', 0, 0)`).run()).toThrow(/CHECK/);
    expect((db.pragma('foreign_key_check') as unknown[]).length).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('migrates an empty database without inventing units', () => {
    const { db } = openDatabase(path.join(tempDir(), 'new.sqlite'));
    expect(db.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 0 });
    db.close();
  });
});

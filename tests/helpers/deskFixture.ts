import path from 'node:path';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { tempDir } from './tmp';
import { expect } from 'vitest';
import { AppError } from '../../db/domain/errors';

export const rect = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

/** Shanghai local time → epoch ms ('2026-10-09T16:30'). */
export const sh = (local: string): number => Date.parse(`${local}:00+08:00`);

export interface DeskFixture {
  db: Db;
  grids: { west: number; east: number };
  categories: { garbage: number; vendor: number; bigCityscape: number; flood: number };
  persons: { wang: number; li: number; zhao: number };
  operators: { supervisor: number; inspector: number; handlerWang: number; handlerLi: number; manager: number; admin: number };
}

/**
 * A small desk: district → 文艺路街道 → two grids side by side; Wang is grid worker in the west grid,
 * Li in the east grid, Zhao the street's enforcement officer for 街面秩序 in the west grid.
 */
export function deskFixture(): DeskFixture {
  const { db } = openDatabase(path.join(tempDir(), 'desk.sqlite'));
  seedDefaults(db, 0);
  const insertGrid = db.prepare(
    `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const g = (id: number, code: string, parent: number | null, level: number, name: string, b: [number, number, number, number]) =>
    insertGrid.run(id, code, parent, level, name, JSON.stringify(rect(...b)), ...b);
  g(1, '430102000000000', null, 1, '芙蓉区', [113.0, 28.18, 113.1, 28.22]);
  g(2, '430102001000000', 1, 2, '文艺路街道', [113.0, 28.18, 113.02, 28.2]);
  g(3, '430102001001001', 2, 3, '识字岭社区第1网格', [113.0, 28.18, 113.01, 28.2]);
  g(4, '430102001001002', 2, 3, '识字岭社区第2网格', [113.01, 28.18, 113.02, 28.2]);
  const person = db.prepare(`INSERT INTO persons (name, phone, created_at, updated_at) VALUES (?, ?, 0, 0)`);
  const wang = Number(person.run('王建国', '13800000001').lastInsertRowid);
  const li = Number(person.run('李秀英', '13800000002').lastInsertRowid);
  const zhao = Number(person.run('赵强', '13800000003').lastInsertRowid);
  const duty = db.prepare(
    `INSERT INTO duties (person_id, grid_id, role, category_big_code, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)`,
  );
  duty.run(wang, 3, 'grid_worker', null, '2026-01-01', null);
  duty.run(li, 4, 'grid_worker', null, '2026-01-01', null);
  duty.run(zhao, 3, 'enforcement_officer', '04', '2026-01-01', null);
  duty.run(li, 3, 'grid_worker', null, '2025-01-01', '2025-12-31'); // expired: must not be chosen
  const op = db.prepare(`INSERT INTO operators (name, role, person_id, created_at) VALUES (?, ?, ?, 0)`);
  const operators = {
    supervisor: Number(op.run('监督员陈', 'supervisor', null).lastInsertRowid),
    inspector: Number(op.run('巡查员周', 'inspector', null).lastInsertRowid),
    handlerWang: Number(op.run('王建国', 'handler', wang).lastInsertRowid),
    handlerLi: Number(op.run('李秀英', 'handler', li).lastInsertRowid),
    manager: Number(op.run('科长刘', 'manager', null).lastInsertRowid),
    admin: Number(op.run('管理员', 'admin', null).lastInsertRowid),
  };
  const cat = (kind: string, code: string) =>
    (db.prepare(`SELECT id FROM categories WHERE kind = ? AND code = ?`).get(kind, code) as { id: number }).id;
  return {
    db,
    grids: { west: 3, east: 4 },
    categories: { garbage: cat('event', '0102'), vendor: cat('event', '0401'), bigCityscape: cat('event', '01'), flood: cat('event', '0502') },
    persons: { wang, li, zhao },
    operators,
  };
}

/** Runs `fn` and asserts it throws an AppError of `kind` whose message matches `pattern`. */
export function expectError(fn: () => unknown, kind: AppError['kind'], pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an AppError').toBeInstanceOf(AppError);
  expect((caught as AppError).kind).toBe(kind);
  expect((caught as AppError).message).toMatch(pattern);
}

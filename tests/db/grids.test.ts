import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { gridTree, listGridGeometries, listGrids, locateGrid } from '../../db/queries/grids';
import { fromWgs84, toWgs84 } from '../../db/geo';
import { tempDir } from '../helpers/tmp';

const rect = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

function fixture(): Db {
  const { db } = openDatabase(path.join(tempDir(), 'g.sqlite'));
  const insert = db.prepare(
    `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const add = (id: number, code: string, parent: number | null, level: number, name: string, g: ReturnType<typeof rect>) => {
    const xs = g.coordinates[0]!.map((p) => p[0]!);
    const ys = g.coordinates[0]!.map((p) => p[1]!);
    insert.run(id, code, parent, level, name, JSON.stringify(g), Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  };
  add(1, '430102000000000', null, 1, '芙蓉区', rect(113.0, 28.18, 113.1, 28.22));
  add(2, '430102001000000', 1, 2, '文艺路街道', rect(113.0, 28.18, 113.02, 28.2));
  add(3, '430102001001001', 2, 3, '西网格', rect(113.0, 28.18, 113.01, 28.2));
  add(4, '430102001001002', 2, 3, '东网格', rect(113.01, 28.18, 113.02, 28.2));
  db.prepare(`INSERT INTO categories (id, kind, level, code, name) VALUES (1, 'event', 1, '01', '市容环境')`).run();
  db.prepare(`INSERT INTO categories (id, kind, level, code, parent_id, name) VALUES (2, 'event', 2, '0102', 1, '暴露垃圾')`).run();
  return db;
}

let caseNo = 0;
function addIncident(db: Db, gridId: number, status: string, dueAt: number | null, duplicateOf: number | null = null): number {
  caseNo += 1;
  const r = db
    .prepare(
      `INSERT INTO incidents (case_no, category_id, description, grid_id, source, status, due_at, duplicate_of, reported_at, created_at, updated_at)
       VALUES (?, 2, '暴露垃圾', ?, 'patrol', ?, ?, ?, 0, 0, 0)`,
    )
    .run(`C${caseNo}`, gridId, status, dueAt, duplicateOf);
  return Number(r.lastInsertRowid);
}

describe('grid queries', () => {
  it('finds the community grid and street containing a point, and null outside every grid', () => {
    const db = fixture();
    expect(locateGrid(db, 113.005, 28.19).grid?.name).toBe('西网格');
    expect(locateGrid(db, 113.015, 28.19)).toMatchObject({ grid: { name: '东网格' }, street: { name: '文艺路街道' } });
    expect(locateGrid(db, 113.05, 28.19)).toEqual({ grid: null, street: null }); // in the district, in no grid
    expect(locateGrid(db, 112.5, 28.0)).toEqual({ grid: null, street: null });
    db.close();
  });

  it('gives a point on a shared edge to one grid, always the same (lowest code)', () => {
    const db = fixture();
    for (let i = 0; i < 3; i++) expect(locateGrid(db, 113.01, 28.19).grid?.code).toBe('430102001001001');
    db.close();
  });

  it('keeps the spatial index in step when a grid’s bounds change', () => {
    const db = fixture();
    const moved = rect(113.03, 28.18, 113.04, 28.2);
    db.prepare(`UPDATE grids SET geometry = ?, min_lon = 113.03, max_lon = 113.04 WHERE id = 4`).run(JSON.stringify(moved));
    expect(locateGrid(db, 113.035, 28.19).grid?.name).toBe('东网格');
    expect(locateGrid(db, 113.015, 28.19).grid).toBeNull();
    db.close();
  });

  it('lists grids by level and parent, with geometry on request', () => {
    const db = fixture();
    expect(listGrids(db).map((g) => g.code)).toEqual(['430102000000000', '430102001000000', '430102001001001', '430102001001002']);
    expect(listGrids(db, { parentCode: '430102001000000' }).map((g) => g.name)).toEqual(['西网格', '东网格']);
    expect(listGrids(db, { level: 2 })).toMatchObject([{ name: '文艺路街道', parentCode: '430102000000000', level: 2 }]);
    const geo = listGridGeometries(db, { level: 3 });
    expect(geo[0]!.geometry.type).toBe('Polygon');
    expect(geo[0]!.bbox).toEqual([113.0, 28.18, 113.01, 28.2]);
    db.close();
  });

  it('rolls open, overdue and total counts up the tree, leaving duplicates out', () => {
    const db = fixture();
    const now = 1_000_000;
    const original = addIncident(db, 3, 'dispatched', now - 1); // open, overdue
    addIncident(db, 3, 'handling', now + 1); // open, not yet due
    addIncident(db, 4, 'closed', now - 5); // closed: not open, not overdue
    addIncident(db, 4, 'reported', null, original); // duplicate: not counted
    const tree = gridTree(db, now)!;
    expect(tree).toMatchObject({ name: '芙蓉区', totalIncidents: 3, openIncidents: 2, overdueIncidents: 1 });
    const street = tree.children[0]!;
    expect(street).toMatchObject({ totalIncidents: 3, openIncidents: 2 });
    expect(street.children.map((c) => [c.name, c.openIncidents, c.overdueIncidents, c.totalIncidents])).toEqual([
      ['西网格', 2, 1, 2],
      ['东网格', 0, 0, 1],
    ]);
    db.close();
  });

  it('returns no tree for an empty database', () => {
    const { db } = openDatabase(path.join(tempDir(), 'e.sqlite'));
    expect(gridTree(db, 0)).toBeNull();
    db.close();
  });
});

describe('coordinate systems', () => {
  // 长沙火车站 forecourt: one spot in the three systems (GCJ-02 ≈ 670 m and BD-09 ≈ 1.2 km off WGS-84 here).
  const wgs: [number, number] = [113.0128, 28.1951];
  const metres = (a: [number, number], b: [number, number]) =>
    Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110_574);

  it('brings GCJ-02 and BD-09 input back to the same WGS-84 spot within 5 m', () => {
    const gcj = fromWgs84(...wgs, 'gcj02');
    const bd = fromWgs84(...wgs, 'bd09');
    expect(metres(wgs, gcj)).toBeGreaterThan(300);
    expect(metres(wgs, bd)).toBeGreaterThan(800);
    expect(metres(toWgs84(...gcj, 'gcj02'), wgs)).toBeLessThan(5);
    expect(metres(toWgs84(...bd, 'bd09'), wgs)).toBeLessThan(5);
    expect(toWgs84(...wgs, 'wgs84')).toEqual(wgs);
  });
});

describe('stored grid geometry', () => {
  it('names what is wrong with a polygon that cannot be drawn as it is', async () => {
    const { geometryProblem } = await import('../../db/geo');
    expect(geometryProblem(rect(113, 28.1, 113.01, 28.11))).toBeNull();
    const bowtie = { type: 'Polygon' as const, coordinates: [[[113.0, 28.1], [113.01, 28.11], [113.01, 28.1], [113.0, 28.11], [113.0, 28.1]]] };
    expect(geometryProblem(bowtie)).toMatch(/边界自相交（约在 113\.005\d*, 28\.105\d*）/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[113, 28], [113.1, 28], [113.1, 28.1], [113, 28.1]]] })).toMatch(/首尾不闭合/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[113, 28], [113.1, 28], [113, 28]]] })).toMatch(/少于 3 个/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[113, 28], [Number.NaN, 28], [113.1, 28.1], [113, 28]]] })).toMatch(/不是有效数字/);
    expect(geometryProblem({ type: 'LineString', coordinates: [] } as never)).toMatch(/不是面/);
    const db = fixture();
    db.prepare(`UPDATE grids SET geometry = ? WHERE id = 4`).run(JSON.stringify(bowtie));
    const listed = listGridGeometries(db, { level: 3 });
    expect(listed.find((g) => g.id === 4)?.geometryProblem).toMatch(/自相交/);
    expect(listed.find((g) => g.id === 3)?.geometryProblem).toBeNull();
    db.close();
  });
});

describe('grid tree counts at scale', () => {
  it('equal a row-by-row count of the cases on demo data, voided and duplicates included as before', async () => {
    const { seedDefaults } = await import('../../db/defaults/seed');
    const { loadDemo } = await import('../../db/demo/load');
    const { OPEN_STATUSES_SQL } = await import('../../db/sql');
    const { db } = openDatabase(path.join(tempDir(), 'tree.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    db.prepare(`UPDATE incidents SET status = 'voided' WHERE id % 50 = 0`).run();
    const now = Date.parse('2026-11-25T10:00:00+08:00');
    const expected = db
      .prepare(
        `SELECT grid_id AS id, count(*) AS total, sum(status IN ${OPEN_STATUSES_SQL}) AS open,
                sum(status IN ${OPEN_STATUSES_SQL} AND due_at IS NOT NULL AND due_at < @now) AS overdue
         FROM incidents WHERE grid_id IS NOT NULL AND duplicate_of IS NULL GROUP BY grid_id ORDER BY grid_id`,
      )
      .all({ now }) as { id: number; total: number; open: number; overdue: number }[];
    const leaves: { id: number; total: number; open: number; overdue: number }[] = [];
    const walk = (n: NonNullable<ReturnType<typeof gridTree>>): void => {
      if (n.level === 3 && n.totalIncidents > 0) leaves.push({ id: n.id, total: n.totalIncidents, open: n.openIncidents, overdue: n.overdueIncidents });
      n.children.forEach(walk);
    };
    walk(gridTree(db, now)!);
    expect(leaves.sort((a, b) => a.id - b.id)).toEqual(expected);
    db.close();
  });
});

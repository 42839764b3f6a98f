import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { loadDemo } from '../../db/demo/load';
import { listUnits } from '../../db/queries/units';
import { DEMO_STREETS } from '../../db/demo/names';
import { tempDir } from '../helpers/tmp';

const UNTIL = '2026-11-25';
const SEED = 20170822;

let db: Db;
beforeAll(() => {
  db = openDatabase(path.join(tempDir(), 'demo.sqlite')).db;
  loadDemo(db, { seed: SEED, until: UNTIL, incidents: 3000 });
});
afterAll(() => db.close());

describe('demo district: responsible units', () => {
  it('has each street’s office, squadron and 环卫所 under the district’s brigade and sanitation office, and the district departments', () => {
    const units = listUnits(db);
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(units).toHaveLength(3 + 3 * DEMO_STREETS.length + 6);
    expect(byCode.get('CG00')).toMatchObject({ name: '芙蓉区城管执法大队', kind: 'enforcement', parentId: null });
    for (const street of DEMO_STREETS) {
      expect(byCode.get(`JD${street.number}`), street.name).toMatchObject({ name: `${street.name}办事处`, kind: 'street_office', streetName: street.name });
      expect(byCode.get(`CG${street.number}`), street.name).toMatchObject({ kind: 'enforcement', parentName: '芙蓉区城管执法大队', streetName: street.name });
      expect(byCode.get(`HW${street.number}`), street.name).toMatchObject({ kind: 'sanitation', parentName: '芙蓉区环境卫生管理所', streetName: street.name });
    }
    expect(units.filter((u) => u.parentId === null && u.streetName === null).map((u) => u.kind).sort()).toEqual(
      ['command', 'enforcement', 'greening', 'municipal', 'sanitation', 'utility', 'utility', 'utility', 'water'].sort(),
    );
    // Every unit has staff, every person a unit whose name is the free text they carried.
    for (const u of units) expect(u.persons, u.name).toBeGreaterThan(0);
    expect(db.prepare(`SELECT count(*) FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE u.name IS NOT p.organization`).pluck().get()).toBe(0);
    // Enforcement officers are in their street's squadron.
    const misplaced = db
      .prepare(
        `SELECT count(*) FROM duties d JOIN persons p ON p.id = d.person_id JOIN units u ON u.id = p.unit_id JOIN grids g ON g.id = d.grid_id
         WHERE d.role = 'enforcement_officer' AND (u.kind <> 'enforcement' OR u.street_grid_id <> g.parent_id)`,
      )
      .pluck()
      .get();
    expect(misplaced).toBe(0);
  });

  it('gives every dispatched case its assignee’s unit, and records it on the dispatch event', () => {
    const mismatched = db
      .prepare(`SELECT count(*) FROM incidents i JOIN persons p ON p.id = i.assignee_id WHERE i.unit_id IS NOT p.unit_id`)
      .pluck()
      .get();
    expect(mismatched).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM incidents WHERE assignee_id IS NULL AND unit_id IS NOT NULL`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM incidents WHERE dispatched_at IS NOT NULL AND unit_id IS NULL`).pluck().get()).toBe(0);
    const dispatches = db
      .prepare(
        `SELECT json_extract(e.data, '$.unitId') AS unitId, json_extract(e.data, '$.unitName') AS unitName, p.unit_id AS personUnit, u.name AS name
         FROM incident_events e JOIN persons p ON p.id = json_extract(e.data, '$.assigneeId') JOIN units u ON u.id = p.unit_id
         WHERE e.action = 'dispatch'`,
      )
      .all() as { unitId: number; unitName: string; personUnit: number; name: string }[];
    expect(dispatches.length).toBeGreaterThan(500);
    for (const d of dispatches) expect([d.unitId, d.unitName]).toEqual([d.personUnit, d.name]);
    // Several kinds of unit carry cases.
    const kinds = db.prepare(`SELECT DISTINCT u.kind FROM incidents i JOIN units u ON u.id = i.unit_id ORDER BY 1`).pluck().all();
    expect(kinds.length).toBeGreaterThanOrEqual(3);
  });

  it('is the same on every load of the same seed', () => {
    const again = openDatabase(path.join(tempDir(), 'again.sqlite')).db;
    loadDemo(again, { seed: SEED, until: UNTIL, incidents: 3000 });
    const rows = (d: Db) => d.prepare(`SELECT id, code, name, kind, parent_id, street_grid_id, phone FROM units ORDER BY id`).all();
    expect(rows(again)).toEqual(rows(db));
    const links = (d: Db) => d.prepare(`SELECT id, unit_id FROM persons ORDER BY id`).all();
    expect(links(again)).toEqual(links(db));
    again.close();
  });
});

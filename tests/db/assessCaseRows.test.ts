/**
 * The assessment's one-pass grouping (db/assess/caseRows.ts): every case's keys read span by span from the covering
 * index (one number a case, or five where an id is too large for one), by id whether the ids are dense or spread far
 * apart, and (case id, bits) pairs grouped by grid, street, unit and person as the grouped SQL would: rows counted
 * per figure, cases ascending and distinct, cases that do not count (duplicates, voided) and unknown ids left out, a
 * row with no bit still making its objects known.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupPairs, loadCaseKeys, readPairs } from '../../db/assess/caseRows';
import type { Db } from '../../db/open';
import { distinctCounter } from '../../db/assess/compute';

/** A cases table with the columns and the covering index the keys are read from. */
function cases(rows: [id: number, grid: number | null, person: number | null, unit: number | null, status: string, duplicateOf?: number][]): Db {
  const db = new Database(':memory:') as unknown as Db;
  db.exec(`CREATE TABLE incidents (id INTEGER PRIMARY KEY, grid_id INTEGER, assignee_id INTEGER, unit_id INTEGER, duplicate_of INTEGER, status TEXT,
    category_id INTEGER, reported_at INTEGER, registered_at INTEGER, dispatched_at INTEGER, due_at INTEGER, closed_at INTEGER, is_fixed_on_spot INTEGER, rework_count INTEGER);
    CREATE INDEX incidents_assess ON incidents(id, grid_id, assignee_id, unit_id, duplicate_of, status, category_id, reported_at, registered_at, dispatched_at,
      due_at, closed_at, is_fixed_on_spot, rework_count);`);
  const insert = db.prepare(`INSERT INTO incidents (id, grid_id, assignee_id, unit_id, status, duplicate_of) VALUES (?, ?, ?, ?, ?, ?)`);
  for (const [id, g, p, u, status, dup] of rows) insert.run(id, g, p, u, status, dup ?? null);
  return db;
}

describe('every case’s keys', () => {
  it('are read span by span and found by id, dense or spread far apart', () => {
    for (const far of [9, 5_000_000_000]) {
      const db = cases([
        [1, 11, 21, null, 'closed'],
        [2, 12, null, 31, 'voided'],
        [3, null, 22, 32, 'registered', 1],
        [4, 11, 21, 31, 'dispatched'],
        // Keys too large to be read as one number: that span is read as five numbers a case.
        [5, 200_000, 2_000_000, 40_000, 'closed'],
        [far, 13, 23, null, 'closed'],
      ]);
      // Two cases a statement: three statements.
      const keys = loadCaseKeys(db, 2);
      const at = (id: number) => {
        const s = keys.slot(id);
        return s < 0 ? null : [keys.grid[s], keys.person[s], keys.unit[s], keys.counted[s]];
      };
      expect(at(1)).toEqual([11, 21, -1, 1]);
      expect(at(2)).toEqual([12, -1, 31, 0]);
      expect(at(3)).toEqual([-1, 22, 32, 0]);
      expect(at(4)).toEqual([11, 21, 31, 1]);
      expect(at(5)).toEqual([200_000, 2_000_000, 40_000, 1]);
      expect(at(far)).toEqual([13, 23, -1, 1]);
      // Slots ascend with ids.
      expect([1, 2, 3, 4, 5, far].map((id) => keys.idOf(keys.slot(id)))).toEqual([1, 2, 3, 4, 5, far]);
      expect(at(far + 1)).toBeNull();
      expect(at(0)).toBeNull();
      // Spread far apart: kept by slot, not in arrays as long as the id range.
      expect(keys.grid.length).toBe(far === 9 ? 9 : 6);
    }
  });

  it('read lazily as far as they are asked for: up to the highest case id of the rows grouped', () => {
    const db = cases([
      [1, 11, 21, null, 'closed'],
      [2, 12, 22, 31, 'closed'],
      [3, 11, 21, 31, 'closed'],
      [7, 13, 23, 32, 'closed'],
    ]);
    const keys = loadCaseKeys(db, 1, { lazy: true });
    expect(keys.counted[keys.slot(2)]).toBe(0);
    keys.ensure(2);
    expect([keys.grid[keys.slot(2)], keys.counted[keys.slot(2)]]).toEqual([12, 1]);
    expect(keys.counted[keys.slot(3)]).toBe(0);
    // Grouping rows of cases 3 and 7 reads their keys first.
    const g = groupPairs([[3, 1, 7, 1]], 1, keys, ['grid'], new Map());
    expect(Object.fromEntries(g.get('grid')!)).toEqual({ 11: { n: [1], ids: [[3]] }, 13: { n: [1], ids: [[7]] } });
    // Asking again, or below what was read, reads nothing more and changes nothing.
    keys.ensure(7);
    keys.ensure(1);
    expect([1, 2, 3, 7].map((id) => keys.grid[keys.slot(id)])).toEqual([11, 12, 11, 13]);
  });

  it('of an empty table: nothing known', () => {
    const keys = loadCaseKeys(cases([]));
    expect(keys.slot(1)).toBe(-1);
  });
});

describe('pairs grouped by object', () => {
  it('count rows per figure and list each case once, ascending, under its grid, street, unit and person', () => {
    const db = cases([
      [1, 11, 21, null, 'closed'],
      [2, 12, 22, 31, 'closed'],
      [3, 11, 21, 31, 'voided'],
      [4, 11, 22, 31, 'dispatched'],
      [5, null, null, null, 'closed'],
    ]);
    const keys = loadCaseKeys(db);
    const streets = new Map([
      [11, 101],
      [12, 101],
    ]);
    // Figure 0 and figure 1; case 4 twice in figure 0 (two instances), case 3 voided, case 9 unknown, case 2 with no bit.
    const pairs = [
      [4, 0b01, 1, 0b11, 3, 0b11],
      [4, 0b01, 9, 0b01, 2, 0, 5, 0b10],
    ];
    const g = groupPairs(pairs, 2, keys, ['street', 'grid', 'unit', 'person'], streets);
    const plain = (type: 'street' | 'grid' | 'unit' | 'person') => Object.fromEntries([...g.get(type)!].map(([k, a]) => [k, a]));
    expect(plain('grid')).toEqual({
      11: { n: [3, 1], ids: [[1, 4], [1]] },
      12: { n: [0, 0], ids: [[], []] },
    });
    expect(plain('street')).toEqual({ 101: { n: [3, 1], ids: [[1, 4], [1]] } });
    expect(plain('unit')).toEqual({ 31: { n: [2, 0], ids: [[4], []] } });
    expect(plain('person')).toEqual({
      21: { n: [1, 1], ids: [[1], [1]] },
      22: { n: [2, 0], ids: [[4], []] },
    });
  });

  it('read from a statement as one list', () => {
    const db = cases([
      [1, 11, 21, null, 'closed'],
      [2, 12, 22, 31, 'closed'],
      [3, 11, 21, 31, 'closed'],
    ]);
    const sql = `SELECT '[' || group_concat(id || ',' || (grid_id = 11)) || ']' FROM incidents WHERE id >= @lo AND id < @hi`;
    expect(readPairs(db, sql, { lo: 2, hi: 10 })).toEqual([2, 0, 3, 1]);
    // No rows: an empty list, not a failure.
    expect(readPairs(db, sql, { lo: 50, hi: 60 })).toEqual([]);
  });
});

describe('an object’s distinct cases across its indicators', () => {
  it('are counted once whichever lists they are in, near or far ids alike, afresh for every object', () => {
    const count = distinctCounter();
    const far = 2 ** 30;
    expect(count([[1, 2, 3], [2, 3, 4], [4]])).toBe(4);
    expect(count([[5, far], [5, 6], [far, far + 1]])).toBe(4);
    // A later object starts from nothing, even for ids seen before.
    expect(count([[1, 6, far]])).toBe(3);
    expect(count([])).toBe(0);
    expect(count([[3_000_000], [3_000_000, 3_000_001]])).toBe(2);
    // A list out of order still counts each case once (the marks grow to the id that passes them).
    expect(count([[5, 9_000_000, 7], [7, 9_000_000, 8_000_000]])).toBe(4);
  });
});

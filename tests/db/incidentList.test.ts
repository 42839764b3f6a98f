import { describe, expect, it } from 'vitest';
import { createIncident } from '../../db/queries/caseWorkflow';
import { countIncidents, listIncidents } from '../../db/queries/incidents';
import type { IncidentFilter, IncidentSort } from '../../db/types';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';
import { AppError } from '../../db/errors';

const NOW = sh('2026-11-24T18:00');

/** 60 cases over two days in two grids, in several states, some assigned, some overdue. */
function populated(): DeskFixture {
  const f = deskFixture();
  const statuses = ['reported', 'dispatched', 'handling', 'closed'] as const;
  for (let k = 0; k < 60; k++) {
    const at = sh('2026-11-23T08:00') + k * 30 * 60_000;
    const c = createIncident(
      f.db,
      {
        operatorId: f.operators.supervisor,
        categoryId: k % 3 === 0 ? f.categories.vendor : f.categories.garbage,
        description: k % 5 === 0 ? `芙蓉中路流动摊贩 ${k}` : `识字岭小区门口暴露垃圾 ${k}`,
        address: `芙蓉中路二段${k}号`,
        lon: k % 2 === 0 ? 113.005 : 113.015,
        lat: 28.19,
        crs: 'wgs84',
        source: k % 4 === 0 ? 'hotline' : 'patrol',
      },
      at,
    );
    const status = statuses[k % 4]!;
    f.db
      .prepare(`UPDATE incidents SET status = ?, assignee_id = ?, due_at = ? WHERE id = ?`)
      .run(status, status === 'reported' ? null : k % 2 === 0 ? f.persons.wang : f.persons.li, status === 'reported' ? null : at + 4 * 3_600_000, c.id);
  }
  return f;
}

function all(f: DeskFixture, filter: IncidentFilter, sort: IncidentSort, limit = 7) {
  const ids: number[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = listIncidents(f.db, { filter, sort, limit, after }, NOW);
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    after = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('case list', () => {
  it('pages through every case exactly once in each sort order', () => {
    const f = populated();
    for (const sort of ['reported_desc', 'reported_asc', 'due_asc', 'case_no_desc'] as const) {
      const ids = all(f, {}, sort);
      expect(ids, sort).toHaveLength(60);
      expect(new Set(ids).size, sort).toBe(60);
    }
    const desc = listIncidents(f.db, { filter: {}, sort: 'reported_desc', limit: 3 }, NOW).items;
    expect(desc[0]!.reportedAt).toBeGreaterThan(desc[1]!.reportedAt);
    const due = all(f, {}, 'due_asc', 60).map((id) => f.db.prepare('SELECT due_at FROM incidents WHERE id = ?').get(id) as { due_at: number | null });
    const firstNull = due.findIndex((d) => d.due_at === null);
    expect(due.slice(firstNull).every((d) => d.due_at === null)).toBe(true); // no deadline: last
  });

  it('combines filters, and the count agrees with the list', () => {
    const f = populated();
    const cases: IncidentFilter[] = [
      { statuses: ['dispatched', 'handling'] },
      { gridCode: '430102001001001' },
      { streetCode: '430102001000000', sources: ['hotline'] },
      { assignee: 'unassigned' },
      { assignee: f.persons.wang, statuses: ['handling'] },
      { categoryId: f.categories.vendor },
      { categoryId: f.categories.bigCityscape }, // a big class stands for its small classes
      { overdue: true },
      { reportedFrom: sh('2026-11-24T00:00'), reportedTo: sh('2026-11-24T12:00') },
      { text: '流动摊贩' },
      { text: '摊贩' },
      { bbox: [113.0, 28.18, 113.01, 28.2] },
    ];
    for (const filter of cases) {
      const ids = all(f, filter, 'reported_desc', 10);
      expect(countIncidents(f.db, filter, NOW), JSON.stringify(filter)).toBe(ids.length);
      expect(ids.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
    const rows = (filter: IncidentFilter) => listIncidents(f.db, { filter, sort: 'reported_desc', limit: 500 }, NOW).items;
    expect(rows({ gridCode: '430102001001001' }).every((r) => r.gridName === '识字岭社区第1网格')).toBe(true);
    expect(rows({ assignee: 'unassigned' }).every((r) => r.assigneeId === null)).toBe(true);
    expect(rows({ overdue: true }).every((r) => r.dueAt! < NOW && r.status !== 'closed')).toBe(true);
    expect(rows({ text: '流动摊贩' })).toHaveLength(12);
    expect(rows({ text: '摊贩' })).toHaveLength(12); // two characters: scanned, same answer
    expect(rows({ categoryId: f.categories.bigCityscape }).every((r) => r.categoryCode.startsWith('01'))).toBe(true);
    expect(rows({ statuses: ['handling'], assignee: f.persons.wang, sources: ['hotline'] }).every((r) => r.status === 'handling' && r.assigneeId === f.persons.wang && r.source === 'hotline')).toBe(true);
  });

  it('finds due-soon cases that are not yet overdue', () => {
    const f = populated();
    const soon = listIncidents(f.db, { filter: { dueWithinHours: 4 }, sort: 'due_asc', limit: 100 }, sh('2026-11-24T14:00')).items;
    expect(soon.length).toBeGreaterThan(0);
    for (const r of soon) {
      expect(r.dueAt!).toBeGreaterThanOrEqual(sh('2026-11-24T14:00'));
      expect(r.dueAt!).toBeLessThan(sh('2026-11-24T18:00'));
    }
  });

  it('leaves duplicates out unless asked for', () => {
    const f = populated();
    f.db.prepare(`UPDATE incidents SET duplicate_of = 1 WHERE id IN (2, 3)`).run();
    expect(countIncidents(f.db, {}, NOW)).toBe(58);
    expect(countIncidents(f.db, { includeDuplicates: true }, NOW)).toBe(60);
  });

  it('treats search text as text, never as query syntax', () => {
    const f = populated();
    for (const text of ['"', 'a OR b', '*', 'NEAR(x y)', "'; DROP TABLE incidents; --"]) {
      expect(() => listIncidents(f.db, { filter: { text }, sort: 'reported_desc', limit: 10 }, NOW)).not.toThrow();
    }
    expect(countIncidents(f.db, {}, NOW)).toBe(60);
  });

  it('refuses a forged cursor with a clear message', () => {
    const f = populated();
    expect(() => listIncidents(f.db, { filter: {}, sort: 'reported_desc', limit: 10, after: 'garbage' }, NOW)).toThrow(AppError);
    expect(() => listIncidents(f.db, { filter: {}, sort: 'reported_desc', limit: 10, after: 'garbage' }, NOW)).toThrow(/翻页游标无效/);
  });
});

describe('case list at volume', () => {
  it('pages through a common search term in order, whichever plan the query takes', () => {
    const f = deskFixture();
    const insert = f.db.prepare(
      `INSERT INTO incidents (case_no, category_id, description, grid_id, source, status, reported_at, created_at, updated_at)
       VALUES (?, ?, ?, 3, 'patrol', 'closed', ?, 0, 0)`,
    );
    f.db.transaction(() => {
      for (let k = 0; k < 4000; k++) {
        // Report times deliberately not in id order, with ties.
        insert.run(`V${k}`, f.categories.garbage, k % 10 === 0 ? '其他问题' : `小区门口暴露垃圾 ${k}`, NOW - ((k * 7919) % 3001) * 60_000);
      }
    })();
    for (const sort of ['reported_desc', 'reported_asc'] as const) {
      const seen: number[] = [];
      let previous: number | null = null;
      let after: string | undefined;
      for (;;) {
        const page = listIncidents(f.db, { filter: { text: '暴露垃圾' }, sort, limit: 250, after }, NOW);
        for (const item of page.items) {
          if (previous !== null) expect(sort === 'reported_desc' ? item.reportedAt <= previous : item.reportedAt >= previous).toBe(true);
          previous = item.reportedAt;
          seen.push(item.id);
        }
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      expect(seen).toHaveLength(3600);
      expect(new Set(seen).size).toBe(3600);
    }
  });
});

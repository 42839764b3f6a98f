/**
 * The queue, the case count and the deadline-ordered case list read less at scale than the straightforward
 * queries, and answer the same: myQueue against the reference (each list's condition tested in SQL twice,
 * count then page) for every role on demo data, with a small page too; countIncidents against a plain
 * count; every page of due_asc against one ORDER BY over the filter; the request-step indexes are the
 * ones the planner uses.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { myQueue } from '../../db/queries/queue';
import { countIncidents, filterSql, listIncidents } from '../../db/queries/incidents';
import type { IncidentFilter } from '../../db/types';
import { myQueueReference } from './queueReference';
import { appendEvent } from '../../db/queries/events';
import { tempDir } from '../helpers/tmp';

let db: Db;
let now: number;

beforeAll(() => {
  db = openDatabase(path.join(tempDir(), 'queue-fast.sqlite')).db;
  seedDefaults(db, 0);
  loadDemo(db, { until: '2026-11-25', incidents: 3000 });
  now = (db.prepare(`SELECT max(reported_at) AS t FROM incidents`).get() as { t: number }).t + 3_600_000;
}, 120_000);

describe('myQueue', () => {
  it('gives the reference answer for every role, page size and moment on demo data', () => {
    const operators = (db.prepare(`SELECT id FROM operators ORDER BY id LIMIT 4`).all() as { id: number }[]).map((r) => r.id);
    const handlers = (
      db.prepare(`SELECT assignee_id AS id FROM incidents WHERE status IN ('dispatched', 'handling') AND assignee_id IS NOT NULL GROUP BY assignee_id ORDER BY count(*) DESC LIMIT 3`).all() as { id: number }[]
    ).map((r) => r.id);
    const unitPeople = (db.prepare(`SELECT id FROM persons WHERE unit_id IS NOT NULL ORDER BY id LIMIT 2`).all() as { id: number }[]).map((r) => r.id);
    const actors = [
      ...[null, ...operators].flatMap((operatorId) => (['supervisor', 'admin', 'inspector'] as const).map((role) => ({ operatorId, role, personId: null }))),
      ...[...handlers, ...unitPeople].map((personId) => ({ operatorId: operators[0] ?? null, role: 'handler' as const, personId })),
    ];
    let seen = 0;
    const kinds = new Set<string>();
    for (const at of [now, now - 30 * 86_400_000])
      for (const actor of actors)
        for (const limit of [200, 7]) {
          const fast = myQueue(db, actor, at, limit);
          expect(fast).toEqual(myQueueReference(db, actor, at, limit));
          seen += fast.items.length;
          for (const item of fast.items) kinds.add(item.kind);
        }
    // The comparison covered real lists, not empty ones.
    expect(seen).toBeGreaterThan(100);
    expect(kinds.size).toBeGreaterThanOrEqual(4);
  });

  it('answers "is the last extension or 退单 step a request" from the request-step indexes alone', () => {
    for (const [actions, index] of [
      [`'extend_request', 'extend_approve', 'extend_deny'`, 'incident_events_extension_steps'],
      [`'return_request', 'return_approve', 'return_deny'`, 'incident_events_return_steps'],
    ] as const) {
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT i.id FROM incidents i WHERE i.status IN ('dispatched', 'handling')
           AND (SELECT e.action FROM incident_events e WHERE e.incident_id = i.id AND e.action IN (${actions}) ORDER BY e.at DESC, e.id DESC LIMIT 1) LIKE '%request'`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain(`COVERING INDEX ${index}`);
    }
  });
});

describe('myQueue between calls', () => {
  it('keeps the reference answer as steps are appended between calls: what a connection remembers follows them', () => {
    const [op, otherOp] = db.prepare(`SELECT id FROM operators WHERE role IN ('supervisor', 'admin') ORDER BY id LIMIT 2`).pluck().all() as number[];
    const actor = { operatorId: op!, role: 'supervisor' as const, personId: null };
    // A second operator's list from what the connection remembers for both.
    const other = { operatorId: otherOp!, role: 'supervisor' as const, personId: null };
    const otherVerify = () => myQueue(db, other, now).counts.verify;
    const check = () => {
      for (const who of [actor, other]) for (const limit of [200, 7]) expect(myQueue(db, who, now, limit)).toEqual(myQueueReference(db, who, now, limit));
      return myQueue(db, actor, now).counts;
    };
    const step = (incidentId: number, action: string, at: number, status: 'handling' | 'handled') =>
      appendEvent(db, { incidentId, at, operatorId: op!, actorName: '测试监督员', action, fromStatus: status, toStatus: status });
    const before = check();
    // A case in hand with no extension step: a request makes it pending, a decision settles it.
    const [first, second] = db
      .prepare(
        `SELECT id FROM incidents i WHERE status = 'handling' AND duplicate_of IS NULL
           AND NOT EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.action LIKE 'extend%') ORDER BY id LIMIT 2`,
      )
      .pluck()
      .all() as number[];
    step(first!, 'extend_request', now - 60_000, 'handling');
    expect(check().extension).toBe(before.extension + 1);
    step(first!, 'extend_approve', now - 30_000, 'handling');
    expect(check().extension).toBe(before.extension);
    // Appended later but dated earlier than the case's last decision: the last step by time is still the decision.
    step(first!, 'extend_request', now - 90_000, 'handling');
    expect(check().extension).toBe(before.extension);
    // The operator's own step on a case waiting for verification takes it out of their list.
    const verifying = myQueue(db, actor, now).items.find((i) => i.kind === 'verify');
    expect(verifying).toBeDefined();
    const otherBefore = otherVerify();
    step(verifying!.incidentId, 'handle', now - 60_000, 'handled');
    expect(check().verify).toBe(before.verify - 1);
    expect(otherVerify()).toBe(otherBefore);
    // Steps not committed are never remembered: a request inside a transaction that rolls back.
    db.exec('BEGIN');
    step(second!, 'extend_request', now - 60_000, 'handling');
    expect(check().extension).toBe(before.extension + 1);
    db.exec('ROLLBACK');
    expect(check().extension).toBe(before.extension);
    step(second!, 'extend_request', now - 60_000, 'handling');
    expect(check().extension).toBe(before.extension + 1);
  });
});

describe('countIncidents', () => {
  it('counts the default list (no duplicates) as a plain count does', () => {
    const plain = (where: string) => (db.prepare(`SELECT count(*) AS n FROM incidents i ${where}`).get() as { n: number }).n;
    expect(plain('WHERE i.duplicate_of IS NOT NULL')).toBeGreaterThan(0);
    expect(countIncidents(db, {}, now)).toBe(plain('WHERE i.duplicate_of IS NULL'));
    expect(countIncidents(db, { includeDuplicates: true }, now)).toBe(plain(''));
    expect(countIncidents(db, { statuses: ['handling'] }, now)).toBe(plain(`WHERE i.duplicate_of IS NULL AND i.status = 'handling'`));
  });
});

describe('listIncidents, due_asc', () => {
  it('pages through the same cases in the same order as one ORDER BY (due_at IS NULL, due_at, id), for each filter', () => {
    const street = (db.prepare(`SELECT s.code FROM grids s WHERE s.id IN (SELECT parent_id FROM grids) AND s.parent_id IS NOT NULL ORDER BY s.id LIMIT 1`).get() as { code: string }).code;
    const grid = (db.prepare(`SELECT g.code FROM grids g JOIN incidents i ON i.grid_id = g.id GROUP BY g.id ORDER BY count(*) DESC LIMIT 1`).get() as { code: string }).code;
    const category = (db.prepare(`SELECT parent_id AS id FROM categories WHERE parent_id IS NOT NULL LIMIT 1`).get() as { id: number }).id;
    const filters: IncidentFilter[] = [
      {},
      { includeDuplicates: true },
      { statuses: ['dispatched', 'handling', 'handled'] },
      { statuses: ['closed'] },
      { streetCode: street },
      { gridCode: grid },
      { categoryId: category },
      { assignee: 'unassigned' },
      { overdue: true },
      { dueWithinHours: 72 },
      { sources: ['hotline'] },
      { text: '垃圾' },
      { supervised: true },
    ];
    let compared = 0;
    let undated = 0;
    for (const filter of filters) {
      const { where, params } = filterSql(filter, now);
      const expected = (db.prepare(`SELECT i.id FROM incidents i ${where} ORDER BY i.due_at IS NULL, i.due_at, i.id`).all(params) as { id: number }[]).map((r) => r.id);
      const got: number[] = [];
      let after: string | undefined;
      for (let k = 0; k < 1000; k++) {
        const page = listIncidents(db, { filter, sort: 'due_asc', limit: 97, after }, now);
        for (const item of page.items) {
          got.push(item.id);
          if (item.dueAt === null) undated += 1;
        }
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      expect(got, JSON.stringify(filter)).toEqual(expected);
      compared += expected.length;
    }
    // Both parts of the order, dated and undated, were walked through.
    expect(compared).toBeGreaterThan(3000);
    expect(undated).toBeGreaterThan(50);
  });
});

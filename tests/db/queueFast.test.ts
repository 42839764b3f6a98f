/**
 * The queue and the case count at scale read less than the straightforward queries, and answer the same:
 * myQueue against the reference (each list's condition tested in SQL twice, count then page) for every
 * role on demo data, with a small page too; countIncidents against a plain count; the request-step
 * indexes are the ones the planner uses.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { myQueue } from '../../db/queries/queue';
import { countIncidents } from '../../db/queries/incidents';
import { myQueueReference } from './queueReference';
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

describe('countIncidents', () => {
  it('counts the default list (no duplicates) as a plain count does', () => {
    const plain = (where: string) => (db.prepare(`SELECT count(*) AS n FROM incidents i ${where}`).get() as { n: number }).n;
    expect(plain('WHERE i.duplicate_of IS NOT NULL')).toBeGreaterThan(0);
    expect(countIncidents(db, {}, now)).toBe(plain('WHERE i.duplicate_of IS NULL'));
    expect(countIncidents(db, { includeDuplicates: true }, now)).toBe(plain(''));
    expect(countIncidents(db, { statuses: ['handling'] }, now)).toBe(plain(`WHERE i.duplicate_of IS NULL AND i.status = 'handling'`));
  });
});

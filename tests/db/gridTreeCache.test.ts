/**
 * grids:tree remembered per connection (db/queries/grids.ts gridTree) answers exactly as the tree read afresh
 * (buildGridTree): again at the same moment, after a deadline passes, after a write on the connection, after
 * a commit by another connection, inside a write that rolls back, and whatever a caller does to an answer.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { buildGridTree, gridTree } from '../../db/queries/grids';
import { OPEN_STATUSES_SQL } from '../../db/sql';
import { tempDir } from '../helpers/tmp';

let file: string;
let db: Db;
let now: number;

beforeAll(() => {
  file = path.join(tempDir(), 'grid-tree.sqlite');
  db = openDatabase(file).db;
  seedDefaults(db, 0);
  loadDemo(db, { until: '2026-11-25', incidents: 2000 });
  now = (db.prepare(`SELECT max(reported_at) FROM incidents`).pluck().get() as number) - 10 * 86_400_000;
}, 120_000);

const nextDue = (at: number) =>
  db
    .prepare(`SELECT min(due_at) FROM incidents WHERE closed_at IS NULL AND due_at >= ? AND status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND grid_id IS NOT NULL`)
    .pluck()
    .get(at) as number;

describe('gridTree', () => {
  it('answers as the tree read afresh, moment by moment and write by write', () => {
    const first = gridTree(db, now)!;
    expect(first).toEqual(buildGridTree(db, now));
    expect(first.openIncidents).toBeGreaterThan(0);
    // Asked again, and a caller changing its copy changes nothing remembered.
    first.openIncidents = -1;
    first.children.length = 0;
    expect(gridTree(db, now)).toEqual(buildGridTree(db, now));
    // Just before and at the next deadline: the case turns overdue exactly then.
    const due = nextDue(now);
    expect(gridTree(db, due)).toEqual(buildGridTree(db, due));
    expect(gridTree(db, due - 1)).toEqual(buildGridTree(db, due - 1));
    const later = gridTree(db, due + 1)!;
    expect(later).toEqual(buildGridTree(db, due + 1));
    expect(later.overdueIncidents).toBeGreaterThan(buildGridTree(db, now)!.overdueIncidents);
    // A case closed on this connection.
    const open = db.prepare(`SELECT id FROM incidents WHERE closed_at IS NULL AND status = 'handling' AND duplicate_of IS NULL AND grid_id IS NOT NULL LIMIT 2`).pluck().all() as number[];
    const before = gridTree(db, now)!.openIncidents;
    db.prepare(`UPDATE incidents SET status = 'closed', closed_at = ?, version = version + 1 WHERE id = ?`).run(now, open[0]);
    const afterOwn = gridTree(db, now)!;
    expect(afterOwn).toEqual(buildGridTree(db, now));
    expect(afterOwn.openIncidents).toBe(before - 1);
    // A case closed by another connection.
    const other = openDatabase(file).db;
    other.prepare(`UPDATE incidents SET status = 'closed', closed_at = ?, version = version + 1 WHERE id = ?`).run(now, open[1]);
    other.close();
    const afterOther = gridTree(db, now)!;
    expect(afterOther).toEqual(buildGridTree(db, now));
    expect(afterOther.openIncidents).toBe(before - 2);
    // A write in progress that rolls back.
    db.exec('BEGIN');
    db.prepare(`UPDATE incidents SET grid_id = NULL WHERE id IN (SELECT id FROM incidents WHERE closed_at IS NULL AND grid_id IS NOT NULL LIMIT 5)`).run();
    expect(gridTree(db, now)).toEqual(buildGridTree(db, now));
    expect(gridTree(db, now)!.openIncidents).toBeLessThan(afterOther.openIncidents);
    db.exec('ROLLBACK');
    expect(gridTree(db, now)).toEqual(afterOther);
  });
});

/**
 * Reads on a second core inside the caller's snapshot (db/parallel): statements forked to the read worker answer
 * what this thread's connection would, from the same snapshot; a commit that lands between the two snapshots, a
 * statement the worker cannot run, a missing worker bundle, an in-memory database or a transaction already open
 * all make the statements run here instead, with the one snapshot's answer.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeReadThreads, forkCounts, snapshotRead } from '../../db/parallel/parallelRead';
import type { Db } from '../../db/open';
import { tempDir } from '../helpers/tmp';

function fileDb(): { db: Db; file: string } {
  const file = path.join(tempDir('griddesk-parallel-'), 'p.sqlite');
  const db = new Database(file) as unknown as Db;
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)`);
  const insert = db.prepare(`INSERT INTO t (v) VALUES (?)`);
  db.transaction(() => {
    for (let i = 1; i <= 1000; i++) insert.run(i * 3);
  })();
  return { db, file };
}

const SUM = { sql: `SELECT sum(v) FROM t WHERE id >= @lo`, params: { lo: 1 } };
const LIST = { sql: `SELECT '[' || group_concat(id || ',' || v) || ']' FROM t WHERE id <= @n`, params: { n: 3 }, as: 'numbers' as const };

afterAll(async () => {
  await closeReadThreads();
});

describe('forked reads', () => {
  it('run on the worker and answer what this connection would: one value, or numbers as a Float64Array', () => {
    const { db } = fileDb();
    const r = snapshotRead(db, (fork) => {
      const f = fork([SUM, LIST, { sql: `SELECT v FROM t WHERE id = -1`, params: {} }]);
      const local = db.prepare(SUM.sql).pluck().get(SUM.params);
      return { where: f.where, values: f.values(), local };
    });
    expect(r.where).toBe('worker');
    expect(r.values[0]).toBe(r.local);
    expect(r.values[0]).toBe((3 * 1000 * 1001) / 2);
    expect(r.values[1]).toBeInstanceOf(Float64Array);
    expect([...(r.values[1] as Float64Array)]).toEqual([1, 3, 2, 6, 3, 9]);
    // No row: null.
    expect(r.values[2]).toBeNull();
    db.close();
  }, 60_000);

  it('read this thread’s snapshot: a commit between the two snapshots sends the statements here', () => {
    const { db, file } = fileDb();
    const writer = new Database(file);
    const r = snapshotRead(db, (fork) => {
      // Another connection commits after this thread's snapshot was taken, before the worker takes its own.
      writer.prepare(`INSERT INTO t (v) VALUES (1000000)`).run();
      const f = fork([SUM]);
      return { where: f.where, why: f.why, values: f.values() };
    });
    expect(r.where).toBe('here');
    expect(r.why).toBe('读取期间数据库有新的提交');
    // The snapshot's answer, without the later row.
    expect(r.values[0]).toBe((3 * 1000 * 1001) / 2);
    // Afterwards (a new snapshot) the worker answers again, and sees the row.
    const after = snapshotRead(db, (fork) => {
      const f = fork([SUM]);
      return { where: f.where, values: f.values() };
    });
    expect(after).toEqual({ where: 'worker', values: [(3 * 1000 * 1001) / 2 + 1000000] });
    writer.close();
    db.close();
  }, 60_000);

  it('a statement the worker cannot run (a temporary table of this connection) is answered here', () => {
    const { db } = fileDb();
    db.exec(`CREATE TEMP TABLE mine (x INTEGER); INSERT INTO mine VALUES (7), (8)`);
    const before = forkCounts.here;
    const values = snapshotRead(db, (fork) => fork([{ sql: `SELECT sum(x) FROM mine`, params: {} }]).values());
    expect(values).toEqual([15]);
    // It was tried on the worker (which failed), then run here.
    expect(forkCounts.here).toBe(before + 1);
    db.close();
  }, 60_000);

  it('run here for an in-memory database, inside an open transaction, when not wanted or when the worker bundle is missing', () => {
    const memory = new Database(':memory:') as unknown as Db;
    memory.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t (v) VALUES (3), (6)`);
    const inMemory = snapshotRead(memory, (fork) => {
      const f = fork([SUM]);
      return [f.where, f.why, f.values()];
    });
    expect(inMemory).toEqual(['here', '内存数据库', [9]]);

    const { db } = fileDb();
    // Uncommitted writes of this connection: only this connection sees them.
    const inTx = db.transaction(() => {
      db.prepare(`INSERT INTO t (v) VALUES (1)`).run();
      const f = snapshotRead(db, (fork) => fork([SUM]));
      return [f.where, f.why, f.values()];
    })();
    expect(inTx).toEqual(['here', '调用方已在事务中', [(3 * 1000 * 1001) / 2 + 1]]);

    const off = snapshotRead(db, (fork) => fork([SUM]).why, { parallel: false });
    expect(off).toBe('未启用');

    const missing = snapshotRead(
      db,
      (fork) => {
        const f = fork([SUM]);
        return [f.where, f.why, f.values()];
      },
      { entry: path.join(tempDir(), 'read-worker.cjs') },
    );
    expect(missing[0]).toBe('here');
    expect(missing[1]).toMatch(/^缺少后台读取程序：/);
    expect(missing[2]).toEqual([(3 * 1000 * 1001) / 2 + 1]);
    memory.close();
    db.close();
  }, 60_000);
});

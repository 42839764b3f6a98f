/**
 * Writes on the host's thread wait for the write lock without stopping the thread (electron/server/writeTurns.ts):
 * while a second connection (an import's worker) holds the lock, a write waits for its turn on timers, the
 * thread keeps answering, the writes then run in the order they came, and nothing about the writer changes.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { createWriteTurns, writeLockFree, writeTurnsOf } from '../../electron/server/writeTurns';
import { tempDir } from '../helpers/tmp';

let writer: Db;
let other: Db;

beforeEach(() => {
  const file = path.join(tempDir(), 'turns.sqlite');
  writer = openDatabase(file).db;
  writer.exec('CREATE TABLE IF NOT EXISTS turn_log (n INTEGER NOT NULL)');
  other = openDatabase(file).db;
});

afterEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  writer.close();
});

const logged = () => (writer.prepare('SELECT n FROM turn_log ORDER BY rowid').pluck().all() as number[]);

describe('writeLockFree', () => {
  it('tells whether the lock could be taken now, without waiting and without changing the writer', () => {
    const timeout = writer.pragma('busy_timeout', { simple: true });
    expect(writeLockFree(writer)).toBe(true);
    other.exec('BEGIN IMMEDIATE');
    const t0 = Date.now();
    expect(writeLockFree(writer)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1_000); // not the 5 s busy timeout
    expect(writer.inTransaction).toBe(false);
    expect(writer.pragma('busy_timeout', { simple: true })).toBe(timeout);
    other.exec('COMMIT');
    expect(writeLockFree(writer)).toBe(true);
    // Inside the writer's own transaction the write is already in hand.
    writer.exec('BEGIN IMMEDIATE');
    expect(writeLockFree(writer)).toBe(true);
    writer.exec('ROLLBACK');
  });
});

describe('write turns', () => {
  it('hold writes while another connection has the lock, keep the thread answering, then run them in order', async () => {
    const turns = createWriteTurns(() => writer);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO turn_log (n) VALUES (0)').run();
    const write = (n: number) => turns.run(async () => writer.prepare('INSERT INTO turn_log (n) VALUES (?)').run(n).changes);
    const done = [write(1), write(2), write(3)];
    // The thread is free: timers fire while the writes wait.
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        ticks += 1;
        if (ticks === 5) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    expect(ticks).toBe(5);
    expect(turns.waiting).toBe(3);
    expect(logged()).toEqual([]); // the other connection's row is not committed yet, and none of ours ran
    other.exec('COMMIT');
    expect(await Promise.all(done)).toEqual([1, 1, 1]);
    expect(logged()).toEqual([0, 1, 2, 3]);
    expect(turns.waiting).toBe(0);
  });

  it('answers a failed write with its own error and lets the next write through', async () => {
    const turns = createWriteTurns(() => writer);
    const failing = turns.run(async () => {
      throw new Error('refused');
    });
    const next = turns.run(async () => writer.prepare('INSERT INTO turn_log (n) VALUES (7)').run().changes);
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe(1);
    expect(logged()).toEqual([7]);
  });

  it('runs the write after the longest wait when the lock is never released (the busy timeout then answers)', async () => {
    const turns = createWriteTurns(() => writer, { maxWaitMs: 60 });
    other.exec('BEGIN IMMEDIATE');
    writer.pragma('busy_timeout = 0');
    const t0 = Date.now();
    await expect(turns.run(async () => writer.prepare('INSERT INTO turn_log (n) VALUES (9)').run())).rejects.toThrow(/locked|busy/i);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
    other.exec('ROLLBACK');
    expect(logged()).toEqual([]);
  });

  it('share one queue per writer between servers (writeTurnsOf)', async () => {
    const a = writeTurnsOf(() => writer);
    const b = writeTurnsOf(() => writer);
    other.exec('BEGIN IMMEDIATE');
    const first = a.run(async () => writer.prepare('INSERT INTO turn_log (n) VALUES (1)').run().changes);
    const second = b.run(async () => writer.prepare('INSERT INTO turn_log (n) VALUES (2)').run().changes);
    await new Promise((r) => setTimeout(r, 30));
    expect(a.waiting).toBe(2);
    other.exec('COMMIT');
    await Promise.all([first, second]);
    expect(logged()).toEqual([1, 2]);
  });
});

/**
 * The daily statistics of the cases a bulk import writes while the daily triggers are paused, summed in
 * memory and added to stats_daily_grid and stats_daily_person (upsert, so partial sums add up exactly).
 *
 * An imported case is new, neither a duplicate nor voided, and not yet registered or closed: by the rule
 * of the daily tables (migration 0080) it counts received 1 on its report day, and registered and
 * fixed_on_spot 1 when it was fixed on the spot; it has no assignee. tests/db/stats.test.ts holds the
 * result to a full rebuild of the tables.
 *
 * Keys are numbers (day, grid and class or person packed), not strings: this runs once per imported
 * row. Sums are flushed in key order (the tables' primary-key order) whenever many keys have gathered,
 * so memory stays bounded however long the file.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import { shanghaiDayIndex } from '../domain/time';

/** Keys held before a flush. */
const FLUSH_KEYS = 20_000;
/** Rows per upsert statement. */
const ROWS_PER_UPSERT = 50;

const GRID_SPAN = 2 ** 20;
const KEY_SPAN = 2 ** 16;

interface Table {
  name: 'stats_daily_grid' | 'stats_daily_person';
  keyColumn: 'category_id' | 'assignee_id';
  /** packed key → [received, fixed on the spot] */
  sums: Map<number, [number, number]>;
}

export class ImportedDaily {
  private readonly tables: Table[] = [
    { name: 'stats_daily_grid', keyColumn: 'category_id', sums: new Map() },
    { name: 'stats_daily_person', keyColumn: 'assignee_id', sums: new Map() },
  ];
  private readonly statements = new Map<string, Statement>();

  /** One written case: its report time, grid (null: none), small class and whether it was fixed on the spot. */
  add(reportedAt: number, gridId: number | null, categoryId: number, fixedOnSpot: boolean): void {
    const day = shanghaiDayIndex(reportedAt);
    const grid = gridId ?? 0;
    if (!(day >= 0 && grid >= 0 && grid < GRID_SPAN && categoryId >= 0 && categoryId < KEY_SPAN)) {
      throw new Error(`日统计键超出范围：${day}/${grid}/${categoryId}`);
    }
    const base = (day * GRID_SPAN + grid) * KEY_SPAN;
    const fixed = fixedOnSpot ? 1 : 0;
    this.bump(this.tables[0]!.sums, base + categoryId, fixed);
    this.bump(this.tables[1]!.sums, base, fixed); // assignee 0: unassigned
  }

  private bump(sums: Map<number, [number, number]>, key: number, fixed: number): void {
    const row = sums.get(key);
    if (row) {
      row[0]++;
      row[1] += fixed;
    } else sums.set(key, [1, fixed]);
  }

  /** Enough keys gathered to flush. */
  full(): boolean {
    return this.tables[0]!.sums.size >= FLUSH_KEYS;
  }

  /** Adds the sums to the daily tables (inside the caller's transaction) and starts again. */
  flush(db: Db): void {
    for (const t of this.tables) {
      const keys = [...t.sums.keys()].sort((a, b) => a - b);
      for (let i = 0; i < keys.length; i += ROWS_PER_UPSERT) {
        const n = Math.min(ROWS_PER_UPSERT, keys.length - i);
        const values: number[] = new Array(n * 6);
        for (let j = 0; j < n; j++) {
          const key = keys[i + j]!;
          const [received, fixed] = t.sums.get(key)!;
          const second = key % KEY_SPAN;
          const rest = (key - second) / KEY_SPAN;
          const grid = rest % GRID_SPAN;
          values[j * 6] = (rest - grid) / GRID_SPAN;
          values[j * 6 + 1] = grid;
          values[j * 6 + 2] = second;
          values[j * 6 + 3] = received;
          values[j * 6 + 4] = fixed; // registered: a case fixed on the spot counts as registered
          values[j * 6 + 5] = fixed;
        }
        this.upsert(db, t, n).run(values);
      }
      t.sums.clear();
    }
  }

  private upsert(db: Db, t: Table, rows: number): Statement {
    const id = `${t.name}:${rows}`;
    let s = this.statements.get(id);
    if (!s) {
      s = db.prepare(
        `INSERT INTO ${t.name} (day, grid_id, ${t.keyColumn}, received, registered, fixed_on_spot)
         VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (day, grid_id, ${t.keyColumn}) DO UPDATE SET received = received + excluded.received,
           registered = registered + excluded.registered, fixed_on_spot = fixed_on_spot + excluded.fixed_on_spot`,
      );
      this.statements.set(id, s);
    }
    return s;
  }
}

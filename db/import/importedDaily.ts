/**
 * The daily statistics of the cases a bulk import writes while the daily triggers are paused, summed in
 * memory and added to stats_daily_grid and stats_daily_person (upsert, so partial sums add up exactly).
 *
 * An imported case is new, neither a duplicate nor voided, and not yet registered or closed: by the rule
 * of the daily tables (migration 0080) it counts received 1 on its report day, and registered and
 * fixed_on_spot 1 when it was fixed on the spot; it has no assignee. tests/db/stats.test.ts holds the
 * result to a full rebuild of the tables.
 *
 * Each case is one number (day, grid, class and fixed-on-the-spot packed), appended to a typed array: this
 * runs once per imported row. At a flush the numbers are sorted once and both tables' sums are read off
 * the sorted run (a person-table key is the grid-table key without its class) and upserted in key order,
 * the tables' primary-key order, so each upsert lands beside the last. Flushing every FLUSH_CASES cases keeps
 * memory bounded however long the file; a million cases are summed in one flush (8 MB).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import { shanghaiDayIndex } from '../domain/time';
import { writeDailyDays } from '../stats/daily';

/** Cases held before a flush (8 bytes each). */
const FLUSH_CASES = 4_000_000;
/** Rows per upsert statement. */
const ROWS_PER_UPSERT = 50;

const GRID_SPAN = 2 ** 20;
const KEY_SPAN = 2 ** 16;
/** A case's number: ((day × GRID_SPAN + grid) × KEY_SPAN + class) × 2 + fixed, below 2^53 for days before 2059. */
const CLASS_SPAN = KEY_SPAN * 2;
const DAY_LIMIT = 2 ** 15;

interface Table {
  name: 'stats_daily_grid' | 'stats_daily_person';
  keyColumn: 'category_id' | 'assignee_id';
}

const TABLES: readonly Table[] = [
  { name: 'stats_daily_grid', keyColumn: 'category_id' },
  { name: 'stats_daily_person', keyColumn: 'assignee_id' },
];

export class ImportedDaily {
  private cases = new Float64Array(1024);
  private size = 0;
  private readonly statements = new Map<string, Statement>();

  add(reportedAt: number, gridId: number | null, categoryId: number, fixedOnSpot: boolean): void {
    const day = shanghaiDayIndex(reportedAt);
    const grid = gridId ?? 0;
    if (!(day >= 0 && day < DAY_LIMIT && grid >= 0 && grid < GRID_SPAN && categoryId >= 0 && categoryId < KEY_SPAN)) {
      throw new Error(`日统计键超出范围：${day}/${grid}/${categoryId}`);
    }
    if (this.size === this.cases.length) {
      const grown = new Float64Array(this.cases.length * 2);
      grown.set(this.cases);
      this.cases = grown;
    }
    this.cases[this.size++] = ((day * GRID_SPAN + grid) * KEY_SPAN + categoryId) * 2 + (fixedOnSpot ? 1 : 0);
  }

  /** Enough cases gathered to flush. */
  full(): boolean {
    return this.size >= FLUSH_CASES;
  }

  /** Adds the sums to the daily tables (inside the caller's transaction) and starts again. */
  flush(db: Db): void {
    const sorted = this.cases.subarray(0, this.size).sort();
    // Both tables' rows in key order: [day, grid, class or person 0, received, registered, fixed] × n.
    const rows: number[][] = [[], []];
    const emit = (t: number, key: number, received: number, fixed: number) => {
      const second = key % KEY_SPAN;
      const rest = (key - second) / KEY_SPAN;
      const grid = rest % GRID_SPAN;
      // registered: a case fixed on the spot counts as registered
      rows[t]!.push((rest - grid) / GRID_SPAN, grid, second, received, fixed, fixed);
      if (rows[t]!.length === 6 * ROWS_PER_UPSERT) this.write(db, t, rows[t]!);
    };
    writeDailyDays(db, () => {
      const days: number[] = [];
      let i = 0;
      while (i < sorted.length) {
        // One (day, grid): its classes in order, then the person table's row (person 0: unassigned).
        const place = Math.floor(sorted[i]! / CLASS_SPAN);
        const day = Math.floor(place / GRID_SPAN);
        if (days[days.length - 1] !== day) days.push(day);
        let received = 0;
        let fixed = 0;
        while (i < sorted.length && Math.floor(sorted[i]! / CLASS_SPAN) === place) {
          const cls = Math.floor(sorted[i]! / 2);
          let n = 0;
          let f = 0;
          for (; i < sorted.length && Math.floor(sorted[i]! / 2) === cls; i++) {
            n++;
            f += sorted[i]! % 2;
          }
          emit(0, cls, n, f);
          received += n;
          fixed += f;
        }
        emit(1, place * KEY_SPAN, received, fixed);
      }
      for (let t = 0; t < TABLES.length; t++) this.write(db, t, rows[t]!);
      return days;
    });
    this.size = 0;
  }

  /** Upserts the gathered rows of table `t` and empties the list. */
  private write(db: Db, t: number, values: number[]): void {
    if (values.length > 0) this.upsert(db, TABLES[t]!, values.length / 6).run(values);
    values.length = 0;
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

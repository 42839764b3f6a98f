/**
 * The migrations are history and keep their literal numbers; TEXT_LIMITS is what the code checks.
 * This holds the two together: the CHECK constraints of a freshly migrated database, read back from
 * sqlite_schema, allow exactly the lengths TEXT_LIMITS names.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { TEXT_LIMITS, type TextLimitName } from '../../db/domain/limits';
import { tempDir } from '../helpers/tmp';

/** The longest value a column's CHECK allows: `length(col) <= N` or `length(col) BETWEEN 1 AND N`. */
function checkedMaxLength(db: Db, table: string, column: string): number {
  const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string | undefined;
  if (!sql) throw new Error(`no table ${table}`);
  const definition = new RegExp(`(?:^|[(,\\n])\\s*${column}\\s+TEXT\\b([^\\n]*)`).exec(sql);
  if (!definition) throw new Error(`no column ${table}.${column}`);
  const m = new RegExp(`CHECK \\((?:${column} IS NULL OR )?length\\(${column}\\) (?:<= (\\d+)|BETWEEN 1 AND (\\d+))\\)`).exec(definition[1]!);
  if (!m) throw new Error(`no length CHECK on ${table}.${column}: ${definition[1]}`);
  return Number(m[1] ?? m[2]);
}

/** Which limit each length-checked text column carries. */
const COLUMNS: readonly [table: string, column: string, limit: TextLimitName][] = [
  ['incidents', 'description', 'description'],
  ['incidents', 'address', 'address'],
  ['incidents', 'reporter', 'name'],
  ['incident_events', 'note', 'note'],
  ['persons', 'name', 'name'],
  ['persons', 'phone', 'phone'],
  ['persons', 'organization', 'organization'],
  ['operators', 'name', 'name'],
  ['categories', 'name', 'name'],
  ['campaigns', 'name', 'name'],
  ['patrols', 'inspector', 'name'],
];

describe('text limits', () => {
  it('equal the CHECK constraints of a freshly migrated database', () => {
    const { db } = openDatabase(path.join(tempDir(), 'limits.sqlite'));
    try {
      const found = COLUMNS.map(([table, column]) => [`${table}.${column}`, checkedMaxLength(db, table, column)]);
      const expected = COLUMNS.map(([table, column, limit]) => [`${table}.${column}`, TEXT_LIMITS[limit]]);
      expect(found).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it('reads a CHECK the way SQLite applies it (characters, inclusive)', () => {
    const { db } = openDatabase(path.join(tempDir(), 'limits.sqlite'));
    try {
      const max = checkedMaxLength(db, 'persons', 'phone');
      const insert = db.prepare(`INSERT INTO persons (name, phone, created_at, updated_at) VALUES ('甲', ?, 0, 0)`);
      expect(() => insert.run('电'.repeat(max))).not.toThrow();
      expect(() => insert.run('电'.repeat(max + 1))).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});

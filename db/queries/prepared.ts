/**
 * Statements compiled once per connection and text, for the statements a busy host runs many times a second
 * (a case step's UPDATE compiles the table's triggers and indexes: milliseconds each time at 1M cases).
 * A statement from here is shared: use it as it comes (`run`, `get`, `all`), and a text that is read with
 * `pluck()` must always be read so.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';

const byConnection = new WeakMap<Db, Map<string, Statement>>();

/** At most this many texts a connection (a text built from a changing column list has a few forms). */
const MAX_TEXTS = 500;

export function prepared(db: Db, text: string): Statement {
  let byText = byConnection.get(db);
  if (!byText) byConnection.set(db, (byText = new Map()));
  let s = byText.get(text);
  if (!s) {
    if (byText.size >= MAX_TEXTS) byText.clear();
    byText.set(text, (s = db.prepare(text)));
  }
  return s;
}

const indexesByConnection = new WeakMap<Db, Map<string, boolean>>();

/**
 * Whether the connection's schema has the index `name` (asked once per connection: a database opened read-only may
 * predate the migration that made it, and statements that name an index with INDEXED BY fail without it).
 */
export function hasIndex(db: Db, name: string): boolean {
  let known = indexesByConnection.get(db);
  if (!known) indexesByConnection.set(db, (known = new Map()));
  let has = known.get(name);
  if (has === undefined) {
    has = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?`).get(name) !== undefined;
    known.set(name, has);
  }
  return has;
}

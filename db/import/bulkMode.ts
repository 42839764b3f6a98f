/**
 * Index maintenance for a large import, inside its transaction: the non-unique indexes of the
 * tables written are dropped and built again from sorted data at the end, and full-text triggers
 * of the form `AFTER INSERT … BEGIN INSERT INTO fts (cols) VALUES (new.…); END` are replaced by one
 * INSERT … SELECT over the new rows. Everything is restored from the schema's own SQL before the
 * commit, so other connections never see a missing index (WAL snapshot) and a rollback restores
 * the schema with the data. Unique indexes stay: they decide what is a duplicate.
 */
import { AppError } from '../errors';
import type { Db } from '../open';

interface SchemaItem {
  name: string;
  tbl_name: string;
  sql: string;
}

export interface SuspendedIndexes {
  /**
   * Rebuilds what was dropped; `fromRowid` is the first rowid written to `table`. Returns what it took (ms):
   * the full-text rows fed in, the indexes built again.
   */
  restore(fromRowid: number): { search: number; indexes: number };
  readonly droppedIndexes: number;
  readonly deferredTriggers: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** FTS5's in-memory term hash while a bulk insert feeds a full-text index, and its default (SQLite's). */
const FTS_BULK_HASH_BYTES = 16 * 1024 * 1024;
const FTS_DEFAULT_HASH_BYTES = 1024 * 1024;
/** Page cache while the dropped indexes are built again (KiB). */
const INDEX_BUILD_CACHE_KIB = 4096;

function isFts5(db: Db, name: string): boolean {
  const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(name) as string | undefined;
  return sql !== undefined && /USING\s+fts5\b/i.test(sql);
}

/** An FTS5 table's stored setting (null: the default). */
function ftsSetting(db: Db, table: string, key: string): number | null {
  const v = db.prepare(`SELECT v FROM ${quote(`${table}_config`)} WHERE k = ?`).pluck().get(key);
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
const TRIGGER_RE = /^CREATE\s+TRIGGER\s+\S+\s+AFTER\s+INSERT\s+ON\s+(\S+)\s+BEGIN\s+INSERT\s+INTO\s+(\S+)\s*\(([^)]*)\)\s*VALUES\s*\(([\s\S]*)\);\s*END$/i;

/**
 * Sets aside the non-unique indexes of `tables` and the full-text triggers of `table` for a bulk load. A
 * partial index no new row enters is dropped and built again too: kept in place, SQLite tests its WHERE
 * clause for every row written, which measured at a million imported cases costs more than the one scan
 * that builds it again (0.25–1.2 s an index).
 */
export function suspendIndexes(db: Db, tables: readonly string[], table: string): SuspendedIndexes {
  const marks = tables.map(() => '?').join(', ');
  const indexes = (db
    .prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${marks})`)
    .all(...tables) as SchemaItem[]).filter((i) => !/^\s*CREATE\s+UNIQUE\b/i.test(i.sql));
  const triggers = (db
    .prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`)
    .all(table) as SchemaItem[])
    .map((t) => ({ t, m: TRIGGER_RE.exec(t.sql.trim()) }))
    .filter((x): x is { t: SchemaItem; m: RegExpExecArray } => x.m !== null && x.m[1]!.replace(/"/g, '') === table);
  for (const i of indexes) db.exec(`DROP INDEX ${quote(i.name)}`);
  for (const { t } of triggers) db.exec(`DROP TRIGGER ${quote(t.name)}`);
  return {
    droppedIndexes: indexes.length,
    deferredTriggers: triggers.length,
    restore(fromRowid: number) {
      // A small page cache while the indexes are built: each build sorts in runs of the cache's size through
      // temporary files, and measured at a million cases, 4 MiB runs take less time than 64 MiB ones (8.5–9.0 s
      // against 11.6 s for the 25 indexes) and hold ~110 MB less. The connection's setting is put back after.
      const cache = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
      try {
        return rebuild(fromRowid);
      } finally {
        db.pragma(`cache_size = ${cache}`);
      }
    },
  };

  function rebuild(fromRowid: number): { search: number; indexes: number } {
    const started = performance.now();
    for (const { t, m } of triggers) {
      const target = m[2]!.replace(/"/g, '');
      const fts = isFts5(db, target);
      // A full-text index fed in bulk: a larger in-memory term hash means fewer, larger segments and far
      // less merging (the same index content); the table's own setting is put back afterwards.
      const hashsize = fts ? ftsSetting(db, target, 'hashsize') : null;
      if (fts) db.exec(`INSERT INTO ${quote(target)} (${quote(target)}, rank) VALUES ('hashsize', ${FTS_BULK_HASH_BYTES})`);
      db.prepare(`INSERT INTO ${m[2]} (${m[3]}) SELECT ${m[4]} FROM ${quote(table)} AS new WHERE new.rowid >= ? ORDER BY new.rowid`).run(fromRowid);
      if (fts) db.exec(`INSERT INTO ${quote(target)} (${quote(target)}, rank) VALUES ('hashsize', ${hashsize ?? FTS_DEFAULT_HASH_BYTES})`);
      db.exec(t.sql);
    }
    const searched = performance.now();
    for (const i of indexes) db.exec(i.sql);
    return { search: searched - started, indexes: performance.now() - searched };
  }
}

export interface SuspendedTriggers {
  /**
   * Puts the triggers back, after checking that none would have acted on a row from `fromRowid` on (null,
   * for a table without rowids: that none would act on the probes now).
   */
  restore(fromRowid: number | null): void;
  readonly table: string;
  readonly names: readonly string[];
}

const WHEN_TRIGGER_RE = /^CREATE\s+TRIGGER\s+\S+\s+AFTER\s+INSERT\s+ON\s+(\S+)(?:\s+FOR\s+EACH\s+ROW)?\s+WHEN\s+([\s\S]*?)\s+BEGIN\b/i;

/**
 * AFTER INSERT triggers of `table` that would do nothing for the rows about to be written — their WHEN
 * clause is false for every probe (a row of each shape the caller writes) — dropped while those rows
 * go in and put back from the schema's own SQL afterwards. Putting them back checks the WHEN clause
 * over the rows actually written and throws if any row would have fired one, so a trigger is never
 * skipped where it acts (the caller's transaction then rolls back). A trigger whose WHEN clause cannot
 * be read or evaluated stays.
 */
export function suspendInertTriggers(db: Db, table: string, probes: readonly Record<string, unknown>[]): SuspendedTriggers {
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
  const candidates = db.prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`).all(table) as SchemaItem[];
  const inert: { t: SchemaItem; when: string; probe: { get(...values: unknown[]): unknown } }[] = [];
  const valuesOf = (p: Record<string, unknown>) => columns.map((c) => p[c] ?? null);
  for (const t of candidates) {
    const m = WHEN_TRIGGER_RE.exec(t.sql.trim());
    if (!m || m[1]!.replace(/"/g, '') !== table) continue;
    const when = m[2]!;
    try {
      const probe = db.prepare(`SELECT (${when}) FROM (SELECT ${columns.map((c) => `? AS ${quote(c)}`).join(', ')}) AS NEW`).pluck();
      if (probes.length > 0 && probes.every((p) => !probe.get(...valuesOf(p)))) inert.push({ t, when, probe });
    } catch {
      // Not a clause this check can evaluate on its own: the trigger stays.
    }
  }
  for (const { t } of inert) db.exec(`DROP TRIGGER ${quote(t.name)}`);
  return {
    table,
    names: inert.map((i) => i.t.name),
    restore(fromRowid: number | null) {
      for (const { t, when, probe } of inert) {
        const fired =
          fromRowid === null
            ? probes.some((p) => probe.get(...valuesOf(p)))
            : db.prepare(`SELECT EXISTS (SELECT 1 FROM ${quote(table)} AS NEW WHERE NEW.rowid >= ? AND (${when}))`).pluck().get(fromRowid);
        if (fired) throw new AppError('internal', `批量写入时暂停的触发器 ${t.name} 本应对新写入的行执行：导入已撤回`);
        db.exec(t.sql);
      }
    },
  };
}

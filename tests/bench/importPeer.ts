/**
 * The fair peer of the field-log import: the sqlite3 command-line tool doing the database work GridDesk
 * does, in bulk SQL, on a copy of the same database. `.import` of the CSV into a staging table, then
 * in one transaction: the batch row, every row's case inserted by one INSERT … SELECT into `incidents`
 * with every index GridDesk keeps in place (read from sqlite_master, never restated here) and the daily
 * statistics triggers as the schema has them, one chained-content event per case (SHA3-256 of its
 * content: SQL has no running chain), the full-text index rebuilt once (its insert trigger, read from
 * sqlite_master, dropped for the insert and put back), and the batch's figures.
 *
 * What stays GridDesk's alone: exact point-in-polygon (the peer takes the grid whose bounding box holds
 * the point, through an R-tree), near-duplicate flags, row-level rejection reasons.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

export interface PeerRun {
  seconds: number;
  /** Peak resident memory of the sqlite3 process (null when /usr/bin/time is missing). */
  peakRss: number | null;
  cases: number;
  events: number;
  /** The schema the peer wrote through: index names of incidents and incident_events, and the search triggers it set aside. */
  indexes: string[];
  ftsTriggers: string[];
}

interface SchemaRow {
  name: string;
  tbl_name: string;
  sql: string;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** GridDesk's own schema, as the database holds it. */
export function readSchema(dbFile: string): { indexes: SchemaRow[]; ftsTriggers: SchemaRow[]; ftsTable: string } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const indexes = db
      .prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('incidents', 'incident_events', 'hotline_orders') ORDER BY tbl_name, name`)
      .all() as SchemaRow[];
    const fts = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' AND sql LIKE '%content%incidents%'`).pluck().get() as string | undefined;
    if (!fts) throw new Error('数据库中没有案件全文索引');
    const ftsTriggers = (db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'incidents'`).all() as SchemaRow[]).filter(
      (t) => /AFTER\s+INSERT/i.test(t.sql) && t.sql.includes(fts),
    );
    return { indexes, ftsTriggers, ftsTable: fts };
  } finally {
    db.close();
  }
}

/** The SQL script the sqlite3 tool runs (the CSV has the field-log columns of tests/db/importFixtures.ts). */
export function peerScript(dbFile: string, csvFile: string, now: number): { script: string; schema: ReturnType<typeof readSchema> } {
  const schema = readSchema(dbFile);
  const SHIFT = 8 * 3_600_000;
  const DAY = 86_400_000;
  const script = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    'PRAGMA foreign_keys = ON;',
    'PRAGMA cache_size = -65536;',
    'PRAGMA temp_store = MEMORY;',
    `CREATE TEMP TABLE staging (record_id TEXT, reported TEXT, inspector TEXT, lon TEXT, lat TEXT, address TEXT, category TEXT, description TEXT, status TEXT);`,
    `.import --csv --skip 1 --schema temp ${sqlString(csvFile)} staging`,
    'BEGIN IMMEDIATE;',
    `INSERT INTO import_batches (file_name, format, source_crs, started_at, status, report) VALUES (${sqlString(csvFile.split('/').pop()!)}, 'csv', 'wgs84', ${now}, 'running', '{}');`,
    `CREATE TEMP TABLE batch AS SELECT last_insert_rowid() AS id, (SELECT coalesce(max(id), 0) + 1 FROM incidents) AS first_id;`,
    // Lookups: small classes by code or name, community grids by bounding box, each day's last case number.
    `CREATE TEMP TABLE category_key (key TEXT PRIMARY KEY, id INTEGER, urgent INTEGER) WITHOUT ROWID;`,
    `INSERT OR IGNORE INTO category_key SELECT code, id, is_urgent FROM categories WHERE level = 2 AND kind = 'event';`,
    `INSERT OR IGNORE INTO category_key SELECT name, id, is_urgent FROM categories WHERE level = 2 AND kind = 'event';`,
    `CREATE VIRTUAL TABLE temp.grid_box USING rtree(id, min_lon, max_lon, min_lat, max_lat);`,
    `INSERT INTO temp.grid_box SELECT id, min_lon, max_lon, min_lat, max_lat FROM grids WHERE level = 3;`,
    `CREATE TEMP TABLE last_seq (prefix TEXT PRIMARY KEY, seq INTEGER) WITHOUT ROWID;`,
    `INSERT INTO last_seq SELECT substr(case_no, 1, 8), max(CAST(substr(case_no, 9) AS INTEGER)) FROM incidents GROUP BY 1;`,
    // '2024/11/25 8:05' (Asia/Shanghai) → epoch ms, the row's case, in file order.
    `CREATE TEMP TABLE parsed AS
       WITH a AS (SELECT rowid AS r, *, instr(reported, '/') AS p1 FROM staging),
            b AS (SELECT *, substr(reported, p1 + 1) AS r1 FROM a),
            c AS (SELECT *, instr(r1, '/') AS p2 FROM b),
            d AS (SELECT *, substr(r1, p2 + 1) AS r2 FROM c),
            e AS (SELECT *, instr(r2, ' ') AS p3 FROM d),
            f AS (SELECT *, substr(r2, p3 + 1) AS r3 FROM e),
            g AS (SELECT *, (unixepoch(printf('%04d-%02d-%02d %02d:%02d', substr(reported, 1, p1 - 1), substr(r1, 1, p2 - 1), substr(r2, 1, p3 - 1),
                    substr(r3, 1, instr(r3, ':') - 1), substr(r3, instr(r3, ':') + 1))) * 1000 - ${SHIFT}) AS reported_at FROM f)
       SELECT g.r, g.record_id, g.reported_at, (g.reported_at + ${SHIFT}) / ${DAY} AS day, g.inspector, CAST(g.lon AS REAL) AS lon, CAST(g.lat AS REAL) AS lat,
         nullif(trim(g.address), '') AS address, k.id AS category_id, k.urgent, trim(g.description) AS description, g.status = '已处置' AS fixed,
         (SELECT min(id) FROM temp.grid_box WHERE min_lon <= CAST(g.lon AS REAL) AND max_lon >= CAST(g.lon AS REAL) AND min_lat <= CAST(g.lat AS REAL) AND max_lat >= CAST(g.lat AS REAL)) AS grid_id
       FROM g JOIN category_key k ON k.key = trim(g.category);`,
    ...schema.ftsTriggers.map((t) => `DROP TRIGGER ${t.name};`),
    `INSERT INTO incidents (case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat, grid_id, source, reporter, status, priority,
       reported_at, handled_at, is_fixed_on_spot, import_batch_id, external_id, created_at, updated_at)
     SELECT strftime('%Y%m%d', p.reported_at / 1000 + ${SHIFT / 1000}, 'unixepoch') ||
              printf('%05d', coalesce(s.seq, 0) + row_number() OVER (PARTITION BY p.day ORDER BY p.r)),
       p.category_id, p.description, p.address, p.lon, p.lat, 'wgs84', p.lon, p.lat, p.grid_id, 'import', nullif(trim(p.inspector), ''),
       CASE WHEN p.fixed THEN 'handled' ELSE 'reported' END, CASE WHEN p.urgent THEN 'urgent' ELSE 'normal' END,
       p.reported_at, CASE WHEN p.fixed THEN p.reported_at END, p.fixed, (SELECT id FROM batch), p.record_id, ${now}, ${now}
     FROM parsed p LEFT JOIN last_seq s ON s.prefix = strftime('%Y%m%d', p.reported_at / 1000 + ${SHIFT / 1000}, 'unixepoch')
     WHERE p.grid_id IS NOT NULL
     ORDER BY p.r
     ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO NOTHING;`,
    `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, note, data, hash)
     SELECT id, ${now}, NULL, '批量导入', CASE is_fixed_on_spot WHEN 1 THEN 'fix_on_spot' ELSE 'report' END, NULL, status,
       '由导入批次 #' || import_batch_id || '导入', json_object('batchId', import_batch_id),
       lower(hex(sha3(json_array(id, ${now}, NULL, '批量导入', CASE is_fixed_on_spot WHEN 1 THEN 'fix_on_spot' ELSE 'report' END, NULL, status,
         '由导入批次 #' || import_batch_id || '导入', json_object('batchId', import_batch_id)), 256)))
     FROM incidents WHERE id >= (SELECT first_id FROM batch) AND import_batch_id = (SELECT id FROM batch) ORDER BY id;`,
    `INSERT INTO ${schema.ftsTable} (${schema.ftsTable}) VALUES ('rebuild');`,
    ...schema.ftsTriggers.map((t) => `${t.sql};`),
    `UPDATE import_batches SET finished_at = ${now}, status = 'committed', total = (SELECT count(*) FROM staging),
       accepted = (SELECT count(*) FROM incidents WHERE import_batch_id = (SELECT id FROM batch)) WHERE id = (SELECT id FROM batch);`,
    'COMMIT;',
  ].join('\n');
  return { script, schema };
}

/** Runs the peer on `dbFile` (a fresh copy of the database) and checks what it wrote. */
export function runPeer(dbFile: string, csvFile: string, now: number): PeerRun {
  const { script, schema } = peerScript(dbFile, csvFile, now);
  const timed = fs.existsSync('/usr/bin/time');
  const cmd = timed ? '/usr/bin/time' : 'sqlite3';
  const args = timed ? ['-f', 'peak-kb %M', 'sqlite3', '-bail', dbFile] : ['-bail', dbFile];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { input: script, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`sqlite3 对照失败：${stderr}`);
  const peak = /peak-kb (\d+)/.exec(stderr);
  const db = new Database(dbFile, { readonly: true });
  try {
    const batch = db.prepare(`SELECT max(id) FROM import_batches`).pluck().get() as number;
    const cases = db.prepare(`SELECT count(*) FROM incidents WHERE import_batch_id = ?`).pluck().get(batch) as number;
    const events = db.prepare(`SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.import_batch_id = ?`).pluck().get(batch) as number;
    return {
      seconds,
      peakRss: peak ? Number(peak[1]) * 1024 : null,
      cases,
      events,
      indexes: schema.indexes.map((i) => i.name),
      ftsTriggers: schema.ftsTriggers.map((t) => t.name),
    };
  } finally {
    db.close();
  }
}

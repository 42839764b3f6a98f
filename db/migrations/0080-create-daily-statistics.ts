import type { Migration } from './types';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../domain/time';

/**
 * Daily statistics kept in step with the cases by triggers, so a week's figures read a few thousand
 * pre-summed rows instead of every case of the week (at 1,000,000 cases a week touched ~100,000 rows:
 * seconds; from these tables: milliseconds).
 *
 * Each case contributes, while it is neither voided nor a duplicate:
 *  - on the day it was reported (Asia/Shanghai): received, and fixed on the spot (which is also registered then);
 *  - on the day it was registered: registered;
 *  - on the day it was closed: closed, on time / late against its deadline, rework, extended, handling time.
 * Two tables: by grid × small class (areas, categories) and by grid × assignee (persons).
 * Figures that depend on the state at the end of a period (due, open overdue) and the rarer event
 * counts (extensions approved, hung) are computed from indexed rows at query time.
 * `stats_control.bulk = 1` pauses the triggers for a bulk load, which then calls rebuildDailyStats().
 *
 * Any change to which cases count or on which day → update STATS_TRIGGERS and db/stats/daily.ts together.
 */
const DAY = String(DAY_MS);
const SHIFT = String(SHANGHAI_OFFSET_MS); // UTC+8

function contribution(table: 'stats_daily_grid' | 'stats_daily_person', row: 'new' | 'old', sign: 1 | -1): string {
  const keyCols = table === 'stats_daily_grid' ? 'grid_id, category_id' : 'grid_id, assignee_id';
  const keyVals =
    table === 'stats_daily_grid' ? `coalesce(${row}.grid_id, 0), ${row}.category_id` : `coalesce(${row}.grid_id, 0), coalesce(${row}.assignee_id, 0)`;
  const conflict = table === 'stats_daily_grid' ? 'day, grid_id, category_id' : 'day, grid_id, assignee_id';
  const counts = `${row}.duplicate_of IS NULL AND ${row}.status <> 'voided'`;
  const s = sign === 1 ? '' : '-';
  const onTime = `(${row}.due_at IS NULL OR ${row}.closed_at <= ${row}.due_at)`;
  return `
    INSERT INTO ${table} (day, ${keyCols}, received, registered, fixed_on_spot)
    SELECT (${row}.reported_at + ${SHIFT}) / ${DAY}, ${keyVals}, ${s}1, ${s}${row}.is_fixed_on_spot, ${s}${row}.is_fixed_on_spot
    WHERE ${counts}
    ON CONFLICT (${conflict}) DO UPDATE SET received = received + excluded.received,
      registered = registered + excluded.registered, fixed_on_spot = fixed_on_spot + excluded.fixed_on_spot;
    INSERT INTO ${table} (day, ${keyCols}, registered)
    SELECT (${row}.registered_at + ${SHIFT}) / ${DAY}, ${keyVals}, ${s}1
    WHERE ${counts} AND ${row}.registered_at IS NOT NULL
    ON CONFLICT (${conflict}) DO UPDATE SET registered = registered + excluded.registered;
    INSERT INTO ${table} (day, ${keyCols}, closed, closed_on_time, closed_late, rework, closed_extended, closed_on_time_extended, handling_ms, handling_count)
    SELECT (${row}.closed_at + ${SHIFT}) / ${DAY}, ${keyVals}, ${s}1,
      ${s}(${onTime}), ${s}(${row}.due_at IS NOT NULL AND ${row}.closed_at > ${row}.due_at), ${s}(${row}.rework_count > 0),
      ${s}(${row}.extension_count > 0), ${s}(${onTime} AND ${row}.extension_count > 0),
      ${s}coalesce(${row}.closed_at - ${row}.dispatched_at, 0), ${s}(${row}.dispatched_at IS NOT NULL)
    WHERE ${counts} AND ${row}.closed_at IS NOT NULL
    ON CONFLICT (${conflict}) DO UPDATE SET closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_late = closed_late + excluded.closed_late, rework = rework + excluded.rework,
      closed_extended = closed_extended + excluded.closed_extended,
      closed_on_time_extended = closed_on_time_extended + excluded.closed_on_time_extended,
      handling_ms = handling_ms + excluded.handling_ms, handling_count = handling_count + excluded.handling_count;`;
}

const COUNTER_COLUMNS = `
  received INTEGER NOT NULL DEFAULT 0,
  registered INTEGER NOT NULL DEFAULT 0,
  fixed_on_spot INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  closed_late INTEGER NOT NULL DEFAULT 0,
  rework INTEGER NOT NULL DEFAULT 0,
  closed_extended INTEGER NOT NULL DEFAULT 0,
  closed_on_time_extended INTEGER NOT NULL DEFAULT 0,
  handling_ms INTEGER NOT NULL DEFAULT 0,
  handling_count INTEGER NOT NULL DEFAULT 0`;

const COLUMNS_OF_INTEREST =
  'reported_at, registered_at, closed_at, due_at, dispatched_at, status, duplicate_of, grid_id, category_id, assignee_id, rework_count, extension_count, is_fixed_on_spot';

export const STATS_TRIGGERS = `
  CREATE TRIGGER stats_daily_insert AFTER INSERT ON incidents WHEN (SELECT bulk FROM stats_control) = 0 BEGIN
    ${contribution('stats_daily_grid', 'new', 1)}
    ${contribution('stats_daily_person', 'new', 1)}
  END;
  CREATE TRIGGER stats_daily_update AFTER UPDATE OF ${COLUMNS_OF_INTEREST} ON incidents WHEN (SELECT bulk FROM stats_control) = 0 BEGIN
    ${contribution('stats_daily_grid', 'old', -1)}
    ${contribution('stats_daily_person', 'old', -1)}
    ${contribution('stats_daily_grid', 'new', 1)}
    ${contribution('stats_daily_person', 'new', 1)}
  END;`;

export const migration0080: Migration = {
  version: 80,
  name: 'create-daily-statistics',
  up(db) {
    db.exec(`
      CREATE TABLE stats_daily_grid (
        day INTEGER NOT NULL, -- days since 1970-01-01, Asia/Shanghai
        grid_id INTEGER NOT NULL, -- 0 = no grid
        category_id INTEGER NOT NULL,
        ${COUNTER_COLUMNS},
        PRIMARY KEY (day, grid_id, category_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_daily_person (
        day INTEGER NOT NULL,
        grid_id INTEGER NOT NULL, -- 0 = no grid; kept so persons can be counted within an area
        assignee_id INTEGER NOT NULL, -- 0 = unassigned
        ${COUNTER_COLUMNS},
        PRIMARY KEY (day, grid_id, assignee_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_control (bulk INTEGER NOT NULL CHECK (bulk IN (0, 1))) STRICT;
      INSERT INTO stats_control VALUES (0);
      -- What the query-time part reads: open cases by deadline, with every column it needs, so no
      -- table row is touched (open cases are scattered through years of history).
      CREATE INDEX incidents_open_due ON incidents(due_at, duplicate_of, status, registered_at, is_fixed_on_spot, updated_at, grid_id, category_id, assignee_id)
        WHERE closed_at IS NULL;
      ${STATS_TRIGGERS}
    `);
    // Cases already in the database.
    for (const table of ['stats_daily_grid', 'stats_daily_person'] as const) {
      db.exec(rebuildSql(table));
    }
  },
};

/** Recomputes a daily table from the cases (after a bulk load, or to repair). */
export function rebuildSql(table: 'stats_daily_grid' | 'stats_daily_person'): string {
  const key =
    table === 'stats_daily_grid' ? 'coalesce(grid_id, 0) AS grid_id, category_id' : 'coalesce(grid_id, 0) AS grid_id, coalesce(assignee_id, 0) AS assignee_id';
  const groupKey = table === 'stats_daily_grid' ? 'grid_id, category_id' : 'grid_id, assignee_id';
  const counts = `duplicate_of IS NULL AND status <> 'voided'`;
  const onTime = `(due_at IS NULL OR closed_at <= due_at)`;
  const columns = ['received', 'registered', 'fixed_on_spot', 'closed', 'closed_on_time', 'closed_late', 'rework', 'closed_extended', 'closed_on_time_extended', 'handling_ms', 'handling_count'];
  return `
    DELETE FROM ${table};
    INSERT INTO ${table} (day, ${groupKey}, ${columns.join(', ')})
    SELECT day, ${groupKey}, ${columns.map((c) => `sum(${c})`).join(', ')}
    FROM (
      SELECT (reported_at + ${SHIFT}) / ${DAY} AS day, ${key}, 1 AS received, is_fixed_on_spot AS registered, is_fixed_on_spot AS fixed_on_spot,
        0 AS closed, 0 AS closed_on_time, 0 AS closed_late, 0 AS rework, 0 AS closed_extended, 0 AS closed_on_time_extended,
        0 AS handling_ms, 0 AS handling_count
      FROM incidents WHERE ${counts}
      UNION ALL
      SELECT (registered_at + ${SHIFT}) / ${DAY}, ${key}, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM incidents WHERE ${counts} AND registered_at IS NOT NULL
      UNION ALL
      SELECT (closed_at + ${SHIFT}) / ${DAY}, ${key}, 0, 0, 0, 1, ${onTime}, (due_at IS NOT NULL AND closed_at > due_at), (rework_count > 0),
        (extension_count > 0), (${onTime} AND extension_count > 0), coalesce(closed_at - dispatched_at, 0), (dispatched_at IS NOT NULL)
      FROM incidents WHERE ${counts} AND closed_at IS NOT NULL
    )
    GROUP BY day, ${groupKey};`;
}

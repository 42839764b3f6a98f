import type { Migration } from './types';

/**
 * The category table (部件/事件, big and small classes, editable) with each small class's time
 * limits, and the working calendar that turns limits into due times.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'create-categories-and-calendar',
  up(db) {
    db.exec(`
      -- Big classes (level 1, 2-digit code) and small classes (level 2, 4-digit code: big + small).
      -- Limits apply to small classes: value in the unit, 'wh' working hours or 'wd' working days.
      CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('component', 'event')), -- 部件 / 事件
        level INTEGER NOT NULL CHECK (level IN (1, 2)),
        code TEXT NOT NULL CHECK (code NOT GLOB '*[^0-9]*' AND length(code) = level * 2),
        parent_id INTEGER REFERENCES categories(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        dispatch_limit REAL CHECK (dispatch_limit IS NULL OR dispatch_limit > 0),
        dispatch_unit TEXT CHECK (dispatch_unit IN ('wh', 'wd')),
        handling_limit REAL CHECK (handling_limit IS NULL OR handling_limit > 0),
        handling_unit TEXT CHECK (handling_unit IN ('wh', 'wd')),
        verify_limit REAL CHECK (verify_limit IS NULL OR verify_limit > 0),
        verify_unit TEXT CHECK (verify_unit IN ('wh', 'wd')),
        is_urgent INTEGER NOT NULL DEFAULT 0 CHECK (is_urgent IN (0, 1)),
        cleanup_label TEXT, -- what one closed case counts as in cleanup tallies, e.g. '垃圾堆物'
        sort_order INTEGER NOT NULL DEFAULT 0,
        is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
        UNIQUE (kind, code),
        CHECK ((level = 1) = (parent_id IS NULL))
      ) STRICT;

      -- Exceptions to the Monday–Friday week: official holidays and 调休 make-up working days.
      CREATE TABLE calendar_days (
        date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name TEXT NOT NULL DEFAULT ''
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

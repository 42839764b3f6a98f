import type { Migration } from './types';

/**
 * Grids (district → street → community grid), persons and their duties per grid (定人定点定责定岗),
 * and the local operators who use the desk.
 * Timestamps everywhere are INTEGER milliseconds since the Unix epoch (UTC); dates without a time
 * (duty validity, calendar days) are TEXT 'YYYY-MM-DD' in Asia/Shanghai.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'create-grids-and-people',
  up(db) {
    db.exec(`
      CREATE TABLE grids (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) = 15 AND code NOT GLOB '*[^0-9]*'),
        parent_id INTEGER REFERENCES grids(id),
        level INTEGER NOT NULL CHECK (level IN (1, 2, 3)), -- 1 district, 2 street, 3 community grid
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        geometry TEXT NOT NULL CHECK (json_valid(geometry)), -- GeoJSON Polygon or MultiPolygon, WGS-84
        min_lon REAL NOT NULL,
        min_lat REAL NOT NULL,
        max_lon REAL NOT NULL,
        max_lat REAL NOT NULL,
        area_m2 REAL NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((level = 1) = (parent_id IS NULL)),
        CHECK (min_lon <= max_lon AND min_lat <= max_lat)
      ) STRICT;
      CREATE INDEX grids_parent ON grids(parent_id);
      CREATE INDEX grids_level ON grids(level, code);

      -- Spatial index for point-in-grid lookup: candidates by bounding box, then point-in-polygon.
      CREATE VIRTUAL TABLE grid_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
      CREATE TRIGGER grids_rtree_insert AFTER INSERT ON grids BEGIN
        INSERT INTO grid_rtree VALUES (new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat);
      END;
      CREATE TRIGGER grids_rtree_update AFTER UPDATE OF min_lon, min_lat, max_lon, max_lat ON grids BEGIN
        UPDATE grid_rtree SET min_lon = new.min_lon, max_lon = new.max_lon,
          min_lat = new.min_lat, max_lat = new.max_lat WHERE id = new.id;
      END;
      CREATE TRIGGER grids_rtree_delete AFTER DELETE ON grids BEGIN
        DELETE FROM grid_rtree WHERE id = old.id;
      END;

      CREATE TABLE persons (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        phone TEXT CHECK (phone IS NULL OR length(phone) <= 30),
        organization TEXT CHECK (organization IS NULL OR length(organization) <= 100),
        is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- A person's duty in a grid, valid from/to (inclusive dates). category_big_code narrows the
      -- duty to one big class of problems (e.g. an enforcement officer for 街面秩序); NULL = all.
      CREATE TABLE duties (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES persons(id),
        grid_id INTEGER NOT NULL REFERENCES grids(id),
        role TEXT NOT NULL CHECK (role IN
          ('grid_leader', 'grid_worker', 'enforcement_officer', 'cleaner', 'inspector', 'supervisor', 'other')),
        category_big_code TEXT,
        valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        valid_to TEXT CHECK (valid_to IS NULL OR (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND valid_to >= valid_from)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX duties_grid ON duties(grid_id, role);
      CREATE INDEX duties_person ON duties(person_id);

      -- The people who sit at this PC; every event records one of them.
      CREATE TABLE operators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
        role TEXT NOT NULL CHECK (role IN ('supervisor', 'inspector', 'handler', 'manager', 'admin')),
        person_id INTEGER REFERENCES persons(id),
        is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

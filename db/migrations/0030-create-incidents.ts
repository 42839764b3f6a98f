import type { Migration } from './types';

/**
 * Incidents, their append-only event log, attachments and import batches.
 * Adding a status → update the transition table and the report's counting rule.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'create-incidents',
  up(db) {
    db.exec(`
      CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_sha256 TEXT,
        format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'geojson', 'gpx', 'open311', 'shapefile', 'demo')),
        source_crs TEXT NOT NULL CHECK (source_crs IN ('wgs84', 'gcj02', 'bd09')),
        operator_id INTEGER REFERENCES operators(id),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        total INTEGER NOT NULL DEFAULT 0,
        accepted INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('running', 'committed', 'failed', 'undone')),
        report TEXT CHECK (report IS NULL OR json_valid(report))
      ) STRICT;

      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        case_no TEXT NOT NULL UNIQUE,
        category_id INTEGER NOT NULL REFERENCES categories(id),
        description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        address TEXT CHECK (address IS NULL OR length(address) <= 200),
        lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180), -- WGS-84
        lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
        source_crs TEXT NOT NULL DEFAULT 'wgs84' CHECK (source_crs IN ('wgs84', 'gcj02', 'bd09')),
        source_lon REAL, -- as entered, in source_crs
        source_lat REAL,
        grid_id INTEGER REFERENCES grids(id),
        source TEXT NOT NULL CHECK (source IN ('patrol', 'hotline', 'video', 'referral', 'import')),
        reporter TEXT CHECK (reporter IS NULL OR length(reporter) <= 50),
        status TEXT NOT NULL CHECK (status IN ('reported', 'registered', 'rejected', 'dispatched', 'handling',
          'handled', 'closed', 'returned', 'hung', 'voided')),
        priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
        assignee_id INTEGER REFERENCES persons(id),
        reported_at INTEGER NOT NULL,
        registered_at INTEGER,
        dispatched_at INTEGER,
        handled_at INTEGER,
        closed_at INTEGER,
        due_at INTEGER, -- handling deadline, set at dispatch in working time, moved by extensions
        duplicate_of INTEGER REFERENCES incidents(id),
        is_fixed_on_spot INTEGER NOT NULL DEFAULT 0 CHECK (is_fixed_on_spot IN (0, 1)), -- 自行处置
        rework_count INTEGER NOT NULL DEFAULT 0,
        extension_count INTEGER NOT NULL DEFAULT 0,
        import_batch_id INTEGER REFERENCES import_batches(id),
        external_id TEXT, -- the source's record id, for idempotent re-import
        version INTEGER NOT NULL DEFAULT 1, -- bumped on every change: stale writes are refused
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (duplicate_of IS NULL OR duplicate_of <> id)
      ) STRICT;
      CREATE INDEX incidents_status_due ON incidents(status, due_at);
      CREATE INDEX incidents_grid_reported ON incidents(grid_id, reported_at);
      CREATE INDEX incidents_reported ON incidents(reported_at);
      CREATE INDEX incidents_assignee_status ON incidents(assignee_id, status);
      CREATE INDEX incidents_category_reported ON incidents(category_id, reported_at);
      CREATE INDEX incidents_duplicate_of ON incidents(duplicate_of) WHERE duplicate_of IS NOT NULL;
      CREATE UNIQUE INDEX incidents_external ON incidents(external_id) WHERE external_id IS NOT NULL;

      CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents BEGIN
        SELECT RAISE(ABORT, '案件不能删除，只能作废');
      END;

      -- Append-only: every step of every case, who, when, from → to, note.
      CREATE TABLE incident_events (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        at INTEGER NOT NULL,
        operator_id INTEGER REFERENCES operators(id),
        actor_name TEXT NOT NULL, -- kept as written even if the operator is later renamed
        action TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT,
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        data TEXT CHECK (data IS NULL OR json_valid(data))
      ) STRICT;
      CREATE INDEX incident_events_incident ON incident_events(incident_id, at);
      CREATE INDEX incident_events_action_at ON incident_events(action, at);

      CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events BEGIN
        SELECT RAISE(ABORT, '案件记录只能追加，不能修改');
      END;
      CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events BEGIN
        SELECT RAISE(ABORT, '案件记录只能追加，不能删除');
      END;

      -- Photos and files, stored once by content hash in the app-data folder.
      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes >= 0),
        original_name TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE incident_attachments (
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        attachment_id INTEGER NOT NULL REFERENCES attachments(id),
        stage TEXT NOT NULL CHECK (stage IN ('report', 'handling', 'after', 'verify')),
        event_id INTEGER REFERENCES incident_events(id),
        added_at INTEGER NOT NULL,
        PRIMARY KEY (incident_id, attachment_id, stage)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

import type { Migration } from './types';

/**
 * What imports need beyond the batch table of version 30: the row-level outcome of every rejected
 * row and every warning (with the original cells, so rejected rows can be saved, fixed and imported
 * again), saved header mappings, and patrols from GPX tracks with the length walked in each grid.
 * Row identity for idempotent re-import is incidents.external_id (unique since version 30): the
 * source's record id, else a hash of the normalised row.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'create-import-support',
  up(db) {
    db.exec(`
      -- Rejected rows (severity 'error', with the original cells) and warnings on accepted rows.
      CREATE TABLE import_issues (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        row_no INTEGER NOT NULL, -- 1-based data row (the header is row 0); 0 = the whole file
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
        field TEXT,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        cells TEXT CHECK (cells IS NULL OR json_valid(cells)) -- JSON array of the row's original cells
      ) STRICT;
      CREATE INDEX import_issues_batch ON import_issues(batch_id, severity, row_no);

      -- Header mappings saved by name: {"field": "header as in the file", ...}.
      CREATE TABLE import_mappings (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
        mapping TEXT NOT NULL CHECK (json_valid(mapping)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- A patrol walked by an inspector (one GPX track), WGS-84 line.
      CREATE TABLE patrols (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        external_id TEXT NOT NULL UNIQUE, -- hash of the track's points: the same track never counts twice
        inspector TEXT NOT NULL CHECK (length(inspector) BETWEEN 1 AND 50),
        person_id INTEGER REFERENCES persons(id),
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL CHECK (ended_at >= started_at),
        length_m REAL NOT NULL CHECK (length_m >= 0),
        point_count INTEGER NOT NULL CHECK (point_count >= 2),
        source_crs TEXT NOT NULL CHECK (source_crs IN ('wgs84', 'gcj02', 'bd09')),
        geometry TEXT NOT NULL CHECK (json_valid(geometry)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX patrols_started ON patrols(started_at);
      CREATE INDEX patrols_batch ON patrols(batch_id);

      -- Length of each patrol inside each community grid (coverage per grid and week).
      CREATE TABLE patrol_grid_lengths (
        patrol_id INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
        grid_id INTEGER NOT NULL REFERENCES grids(id),
        length_m REAL NOT NULL CHECK (length_m > 0),
        PRIMARY KEY (patrol_id, grid_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX patrol_grid_lengths_grid ON patrol_grid_lengths(grid_id);
    `);
  },
};

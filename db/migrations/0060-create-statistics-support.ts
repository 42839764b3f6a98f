import type { Migration } from './types';

/**
 * What the indicators need: range indexes on the step timestamps (registered, due, closed), so a
 * week's figures read only that week's cases; and campaigns (专项行动) with their target categories
 * and hand-tagged cases.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'create-statistics-support',
  up(db) {
    db.exec(`
      CREATE INDEX incidents_registered_at ON incidents(registered_at);
      CREATE INDEX incidents_due_at ON incidents(due_at);
      -- Covering for the statistics' "closed after the period" part, so those rows are read from the index alone.
      CREATE INDEX incidents_closed_at ON incidents(closed_at, due_at, duplicate_of, status, registered_at, is_fixed_on_spot, grid_id, category_id, assignee_id);

      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        end_date TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND end_date >= start_date),
        area_grid_id INTEGER NOT NULL REFERENCES grids(id),
        target INTEGER CHECK (target IS NULL OR target > 0), -- e.g. 4000 piles to clear
        note TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE campaign_categories (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        category_id INTEGER NOT NULL REFERENCES categories(id),
        PRIMARY KEY (campaign_id, category_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE campaign_incidents (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        tagged_at INTEGER NOT NULL,
        operator_id INTEGER REFERENCES operators(id),
        PRIMARY KEY (campaign_id, incident_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

import type { Migration } from './types';
import { backfillPatrols } from '../patrol/store';

/**
 * Patrol coverage (巡查覆盖率) and suspicious tracks, kept per patrol at import (db/patrol/):
 *  - patrols.fix_times: the fixes' times as offsets in ms from started_at, in the order of the
 *    geometry's points (segments flattened); NULL when the times were not kept (patrols imported
 *    before this version) or the GPX had none (timed = 0: the patrol counts on its import day, without
 *    speed checks, and says so in its note);
 *  - patrols.flags: the suspicious-track flags as a JSON array of {kind, detail, at?} (flagged, never
 *    hidden); far_outside = 1 for a track far outside the district, which counts in no figure;
 *  - patrol_cells: per patrol and community grid, the H3 cells (resolution 12) whose centre lies in
 *    the grid and within 25 m of the track, as a BLOB of float64 cell numbers (db/patrol/cells.ts);
 *    coverage over a period is the number of distinct cells over its patrols ÷ the grid's cells;
 *  - grid_cells: each community grid's cell count, with the grids.updated_at it was counted at (a
 *    changed boundary is counted again).
 * Patrols already stored are analysed here from their geometry (no per-fix times: no speed checks).
 */
export const migration0160: Migration = {
  version: 160,
  name: 'patrol-coverage',
  up(db) {
    db.exec(`
      ALTER TABLE patrols ADD COLUMN fix_times TEXT CHECK (fix_times IS NULL OR json_valid(fix_times));
      ALTER TABLE patrols ADD COLUMN timed INTEGER NOT NULL DEFAULT 1 CHECK (timed IN (0, 1));
      ALTER TABLE patrols ADD COLUMN flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags));
      ALTER TABLE patrols ADD COLUMN far_outside INTEGER NOT NULL DEFAULT 0 CHECK (far_outside IN (0, 1));
      ALTER TABLE patrols ADD COLUMN note TEXT CHECK (note IS NULL OR length(note) <= 500);
      CREATE INDEX patrols_person_started ON patrols(person_id, started_at);

      CREATE TABLE patrol_cells (
        patrol_id INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
        grid_id INTEGER NOT NULL REFERENCES grids(id),
        cell_count INTEGER NOT NULL CHECK (cell_count > 0),
        cells BLOB NOT NULL CHECK (length(cells) = 8 * cell_count),
        PRIMARY KEY (patrol_id, grid_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX patrol_cells_grid ON patrol_cells(grid_id);

      CREATE TABLE grid_cells (
        grid_id INTEGER PRIMARY KEY REFERENCES grids(id) ON DELETE CASCADE,
        resolution INTEGER NOT NULL,
        cell_count INTEGER NOT NULL CHECK (cell_count >= 0),
        grid_updated_at INTEGER NOT NULL
      ) STRICT;
    `);
    backfillPatrols(db);
  },
};

import type { Migration } from './types';
import { guessUnitKind } from '../domain/units';

/**
 * 责任单位: a table of units (street offices, the enforcement brigade and its squadrons, sanitation,
 * gardens, water, municipal facilities, utilities …), each optionally under a parent unit and serving one
 * street. A person belongs to a unit; a duty names a person or a unit (the duties table is rebuilt to
 * allow that, every row and id kept); a case carries its responsible unit (incidents.unit_id, set at
 * dispatch: the unit dispatched to, or the dispatched person's unit).
 *
 * The free-text persons.organization values become units, one per distinct trimmed value, the kind
 * guessed from the name's words (else 其他), the street from a street grid's name inside it; the persons
 * are linked and the organization column is kept as it was.
 *
 * A unit is never deleted while a person, duty or case names it: it is deactivated instead.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'responsible-units',
  up(db) {
    db.exec(`
      CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 30 AND code NOT GLOB '*[^0-9A-Za-z_-]*'),
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100 AND name = trim(name)),
        kind TEXT NOT NULL CHECK (kind IN
          ('street_office', 'enforcement', 'sanitation', 'greening', 'water', 'municipal', 'utility', 'command', 'other')),
        parent_id INTEGER REFERENCES units(id),
        street_grid_id INTEGER REFERENCES grids(id), -- the street (level-2 grid) the unit serves, NULL = district-wide
        phone TEXT CHECK (phone IS NULL OR length(phone) <= 30),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (parent_id IS NULL OR parent_id <> id)
      ) STRICT;
      CREATE INDEX units_parent ON units(parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX units_street ON units(street_grid_id) WHERE street_grid_id IS NOT NULL;

      ALTER TABLE persons ADD COLUMN unit_id INTEGER REFERENCES units(id);
      CREATE INDEX persons_unit ON persons(unit_id) WHERE unit_id IS NOT NULL;

      ALTER TABLE incidents ADD COLUMN unit_id INTEGER REFERENCES units(id); -- 责任单位, set at dispatch
      CREATE INDEX incidents_unit_reported ON incidents(unit_id, reported_at) WHERE unit_id IS NOT NULL;

      -- A duty names a person or a unit (exactly one of them): rebuilt, every row and id kept.
      CREATE TABLE duties_new (
        id INTEGER PRIMARY KEY,
        person_id INTEGER REFERENCES persons(id),
        unit_id INTEGER REFERENCES units(id),
        grid_id INTEGER NOT NULL REFERENCES grids(id),
        role TEXT NOT NULL CHECK (role IN
          ('grid_leader', 'grid_worker', 'enforcement_officer', 'cleaner', 'inspector', 'supervisor', 'other')),
        category_big_code TEXT,
        valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        valid_to TEXT CHECK (valid_to IS NULL OR (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND valid_to >= valid_from)),
        created_at INTEGER NOT NULL,
        CHECK ((person_id IS NULL) <> (unit_id IS NULL))
      ) STRICT;
      INSERT INTO duties_new (id, person_id, unit_id, grid_id, role, category_big_code, valid_from, valid_to, created_at)
        SELECT id, person_id, NULL, grid_id, role, category_big_code, valid_from, valid_to, created_at FROM duties ORDER BY id;
      DROP TABLE duties;
      ALTER TABLE duties_new RENAME TO duties;
      CREATE INDEX duties_grid ON duties(grid_id, role);
      CREATE INDEX duties_person ON duties(person_id);
      CREATE INDEX duties_unit ON duties(unit_id) WHERE unit_id IS NOT NULL;
      CREATE TRIGGER units_kept_while_named BEFORE DELETE ON units
        WHEN EXISTS (SELECT 1 FROM incidents WHERE unit_id = old.id)
          OR EXISTS (SELECT 1 FROM persons WHERE unit_id = old.id)
          OR EXISTS (SELECT 1 FROM duties WHERE unit_id = old.id)
          OR EXISTS (SELECT 1 FROM units WHERE parent_id = old.id) BEGIN
        SELECT RAISE(ABORT, '责任单位已被案件、人员、职责或下级单位引用，不能删除，只能停用');
      END;
    `);

    // Free-text organisations → units, in the order they first appear.
    const values = db
      .prepare(
        `SELECT trim(organization) AS name, min(id) AS first, min(created_at) AS since FROM persons
          WHERE organization IS NOT NULL AND trim(organization) <> ''
          GROUP BY trim(organization) ORDER BY first`,
      )
      .all() as { name: string; first: number; since: number }[];
    if (values.length === 0) return;
    const streets = db.prepare(`SELECT id, name FROM grids WHERE level = 2 ORDER BY length(name) DESC, id`).all() as {
      id: number;
      name: string;
    }[];
    // A unit dates from its first person's record (not the clock): the same file always migrates to the
    // same rows, so a migration interrupted and run again gives exactly what one uninterrupted run gives.
    const insert = db.prepare(
      `INSERT INTO units (code, name, kind, street_grid_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const link = db.prepare(`UPDATE persons SET unit_id = ? WHERE trim(organization) = ?`);
    values.forEach((v, i) => {
      const street = streets.find((s) => v.name.includes(s.name)) ?? null;
      const id = Number(
        insert.run(`U${String(i + 1).padStart(4, '0')}`, v.name, guessUnitKind(v.name), street?.id ?? null, v.since, v.since).lastInsertRowid,
      );
      link.run(id, v.name);
    });
  },
};

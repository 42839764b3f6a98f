import type { Migration } from './types';

/**
 * Full-text search over case number, description and address. The trigram tokenizer finds any
 * substring of three or more characters, which suits Chinese text (no word boundaries); shorter
 * queries fall back to a scan bounded by the other filters (see db/queries/incidents.ts).
 * External content: the text lives once, in incidents; triggers keep the index in step.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'create-incident-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE incidents_fts USING fts5(
        case_no, description, address,
        content = 'incidents', content_rowid = 'id', tokenize = 'trigram'
      );
      INSERT INTO incidents_fts (incidents_fts) VALUES ('rebuild');
      CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
        INSERT INTO incidents_fts (rowid, case_no, description, address)
        VALUES (new.id, new.case_no, new.description, coalesce(new.address, ''));
      END;
      CREATE TRIGGER incidents_fts_update AFTER UPDATE OF case_no, description, address ON incidents BEGIN
        INSERT INTO incidents_fts (incidents_fts, rowid, case_no, description, address)
        VALUES ('delete', old.id, old.case_no, old.description, coalesce(old.address, ''));
        INSERT INTO incidents_fts (rowid, case_no, description, address)
        VALUES (new.id, new.case_no, new.description, coalesce(new.address, ''));
      END;
    `);
  },
};

import type { Migration } from './types';

/**
 * 考核: assessment schemes with immutable versions, and published results.
 *
 * A scheme is a name and a pointer to its current version; each save of a changed definition adds a
 * version (the definition as canonical JSON), and a stored version never changes or goes away, so a
 * published result always names the exact scheme it was scored by.
 *
 * A published result is one month under one scheme version: the result version n (1, 2, … per month and
 * scheme), when and by whom, the canonical JSON of the ranking, every score and the inputs behind it
 * (the case ids under each indicator), and the SHA-256 (hex) of that JSON. Append-only by trigger, as the
 * case event log: a later edit of a case never reaches a published month; re-publishing adds version n+1.
 * `check` recomputes every hash over the stored JSON and names a row changed behind GridDesk's back.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'assessment',
  up(db) {
    db.exec(`
      CREATE TABLE assess_schemes (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 30),
        current_version INTEGER NOT NULL CHECK (current_version >= 1),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE assess_scheme_versions (
        scheme_id INTEGER NOT NULL REFERENCES assess_schemes(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        created_at INTEGER NOT NULL,
        created_by INTEGER REFERENCES operators(id),
        created_by_name TEXT NOT NULL,
        PRIMARY KEY (scheme_id, version)
      ) STRICT;
      CREATE TRIGGER assess_scheme_versions_no_update BEFORE UPDATE ON assess_scheme_versions BEGIN
        SELECT RAISE(ABORT, '考核方案的版本不能修改：修改方案会保存为新版本');
      END;
      CREATE TRIGGER assess_scheme_versions_no_delete BEFORE DELETE ON assess_scheme_versions BEGIN
        SELECT RAISE(ABORT, '考核方案的版本不能删除');
      END;
      CREATE TRIGGER assess_schemes_no_delete BEFORE DELETE ON assess_schemes BEGIN
        SELECT RAISE(ABORT, '考核方案不能删除');
      END;

      CREATE TABLE assess_published (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        scheme_id INTEGER NOT NULL,
        scheme_version INTEGER NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        published_at INTEGER NOT NULL,
        published_by INTEGER REFERENCES operators(id),
        published_by_name TEXT NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        FOREIGN KEY (scheme_id, scheme_version) REFERENCES assess_scheme_versions(scheme_id, version),
        UNIQUE (period, scheme_id, version)
      ) STRICT;
      CREATE TRIGGER assess_published_no_update BEFORE UPDATE ON assess_published BEGIN
        SELECT RAISE(ABORT, '已发布的考核结果只能追加，不能修改');
      END;
      CREATE TRIGGER assess_published_no_delete BEFORE DELETE ON assess_published BEGIN
        SELECT RAISE(ABORT, '已发布的考核结果只能追加，不能删除');
      END;
      CREATE TRIGGER assess_published_next_version BEFORE INSERT ON assess_published
        WHEN NEW.version <> coalesce((SELECT max(version) FROM assess_published WHERE period = NEW.period AND scheme_id = NEW.scheme_id), 0) + 1 BEGIN
        SELECT RAISE(ABORT, '考核结果的版本号应依次递增');
      END;
    `);
  },
};

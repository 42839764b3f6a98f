import type { Migration } from './types';
import { chainEvents } from '../trust/chain';

/**
 * Trust: operators log in (a scrypt hash per operator, failed-login counter and lock-out), an append-only
 * settings log (who changed which setting, when, the value before and after), a log of logins, and a
 * SHA-256 chain over the case events (one chain in event order: each event's hash covers its content and
 * the previous event's hash, so the newest hash anchors the whole history).
 */
export const migration0090: Migration = {
  version: 90,
  name: 'create-trust',
  up(db) {
    db.exec(`
      ALTER TABLE operators ADD COLUMN password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE 'scrypt$%');
      ALTER TABLE operators ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
      ALTER TABLE operators ADD COLUMN locked_until INTEGER;
      ALTER TABLE operators ADD COLUMN password_changed_at INTEGER;
      ALTER TABLE operators ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));

      CREATE TABLE settings_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        operator_id INTEGER REFERENCES operators(id),
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
        target TEXT NOT NULL CHECK (length(target) <= 200),
        before TEXT CHECK (before IS NULL OR json_valid(before)),
        after TEXT CHECK (after IS NULL OR json_valid(after)),
        note TEXT CHECK (note IS NULL OR length(note) <= 2000)
      ) STRICT;
      CREATE INDEX settings_log_at ON settings_log(at);
      CREATE INDEX settings_log_action_at ON settings_log(action, at);
      CREATE TRIGGER settings_log_no_update BEFORE UPDATE ON settings_log BEGIN
        SELECT RAISE(ABORT, '设置记录只能追加，不能修改');
      END;
      CREATE TRIGGER settings_log_no_delete BEFORE DELETE ON settings_log BEGIN
        SELECT RAISE(ABORT, '设置记录只能追加，不能删除');
      END;

      CREATE TABLE login_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        name TEXT NOT NULL CHECK (length(name) <= 200),
        operator_id INTEGER REFERENCES operators(id),
        address TEXT NOT NULL CHECK (length(address) <= 100),
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'wrong-secret', 'unknown-name', 'locked', 'inactive', 'rate-limited', 'logout', 'idle-lock', 'unlock'))
      ) STRICT;
      CREATE INDEX login_log_at ON login_log(at);
      CREATE TRIGGER login_log_no_update BEFORE UPDATE ON login_log BEGIN
        SELECT RAISE(ABORT, '登录记录只能追加，不能修改');
      END;
      CREATE TRIGGER login_log_no_delete BEFORE DELETE ON login_log BEGIN
        SELECT RAISE(ABORT, '登录记录只能追加，不能删除');
      END;

      ALTER TABLE incident_events ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64);
      DROP TRIGGER incident_events_no_update;
    `);
    // Chain the events already stored, then close the table to updates again.
    chainEvents(db);
    db.exec(`
      CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events BEGIN
        SELECT RAISE(ABORT, '案件记录只能追加，不能修改');
      END;
      CREATE TRIGGER incident_events_chained BEFORE INSERT ON incident_events WHEN NEW.hash IS NULL BEGIN
        SELECT RAISE(ABORT, '案件记录缺少链式校验值：只能由 GridDesk 追加');
      END;
    `);
  },
};

import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase, checkIntegrity } from '../../db/open';
import { migrations, LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { AppError } from '../../db/errors';
import { isRoot, tempDir } from '../helpers/tmp';

function expectAppError(fn: () => unknown, kind: AppError['kind'], pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe(kind);
    expect((e as AppError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an AppError');
}

describe('openDatabase', () => {
  it('creates a database in WAL mode with foreign keys on and the latest schema', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const { db } = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const strict = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CREATE TABLE%' AND sql NOT LIKE '%STRICT%' AND name NOT LIKE 'grid_rtree%' AND name NOT LIKE 'incidents_fts%' AND name NOT LIKE 'sqlite_%'`)
      .all();
    expect(strict).toEqual([]);
    expect(checkIntegrity(db).ok).toBe(true);
    db.close();
  });

  it('is idempotent: reopening an up-to-date database migrates nothing and makes no backup', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite');
    openDatabase(file).db.close();
    const again = openDatabase(file);
    expect(again.migration).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, backupPath: null });
    again.db.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('backs an existing database up before migrating it, and the backup is the old version', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = openDatabase(file, { migrations: migrations.slice(0, 1) });
    old.db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES ('李四', 0, 0)`).run();
    old.db.close();
    const { db, migration } = openDatabase(file);
    expect(migration.from).toBe(10);
    expect(migration.backupPath).toBeTruthy();
    const backup = new Database(migration.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(10);
    expect(backup.prepare('SELECT name FROM persons').all()).toEqual([{ name: '李四' }]);
    backup.close();
    expect(db.prepare('SELECT name FROM persons').all()).toEqual([{ name: '李四' }]);
    db.close();
  });

  it('refuses a database from a newer GridDesk and leaves the file untouched', () => {
    const file = path.join(tempDir(), 'newer.sqlite');
    const { db } = openDatabase(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    db.close();
    const before = fs.readFileSync(file);
    expectAppError(() => openDatabase(file), 'database', new RegExp(`更新版本的 GridDesk.*结构版本 ${LATEST_SCHEMA_VERSION + 10}`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite, without changing it', () => {
    const file = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(200));
    const before = fs.readFileSync(file);
    expectAppError(() => openDatabase(file), 'database', /不是 SQLite 数据库/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses another program's SQLite database", () => {
    const file = path.join(tempDir(), 'foreign.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    expectAppError(() => openDatabase(file), 'database', /不是 GridDesk 数据库/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare(`SELECT name FROM sqlite_schema WHERE type='table'`).all()).toEqual([{ name: 'customers' }]);
    check.close();
  });

  it('refuses a database with a foreign application id', () => {
    const file = path.join(tempDir(), 'app.sqlite');
    const other = new Database(file);
    other.pragma('application_id = 1234');
    other.close();
    expectAppError(() => openDatabase(file), 'database', /属于其他程序/);
  });

  it('reports a corrupt database instead of using it', () => {
    const file = path.join(tempDir(), 'corrupt.sqlite');
    const { db } = openDatabase(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, 4096 * 3); // overwrite the schema pages
    fs.writeFileSync(file, bytes);
    expectAppError(() => openDatabase(file), 'database', /损坏|不是 SQLite/);
  });

  it('names a missing folder and a read-only folder', () => {
    const dir = tempDir();
    expectAppError(() => openDatabase(path.join(dir, 'nope', 'a.sqlite')), 'not-found', /文件夹不存在/);
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(ro, 0o555);
    if (!isRoot) {
      expectAppError(() => openDatabase(path.join(ro, 'a.sqlite')), 'database', /只读文件夹/);
      return;
    }
    // Root may write anywhere, so open it as an unprivileged user in a child process.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../helpers/openDatabaseChild.ts'), path.join(ro, 'a.sqlite')],
      { uid: 65534, gid: 65534, encoding: 'utf8', cwd: path.join(__dirname, '../..') },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toMatchObject({ opened: false, kind: 'database', message: expect.stringMatching(/只读文件夹/) });
    expect(fs.readdirSync(ro)).toEqual([]);
  });

  it('opens read-only without migrating an older database', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    openDatabase(file, { migrations: migrations.slice(0, 1) }).db.close();
    const { db, migration } = openDatabase(file, { readonly: true });
    expect(migration).toEqual({ from: 10, to: 10, backupPath: null });
    const report = checkIntegrity(db);
    expect(report.ok).toBe(false);
    expect(report.schemaVersion).toBe(10);
    db.close();
  });
});

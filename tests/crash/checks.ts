/**
 * The invariants checked after every kill, one function per path plus what holds for every path.
 * Runs in the checker worker (bundled, see ./checker.ts) and, for the reference facts, in the test.
 *
 * Every check starts the way an administrator would: the `check` command (read-only) on the files
 * exactly as the kill left them (-wal and -shm included). Its JSON report carries SQLite's
 * integrity_check, the foreign-key check and schema version (checkIntegrity) and the history check
 * (verifyHistory: chain, protective triggers, every case's status against the replay of its events);
 * each part is asserted by name. Then the database is opened as the app opens it, and the derived
 * data (search index, grid R*Tree, daily statistics) and import batches are checked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../db/open';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { rebuildDailyStats } from '../../db/stats/daily';
import { listBackups, verifyBackup } from '../../db/backup/index';
import { BACKUP_DB_FILE, BACKUP_NAME_RE, PARTIAL_NAME_RE } from '../../db/backup/format';
import { runCli } from '../../electron/cli/run';
import { ATTACHMENTS_DIR, BACKUPS_DIR, CRASH_LOG_NAME, DB_FILE, type CheckRefs, type DbFacts, type Verdict } from './protocol';

type Problems = string[];

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

function ordinaryTables(db: Db): string[] {
  return db
    .prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
}

export function schemaOf(db: Db): string {
  return JSON.stringify(db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).raw().all());
}

export function tableCounts(db: Db): Record<string, number> {
  return Object.fromEntries(ordinaryTables(db).map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

/**
 * A reference state: `file` copied to `copy` in rollback-journal mode (so attaching it never needs
 * -wal/-shm files beside it), with its version, schema and row counts.
 */
export function referenceOf(file: string, copy: string): DbFacts {
  // Read-write, so that closing it leaves no -wal/-shm beside a prepared database that trials copy.
  const source = new Database(file, { fileMustExist: true });
  try {
    fs.rmSync(copy, { force: true });
    source.prepare('VACUUM INTO ?').run(copy);
  } finally {
    source.close();
  }
  const db = new Database(copy, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    return { file: copy, userVersion: db.pragma('user_version', { simple: true }) as number, schema: schemaOf(db), counts: tableCounts(db) };
  } finally {
    db.close();
  }
}

/**
 * Null when the database holds exactly the reference's content (same version and schema, every row of
 * every ordinary table equal, compared in SQL against the attached copy); else what differs.
 */
export function differsFrom(db: Db, ref: DbFacts): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== ref.userVersion) return `user_version ${version}, reference ${ref.userVersion}`;
  if (schemaOf(db) !== ref.schema) return 'the schema differs';
  const counts = diffCounts('content', tableCounts(db), ref.counts);
  if (counts) return counts;
  db.prepare(`ATTACH DATABASE ? AS crash_ref`).run(ref.file);
  try {
    const differ = ordinaryTables(db).filter((t) => {
      const q = (a: string, b: string) => `SELECT count(*) FROM (SELECT * FROM ${a}."${t}" EXCEPT SELECT * FROM ${b}."${t}")`;
      return (db.prepare(q('main', 'crash_ref')).pluck().get() as number) > 0 || (db.prepare(q('crash_ref', 'main')).pluck().get() as number) > 0;
    });
    return differ.length ? `rows differ in ${differ.join(', ')}` : null;
  } finally {
    db.exec(`DETACH DATABASE crash_ref`);
  }
}

/** differsFrom for a file, read-only; a file that cannot be read differs. */
function fileDiffersFrom(file: string, ref: DbFacts): string | null {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return `cannot open ${path.basename(file)}: ${(e as Error).message}`;
  }
  try {
    return differsFrom(db, ref);
  } catch (e) {
    return `cannot read ${path.basename(file)}: ${(e as Error).message}`;
  } finally {
    db.close();
  }
}

function diffCounts(label: string, actual: Readonly<Record<string, number>>, expected: Readonly<Record<string, number>>): string | null {
  const names = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  const differ = names.filter((n) => actual[n] !== expected[n]).map((n) => `${n} ${actual[n] ?? '—'} (expected ${expected[n] ?? '—'})`);
  return differ.length ? `${label}: row counts differ: ${differ.join(', ')}` : null;
}

interface CheckReport {
  ok: boolean;
  schemaVersion: number;
  integrity: string[];
  foreignKeyViolations: number;
  history: null | {
    ok: boolean;
    chain: { events: number; brokenEvents: unknown[] };
    missingTriggers: string[];
    stateMismatches: { caseNo: string; stored: string; replayed: string | null }[];
  };
}

/** The `check` command, in process, exactly as `npm run cli -- check --db FILE --json` runs it. */
async function checkCommand(file: string): Promise<{ code: number; report: CheckReport | null; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', '--db', file, '--json'], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  let report: CheckReport | null = null;
  try {
    report = JSON.parse(stdout) as CheckReport;
  } catch {
    report = null;
  }
  return { code, report, stderr };
}

/**
 * `check` passes (exit 0), and each of its parts holds: integrity_check = ok, no foreign-key
 * violation, the latest schema version (checkIntegrity), and verifyHistory (chain, triggers, replay).
 */
async function expectCheckPasses(file: string, problems: Problems, label: string): Promise<void> {
  const { code, report, stderr } = await checkCommand(file);
  if (!report) {
    problems.push(`${label}: check printed no JSON report (exit ${code}): ${stderr.trim()}`);
    return;
  }
  if (report.integrity.length !== 1 || report.integrity[0] !== 'ok') problems.push(`${label}: PRAGMA integrity_check: ${report.integrity.slice(0, 3).join('; ')}`);
  if (report.foreignKeyViolations !== 0) problems.push(`${label}: ${report.foreignKeyViolations} foreign-key violations`);
  if (report.schemaVersion !== LATEST_SCHEMA_VERSION) problems.push(`${label}: schema version ${report.schemaVersion}, expected ${LATEST_SCHEMA_VERSION}`);
  const h = report.history;
  if (!h) problems.push(`${label}: check ran no history verification`);
  else if (!h.ok) {
    problems.push(
      `${label}: verifyHistory failed: ${h.chain.brokenEvents.length} broken chain links, missing triggers [${h.missingTriggers.join(', ')}], ` +
        `${h.stateMismatches.length} status mismatches (${h.stateMismatches.slice(0, 3).map((m) => `${m.caseNo} ${m.stored}≠${m.replayed}`).join(', ')})`,
    );
  }
  if (code !== 0 || !report.ok) problems.push(`${label}: check exited ${code} (ok=${report.ok}): ${stderr.trim()}`);
}

/** The search index, the grid R*Tree and the daily statistics agree with the rows they derive from. */
function checkDerived(db: Db, problems: Problems): void {
  try {
    db.prepare(`INSERT INTO incidents_fts (incidents_fts) VALUES ('integrity-check')`).run();
  } catch (e) {
    problems.push(`search index (incidents_fts) integrity-check failed: ${(e as Error).message}`);
  }
  const rtree = db.prepare(`SELECT rtreecheck('grid_rtree')`).pluck().get() as string;
  if (rtree !== 'ok') problems.push(`grid_rtree: ${rtree}`);
  const rtreeRows = db.prepare(`SELECT (SELECT count(*) FROM grid_rtree) - (SELECT count(*) FROM grids)`).pluck().get() as number;
  if (rtreeRows !== 0) problems.push(`grid_rtree has ${rtreeRows} rows more than grids`);

  // The daily tables kept by triggers must equal a rebuild from the cases (rows of all zeros aside).
  const snapshot = () =>
    ['stats_daily_grid', 'stats_daily_person'].map((t) => {
      const rows = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).raw().all() as number[][];
      return rows.filter((r) => r.slice(3).some((v) => v !== 0)).map((r) => r.join(',')).join('\n');
    });
  const kept = snapshot();
  db.exec('SAVEPOINT crash_rebuild');
  try {
    rebuildDailyStats(db);
    const rebuilt = snapshot();
    ['stats_daily_grid', 'stats_daily_person'].forEach((t, k) => {
      if (kept[k] !== rebuilt[k]) problems.push(`${t} differs from a rebuild from the cases`);
    });
  } finally {
    db.exec('ROLLBACK TO crash_rebuild');
    db.exec('RELEASE crash_rebuild');
  }
}

/**
 * Every import batch is wholly present or absent: none left 'running'; a committed batch holds
 * exactly as many cases (and patrols) as it accepted, each with its report event; no case names a
 * batch that is not committed (or later undone).
 */
function checkBatches(db: Db, problems: Problems): void {
  const running = db.prepare(`SELECT id, file_name FROM import_batches WHERE status = 'running'`).all() as { id: number; file_name: string }[];
  for (const b of running) problems.push(`import batch #${b.id} (${b.file_name}) is left 'running'`);
  const short = db
    .prepare(
      `SELECT b.id, b.file_name, b.accepted,
              (SELECT count(*) FROM incidents i WHERE i.import_batch_id = b.id) + (SELECT count(*) FROM patrols p WHERE p.batch_id = b.id) AS written
       FROM import_batches b WHERE b.status = 'committed' AND written <> b.accepted`,
    )
    .all() as { id: number; file_name: string; accepted: number; written: number }[];
  for (const b of short) problems.push(`committed batch #${b.id} (${b.file_name}) accepted ${b.accepted} but holds ${b.written}`);
  const orphans = db
    .prepare(
      `SELECT i.import_batch_id AS batch, count(*) AS n FROM incidents i LEFT JOIN import_batches b ON b.id = i.import_batch_id
       WHERE i.import_batch_id IS NOT NULL AND (b.id IS NULL OR b.status NOT IN ('committed', 'undone')) GROUP BY i.import_batch_id`,
    )
    .all() as { batch: number; n: number }[];
  for (const o of orphans) problems.push(`${o.n} cases name import batch #${o.batch}, which is not committed`);
  const silent = db
    .prepare(
      `SELECT count(*) FROM incidents i WHERE i.import_batch_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.action IN ('report', 'fix_on_spot'))`,
    )
    .pluck()
    .get() as number;
  if (silent) problems.push(`${silent} imported cases have no report event`);
}

/** Every photo the database lists is in attachments/ with its content. */
function checkPhotos(db: Db, attachmentsDir: string, problems: Problems): void {
  const missing: string[] = [];
  for (const s of db.prepare(`SELECT sha256 FROM attachments ORDER BY id`).pluck().all() as string[]) {
    const file = path.join(attachmentsDir, s.slice(0, 2), s);
    if (!fs.existsSync(file) || sha(fs.readFileSync(file)) !== s) missing.push(s.slice(0, 12));
  }
  if (missing.length) problems.push(`${missing.length} photos listed in the database are missing or damaged in attachments/ (${missing.slice(0, 3).join(', ')})`);
}

/** The database as the app opens it (WAL recovery, migration if older), checked and closed. */
function withOpened<T>(file: string, problems: Problems, fn: (db: Db) => T): T | null {
  let db: Db;
  try {
    db = openDatabase(file, { mustExist: true }).db;
  } catch (e) {
    problems.push(`the app cannot open the database: ${(e as Error).message}`);
    return null;
  }
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * What a backups folder may hold after a kill: nothing, hidden `.griddesk-*.partial-<pid>` folders
 * (which listBackups ignores), or whole backups that verifyBackup accepts. Returns the whole ones.
 */
async function checkBackupsFolder(dir: string, problems: Problems, notes: string[]): Promise<string[]> {
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir).sort();
  const whole: string[] = [];
  let partial = 0;
  for (const name of names) {
    if (PARTIAL_NAME_RE.test(name)) {
      partial++;
      continue;
    }
    if (!BACKUP_NAME_RE.test(name)) {
      problems.push(`backups folder holds an unexpected entry: ${name}`);
      continue;
    }
    const report = await verifyBackup(path.join(dir, name));
    if (!report.ok) problems.push(`backup ${name} looks finished but verifyBackup refuses it: ${report.problems.join('; ')}`);
    whole.push(path.join(dir, name));
  }
  const listed = listBackups(dir).map((b) => b.dir).sort();
  if (JSON.stringify(listed) !== JSON.stringify(whole)) problems.push(`listBackups lists ${listed.length} backups, the folder holds ${whole.length} finished ones`);
  if (partial) notes.push(`hidden partial backup folder left (ignored by listBackups)`);
  return whole;
}

/** Checks the trial folder a kill left; never throws for a broken invariant (it is listed instead). */
export async function checkTrial(trialDir: string, refs: CheckRefs): Promise<Verdict> {
  const started = performance.now();
  const problems: Problems = [];
  const notes: string[] = [];
  const file = path.join(trialDir, DB_FILE);
  const outcome = await checkPath(trialDir, file, refs, problems, notes);
  return { outcome, problems, notes, ms: performance.now() - started };
}

async function checkPath(trialDir: string, file: string, refs: CheckRefs, problems: Problems, notes: string[]): Promise<string> {
  if (!fs.existsSync(file)) {
    problems.push(`the database file is gone: ${file}`);
    return 'no database';
  }
  switch (refs.path) {
    case 'import':
      return checkImport(file, refs, problems);
    case 'bulk':
      return checkBulk(file, refs, problems);
    case 'demo':
      return checkDemo(file, refs, problems);
    case 'migration':
      return checkMigration(file, refs, problems, notes);
    case 'backup':
      return checkBackup(trialDir, file, refs, problems, notes);
    case 'restore':
      return checkRestore(trialDir, file, refs, problems, notes);
  }
}

/** Common to every path once the database is at the latest version: check, open, derived data, batches. */
async function commonChecks(file: string, problems: Problems, then?: (db: Db) => void): Promise<void> {
  await expectCheckPasses(file, problems, 'check');
  withOpened(file, problems, (db) => {
    checkDerived(db, problems);
    checkBatches(db, problems);
    then?.(db);
  });
}

async function checkImport(file: string, refs: Extract<CheckRefs, { path: 'import' }>, problems: Problems): Promise<string> {
  let outcome = 'unknown';
  await commonChecks(file, problems, (db) => {
    const batches = db.prepare(`SELECT id, status, total, accepted, rejected, duplicates FROM import_batches WHERE file_name = ?`).all(CRASH_LOG_NAME) as {
      id: number;
      status: string;
      total: number;
      accepted: number;
      rejected: number;
      duplicates: number;
    }[];
    if (batches.length === 0) {
      outcome = 'absent';
      // Wholly absent: not one row of the batch anywhere; every table as before the import.
      const differs = differsFrom(db, refs.before);
      if (differs) problems.push(`no batch row, yet the database is not as before the import: ${differs}`);
      return;
    }
    outcome = 'present';
    if (batches.length > 1) problems.push(`${batches.length} batch rows for one import`);
    const b = batches[0]!;
    if (b.status !== 'committed') problems.push(`batch #${b.id} is '${b.status}'`);
    if (b.total !== refs.rows || b.accepted + b.rejected + b.duplicates !== b.total) {
      problems.push(`batch #${b.id}: total ${b.total} (file ${refs.rows}), accepted ${b.accepted} + rejected ${b.rejected} + duplicates ${b.duplicates}`);
    }
    const cases = db.prepare(`SELECT count(*) FROM incidents WHERE import_batch_id = ?`).pluck().get(b.id) as number;
    const reports = db
      .prepare(`SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.import_batch_id = ? AND e.action IN ('report', 'fix_on_spot')`)
      .pluck()
      .get(b.id) as number;
    if (cases !== b.accepted || reports !== b.accepted) problems.push(`batch #${b.id} accepted ${b.accepted}: ${cases} cases, ${reports} report events`);
    // Wholly present: every table holds as many rows as after an uninterrupted import.
    const diff = diffCounts('import', tableCounts(db), refs.after.counts);
    if (diff) problems.push(diff);
  });
  return outcome;
}

async function checkBulk(file: string, refs: Extract<CheckRefs, { path: 'bulk' }>, problems: Problems): Promise<string> {
  let done = -1;
  await commonChecks(file, problems, (db) => {
    const row = db.prepare(
      `SELECT i.status, i.version, i.registered_at,
              (SELECT count(*) FROM incident_events e WHERE e.incident_id = i.id) AS events,
              (SELECT e.action FROM incident_events e WHERE e.incident_id = i.id ORDER BY e.id DESC LIMIT 1) AS last
       FROM incidents i WHERE i.id = ?`,
    );
    db.prepare(`ATTACH DATABASE ? AS crash_ref`).run(refs.before.file);
    try {
      const eventsBefore = db.prepare(`SELECT count(*) FROM crash_ref.incident_events WHERE incident_id = ?`).pluck();
      // The handler registers the cases one transaction each, in order: the registered ones are a prefix,
      // each one step further (version + 1) with exactly one more event, the 'register' event.
      let k = 0;
      let prefixEnded = false;
      for (const id of refs.items) {
        const c = row.get(id) as { status: string; version: number; registered_at: number | null; events: number; last: string };
        const before = eventsBefore.get(id) as number;
        if (c.status === 'registered') {
          if (prefixEnded) problems.push(`case #${id} is registered after an unregistered one: not one step per case, in order`);
          k++;
          if (c.version !== 2 || c.registered_at === null || c.events !== before + 1 || c.last !== 'register') {
            problems.push(`registered case #${id}: version ${c.version}, registered_at ${c.registered_at}, ${c.events} events (${before} before), last '${c.last}'`);
          }
        } else {
          prefixEnded = true;
          if (c.status !== 'reported' || c.version !== 1 || c.registered_at !== null || c.events !== before) {
            problems.push(`case #${id} '${c.status}': version ${c.version}, registered_at ${c.registered_at}, ${c.events} events (${before} before)`);
          }
        }
        if (problems.length > 20) break;
      }
      done = k;
    } finally {
      db.exec(`DETACH DATABASE crash_ref`);
    }
    const counts = tableCounts(db);
    if (counts['incident_events'] !== refs.before.counts['incident_events']! + done) {
      problems.push(`${counts['incident_events']} events: ${refs.before.counts['incident_events']} before plus ${done} registrations expected`);
    }
    if (counts['incidents'] !== refs.before.counts['incidents']) problems.push(`${counts['incidents']} cases, ${refs.before.counts['incidents']} before`);
  });
  return done === 0 ? 'none registered' : done === refs.items.length ? 'all registered' : done > 0 ? 'some registered' : 'unknown';
}

async function checkDemo(file: string, refs: Extract<CheckRefs, { path: 'demo' }>, problems: Problems): Promise<string> {
  let outcome = 'unknown';
  await commonChecks(file, problems, (db) => {
    const notEmpty = differsFrom(db, refs.empty);
    if (notEmpty === null) {
      outcome = 'empty';
      return;
    }
    const notComplete = differsFrom(db, refs.complete);
    if (notComplete === null) outcome = 'complete';
    else {
      outcome = 'mixed';
      problems.push(`neither empty (${notEmpty}) nor complete (${notComplete})`);
    }
  });
  return outcome;
}

async function checkMigration(file: string, refs: Extract<CheckRefs, { path: 'migration' }>, problems: Problems, notes: string[]): Promise<string> {
  const version = (() => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  })();
  let outcome: string;
  if (version === refs.old.userVersion) {
    outcome = 'old';
    // The old file as the kill left it: `check` reads it and reports only the old version (exit 1) …
    const { code, report } = await checkCommand(file);
    if (code !== 1 || !report || report.schemaVersion !== refs.old.userVersion || report.integrity.join() !== 'ok' || report.foreignKeyViolations !== 0) {
      problems.push(`check on the old file: exit ${code}, ${JSON.stringify(report && { v: report.schemaVersion, integrity: report.integrity, fk: report.foreignKeyViolations })}`);
    }
    // … its schema and content are wholly those of version 80 …
    const differs = fileDiffersFrom(file, refs.old);
    if (differs) problems.push(`user_version ${version}, but not the database before the migration: ${differs}`);
    // … and the next start migrates it as if nothing had happened.
    withOpened(file, problems, () => undefined);
  } else if (version === refs.migrated.userVersion) {
    outcome = 'new';
  } else {
    problems.push(`user_version ${version}: neither ${refs.old.userVersion} nor ${refs.migrated.userVersion} (a step in between: the migrations did not commit together)`);
    return `version ${version}`;
  }
  await commonChecks(file, problems, (db) => {
    const differs = differsFrom(db, refs.migrated);
    if (differs) problems.push(`not the database an uninterrupted migration gives: ${differs}`);
  });
  // The copies made before migrating (VACUUM INTO <file>.v80-<time>.bak), one per start that migrated.
  // A kill during the copy leaves it unfinished under the same name: reported, not an invariant here.
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(dir).filter((n) => n.startsWith(`${DB_FILE}.v${refs.old.userVersion}-`) && n.endsWith('.bak'))) {
    const bak = path.join(dir, name);
    if (fs.existsSync(`${bak}-journal`)) {
      notes.push('unfinished pre-migration copy left (a hot journal beside it: it opens as an empty database)');
      continue;
    }
    let state: string | null;
    try {
      const copy = new Database(bak, { readonly: true, fileMustExist: true });
      try {
        state = copy.pragma('quick_check', { simple: true }) !== 'ok' ? 'damaged' : diffCounts('bak', tableCounts(copy), refs.old.counts) ? 'incomplete' : null;
      } finally {
        copy.close();
      }
    } catch (e) {
      state = `unreadable (${(e as Error).message})`;
    }
    if (state) notes.push(`${state} pre-migration copy left`);
  }
  return outcome;
}

async function checkBackup(trialDir: string, file: string, refs: Extract<CheckRefs, { path: 'backup' }>, problems: Problems, notes: string[]): Promise<string> {
  const backups = path.join(trialDir, BACKUPS_DIR);
  const whole = await checkBackupsFolder(backups, problems, notes);
  if (whole.length > 1) problems.push(`${whole.length} finished backups from one run`);
  for (const dir of whole) {
    const differs = fileDiffersFrom(path.join(dir, BACKUP_DB_FILE), refs.live);
    if (differs) problems.push(`the finished backup ${path.basename(dir)} does not hold the live database: ${differs}`);
  }
  // The live database is untouched.
  await commonChecks(file, problems, (db) => {
    const differs = differsFrom(db, refs.live);
    if (differs) problems.push(`the live database changed during the backup: ${differs}`);
    checkPhotos(db, path.join(trialDir, ATTACHMENTS_DIR), problems);
  });
  if (whole.length) return 'complete backup';
  return fs.existsSync(backups) && fs.readdirSync(backups).length ? 'partial leftover only' : 'nothing';
}

async function checkRestore(trialDir: string, file: string, refs: Extract<CheckRefs, { path: 'restore' }>, problems: Problems, notes: string[]): Promise<string> {
  // The before-restore copy lands in backups/ beside the database: the same rules as any backup.
  const whole = await checkBackupsFolder(path.join(trialDir, BACKUPS_DIR), problems, notes);
  for (const dir of whole) {
    const differs = fileDiffersFrom(path.join(dir, BACKUP_DB_FILE), refs.old);
    if (differs) problems.push(`the before-restore backup ${path.basename(dir)} does not hold the old database: ${differs}`);
  }
  const leftovers = fs.readdirSync(trialDir).filter((n) => /\.restore-\d+\.tmp$/.test(n));
  if (leftovers.length) notes.push(`restore temporary copy left beside the database (${DB_FILE}.restore-<pid>.tmp)`);
  let outcome = 'unknown';
  await commonChecks(file, problems, (db) => {
    const notOld = differsFrom(db, refs.old);
    if (notOld === null) outcome = 'old';
    else {
      const notRestored = differsFrom(db, refs.restored);
      if (notRestored === null) outcome = 'restored';
      else {
        outcome = 'mixed';
        problems.push(`the database is neither the old one (${notOld}) nor the restored one (${notRestored})`);
      }
    }
    // Whichever it is, its photos are all there.
    checkPhotos(db, path.join(trialDir, ATTACHMENTS_DIR), problems);
  });
  return outcome;
}

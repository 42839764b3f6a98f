/**
 * Crash tests: each writing path of GridDesk — a field-log import, a bulk transition, the demo load, a
 * migration, a backup and a restore — runs in a child process that is killed with SIGKILL at a seeded
 * random moment, at least GRIDDESK_CRASH_KILLS (default 50) times per path. After every kill the files
 * are checked as left (see tests/crash/checks.ts): `check` passes (integrity_check, foreign keys,
 * schema version, the history chain, triggers and status replay), the app opens the database, the
 * derived data agree, every import batch is wholly present or absent, and the path's own state is one
 * of the two it may be (before or after), never a mix.
 *
 * The kill moment is uniform over the length of an uninterrupted run of the same path: measured first
 * (two at a time, as the kills run), then kept current from the runs that finish before their kill.
 * GRIDDESK_CRASH_SEED repeats a run's sequence of random draws (the moments themselves also depend on
 * the machine's speed); the seed is printed at the start. GRIDDESK_CRASH_CONCURRENCY sets how many
 * children run at once (default 2).
 *
 * The children are bundled once per run with esbuild (tests/helpers/crashRunner.ts) and started with
 * plain Node; the checks run in a worker thread so they never delay a kill.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashScripts, CrashChecker, runCampaign, runChild, type CrashBundle, type Trial } from '../helpers/crashRunner';
import { prepareCrashFixtures, CRASH_BULK_CASES, CRASH_IMPORT_ROWS, CRASH_NOW, type CrashFixtures } from '../helpers/crashFixtures';
import { referenceOf } from '../crash/checks';
import { openDatabase, type Db } from '../../db/open';
import { migrations } from '../../db/migrations/index';
import { seedDefaults } from '../../db/defaults/seed';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { ATTACHMENTS_DIR, BACKUPS_DIR, CRASH_LOG_NAME, CRASH_PATHS, DB_FILE, type CheckRefs, type CrashPath, type DbFacts } from '../crash/protocol';

const KILLS = Math.max(1, Number(process.env.GRIDDESK_CRASH_KILLS ?? 50) || 50);
const SEED = process.env.GRIDDESK_CRASH_SEED ? Number(process.env.GRIDDESK_CRASH_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
const CONCURRENCY = Math.max(1, Number(process.env.GRIDDESK_CRASH_CONCURRENCY ?? 2) || 2);
/** Per path: about a second of work a kill, with ample room for a slow or busy machine. */
const TIMEOUT_MS = 180_000 + KILLS * 8_000;

let root: string;
let bundle: CrashBundle;
let fixtures: CrashFixtures;
let checker: CrashChecker;
/** Trial folders kept for a look after a failure. */
const kept: string[] = [];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-crash-'));
  bundle = await bundleCrashScripts(path.join(root, 'bundle'));
  fixtures = await prepareCrashFixtures(root, bundle);
  checker = new CrashChecker(bundle.checker);
  console.log(`crash tests: seed ${SEED} (GRIDDESK_CRASH_SEED=${SEED} repeats the kill delays), ${KILLS} kills per path, ${CONCURRENCY} children at a time`);
}, 180_000);

afterAll(async () => {
  await checker?.close();
  if (!root) return;
  if (kept.length) console.log(`crash tests: trial folders kept for inspection:\n  ${kept.join('\n  ')}`);
  else fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh trial folder: the path's prepared database (closed cleanly: no -wal/-shm) and its photos. */
function makeTrial(p: CrashPath, name: string): string {
  const dir = path.join(root, 'trials', `${p}-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const from = fixtures.fixture[p];
  for (const entry of fs.readdirSync(from)) {
    if (entry !== DB_FILE && entry !== ATTACHMENTS_DIR) throw new Error(`the prepared ${p} folder holds ${entry}`);
    fs.cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

const childArgs = (p: CrashPath) => (trialDir: string) => [p, trialDir, fixtures.options[p]];

/** Two uninterrupted runs at once: they give the kill window and the state after a complete run. */
async function calibrate(p: CrashPath): Promise<{ durationsMs: number[]; dirs: string[]; after: DbFacts }> {
  const dirs = ['calibration-1', 'calibration-2'].map((n) => makeTrial(p, n));
  const runs = await Promise.all(dirs.map((d) => runChild(bundle.child, childArgs(p)(d), null)));
  runs.forEach((r) => expect(r.code, `uninterrupted ${p} run failed: ${r.stderr}`).toBe(0));
  return { durationsMs: runs.map((r) => r.durationMs), dirs, after: referenceOf(path.join(dirs[0]!, DB_FILE), path.join(root, 'refs', `${p}-after.sqlite`)) };
}

function refsFor(p: CrashPath, after: DbFacts): CheckRefs {
  const f = fixtures.facts;
  switch (p) {
    case 'import':
      return { path: p, before: f.base, after, rows: CRASH_IMPORT_ROWS };
    case 'bulk':
      return { path: p, before: f.bulkBefore, items: fixtures.bulkItems };
    case 'demo':
      return { path: p, empty: f.empty, complete: after };
    case 'migration':
      return { path: p, old: f.v80, migrated: after };
    case 'backup':
      return { path: p, live: f.base };
    case 'restore':
      return { path: p, old: f.base, restored: f.restored };
  }
}

/** What an uninterrupted run must leave. */
const COMPLETE: Record<CrashPath, string> = {
  import: 'present',
  bulk: 'all registered',
  demo: 'complete',
  migration: 'new',
  backup: 'complete backup',
  restore: 'restored',
};

function describeTrial(p: CrashPath, t: Trial): string {
  const what = t.failure ?? t.verdict!.problems.join('\n    ');
  return (
    `${p} attempt ${t.attempt} (seed ${SEED}, SIGKILL planned ${t.delayMs.toFixed(0)} ms after ready, ` +
    `${t.run.killed ? 'killed' : 'finished first'} after ${t.run.durationMs.toFixed(0)} ms; folder ${t.trialDir}):\n    ${what}`
  );
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n}`).join(', ');
}

async function crashPath(p: CrashPath): Promise<void> {
  const started = performance.now();
  const calibration = await calibrate(p);
  const refs = refsFor(p, calibration.after);
  for (const dir of calibration.dirs) {
    const verdict = await checker.check(dir, refs);
    expect(verdict.problems, `after an uninterrupted ${p} run`).toEqual([]);
    expect(verdict.outcome).toBe(COMPLETE[p]);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const { trials, windowMs } = await runCampaign({
    path: p,
    kills: KILLS,
    seed: (SEED + CRASH_PATHS.indexOf(p) * 0x9e3779b9) >>> 0,
    durationsMs: calibration.durationsMs,
    concurrency: CONCURRENCY,
    child: bundle.child,
    makeTrial: (attempt) => makeTrial(p, String(attempt)),
    args: childArgs(p),
    check: (dir) => checker.check(dir, refs),
    onTrial: (t) => {
      if (t.failure || t.verdict!.problems.length) kept.push(t.trialDir);
      else fs.rmSync(t.trialDir, { recursive: true, force: true });
    },
  });

  const killed = trials.filter((t) => t.run.killed);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0).toFixed(0);
  const notes = trials.flatMap((t) => t.verdict?.notes ?? []);
  console.log(
    `crash ${p}: ${killed.length} kills and ${trials.length - killed.length} runs that finished first, in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; an uninterrupted run ${calibration.durationsMs.map((d) => d.toFixed(0)).join('/')} ms, ` +
      `at the end ${windowMs.toFixed(0)} ms; check ${mean(trials.map((t) => t.verdict?.ms ?? 0))} ms on average; ` +
      `states after a kill: ${tally(killed.map((t) => t.verdict?.outcome ?? 'not checked'))}` +
      (notes.length ? `; left behind: ${tally(notes)}` : ''),
  );
  const bad = trials.filter((t) => t.failure || t.verdict!.problems.length);
  expect(bad.map((t) => describeTrial(p, t))).toEqual([]);
  expect(killed.length).toBeGreaterThanOrEqual(KILLS);
}

/** A trial folder changed by hand into a state no write may leave; the checks must name what is wrong. */
async function tampered(p: CrashPath, refs: CheckRefs, change: (db: Db, dir: string) => void): Promise<readonly string[]> {
  const dir = makeTrial(p, `tampered-${Math.random().toString(36).slice(2, 8)}`);
  const { db } = openDatabase(path.join(dir, DB_FILE), p === 'migration' ? { migrations: migrations.filter((m) => m.version <= 80) } : {});
  try {
    change(db, dir);
  } finally {
    db.close();
  }
  const verdict = await checker.check(dir, refs);
  fs.rmSync(dir, { recursive: true, force: true });
  return verdict.problems;
}

describe('crash safety: SIGKILL at random points', () => {
  it('the checks run after each kill find a half-done write (they are not vacuous)', async () => {
    const f = fixtures.facts;
    const item = (k: number) => fixtures.bulkItems[k]!;
    const bulkRefs: CheckRefs = { path: 'bulk', before: f.bulkBefore, items: fixtures.bulkItems };
    const supervisor = (db: Db) => db.prepare(`SELECT id FROM operators WHERE role = 'supervisor' ORDER BY id LIMIT 1`).pluck().get() as number;

    // An import batch row without its cases.
    expect(
      await tampered('import', refsFor('import', f.base), (db) => {
        db.prepare(`INSERT INTO import_batches (file_name, format, source_crs, started_at, status, total, accepted) VALUES (?, 'csv', 'wgs84', 0, 'committed', ?, 5)`).run(
          CRASH_LOG_NAME,
          CRASH_IMPORT_ROWS,
        );
      }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/accepted 5 but holds 0/)]));
    // Cases of a batch that is not committed.
    expect(
      await tampered('import', refsFor('import', f.base), (db) => {
        db.prepare(`UPDATE import_batches SET status = 'running' WHERE format = 'demo'`).run();
      }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/left 'running'/), expect.stringMatching(/which is not committed/)]));
    // A later case registered while an earlier one is not: not one step per case in order.
    expect(
      await tampered('bulk', bulkRefs, (db) => {
        transitionIncident(db, { incidentId: item(1), action: 'register', expectedVersion: 1, operatorId: supervisor(db) }, CRASH_NOW);
      }),
    ).toEqual([expect.stringMatching(/registered after an unregistered one/)]);
    // A status changed without its event.
    expect(
      await tampered('bulk', bulkRefs, (db) => {
        db.prepare(`UPDATE incidents SET status = 'registered', version = 2, registered_at = ? WHERE id = ?`).run(CRASH_NOW, item(0));
      }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/verifyHistory failed/), expect.stringMatching(/registered case #\d+/)]));
    // Half a demo load: the defaults without the district.
    expect(await tampered('demo', refsFor('demo', f.base), (db) => void seedDefaults(db, CRASH_NOW))).toEqual([
      expect.stringMatching(/neither empty .* nor complete/),
    ]);
    // A version-80 file holding a table of version 90.
    expect(
      await tampered('migration', refsFor('migration', f.base), (db) => db.exec(`CREATE TABLE login_log (id INTEGER PRIMARY KEY)`)),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/not the database before the migration: the schema differs/)]));
    // A backup folder with a finished name but no manifest; a photo missing from the live folder.
    expect(
      await tampered('backup', refsFor('backup', f.base), (_db, dir) => {
        fs.mkdirSync(path.join(dir, BACKUPS_DIR, 'griddesk-20261125-100000-manual'), { recursive: true });
        const photos = path.join(dir, ATTACHMENTS_DIR);
        const sub = fs.readdirSync(photos)[0]!;
        fs.rmSync(path.join(photos, sub), { recursive: true });
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/looks finished but verifyBackup refuses it/),
        expect.stringMatching(/listBackups lists 0 backups, the folder holds 1/),
        expect.stringMatching(/photos listed in the database are missing/),
      ]),
    );
    // One case of the old database changed: neither the old one nor the restored one.
    expect(
      await tampered('restore', refsFor('restore', f.base), (db) => {
        db.prepare(`UPDATE incidents SET description = description || '（改）' WHERE id = 1`).run();
      }),
    ).toEqual([expect.stringMatching(/neither the old one .* nor the restored one/)]);
  });

  it(`a SIGKILL during an import leaves the batch wholly present or absent (${KILLS} kills)`, () => crashPath('import'), TIMEOUT_MS);

  it(`a SIGKILL during a bulk register of ${CRASH_BULK_CASES} cases leaves each case with its step and its event, or neither (${KILLS} kills)`, () =>
    crashPath('bulk'), TIMEOUT_MS);

  it(`a SIGKILL during the demo load leaves the database empty or complete (${KILLS} kills)`, () => crashPath('demo'), TIMEOUT_MS);

  it(`a SIGKILL during a migration from version 80 leaves the old schema or the new one, and the next start migrates (${KILLS} kills)`, () =>
    crashPath('migration'), TIMEOUT_MS);

  it(`a SIGKILL during a backup leaves no backup, a hidden partial one, or a verified one, and the database untouched (${KILLS} kills)`, () =>
    crashPath('backup'), TIMEOUT_MS);

  it(`a SIGKILL during a restore leaves the old database or the restored one, never a mix (${KILLS} kills)`, () => crashPath('restore'), TIMEOUT_MS);
});

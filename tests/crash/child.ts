/**
 * One crash-test child: runs one path against the database in a trial folder, through the app's own
 * code, and is killed with SIGKILL somewhere along the way by the test.
 *
 *   node child.cjs <path> <trialDir> <options.json>
 *
 * Prints `ready` (synchronously, so the parent sees it before the work starts) when its modules are
 * loaded, then does the work, then prints `done …` and exits 0. The bundle is built by the test
 * (esbuild, CommonJS, better-sqlite3 left external); see tests/helpers/crashRunner.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CallContext } from '../../electron/contract';
import { ATTACHMENTS_DIR, BACKUPS_DIR, CRASH_LOG_NAME, DB_FILE, type ChildOptions, type CrashPath } from './protocol';

const [which, trialDir, optionsFile] = process.argv.slice(2) as [CrashPath, string, string];
const options = JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as ChildOptions;
const file = path.join(trialDir, DB_FILE);
const say = (line: string) => fs.writeSync(1, `${line}\n`);

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`options lack ${what}`);
  return value;
}

type Work = () => Promise<string> | string;

/**
 * Loads what the path needs (only that: the modules of the other paths are never evaluated, so a child
 * starts quickly) and returns the work itself.
 */
async function prepare(): Promise<Work> {
  const { openDatabase } = await import('../../db/open');
  switch (which) {
    case 'import': {
      // The import as the app runs it: a job in a worker thread with its own connection.
      const { ImportJobs } = await import('../../db/import/jobs');
      return async () => {
        const csv = need(options.csv, 'csv');
        const jobs = new ImportJobs({ dbPath: file, workerEntry: need(options.workerEntry, 'workerEntry') });
        const started = jobs.start(
          {
            kind: 'incidents',
            params: {
              file: csv,
              fileName: CRASH_LOG_NAME,
              crs: 'wgs84',
              operatorId: options.operatorId,
              photoDir: null,
              attachmentsDir: path.join(trialDir, ATTACHMENTS_DIR),
              now: options.now,
            },
          },
          fs.statSync(csv).size,
        );
        const end = await jobs.wait(started.jobId);
        if (end.state !== 'done' || !end.result) throw new Error(`import ended ${end.state}: ${end.error?.message ?? ''}`);
        return `accepted ${end.result.accepted} of ${end.result.total}`;
      };
    }
    case 'bulk': {
      // The bulk action as the desk sends it: the handler, at most 1,000 cases a call, one transaction per case.
      const { incidentHandlers } = await import('../../electron/handlers/incidents');
      return () => {
        const bulk = need(options.bulk, 'bulk');
        const { db } = openDatabase(file, { mustExist: true });
        try {
          const operator = db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(bulk.operatorId) as {
            id: number;
            name: string;
            role: 'supervisor';
            person_id: number | null;
          };
          const ctx: CallContext = {
            actor: { operatorId: operator.id, name: operator.name, role: operator.role, personId: operator.person_id },
            caller: { transport: 'direct', session: null, address: 'crash-test' },
          };
          const handlers = incidentHandlers({ db, now: () => options.now });
          let done = 0;
          for (let k = 0; k < bulk.items.length; k += 1000) {
            const result = handlers['incidents:bulk-transition']({ action: 'register', items: bulk.items.slice(k, k + 1000) }, ctx) as {
              done: number[];
              failed: { incidentId: number; message: string }[];
            };
            if (result.failed.length) throw new Error(`bulk register failed: ${JSON.stringify(result.failed.slice(0, 3))}`);
            done += result.done.length;
          }
          return `registered ${done}`;
        } finally {
          db.close();
        }
      };
    }
    case 'demo': {
      const { loadDemo } = await import('../../db/demo/load');
      return () => {
        const { db } = openDatabase(file, { mustExist: true });
        try {
          const r = loadDemo(db, need(options.demo, 'demo'));
          return `${r.incidents} incidents, ${r.events} events`;
        } finally {
          db.close();
        }
      };
    }
    case 'migration':
      // Opening an older database migrates it (after copying it with VACUUM INTO).
      return () => {
        const { db, migration } = openDatabase(file, { mustExist: true });
        db.close();
        return `migrated ${migration.from} → ${migration.to}`;
      };
    case 'backup': {
      const { createBackup } = await import('../../db/backup/create');
      return async () => {
        const { db } = openDatabase(file, { mustExist: true });
        try {
          const made = await createBackup(db, { databasePath: file, outDir: path.join(trialDir, BACKUPS_DIR), now: options.now, reason: 'manual' });
          return path.basename(made.dir);
        } finally {
          db.close();
        }
      };
    }
    case 'restore': {
      const { restoreBackup } = await import('../../db/backup/restore');
      return async () => {
        const r = await restoreBackup({ databasePath: file, from: need(options.restoreFrom, 'restoreFrom'), now: options.now });
        return `restored ${r.counts.incidents} incidents, before-restore ${r.beforeRestoreKind}`;
      };
    }
  }
  throw new Error(`unknown path: ${String(which)}`);
}

prepare()
  .then(async (work) => {
    say('ready');
    say(`done ${await work()}`);
    process.exit(0);
  })
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });

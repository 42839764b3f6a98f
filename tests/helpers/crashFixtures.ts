/**
 * The prepared databases of the crash test, made once per run in a temp folder; every trial copies one.
 *
 *   fx/import      a demo district with a few thousand cases (the import adds a ~20,000-row field log)
 *   fx/bulk        the same plus 2,000 reported cases from a field log (the bulk step registers them)
 *   fx/demo        an empty database at the latest schema (the demo load fills it)
 *   fx/migration   the demo district's data in a database at schema version 80 (opening it migrates)
 *   fx/backup      the demo district with photos (the backup copies it)
 *   fx/restore     the same (the restore replaces it with a backup of a different database)
 *   shared/        the field log, the backup restored, each path's child options
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open';
import { migrations } from '../../db/migrations/index';
import { rebuildSql } from '../../db/migrations/0080-create-daily-statistics';
import { loadDemo } from '../../db/demo/load';
import { runImport } from '../../db/import/writer';
import { addIncidentPhoto } from '../../db/queries/attachments';
import { createBackup } from '../../db/backup/index';
import { BACKUP_DB_FILE } from '../../db/backup/format';
import { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv } from '../db/importFixtures';
import { referenceOf } from '../crash/checks';
import { ATTACHMENTS_DIR, CRASH_PATHS, DB_FILE, type ChildOptions, type CrashPath, type DbFacts } from '../crash/protocol';
import type { CrashBundle } from './crashRunner';

export const CRASH_NOW = Date.parse('2026-11-25T10:00:00+08:00');
export const CRASH_DEMO = { seed: 20170822, until: '2026-11-25', incidents: 2_000 } as const;
/** Rows of the field log the import path writes. */
export const CRASH_IMPORT_ROWS = 20_000;
/** Reported cases the bulk path registers. */
export const CRASH_BULK_CASES = 2_000;

export interface CrashFixtures {
  readonly root: string;
  /** The prepared folder each path's trials copy. */
  readonly fixture: Readonly<Record<CrashPath, string>>;
  readonly options: Readonly<Record<CrashPath, string>>;
  readonly facts: {
    /** The demo district before the import (and the live database of backup and restore). */
    readonly base: DbFacts;
    readonly bulkBefore: DbFacts;
    readonly empty: DbFacts;
    readonly v80: DbFacts;
    /** The database the restore puts back. */
    readonly restored: DbFacts;
  };
  readonly bulkItems: readonly number[];
}

const png = (seed: number) => {
  const body = Buffer.alloc(6000);
  for (let i = 0; i < body.length; i += 32) crypto.createHash('sha256').update(`${seed}:${i}`).digest().copy(body, i);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), body]);
};

function addPhotos(db: Db, attachmentsDir: string, from: number, count: number): void {
  const operatorId = db.prepare(`SELECT id FROM operators WHERE role = 'supervisor' ORDER BY id LIMIT 1`).pluck().get() as number;
  const cases = db.prepare(`SELECT id FROM incidents ORDER BY id DESC LIMIT ?`).pluck().all(count) as number[];
  cases.forEach((incidentId, k) =>
    addIncidentPhoto(db, attachmentsDir, { incidentId, operatorId, stage: 'report', fileName: `现场${from + k}.png`, data: png(from + k) }, CRASH_NOW - 3_600_000),
  );
}

/** Copies every table of `source` into the (older) schema of `db`, column by column, as that version held them. */
function fillFrom(db: Db, source: string): void {
  db.pragma('foreign_keys = OFF');
  db.prepare(`ATTACH DATABASE ? AS src`).run(source);
  const tables = (schema: string) =>
    db.prepare(`SELECT name FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all(schema) as string[];
  const columns = (table: string, schema: string) => db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[];
  const inSource = new Set(tables('src'));
  db.transaction(() => {
    // The daily tables are copied as they are: their triggers wait meanwhile.
    db.exec(`UPDATE stats_control SET bulk = 1`);
    // Cases first: one whose status the older schema does not know (a later version's, e.g. a 12345 order
    // still waiting for 签收) stays behind with everything that hangs on it, so the copy is a database that
    // version could have held; the daily tables are then summed again from the cases that came.
    const ordered = tables('main').sort((a, b) => Number(b === 'incidents') - Number(a === 'incidents'));
    let skipped = false;
    for (const table of ordered) {
      if (table === 'stats_control' || !inSource.has(table)) continue;
      const shared = columns(table, 'src');
      const own = columns(table, 'main');
      const list = own
        .filter((c) => shared.includes(c))
        .map((c) => `"${c}"`)
        .join(', ');
      const keep = table !== 'incidents' && own.includes('incident_id') ? ` WHERE incident_id IN (SELECT id FROM main.incidents)` : '';
      const r = db.prepare(`INSERT ${table === 'incidents' ? 'OR IGNORE ' : ''}INTO main."${table}" (${list}) SELECT ${list} FROM src."${table}"${keep}`).run();
      if (table === 'incidents') skipped = r.changes < (db.prepare(`SELECT count(*) FROM src.incidents`).pluck().get() as number);
    }
    if (skipped) {
      db.exec(`UPDATE main.incidents SET duplicate_of = NULL WHERE duplicate_of NOT IN (SELECT id FROM main.incidents)`);
      // The demo batch counts its cases and its patrols (the inspectors' tracks): only the cases changed.
      const held = `((SELECT count(*) FROM main.incidents i WHERE i.import_batch_id = import_batches.id)
                     + (SELECT count(*) FROM main.patrols p WHERE p.batch_id = import_batches.id))`;
      db.exec(`UPDATE main.import_batches SET total = total - (accepted - ${held}), accepted = ${held}
               WHERE status = 'committed' AND format = 'demo'`);
      db.exec(rebuildSql('stats_daily_grid'));
      db.exec(rebuildSql('stats_daily_person'));
    }
    db.exec(`UPDATE stats_control SET bulk = 0`);
  })();
  db.exec(`DETACH DATABASE src`);
  db.pragma('foreign_keys = ON');
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length) throw new Error(`the version-80 copy has ${broken.length} foreign-key violations`);
}

function writeOptions(file: string, options: ChildOptions): string {
  fs.writeFileSync(file, JSON.stringify(options));
  return file;
}

export async function prepareCrashFixtures(root: string, bundle: CrashBundle): Promise<CrashFixtures> {
  const fx = Object.fromEntries(CRASH_PATHS.map((p) => [p, path.join(root, 'fx', p)])) as Record<CrashPath, string>;
  const shared = path.join(root, 'shared');
  for (const dir of [...Object.values(fx), shared]) fs.mkdirSync(dir, { recursive: true });
  const dbOf = (p: CrashPath | string) => path.join(p in fx ? fx[p as CrashPath] : p, DB_FILE);

  // The demo district with a dozen photos: the live database of backup and restore.
  const base = openDatabase(dbOf('backup')).db;
  loadDemo(base, CRASH_DEMO);
  addPhotos(base, path.join(fx.backup, ATTACHMENTS_DIR), 0, 12);
  const supervisor = base.prepare(`SELECT id FROM operators WHERE role = 'supervisor' ORDER BY id LIMIT 1`).pluck().get() as number;
  const points = pointsInGrids(base, 400, 11);
  base.close();
  fs.cpSync(fx.backup, fx.restore, { recursive: true });
  fs.copyFileSync(dbOf('backup'), dbOf('import'));
  fs.copyFileSync(dbOf('backup'), dbOf('bulk'));

  // The field log of the import path.
  const csv = path.join(shared, 'field-log.csv');
  writeCsv(csv, FIELD_LOG_HEADERS, fieldLogRows({ rows: CRASH_IMPORT_ROWS, points, start: CRASH_NOW - 29 * 86_400_000, days: 28, seed: 3, idPrefix: 'K' }));

  // The bulk path's reported cases: a field log of cases still to be handled.
  const bulkCsv = path.join(shared, 'bulk-log.csv');
  const pending = function* () {
    for (const row of fieldLogRows({ rows: CRASH_BULK_CASES, points, start: CRASH_NOW - 6 * 86_400_000, days: 5, seed: 5, idPrefix: 'B' })) {
      row[8] = '待处置';
      yield row;
    }
  };
  writeCsv(bulkCsv, FIELD_LOG_HEADERS, pending());
  const bulk = openDatabase(dbOf('bulk')).db;
  const imported = await runImport(bulk, {
    file: bulkCsv,
    fileName: 'bulk-log.csv',
    crs: 'wgs84',
    operatorId: supervisor,
    photoDir: null,
    attachmentsDir: path.join(fx.bulk, ATTACHMENTS_DIR),
    now: CRASH_NOW - 3 * 3_600_000,
  });
  const bulkItems = bulk
    .prepare(`SELECT id FROM incidents WHERE import_batch_id = ? AND status = 'reported' ORDER BY id`)
    .pluck()
    .all(imported.batchId) as number[];
  if (bulkItems.length !== CRASH_BULK_CASES) throw new Error(`the bulk fixture has ${bulkItems.length} reported cases, not ${CRASH_BULK_CASES}`);
  bulk.close();

  // The backup restored: a different database (the bulk fixture, with photos of its own).
  const source = path.join(shared, 'source');
  fs.mkdirSync(source);
  fs.copyFileSync(dbOf('bulk'), path.join(source, DB_FILE));
  fs.cpSync(path.join(fx.backup, ATTACHMENTS_DIR), path.join(source, ATTACHMENTS_DIR), { recursive: true });
  const src = openDatabase(path.join(source, DB_FILE)).db;
  addPhotos(src, path.join(source, ATTACHMENTS_DIR), 100, 4);
  const made = await createBackup(src, { databasePath: path.join(source, DB_FILE), outDir: path.join(shared, 'restore-from'), now: CRASH_NOW - 60_000, reason: 'manual' });
  src.close();

  // An empty database at the latest schema.
  openDatabase(dbOf('demo')).db.close();

  // The demo district at schema version 80.
  const v80 = openDatabase(dbOf('migration'), { migrations: migrations.filter((m) => m.version <= 80) }).db;
  fillFrom(v80, dbOf('backup'));
  v80.close();

  const options: Record<CrashPath, string> = {
    import: writeOptions(path.join(shared, 'import.json'), { now: CRASH_NOW, csv, operatorId: supervisor, workerEntry: bundle.importWorker }),
    bulk: writeOptions(path.join(shared, 'bulk.json'), {
      now: CRASH_NOW,
      bulk: { operatorId: supervisor, items: bulkItems.map((incidentId) => ({ incidentId, expectedVersion: 1 })) },
    }),
    demo: writeOptions(path.join(shared, 'demo.json'), { now: CRASH_NOW, demo: CRASH_DEMO }),
    migration: writeOptions(path.join(shared, 'migration.json'), { now: CRASH_NOW }),
    backup: writeOptions(path.join(shared, 'backup.json'), { now: CRASH_NOW }),
    restore: writeOptions(path.join(shared, 'restore.json'), { now: CRASH_NOW, restoreFrom: made.dir }),
  };

  const refs = path.join(root, 'refs');
  fs.mkdirSync(refs);
  const ref = (file: string, name: string) => referenceOf(file, path.join(refs, `${name}.sqlite`));
  return {
    root,
    fixture: fx,
    options,
    facts: {
      base: ref(dbOf('backup'), 'base'),
      bulkBefore: ref(dbOf('bulk'), 'bulk-before'),
      empty: ref(dbOf('demo'), 'empty'),
      v80: ref(dbOf('migration'), 'v80'),
      restored: ref(path.join(made.dir, BACKUP_DB_FILE), 'restored'),
    },
    bulkItems,
  };
}

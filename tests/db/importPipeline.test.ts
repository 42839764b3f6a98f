/**
 * The fast paths of the field-log import give exactly what the straightforward one gives: rows written
 * many to a statement (with the fall-back to one by one when a duplicate turns up), a large file read
 * and judged on a second thread, a bulk load's indexes, search index, daily figures and set-aside
 * triggers — the same cases, numbers, ids, events and hash chain, issues, statistics and search results
 * as writing every row with its own statements.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport, type ImportParams } from '../../db/import/writer';
import { defaultWorkerEntry } from '../../db/import/jobs';
import { packRows, unpackRows } from '../../db/import/rowPack';
import { suspendInertTriggers } from '../../db/import/bulkMode';
import { heapLimits, IMPORT_OUT_OF_MEMORY, workerFailure } from '../../db/import/rowReader';
import type { JudgedRow } from '../../db/import/batchWriter';
import { verifyChain } from '../../db/trust/chain';
import { openDatabase, type Db } from '../../db/open';
import { deskFixture, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { csvLine, rng, slashDate } from './importFixtures';

const NOW = sh('2026-11-25T10:00');
const HEAD = ['编号', '发现时间', '巡查员', '经度', '纬度', '地址', '类别', '问题描述', '处置情况'];
const CATEGORIES = ['暴露垃圾', '0102', '道路不洁', '非法小广告', '0401', '占道经营', '绿地脏乱'];
const TEXTS = ['路边有一堆生活垃圾未清运', '人行道上有流动摊贩占道经营', '墙面张贴非法小广告多处', '=SUM(A1:A2) 像公式的描述', ''];

/**
 * A field log over the fixture's two grids (113.00–113.02, 28.18–28.20), dense enough in time and place
 * for many possible duplicates, with the things a real log holds: ids repeated later in the file and ids
 * already imported, rows without an id, rows fixed on the spot, rows refused (bad time, unknown class,
 * outside the district, missing place), swapped coordinates and formula-like text (warnings).
 */
function fieldLog(rows: number, seed: number, idPrefix: string): string[][] {
  const random = rng(seed);
  const start = sh('2026-09-01T08:00');
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const lon = 113.0 + random() * 0.02;
    const lat = 28.18 + random() * 0.02;
    const k = random();
    // Duplicates gather in two stretches of the file, so most batches have none (the many-rows path) and a few
    // fall back to one by one; rows without an id are identified by a hash of their content.
    const repeated = i % 5000 >= 4900 && k < 0.5;
    const id = repeated ? (k < 0.4 ? `${idPrefix}${Math.floor(random() * i)}` : `PRE${Math.floor(random() * 50)}`) : k < 0.02 ? '' : `${idPrefix}${i}`;
    const cells = [
      id,
      k > 0.995 ? '2026/13/40 8:00' : slashDate(start + i * 180_000),
      '张三',
      lon.toFixed(6),
      lat.toFixed(6),
      `芙蓉中路${1 + Math.floor(random() * 200)}号`,
      k > 0.99 && k <= 0.995 ? '不存在的类别' : CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
      TEXTS[Math.floor(random() * TEXTS.length)]!,
      random() < 0.3 ? '已处置' : '待处置',
    ];
    if (k > 0.985 && k <= 0.99) cells[3] = '112.5'; // outside the district
    if (k > 0.98 && k <= 0.985) [cells[3], cells[4]] = [cells[4]!, cells[3]!]; // swapped: a warning
    if (k > 0.975 && k <= 0.98) cells[3] = cells[4] = ''; // no place at all
    out.push(cells);
  }
  return out;
}

const csvText = (rows: string[][]) => [HEAD, ...rows].map((r) => csvLine(r)).join('\r\n') + '\r\n';

/** Every table's rows (search-index storage excepted: compared by what it finds), the batch's finishing time left out. */
function snapshot(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'incidents_fts%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[];
    const order = cols.map((_, i) => i + 1).join(', ');
    out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().all();
  }
  // The report's phasesMs are the writing thread's own timings (checked below), the rest must be the same.
  out.import_batches = db
    .prepare(`SELECT id, file_name, format, source_crs, operator_id, started_at, total, accepted, rejected, duplicates, status, json_remove(report, '$.phasesMs') FROM import_batches ORDER BY id`)
    .raw()
    .all();
  out.schema = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name`).raw().all();
  for (const term of ['生活垃圾', '流动摊贩', '芙蓉中路1', '2026091', '像公式']) {
    out[`fts:${term}`] = db.prepare(`SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid`).pluck().all(`"${term}"`);
  }
  return out;
}

describe('import fast paths equal the straightforward one', () => {
  it('gives the same database row by row, many to a statement, and in bulk with a reading thread (ids, numbers, events and their chain, issues, statistics, search)', async () => {
    const f = deskFixture();
    const dir = tempDir();
    const run = (db: Db, file: string, extra: Partial<ImportParams>) =>
      runImport(db, { file, fileName: path.basename(file), crs: 'wgs84', photoDir: null, attachmentsDir: path.join(dir, 'attachments'), now: NOW, ...extra });
    // Cases already there: open ones for the near-duplicate check, ids the big log repeats.
    const pre = path.join(dir, 'pre.csv');
    fs.writeFileSync(pre, csvText(fieldLog(200, 7, 'PRE')));
    await run(f.db, pre, {});
    f.db.pragma('wal_checkpoint(TRUNCATE)');
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, csvText(fieldLog(24_000, 11, 'R')));

    const copies = ['rowByRow', 'many', 'bulk'].map((name) => {
      const file = path.join(dir, `${name}.sqlite`);
      fs.copyFileSync(f.db.name, file);
      return openDatabase(file, { mustExist: true }).db;
    });
    const [rowByRow, many, bulk] = copies as [Db, Db, Db];
    const reference = await run(rowByRow, big, { bulk: false, rowByRow: true, batchSize: 500 });
    const manyResult = await run(many, big, { bulk: false, batchSize: 500 });
    const bulkResult = await run(bulk, big, { bulk: true, batchSize: 500, readerEntry: defaultWorkerEntry() });

    // The log holds every kind of row the paths must agree on.
    expect(reference.total).toBe(24_000);
    expect(reference.accepted).toBeGreaterThan(20_000);
    expect(reference.duplicates).toBeGreaterThan(150);
    expect(reference.rejected).toBeGreaterThan(300);
    expect(reference.nearDuplicates).toBeGreaterThan(1000);
    expect(reference.warningCount).toBeGreaterThan(reference.nearDuplicates);
    const { elapsedMs: _a, rowsPerSecond: _b, ...expected } = reference;
    for (const r of [manyResult, bulkResult]) {
      const { elapsedMs: _c, rowsPerSecond: _d, ...same } = r;
      expect(same).toEqual(expected);
    }
    const want = snapshot(rowByRow);
    expect(snapshot(many)).toEqual(want);
    expect(snapshot(bulk)).toEqual(want);
    for (const db of copies) {
      expect(verifyChain(db).brokenEvents).toEqual([]);
      db.exec(`INSERT INTO incidents_fts (incidents_fts) VALUES ('integrity-check')`);
    }
    expect(verifyChain(bulk).head).toBe(verifyChain(rowByRow).head);
    // Where the writing thread's time went, kept with the batch: the rows on every path, the rebuilt indexes
    // and search index only where the load set them aside.
    const phasesOf = (db: Db) =>
      JSON.parse(db.prepare(`SELECT json_extract(report, '$.phasesMs') FROM import_batches ORDER BY id DESC LIMIT 1`).pluck().get() as string) as Record<string, number>;
    for (const db of copies) {
      const phases = phasesOf(db);
      expect(Object.keys(phases).sort()).toEqual(['daily', 'events', 'indexes', 'rows', 'search', 'triggers', 'weekly']);
      expect(phases.rows).toBeGreaterThan(0);
      expect(Object.values(phases).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
    }
    expect(phasesOf(bulk).indexes).toBeGreaterThan(0);
    expect(phasesOf(bulk).search).toBeGreaterThan(0);
    expect(phasesOf(many).indexes).toBe(0);
  }, 120_000);

  it('a second thread that fails to read the file fails the import and leaves nothing', async () => {
    const f = deskFixture();
    const dir = tempDir();
    const file = path.join(dir, 'log.csv');
    // Large enough to be read on a second thread; a line the limits refuse half-way.
    const rows = fieldLog(25_000, 3, 'T');
    rows[20_000]![7] = 'x'.repeat(2_000_000);
    fs.writeFileSync(file, csvText(rows));
    const before = f.db.prepare(`SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_events), (SELECT count(*) FROM import_issues)`).raw().get();
    const schema = f.db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get();
    const r = runImport(f.db, { file, fileName: 'log.csv', crs: 'wgs84', photoDir: null, attachmentsDir: dir, now: NOW, bulk: true, readerEntry: defaultWorkerEntry() });
    await expect(r).rejects.toThrow(/行|超过|过长/);
    expect(f.db.prepare(`SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_events), (SELECT count(*) FROM import_issues)`).raw().get()).toEqual(before);
    expect(f.db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get()).toBe(schema);
    expect(f.db.inTransaction).toBe(false);
  }, 60_000);
});

describe('rows between threads', () => {
  it('bounds the heap of a streamed log’s threads (a workbook’s shared strings get more; whole documents none) and names running out of it in Chinese', () => {
    expect(heapLimits('csv').maxOldGenerationSizeMb).toBeLessThan(heapLimits('xlsx').maxOldGenerationSizeMb!);
    expect(heapLimits('other').maxOldGenerationSizeMb).toBeUndefined();
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect(workerFailure(oom, '读取线程')).toBe(IMPORT_OUT_OF_MEMORY);
    expect(workerFailure(new Error('boom'), '读取线程')).toBe('读取线程出错：boom');
  });

  it('packs judged rows and gives them back equal: candidates, refusals with their cells, warnings, photos, missing places', () => {
    const category = { id: 3, name: '暴露垃圾', isUrgent: false };
    const urgent = { id: 9, name: '井盖缺失', isUrgent: true };
    const rows: JudgedRow[] = [
      {
        row: 2,
        cells: null,
        verdict: {
          ok: true,
          candidate: { reportedAt: NOW, category, lon: 113.1, lat: 28.2, sourceLon: 113.2, sourceLat: 28.3, gridId: 4, description: '路边垃圾，“引号”与\u0000', address: '', reporter: '张三', fixedOnSpot: true, externalId: 'R1', photos: [], warnings: [] },
        },
      },
      { row: 3, cells: ['R2', 'x', '张三'], verdict: { ok: false, field: 'reportedAt', reason: '发现时间「x」不是可识别的日期格式' } },
      {
        row: 4,
        cells: null,
        verdict: {
          ok: true,
          candidate: { reportedAt: NOW + 1, category: urgent, lon: null, lat: null, sourceLon: null, sourceLat: null, gridId: 3, description: '井盖🚧', address: '五一大道1号', reporter: '', fixedOnSpot: false, externalId: 'sha256:abc', photos: ['a.png', '照片/b.jpg'], warnings: [['lon', '经度与纬度填反了'], [null, '此行的文字编码与文件其他部分不同']] },
        },
      },
      { row: 5, cells: null, verdict: { ok: false, field: null, reason: '引号未闭合' } },
    ];
    const pack = packRows(rows);
    const back = unpackRows(structuredClone(pack), new Map());
    expect(back).toEqual(rows);
  });
});

describe('triggers set aside for a bulk load', () => {
  it('sets aside only the triggers that would do nothing for the rows written, and refuses to put one back that would have acted', () => {
    const f = deskFixture();
    const db = f.db;
    db.exec(`CREATE TABLE side (n INTEGER) STRICT`);
    db.exec(`CREATE TRIGGER acts AFTER INSERT ON incident_events WHEN NEW.action = 'report' BEGIN INSERT INTO side VALUES (1); END`);
    db.exec(`CREATE TRIGGER inert AFTER INSERT ON incident_events WHEN NEW.action = 'dispatch' BEGIN INSERT INTO side VALUES (2); END`);
    db.exec(`CREATE TRIGGER later AFTER INSERT ON incident_events WHEN NEW.note = 'later' BEGIN INSERT INTO side VALUES (3); END`);
    db.exec('BEGIN IMMEDIATE');
    const s = suspendInertTriggers(db, 'incident_events', [{ action: 'report', note: 'now' }]);
    expect(s.names).toEqual(expect.arrayContaining(['inert', 'later']));
    expect(s.names).not.toContain('acts');
    const names = () => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name IN ('acts', 'inert', 'later') ORDER BY name`).pluck().all();
    expect(names()).toEqual(['acts']);
    const first = ((db.prepare(`SELECT max(id) FROM incident_events`).pluck().get() as number | null) ?? 0) + 1;
    const incident = db.prepare(
      `INSERT INTO incidents (case_no, category_id, description, lon, lat, grid_id, source, status, reported_at, created_at, updated_at)
       VALUES ('2026112500001', ?, '测试', 113.005, 28.19, 3, 'patrol', 'reported', ?, ?, ?)`,
    ).run(f.categories.garbage, NOW, NOW, NOW).lastInsertRowid;
    const event = db.prepare(`INSERT INTO incident_events (incident_id, at, actor_name, action, note, hash) VALUES (?, ?, '测试', 'report', ?, ?)`);
    event.run(incident, NOW, 'now', '0'.repeat(64));
    s.restore(first);
    expect(names()).toEqual(['acts', 'inert', 'later']);
    expect(db.prepare(`SELECT n FROM side`).pluck().all()).toEqual([1]);

    // A row the probes did not foresee, which a set-aside trigger would have acted on: putting it back refuses.
    const again = suspendInertTriggers(db, 'incident_events', [{ action: 'report', note: 'now' }]);
    event.run(incident, NOW, 'later', '1'.repeat(64));
    expect(() => again.restore(first)).toThrow(/later.*本应/);
    db.exec('ROLLBACK');
    expect(names()).toEqual(['acts', 'inert', 'later']);
  });
});

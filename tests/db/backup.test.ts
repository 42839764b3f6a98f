import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { isAppError, type AppError } from '../../db/errors';
import { loadDemo } from '../../db/demo/load';
import { addIncidentPhoto } from '../../db/queries/attachments';
import { getSetting, setSetting } from '../../db/queries/settings';
import { acquireLock, lockPathFor } from '../../db/lock';
import {
  backupIfDue,
  createBackup,
  getBackupSettings,
  listBackups,
  onlineBackup,
  restoreBackup,
  rotateBackups,
  setBackupSettings,
  startBackupSchedule,
  verifyBackup,
  type BackupResult,
} from '../../db/backup/index';
import { isRoot, tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '../..');
/** Shanghai wall-clock 'YYYY-MM-DDTHH:mm' → epoch ms. */
const sh = (local: string): number => Date.parse(`${local}:00+08:00`);
const T0 = sh('2026-11-25T09:30');

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const fileHash = (file: string) => sha(fs.readFileSync(file));
const png = (size = 3000) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(size)]);

/** Every row of every ordinary table, hashed per table (a readable diff names the table that differs). */
function dumpTables(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const out: Record<string, string> = {};
    for (const t of tables) {
      const columns = db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(t) as number;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().all();
      out[t] = `${rows.length}:${sha(Buffer.from(JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))))}`;
    }
    return out;
  } finally {
    db.close();
  }
}

/** Photos as {relative path → sha256}. */
function photoHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const sub of fs.readdirSync(dir)) {
    for (const f of fs.readdirSync(path.join(dir, sub))) out[`${sub}/${f}`] = fileHash(path.join(dir, sub, f));
  }
  return out;
}

// One demo database with photos, built once and copied for each test.
let template: string;
beforeAll(() => {
  template = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-backup-template-'));
  const { db } = openDatabase(path.join(template, 'griddesk.sqlite'));
  loadDemo(db, { until: '2026-11-25', incidents: 300 });
  const operatorId = db.prepare(`SELECT id FROM operators WHERE is_active = 1 ORDER BY id LIMIT 1`).pluck().get() as number;
  const incidents = db.prepare(`SELECT id FROM incidents ORDER BY id LIMIT 3`).pluck().all() as number[];
  incidents.forEach((incidentId, k) =>
    addIncidentPhoto(db, path.join(template, 'attachments'), { incidentId, operatorId, stage: 'report', fileName: `p${k}.png`, data: png() }, T0 - 3_600_000),
  );
  db.close();
});
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

interface Fixture {
  dir: string;
  dbPath: string;
  attachments: string;
  backups: string;
  open(): Db;
}

function fixture(): Fixture {
  const dir = tempDir('griddesk-backup-');
  fs.copyFileSync(path.join(template, 'griddesk.sqlite'), path.join(dir, 'griddesk.sqlite'));
  fs.cpSync(path.join(template, 'attachments'), path.join(dir, 'attachments'), { recursive: true });
  const dbPath = path.join(dir, 'griddesk.sqlite');
  return {
    dir,
    dbPath,
    attachments: path.join(dir, 'attachments'),
    backups: path.join(dir, 'backups'),
    open: () => openDatabase(dbPath).db,
  };
}

async function backupOf(f: Fixture, now = T0, reason = 'manual'): Promise<BackupResult> {
  const db = f.open();
  try {
    return await createBackup(db, { databasePath: f.dbPath, outDir: f.backups, now, reason });
  } finally {
    db.close();
  }
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('createBackup', () => {
  it('writes the database, the photos and a manifest into griddesk-YYYYMMDD-HHMMSS-reason/ (Shanghai time)', async () => {
    const f = fixture();
    const { dir, manifest } = await backupOf(f);
    expect(path.basename(dir)).toBe('griddesk-20261125-093000-manual');
    expect(fs.readdirSync(f.backups)).toEqual(['griddesk-20261125-093000-manual']);
    expect(fs.readdirSync(dir).sort()).toEqual(['attachments', 'griddesk.sqlite', 'manifest.json']);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(onDisk).toEqual(manifest);
    expect(manifest).toMatchObject({
      format: 'griddesk-backup',
      formatVersion: 1,
      app: 'GridDesk',
      applicationId: 0x47524944,
      createdAt: '2026-11-25T01:30:00.000Z',
      createdAtShanghai: '2026-11-25 09:30:00',
      reason: 'manual',
      host: os.hostname(),
      source: { databasePath: f.dbPath, attachmentsDir: f.attachments },
      counts: { incidents: 300, grids: 214, importBatches: expect.any(Number), attachments: 3 },
    });
    const live = new Database(f.dbPath, { readonly: true });
    expect(manifest.schemaVersion).toBe(live.pragma('user_version', { simple: true }));
    expect(manifest.counts.incidentEvents).toBe(live.prepare(`SELECT count(*) FROM incident_events`).pluck().get());
    expect(manifest.counts.persons).toBe(live.prepare(`SELECT count(*) FROM persons`).pluck().get());
    expect(manifest.counts.operators).toBe(live.prepare(`SELECT count(*) FROM operators`).pluck().get());
    live.close();
    // Every file named with its size and SHA-256; the copy is one self-contained file (no -wal/-shm).
    expect(manifest.files.map((x) => x.path).sort()).toEqual(
      ['griddesk.sqlite', ...Object.keys(photoHashes(f.attachments)).map((p) => `attachments/${p}`)].sort(),
    );
    for (const entry of manifest.files) {
      const data = fs.readFileSync(path.join(dir, entry.path));
      expect(entry).toEqual({ path: entry.path, bytes: data.length, sha256: sha(data) });
    }
    expect(dumpTables(path.join(dir, 'griddesk.sqlite'))).toEqual(dumpTables(f.dbPath));
    expect((await verifyBackup(dir)).ok).toBe(true);
    // Two backups in the same second do not collide.
    const again = await backupOf(f);
    expect(path.basename(again.dir)).toBe('griddesk-20261125-093000-manual-2');
  });

  it('is consistent while another process writes in a loop, and while the same connection writes', async () => {
    const f = fixture();
    const db = f.open();
    // Enough pages that the copy takes several steps.
    const filler = db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) filler.run(`filler-${i}`, JSON.stringify('f'.repeat(4000)));
    })();
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(f.dbPath)}); db.pragma('busy_timeout = 10000');
         const ins = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)");
         const last = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('loop-last', ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
         let n = 0; const tx = db.transaction(() => { n++; ins.run('loop-' + n, JSON.stringify('x'.repeat(3000))); last.run(String(n)); });
         for (let i = 0; i < 50; i++) tx();
         process.stdout.write('ready\\n'); const end = Date.now() + 30000; while (Date.now() < end) tx();`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout!.once('data', () => resolve());
        writer.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
      });
      // The same connection writes too, between the backup's steps.
      let mine = 0;
      const own = setInterval(() => {
        mine++;
        setSetting(db, `own-${mine}`, mine, 0);
        setSetting(db, 'own-last', mine, 0);
      }, 0);
      let result: BackupResult;
      try {
        result = await createBackup(db, { databasePath: f.dbPath, outDir: f.backups, now: T0 });
      } finally {
        clearInterval(own);
      }
      const report = await verifyBackup(result.dir);
      expect(report.problems).toEqual([]);
      const copy = new Database(path.join(result.dir, 'griddesk.sqlite'), { readonly: true });
      const loops = copy.prepare(`SELECT count(*) FROM settings WHERE key GLOB 'loop-[0-9]*'`).pluck().get() as number;
      const lastLoop = JSON.parse(copy.prepare(`SELECT value FROM settings WHERE key = 'loop-last'`).pluck().get() as string) as number;
      const owns = copy.prepare(`SELECT count(*) FROM settings WHERE key GLOB 'own-[0-9]*'`).pluck().get() as number;
      const lastOwn = copy.prepare(`SELECT value FROM settings WHERE key = 'own-last'`).pluck().get() as string | undefined;
      copy.close();
      expect(lastLoop).toBeGreaterThanOrEqual(50);
      expect(loops).toBe(lastLoop); // a committed state: every transaction wholly in or wholly out
      expect(owns).toBe(lastOwn === undefined ? 0 : Number(lastOwn));
      // The writer went on after the copy was taken.
      await new Promise((r) => setTimeout(r, 100));
      const live = db.prepare(`SELECT count(*) FROM settings WHERE key GLOB 'loop-[0-9]*'`).pluck().get() as number;
      expect(live).toBeGreaterThan(loops);
    } finally {
      writer.kill();
      db.close();
    }
  });

  it('a full disk (ENOSPC / SQLITE_FULL) leaves no temporary folder and says so in Chinese', async () => {
    const f = fixture();
    const db = f.open();
    try {
      const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      let copies = 0;
      const failures: Array<Parameters<typeof createBackup>[1]['io']> = [
        { copyFile: async (a, b) => (++copies === 2 ? Promise.reject(enospc()) : fs.promises.copyFile(a, b)) },
        { backupDatabase: async () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })) },
        { writeFile: async () => Promise.reject(enospc()) },
        // Part of the copy written, then the disk fills.
        {
          backupDatabase: async (source, file) => {
            await onlineBackup(source, file);
            throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
          },
        },
      ];
      for (const io of failures) {
        const e = await rejection(createBackup(db, { databasePath: f.dbPath, outDir: f.backups, now: T0, io }));
        expect(e.kind).toBe('database');
        expect(e.message).toMatch(/^磁盘空间不足，备份未完成：/);
        expect(e.message).toContain(f.backups);
        expect(fs.readdirSync(f.backups)).toEqual([]);
      }
      // The database is untouched and still usable.
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((await createBackup(db, { databasePath: f.dbPath, outDir: f.backups, now: T0 })).dir).toBeTruthy();
    } finally {
      db.close();
    }
  });

  it.skipIf(!isRoot)('on a real, tiny disk: refused before writing, or cleaned up when it fills during the copy', async () => {
    const f = fixture();
    const mount = tempDir('griddesk-tmpfs-');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    if (mounted.status !== 0) return; // no tmpfs here (e.g. a container without the capability)
    const db = f.open();
    const filler = db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)`);
    db.transaction(() => {
      for (let i = 0; i < 500; i++) filler.run(`filler-${i}`, JSON.stringify('f'.repeat(4000)));
    })();
    try {
      const early = await rejection(createBackup(db, { databasePath: f.dbPath, outDir: mount, now: T0 }));
      expect(early.message).toMatch(/^磁盘空间不足，备份未完成：.*剩余 .* MB，备份需要约 .* MB/);
      expect(fs.readdirSync(mount)).toEqual([]);
      // Free space taken by someone else while the copy runs: SQLite's own SQLITE_FULL.
      const small = path.join(tempDir(), 'small.sqlite');
      const tiny = openDatabase(small).db;
      try {
        const late = await rejection(
          createBackup(tiny, {
            databasePath: small,
            outDir: mount,
            now: T0,
            io: {
              backupDatabase: async (source, file) => {
                const s = fs.statfsSync(mount);
                fs.writeFileSync(path.join(mount, 'other-program.bin'), Buffer.alloc(Number(s.bavail) * Number(s.bsize) - 8192));
                await onlineBackup(source, file);
              },
            },
          }),
        );
        expect(late.message).toMatch(/^磁盘空间不足，备份未完成：/);
        expect(fs.readdirSync(mount)).toEqual(['other-program.bin']);
      } finally {
        tiny.close();
      }
    } finally {
      db.close();
      spawnSync('umount', [mount]);
    }
  });
});

describe('restoreBackup', () => {
  it('puts back exactly the backed-up data and photos, keeping the database as it was before as a restorable backup', async () => {
    const f = fixture();
    const { dir } = await backupOf(f);
    const dataAtBackup = dumpTables(f.dbPath);
    const photosAtBackup = photoHashes(f.attachments);

    // Work goes on after the backup: data changes, a photo is added, one is damaged on disk.
    const db = f.open();
    setSetting(db, 'unit_name', '改过的单位', T0 + 1000);
    db.prepare(`UPDATE persons SET phone = '13900000000' WHERE id = (SELECT min(id) FROM persons)`).run();
    const operatorId = db.prepare(`SELECT id FROM operators WHERE is_active = 1 ORDER BY id LIMIT 1`).pluck().get() as number;
    const incidentId = db.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number;
    const added = addIncidentPhoto(db, f.attachments, { incidentId, operatorId, stage: 'after', fileName: 'new.png', data: png() }, T0 + 2000);
    db.close();
    const damaged = Object.keys(photosAtBackup)[0]!;
    fs.writeFileSync(path.join(f.attachments, damaged), png(100));
    const dataChanged = dumpTables(f.dbPath);
    expect(dataChanged).not.toEqual(dataAtBackup);

    const result = await restoreBackup({ databasePath: f.dbPath, from: dir, now: T0 + 3_600_000 });
    expect(result).toMatchObject({
      databasePath: f.dbPath,
      from: dir,
      createdAt: '2026-11-25T01:30:00.000Z',
      createdAtShanghai: '2026-11-25 09:30:00',
      counts: { incidents: 300, attachments: 3 },
      photosRestored: 1,
      beforeRestoreKind: 'backup',
    });
    expect(dumpTables(f.dbPath)).toEqual(dataAtBackup);
    const photosNow = photoHashes(f.attachments);
    for (const [p, hash] of Object.entries(photosAtBackup)) expect(photosNow[p]).toBe(hash);
    // The photo added later stays on disk (photos may be shared), but nothing refers to it any more.
    expect(photosNow[`${added.sha256.slice(0, 2)}/${added.sha256}`]).toBe(added.sha256);
    expect(fs.existsSync(lockPathFor(f.dbPath))).toBe(false);
    expect(fs.readdirSync(f.dir).filter((n) => n.includes('.tmp') || n.endsWith('-wal') || n.endsWith('-shm'))).toEqual([]);

    // The copy kept before the restore holds the changed data and can itself be restored (undo).
    expect(path.basename(result.beforeRestore!)).toBe('griddesk-20261125-103000-before-restore');
    expect((await verifyBackup(result.beforeRestore!)).ok).toBe(true);
    const reopened = f.open();
    expect(getSetting(reopened, 'unit_name')).not.toBe('改过的单位');
    reopened.close();
    await restoreBackup({ databasePath: f.dbPath, from: result.beforeRestore!, now: T0 + 7_200_000 });
    expect(dumpTables(f.dbPath)).toEqual(dataChanged);
  });

  it('replaces a damaged database file, keeping its bytes beside it', async () => {
    const f = fixture();
    const { dir } = await backupOf(f);
    const expected = dumpTables(f.dbPath);
    const junk = Buffer.concat([Buffer.from('SQLite format 3\0'), crypto.randomBytes(8000)]);
    fs.writeFileSync(f.dbPath, junk);
    const result = await restoreBackup({ databasePath: f.dbPath, from: dir, now: T0 + 60_000 });
    expect(result.beforeRestoreKind).toBe('raw-copy');
    expect(fileHash(path.join(result.beforeRestore!, 'griddesk.sqlite'))).toBe(sha(junk));
    expect(dumpTables(f.dbPath)).toEqual(expected);
    const db = f.open(); // opens, migrates nothing, WAL again
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('restores into a place with no database yet', async () => {
    const f = fixture();
    const { dir } = await backupOf(f);
    const target = path.join(tempDir(), 'new', 'griddesk.sqlite');
    const result = await restoreBackup({ databasePath: target, from: dir, now: T0 });
    expect(result.beforeRestore).toBeNull();
    expect(dumpTables(target)).toEqual(dumpTables(f.dbPath));
    expect(photoHashes(path.join(path.dirname(target), 'attachments'))).toEqual(photoHashes(f.attachments));
  });

  it('refuses junk (random folder, edited photo, truncated database, edited or foreign manifest) with each problem named and nothing changed', async () => {
    const f = fixture();
    const { dir: good } = await backupOf(f);
    const junkRoot = tempDir('griddesk-junk-');
    const variant = (name: string, damage: (dir: string) => void): string => {
      const dir = path.join(junkRoot, name);
      fs.cpSync(good, dir, { recursive: true });
      damage(dir);
      return dir;
    };
    const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const writeManifest = (dir: string, m: unknown) => fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    const firstPhoto = (dir: string) => manifestOf(dir).files.find((x: { path: string }) => x.path.startsWith('attachments/')).path as string;

    const random = path.join(junkRoot, 'random');
    fs.mkdirSync(path.join(random, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(random, 'notes.txt'), '会议记录');
    fs.writeFileSync(path.join(random, 'sub', 'a.bin'), crypto.randomBytes(500));

    const cases: Array<{ dir: string; expect: RegExp[] }> = [
      { dir: random, expect: [/缺少 manifest\.json/, /缺少数据库文件 griddesk\.sqlite/] },
      { dir: path.join(junkRoot, 'does-not-exist'), expect: [/备份文件夹不存在/] },
      {
        dir: variant('edited-photo', (d) => {
          const p = path.join(d, firstPhoto(d));
          const data = fs.readFileSync(p);
          data[data.length - 1] = data[data.length - 1]! ^ 0xff;
          fs.writeFileSync(p, data);
        }),
        expect: [/文件内容与清单不符.*attachments\/.*SHA-256 不符/],
      },
      {
        dir: variant('truncated-db', (d) => {
          const p = path.join(d, 'griddesk.sqlite');
          fs.truncateSync(p, Math.floor(fs.statSync(p).size / 2));
        }),
        expect: [/griddesk\.sqlite（清单 \d+ 字节，实际 \d+ 字节）/, /数据库(完整性检查未通过|文件已损坏)/],
      },
      {
        dir: variant('edited-counts', (d) => {
          const m = manifestOf(d);
          m.counts.incidents += 1;
          writeManifest(d, m);
        }),
        expect: [/数据条数与清单不符：incidents 清单 301、实际 300/],
      },
      {
        dir: variant('foreign-manifest', (d) => writeManifest(d, { format: 'acme-backup', version: 3, files: [] })),
        expect: [/不是 GridDesk 备份清单/],
      },
      { dir: variant('broken-manifest', (d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{"format": "griddesk-')), expect: [/不是有效的 JSON/] },
      {
        dir: variant('missing-photo', (d) => fs.rmSync(path.join(d, firstPhoto(d)))),
        expect: [/备份中缺少文件：attachments\//],
      },
      {
        dir: variant('extra-file', (d) => fs.writeFileSync(path.join(d, 'attachments', 'zz'), 'x')),
        expect: [/清单之外的文件：attachments\/zz/],
      },
      {
        dir: variant('escaping-path', (d) => {
          const m = manifestOf(d);
          m.files.push({ path: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) });
          writeManifest(d, m);
        }),
        expect: [/文件条目无效/],
      },
      {
        dir: variant('other-program-db', (d) => {
          const p = path.join(d, 'griddesk.sqlite');
          fs.rmSync(p);
          const other = new Database(p);
          other.exec('CREATE TABLE notes (t TEXT)');
          other.close();
        }),
        expect: [/SHA-256 不符|字节/, /不是 GridDesk 数据库（application_id=0）/],
      },
    ];

    const before = { db: fileHash(f.dbPath), photos: photoHashes(f.attachments), backups: fs.readdirSync(f.backups).sort() };
    for (const c of cases) {
      const report = await verifyBackup(c.dir);
      expect(report.ok, c.dir).toBe(false);
      for (const re of c.expect) expect(report.problems.some((p) => re.test(p)), `${c.dir}: ${report.problems.join(' | ')}`).toBe(true);
      const e = await rejection(restoreBackup({ databasePath: f.dbPath, from: c.dir, now: T0 + 60_000 }));
      expect(e.kind).toBe('database');
      expect(e.message).toMatch(/^备份未通过校验，未作任何修改：/);
      expect(fileHash(f.dbPath)).toBe(before.db);
      expect(photoHashes(f.attachments)).toEqual(before.photos);
      expect(fs.readdirSync(f.backups).sort()).toEqual(before.backups);
      expect(fs.existsSync(lockPathFor(f.dbPath))).toBe(false);
    }
    // Verifying wrote nothing into the backup it read.
    expect((await verifyBackup(good)).ok).toBe(true);
    expect(fs.readdirSync(good).sort()).toEqual(['attachments', 'griddesk.sqlite', 'manifest.json']);
  });

  it('refuses while another process holds the database, naming it, with nothing changed', async () => {
    const f = fixture();
    const { dir } = await backupOf(f);
    const db = f.open();
    setSetting(db, 'unit_name', '运行中', T0);
    db.close();
    const hash = fileHash(f.dbPath);
    const other = acquireLock(f.dbPath, {
      mode: 'electron',
      identity: { pid: process.ppid, host: os.hostname(), processStartedAt: '2026-11-25T00:00:00.000Z' },
    });
    try {
      const e = await rejection(restoreBackup({ databasePath: f.dbPath, from: dir, now: T0 }));
      expect(e.kind).toBe('conflict');
      expect(e.message).toContain(`进程 ${process.ppid}`);
      expect(fileHash(f.dbPath)).toBe(hash);
      expect(listBackups(f.backups)).toHaveLength(1);
    } finally {
      other.release();
    }
  });

  it('refuses to overwrite another program\'s database', async () => {
    const f = fixture();
    const { dir } = await backupOf(f);
    const target = path.join(tempDir(), 'other.sqlite');
    const other = new Database(target);
    other.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY)');
    other.close();
    const hash = fileHash(target);
    const e = await rejection(restoreBackup({ databasePath: target, from: dir, now: T0 }));
    expect(e.message).toMatch(/不是 GridDesk 数据库（属于其他程序），未作任何修改/);
    expect(fileHash(target)).toBe(hash);
  });
});

describe('rotateBackups', () => {
  it('keeps the newest per day for 7 days and per ISO week for 4 weeks, and never touches anything else', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'backups');
    const { db } = openDatabase(path.join(dir, 'griddesk.sqlite'));
    const made = new Map<string, string>();
    const at = async (local: string, reason = 'daily') => {
      const { dir: d } = await createBackup(db, { databasePath: path.join(dir, 'griddesk.sqlite'), outDir: out, now: sh(local), reason });
      made.set(`${local} ${reason}`, path.basename(d));
    };
    try {
      // 1–25 November 2026 (the 25th is a Wednesday), at 09:00 and 18:00 Shanghai time.
      for (let day = 1; day <= 25; day++) {
        const date = `2026-11-${String(day).padStart(2, '0')}`;
        await at(`${date}T09:00`);
        await at(`${date}T18:00`);
      }
      await at('2026-11-24T12:00', 'before-restore'); // a kept day: kept as the way back
      await at('2026-11-10T12:00', 'before-restore'); // an old day: rotated away
    } finally {
      db.close();
    }
    // Not ours, or not complete: left alone.
    const foreign = [
      'griddesk-20261101-000000', // named like a backup, no manifest
      'my-notes',
      'griddesk-20261102-000000-damaged', // a manifest, but a listed file is missing
      'griddesk-20261103-000000-acme', // another program's manifest
    ];
    fs.mkdirSync(path.join(out, foreign[0]!));
    fs.writeFileSync(path.join(out, foreign[0]!, 'keep.txt'), 'x');
    fs.mkdirSync(path.join(out, foreign[1]!));
    fs.cpSync(path.join(out, made.get('2026-11-01T09:00 daily')!), path.join(out, foreign[2]!), { recursive: true });
    fs.rmSync(path.join(out, foreign[2]!, 'griddesk.sqlite'));
    fs.mkdirSync(path.join(out, foreign[3]!));
    fs.writeFileSync(path.join(out, foreign[3]!, 'manifest.json'), JSON.stringify({ format: 'acme', app: 'Acme', files: [] }));
    fs.writeFileSync(path.join(out, 'griddesk-20261104-000000-file'), 'a file, not a folder');
    // Temporary folders: one abandoned by a process that is gone, one being written by this process.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const abandoned = `.griddesk-20261120-090000-daily.partial-${dead.stdout}`;
    const inProgress = `.griddesk-20261125-200000-daily.partial-${process.pid}`;
    fs.mkdirSync(path.join(out, abandoned));
    fs.mkdirSync(path.join(out, inProgress));

    const result = rotateBackups(out, { daily: 7, weekly: 4 });
    const expectedKept = [
      // daily: the newest of each of the last 7 days
      ...['19', '20', '21', '22', '23', '24', '25'].map((d) => made.get(`2026-11-${d}T18:00 daily`)!),
      // weekly: the newest of W46 (9–15 Nov) and W45 (2–8 Nov); W47 and W48 are already kept
      made.get('2026-11-15T18:00 daily')!,
      made.get('2026-11-08T18:00 daily')!,
      made.get('2026-11-24T12:00 before-restore')!,
    ].sort();
    expect(result.kept.map((p) => path.basename(p)).sort()).toEqual(expectedKept);
    expect(result.deleted).toHaveLength(made.size - expectedKept.length);
    expect(result.abandonedRemoved.map((p) => path.basename(p))).toEqual([abandoned]);
    expect(fs.readdirSync(out).sort()).toEqual(
      [...expectedKept, ...foreign, 'griddesk-20261104-000000-file', inProgress].sort(),
    );
    expect(fs.existsSync(path.join(out, foreign[0]!, 'keep.txt'))).toBe(true);
    // Idempotent.
    expect(rotateBackups(out, { daily: 7, weekly: 4 }).deleted).toEqual([]);
    // A smaller policy keeps fewer; nothing but backups is ever removed.
    const tight = rotateBackups(out, { daily: 1, weekly: 0 });
    expect(tight.kept.map((p) => path.basename(p))).toEqual([made.get('2026-11-25T18:00 daily')!]);
    expect(fs.readdirSync(out).filter((n) => !listBackups(out).some((b) => b.name === n) && !n.startsWith('.')).sort()).toEqual(
      [...foreign, 'griddesk-20261104-000000-file'].sort(),
    );
    expect(() => rotateBackups(out, { daily: 0, weekly: 0 })).toThrow(/至少保留一份/);
  });
});

describe('backup schedule', () => {
  it('backs up at start-up unless one is recent, then daily, rotating, with settings from the settings table', async () => {
    const dir = tempDir();
    const databasePath = path.join(dir, 'griddesk.sqlite');
    const { db } = openDatabase(databasePath);
    try {
      let clock = sh('2026-11-25T08:00');
      const options = { db, databasePath, now: () => clock };
      expect(getBackupSettings(db, databasePath)).toEqual({
        enabled: true,
        folder: path.join(dir, 'backups'),
        folderIsDefault: true,
        keepDaily: 7,
        keepWeekly: 4,
      });
      const first = await backupIfDue(options, 'startup');
      expect(path.basename(first!.backup.dir)).toBe('griddesk-20261125-080000-startup');
      clock += 3 * 3_600_000; // restarted three hours later: recent enough
      expect(await backupIfDue(options, 'startup')).toBeNull();
      clock += 20 * 3_600_000; // 23 hours after the first
      expect(await backupIfDue(options, 'daily')).toBeNull();
      clock += 2 * 3_600_000;
      expect(path.basename((await backupIfDue(options, 'daily'))!.backup.dir)).toBe('griddesk-20261126-090000-daily');

      // Settings: another folder, keep one day only, then disabled.
      const folder = path.join(dir, 'elsewhere');
      setBackupSettings(db, databasePath, { folder, keepDaily: 1, keepWeekly: 0 }, clock);
      expect(getBackupSettings(db, databasePath)).toMatchObject({ folder, folderIsDefault: false, keepDaily: 1, keepWeekly: 0 });
      await backupIfDue(options, 'startup');
      clock += 25 * 3_600_000;
      const rotated = await backupIfDue(options, 'daily');
      expect(rotated!.rotation.deleted).toHaveLength(1);
      expect(listBackups(folder)).toHaveLength(1);
      expect(() => setBackupSettings(db, databasePath, { folder: 'relative/path' }, clock)).toThrow(/绝对路径/);
      expect(() => setBackupSettings(db, databasePath, { keepDaily: 0 }, clock)).toThrow(/按天保留份数/);
      setBackupSettings(db, databasePath, { enabled: false }, clock);
      clock += 48 * 3_600_000;
      expect(await backupIfDue(options, 'daily')).toBeNull();
    } finally {
      db.close();
    }
  });

  it('startBackupSchedule runs on its timers with an injected clock, reports failures, and stop() waits', async () => {
    const dir = tempDir();
    const databasePath = path.join(dir, 'griddesk.sqlite');
    const { db } = openDatabase(databasePath);
    const timeouts: Array<() => void> = [];
    const intervals: Array<() => void> = [];
    const cleared: unknown[] = [];
    let clock = sh('2026-11-25T08:00');
    const made: string[] = [];
    const errors: string[] = [];
    let notify: () => void = () => {};
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const stop = startBackupSchedule({
      db,
      databasePath,
      now: () => clock,
      timers: {
        setTimeout: (fn) => (timeouts.push(fn), 'timeout'),
        clearTimeout: (h) => cleared.push(h),
        setInterval: (fn) => (intervals.push(fn), 'interval'),
        clearInterval: (h) => cleared.push(h),
      },
      onBackup: (r) => (made.push(path.basename(r.dir)), notify()),
      onError: (e) => (errors.push(e.message), notify()),
    });
    try {
      let done = next();
      timeouts[0]!();
      await done;
      expect(made).toEqual(['griddesk-20261125-080000-startup']);
      clock += 25 * 3_600_000;
      done = next();
      intervals[0]!();
      await done;
      expect(made).toEqual(['griddesk-20261125-080000-startup', 'griddesk-20261126-090000-daily']);
      // A folder that cannot be made: reported, the schedule goes on.
      fs.writeFileSync(path.join(dir, 'blocked'), 'a file where the folder should be');
      setBackupSettings(db, databasePath, { folder: path.join(dir, 'blocked', 'backups') }, clock);
      clock += 25 * 3_600_000;
      done = next();
      intervals[0]!();
      await done;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/无法创建或写入备份文件夹/);
      setBackupSettings(db, databasePath, { folder: null }, clock);
      intervals[0]!(); // starts a backup; stop() waits for it
      await stop();
      expect(cleared).toEqual(['timeout', 'interval']);
      expect(made).toHaveLength(3);
      intervals[0]!(); // after stop: nothing
      expect(made).toHaveLength(3);
    } finally {
      db.close();
    }
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { acquireLock } from '../../db/lock';
import { openDatabase } from '../../db/open';
import { getSetting, setSetting } from '../../db/queries/settings';
import { loadDemo } from '../../db/demo/load';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '../..');
const fileHash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function gridCodes(file: string): string[] {
  const db = openDatabase(file, { readonly: true }).db;
  try {
    return db.prepare(`SELECT code FROM grids ORDER BY code`).pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A small demo database, made at the db layer (the commands under test only read and replace it). */
function makeDemo(db: string, incidents: number): void {
  const opened = openDatabase(db).db;
  try {
    loadDemo(opened, { until: '2026-11-25', incidents });
  } finally {
    opened.close();
  }
}

async function demoDb(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'griddesk.sqlite');
  makeDemo(db, 200);
  return { dir, db };
}

describe('CLI backup, verify-backup, restore', () => {
  it('backup --json makes a verified backup; restore --json puts it back and keeps the database as it was before', async () => {
    const { dir, db } = await demoDb();
    const out = path.join(dir, 'my-backups');
    const made = await cli('backup', '--db', db, '--out', out, '--json');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const doc = JSON.parse(made.stdout);
    expect(path.basename(doc.dir)).toMatch(/^griddesk-\d{8}-\d{6}-manual$/);
    expect(doc).toMatchObject({ app: 'GridDesk', reason: 'manual', counts: { incidents: 200, grids: 214 }, fileCount: 1, photos: 0 });
    expect(doc.files).toBeUndefined();

    const verified = await cli('verify-backup', doc.dir, '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [], counts: { incidents: 200 }, schemaVersion: doc.schemaVersion });
    const text = await cli('verify-backup', doc.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('结果：备份完好，可以恢复');

    // Change the database, then restore.
    const gridsAtBackup = gridCodes(db);
    openDatabase(path.join(dir, 'other.sqlite')).db.close();
    fs.copyFileSync(path.join(dir, 'other.sqlite'), db); // an empty GridDesk database in its place
    for (const s of ['-wal', '-shm']) fs.rmSync(db + s, { force: true });
    expect(gridCodes(db)).toHaveLength(0);

    const restored = await cli('restore', '--db', db, '--from', doc.dir, '--json');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const r = JSON.parse(restored.stdout);
    expect(r).toMatchObject({ databasePath: db, counts: { incidents: 200 }, beforeRestoreKind: 'backup' });
    expect(path.dirname(r.beforeRestore)).toBe(path.join(dir, 'backups'));
    expect(gridCodes(db)).toEqual(gridsAtBackup);
    expect((await cli('check', '--db', db)).code).toBe(0);
    const before = await cli('verify-backup', r.beforeRestore, '--json');
    expect(JSON.parse(before.stdout)).toMatchObject({ ok: true, counts: { incidents: 0, grids: 0 } });

    const plain = await cli('restore', '--db', db, '--from', doc.dir);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^已恢复 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）的备份到：/);
    expect(plain.stdout).toContain('恢复前的数据库已保存到：');
  });

  it('a junk backup: verify-backup exits 1 naming the problems, restore exits 1 with one line and changes nothing', async () => {
    const { dir, db } = await demoDb();
    const made = JSON.parse((await cli('backup', '--db', db, '--out', path.join(dir, 'b'), '--json')).stdout);
    const manifest = path.join(made.dir, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    m.counts.incidents = 999;
    fs.writeFileSync(manifest, JSON.stringify(m));

    const text = await cli('verify-backup', made.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('问题：数据条数与清单不符');
    expect(text.stderr).toMatch(/^griddesk verify-backup: 备份校验未通过：数据条数与清单不符[^\n]*\n$/);
    const json = await cli('verify-backup', made.dir, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [expect.stringMatching(/incidents 清单 999、实际 200/)] });

    const hash = fileHash(db);
    const junk = path.join(dir, 'random');
    fs.mkdirSync(junk);
    fs.writeFileSync(path.join(junk, 'readme.txt'), 'hello');
    for (const from of [made.dir, junk, path.join(dir, 'missing')]) {
      const r = await cli('restore', '--db', db, '--from', from);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^griddesk restore: 备份未通过校验，未作任何修改：[^\n]*\n$/);
      expect(fileHash(db)).toBe(hash);
    }
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('restore is refused while GridDesk holds the database; bad usage is named in one line', async () => {
    const { dir, db } = await demoDb();
    const made = JSON.parse((await cli('backup', '--db', db, '--out', path.join(dir, 'b'), '--json')).stdout);
    const lock = acquireLock(db, {
      mode: 'electron',
      identity: { pid: process.ppid, host: os.hostname(), processStartedAt: '2026-11-25T00:00:00.000Z' },
    });
    try {
      const r = await cli('restore', '--db', db, '--from', made.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^griddesk restore: 数据库正由 主机 .+ 上的进程 ${process.ppid}（自 .+ 起）使用：[^\\n]*\\n$`));
    } finally {
      lock.release();
    }

    const cases: Array<[string[], RegExp]> = [
      [['backup', '--db', db], /^griddesk backup: 缺少 --out DIR/],
      [['backup', '--out', dir], /^griddesk backup: 缺少 --db PATH/],
      [['backup', '--db', path.join(dir, 'none.sqlite'), '--out', dir], /^griddesk backup: 数据库文件不存在/],
      [['restore', '--db', db], /^griddesk restore: 缺少 --from DIR/],
      [['verify-backup'], /^griddesk verify-backup: 缺少备份文件夹/],
      [['verify-backup', 'a', 'b'], /^griddesk verify-backup: 多余的参数/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    for (const c of ['backup', 'restore', 'verify-backup']) {
      const help = await cli(c, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^用法：npm run --silent cli -- ${c} `));
    }
  });

  it('works through the real npm entry, while the database is open elsewhere', () => {
    const dir = tempDir();
    const db = path.join(dir, 'griddesk.sqlite');
    const run = (args: string[]) => spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, encoding: 'utf8' });
    makeDemo(db, 100);
    // GridDesk keeps the database open and has written to it (in its WAL, not yet checkpointed).
    const { db: open } = openDatabase(db);
    setSetting(open, 'unit_name', '芙蓉区城管局', 0);
    const backup = run(['backup', '--db', db, '--out', path.join(dir, 'out')]);
    open.close();
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^备份完成：.*griddesk-\d{8}-\d{6}-manual\n/);
    const folder = fs.readdirSync(path.join(dir, 'out'))[0]!;
    const verify = run(['verify-backup', path.join(dir, 'out', folder)]);
    expect(verify.status).toBe(0);
    const copy = openDatabase(path.join(dir, 'out', folder, 'griddesk.sqlite'), { readonly: true }).db;
    expect(getSetting(copy, 'unit_name')).toBe('芙蓉区城管局');
    copy.close();
  });
});

/**
 * `npm run cli` (build/cli.mjs): the command line runs from a bundle built when missing or older than any file
 * it was built from, with the import and read workers beside it (the read worker answers a forked read); a fresh bundle is not built again. The launcher builds
 * into a folder of this test's own under dist/ (GRIDDESK_CLI_DIR; inside the project, so the bundle finds
 * better-sqlite3 in node_modules), so the real dist/cli is left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/tmp';
import { closeReadThreads, forkCounts, snapshotRead } from '../../db/parallel/parallelRead';
import type { Db } from '../../db/open';

const root = path.resolve(__dirname, '../..');

function launch(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'build/cli.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GRIDDESK_CLI_DIR: dir },
  });
}

const dirs: string[] = [];
function bundleDir(): string {
  const dir = path.join(root, 'dist', `.cli-test-${process.pid}-${dirs.length}`);
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeReadThreads();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const builtAt = (dir: string) => (JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as { builtAt: number }).builtAt;

describe('CLI launcher', () => {
  it('builds the bundle and its import and read workers when missing, reuses a fresh one, and builds again when a source is newer or gone', () => {
    const dir = bundleDir();
    const first = launch(dir, '--help');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('GridDesk 网格案件管理 — 命令行');
    expect(fs.existsSync(path.join(dir, 'cli.cjs'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'import-worker.cjs'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'read-worker.cjs'))).toBe(true);
    // The bundled read worker answers a forked read (db/parallel) as the TypeScript one does.
    const file = path.join(tempDir('griddesk-cli-read-'), 'r.sqlite');
    const db = new Database(file) as unknown as Db;
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (2), (5)`);
    const forked = snapshotRead(
      db,
      (fork) => {
        const f = fork([{ sql: `SELECT sum(v) FROM t`, params: {} }]);
        return [f.where, f.values()];
      },
      { entry: path.join(dir, 'read-worker.cjs') },
    );
    expect(forked, forkCounts.lastReason).toEqual(['worker', [7]]);
    db.close();
    const inputs = (JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as { inputs: string[] }).inputs;
    expect(inputs).toEqual(
      expect.arrayContaining(['electron/cli/main.ts', 'db/import/worker.ts', 'db/import/writer.ts', 'package.json', 'build/nodeBundle.mjs']),
    );

    const stamp = builtAt(dir);
    expect(launch(dir, '--help').status).toBe(0);
    expect(builtAt(dir)).toBe(stamp);

    // A source changed after the build (its mtime is newer than the recorded build time).
    const recorded = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify({ ...recorded, builtAt: 0 }));
    expect(launch(dir, '--help').status).toBe(0);
    expect(builtAt(dir)).toBeGreaterThan(stamp);

    // A file it was built from is gone.
    const again = builtAt(dir);
    fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify({ builtAt: again, inputs: [...recorded.inputs, 'db/no-such-file.ts'] }));
    expect(launch(dir, '--help').status).toBe(0);
    expect(builtAt(dir)).toBeGreaterThan(again);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as { inputs: string[] }).inputs).not.toContain('db/no-such-file.ts');

    // A missing worker is built again too.
    fs.rmSync(path.join(dir, 'import-worker.cjs'));
    expect(launch(dir, '--help').status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'import-worker.cjs'))).toBe(true);
  }, 120_000);

  it('passes the exit code and the streams of the command through', () => {
    const dir = bundleDir();
    const r = launch(dir, 'no-such-command');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('未知命令 "no-such-command"');
    const missing = launch(dir, 'grids', '--db', path.join(tempDir(), 'none.sqlite'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('数据库文件不存在');
  }, 120_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { Grid } from '../../db/types';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '../..');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('CLI', () => {
  it('init --demo then grids --json lists 214 grids with valid 15-digit codes and parents (real npm entry)', () => {
    const db = path.join(tempDir(), 'x.sqlite');
    const run = (args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env } });
    const init = run(['init', '--db', db, '--demo', '--incidents', '300', '--until', '2026-11-25']);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const grids = run(['grids', '--db', db, '--json']);
    expect(grids.status).toBe(0);
    const list = JSON.parse(grids.stdout) as Grid[];
    expect(list).toHaveLength(214);
    const byCode = new Map(list.map((g) => [g.code, g]));
    expect(list.filter((g) => g.level === 1)).toHaveLength(1);
    expect(list.filter((g) => g.level === 2)).toHaveLength(13);
    expect(list.filter((g) => g.level === 3)).toHaveLength(200);
    for (const g of list) {
      expect(g.code).toMatch(/^430102\d{9}$/);
      if (g.level === 1) expect(g.parentCode).toBeNull();
      else {
        const parent = byCode.get(g.parentCode!);
        expect(parent?.level).toBe(g.level - 1);
        // A child's code starts with its parent's significant digits.
        expect(g.code.slice(0, g.level === 2 ? 6 : 9)).toBe(parent!.code.slice(0, g.level === 2 ? 6 : 9));
      }
    }
  });

  it('init --json prints one JSON document, and a second --demo is refused without changing anything', async () => {
    const db = path.join(tempDir(), 'y.sqlite');
    const first = await cli('init', '--db', db, '--demo', '--incidents', '200', '--until', '2026-11-25', '--json');
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION, counts: { grids: 214, incidents: 200 }, demo: { grids: 214 } });
    const again = await cli('init', '--db', db, '--demo');
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    const after = await cli('check', '--db', db, '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION });
    const grids = await cli('grids', '--db', db, '--json');
    expect(JSON.parse(grids.stdout)).toHaveLength(214);
  });

  it('check reports integrity and schema version, and fails on a damaged file with one line', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.sqlite');
    expect((await cli('init', '--db', good)).code).toBe(0);
    const ok = await cli('check', '--db', good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`结构版本：${LATEST_SCHEMA_VERSION}`);
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'x'.repeat(5000));
    const bad = await cli('check', '--db', junk);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^griddesk check: 文件不是 SQLite 数据库.*\n$/);
    expect(fs.readFileSync(junk, 'utf8')).toBe('x'.repeat(5000));
  });

  it('answers --help for every command and names bad usage', async () => {
    for (const c of ['init', 'grids', 'check']) {
      const help = await cli(c, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`用法：npm run --silent cli -- ${c}`);
    }
    expect((await cli('--help')).stdout).toMatch(/init.*\n.*grids.*\n.*check/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/未知命令 "frobnicate"/);
    const noDb = await cli('grids');
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/缺少 --db PATH/);
    const missing = await cli('grids', '--db', path.join(tempDir(), 'none.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/数据库文件不存在/);
    const badSeed = await cli('init', '--db', path.join(tempDir(), 'z.sqlite'), '--demo', '--seed', 'abc');
    expect(badSeed.code).toBe(1);
    expect(badSeed.stderr).toMatch(/--seed 应为整数/);
    const badFlag = await cli('grids', '--db', 'a', '--colour');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--colour/);
  });

  it('stats and export: a week with no data is zeros; bad week, area and output path are named', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.sqlite');
    expect((await cli('init', '--db', db, '--demo', '--incidents', '300', '--until', '2026-11-25')).code).toBe(0);
    const empty = await cli('stats', '--db', db, '--week', '2017-W25', '--json');
    expect(empty.code).toBe(0);
    const doc = JSON.parse(empty.stdout);
    expect(doc.period).toMatchObject({ start: '2017-06-19T00:00:00+08:00', end: '2017-06-26T00:00:00+08:00' });
    expect(doc.totals).toMatchObject({ received: 0, registered: 0, due: 0, closed: 0, closureRate: null });
    expect(doc.byStreet).toHaveLength(13);
    expect(doc.rule.name).toBe('标准口径');
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['period', 'rule', 'totals', 'byStreet', 'byGrid', 'byCategory', 'previous']));
    const badWeek = await cli('stats', '--db', db, '--week', '2017-25');
    expect(badWeek.code).toBe(1);
    expect(badWeek.stderr).toMatch(/周次格式应为 YYYY-Www/);
    const badArea = await cli('stats', '--db', db, '--area', '430102099000000');
    expect(badArea.code).toBe(1);
    expect(badArea.stderr).toMatch(/区域编码不存在：430102099000000/);
    const badFormat = await cli('export', '--db', db, '--format', 'pdf', '--out', path.join(dir, 'x.pdf'));
    expect(badFormat.stderr).toMatch(/--format 应为 csv、xlsx、geojson、open311 之一/);
    const badOut = await cli('export', '--db', db, '--format', 'csv', '--out', path.join(dir, 'no', 'such', 'x.csv'));
    expect(badOut.code).toBe(1);
    expect(badOut.stderr).toMatch(/输出文件夹不存在/);
    const ok = await cli('export', '--db', db, '--format', 'csv', '--out', path.join(dir, 'all.csv'), '--json');
    expect(JSON.parse(ok.stdout)).toMatchObject({ cases: 300 });
  });
});

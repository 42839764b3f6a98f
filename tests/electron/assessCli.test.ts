import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { saveScheme } from '../../db/assess/schemes';
import { assessFixture, FIXTURE_SCHEME, MONTH, NOW } from '../db/assessFixture';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface CliObject {
  type: string;
  code: string;
  name: string;
  score: number;
  grade: string | null;
  rank: number | null;
  cases: number;
  indicators: Record<string, { value: number | null; points: number; caseIds: number[] }>;
}

describe('cli assess', () => {
  it('prints the draft, publishes once as an administrator, says so when nothing changed, and check catches a hand edit', async () => {
    const f = assessFixture();
    saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, { operatorId: null, name: '测试' }, NOW);
    f.db.close();

    const draft = await cli('assess', '--db', f.file, '--scheme', 'fixture', '--month', MONTH, '--json');
    expect(draft.stderr).toBe('');
    expect(draft.code).toBe(0);
    const doc = JSON.parse(draft.stdout) as { period: string; scheme: { code: string }; version: number | null; hash: string | null; objects: CliObject[] };
    expect(doc).toMatchObject({ period: MONTH, scheme: { code: 'fixture' }, version: null, hash: null });
    // The hand-counted figures of tests/db/assess.test.ts, through the command line.
    const byName = new Map(doc.objects.map((o) => [`${o.type}:${o.name}`, o]));
    expect(byName.get('street:朝阳街街道')).toMatchObject({ score: 92.86, grade: '优', rank: 1, cases: 7 });
    expect(byName.get('grid:文艺路第1网格')).toMatchObject({ score: 58, grade: '差', rank: 3, cases: 4 });
    expect(byName.get('grid:朝阳第2网格')).toMatchObject({ rank: null, grade: null, cases: 2 });
    expect(byName.get('person:赵四')).toMatchObject({ score: 90, rank: 1 });
    expect(byName.get('grid:文艺路第1网格')!.indicators.overdueOpen).toMatchObject({ value: 1, caseIds: [f.openG3] });

    // A supervisor may not publish.
    const refused = await cli('assess', '--db', f.file, '--scheme', 'fixture', '--month', MONTH, '--publish', '--operator', String(f.operators.supervisor), '--json');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/管理员/);

    const published = await cli('assess', '--db', f.file, '--scheme', 'fixture', '--month', MONTH, '--publish', '--operator', String(f.operators.admin), '--json');
    expect(published.code).toBe(0);
    const pub = JSON.parse(published.stdout) as { version: number; hash: string; published: string };
    expect(pub).toMatchObject({ version: 1, published: 'published' });
    expect(pub.hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await cli('assess', '--db', f.file, '--scheme', 'fixture', '--month', MONTH, '--publish');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/与已发布的第 1 版相同，未发布新版本/);

    // Published once, logged once, as the administrator who did it; the refusal and the unchanged re-publish logged nothing.
    const logDb = new Database(f.file, { readonly: true });
    const log = logDb.prepare(`SELECT actor_name AS actor, target FROM settings_log WHERE action = 'assess.publish'`).all();
    logDb.close();
    expect(log).toEqual([{ actor: '管理员', target: '2026-11「测试考核」考核结果第 1 版' }]);

    const ok = await cli('check', '--db', f.file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/已发布考核结果：1 份，校验值全部相符/);

    // Someone edits the stored result in SQLite, around GridDesk.
    const raw = new Database(f.file);
    raw.exec(`DROP TRIGGER assess_published_no_update`);
    raw.prepare(`UPDATE assess_published SET body = replace(body, '"score":58', '"score":85')`).run();
    raw.close();
    const caught = await cli('check', '--db', f.file);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toMatch(/2026-11 方案 #\d+ 第 1 版：存储的内容与发布时的 SHA-256 不符，已被改动/);
    expect(caught.stderr).toMatch(/已发布的考核结果校验未通过/);
  }, 120_000);

  it('refuses a malformed month, an unknown scheme and a month with no data, each in one line', async () => {
    const f = assessFixture();
    f.db.close();
    const month = await cli('assess', '--db', f.file, '--scheme', 'general', '--month', '2026-13');
    expect(month.code).not.toBe(0);
    expect(month.stderr).toMatch(/月份格式应为 YYYY-MM/);
    const scheme = await cli('assess', '--db', f.file, '--scheme', 'nope', '--month', MONTH);
    expect(scheme.code).not.toBe(0);
    expect(scheme.stderr).toMatch(/没有考核方案「nope」/);
    const empty = await cli('assess', '--db', f.file, '--scheme', 'general', '--month', '2026-05', '--publish');
    expect(empty.code).not.toBe(0);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toMatch(/2026-05 没有任何案件或巡查记录，无法考核/);
  }, 120_000);
});

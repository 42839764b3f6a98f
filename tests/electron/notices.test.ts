/**
 * Printable notices in batch: 催办通知书 and 督办单 for the cases the clock chased, 派遣单 for cases dispatched
 * and not yet taken up, one A4 page each; through the command line to HTML, and to PDF by the same Chromium
 * path as the weekly summary when one is installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { runLadder } from '../../db/supervision/ladder';
import { buildNotices } from '../../electron/report/noticesHtml';
import { chromiumCandidates } from '../../electron/report/pdf';
import { runCli } from '../../electron/cli/run';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

function desk(): { f: DeskFixture; late: number; fresh: number } {
  const f = deskFixture();
  f.db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (?, 2, 'grid_leader', '2026-01-01', 0)`).run(f.persons.zhao);
  const dispatched = (local: string, description: string) => {
    const c = createIncident(
      f.db,
      { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description, address: '识字岭路12号', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
      sh(local) - 120_000,
    );
    const r = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, sh(local) - 60_000);
    transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: r.version, operatorId: f.operators.supervisor }, sh(local));
    return c.id;
  };
  const late = dispatched('2026-11-23T09:00', '人行道暴露垃圾一堆'); // due Monday 15:30
  const fresh = dispatched('2026-11-25T09:00', '路口垃圾桶满溢'); // due Wednesday 15:30
  runLadder(f.db, sh('2026-11-25T10:00')); // the first: 预警, 催办, 督办 (Tuesday 15:30); the second: nothing yet
  return { f, late, fresh };
}

describe('notices', () => {
  it('prints a 催办通知书 and a 督办单 for the chased case, and a 派遣单 for each case not yet taken up', () => {
    const { f } = desk();
    const now = sh('2026-11-25T10:00');
    const urge = buildNotices(f.db, { kind: '催办', now });
    expect(urge.count).toBe(1);
    expect(urge.html.match(/<section class="notice">/g)).toHaveLength(1);
    expect(urge.html).toContain('<h1>催办通知书</h1>');
    expect(urge.html).toContain('识字岭社区第1网格（王建国）：'); // the grid leader has no duty there: the case's grid, the assignee
    expect(urge.html).toContain('人行道暴露垃圾一堆');
    expect(urge.html).toContain('处置环节，期限 2026-11-23 15:30');
    expect(urge.html).toMatch(/已超期 \d+(\.\d)? 个工作小时/);
    expect(urge.html).toContain('签发人：');
    const supervise = buildNotices(f.db, { kind: '督办', now });
    expect(supervise.count).toBe(1);
    expect(supervise.html).toContain('<h1>督办单</h1>');
    expect(supervise.html).toContain('文艺路街道（赵强）：');
    const dispatch = buildNotices(f.db, { kind: '派遣', now });
    expect(dispatch.count).toBe(2);
    expect(dispatch.html.match(/<svg/g)).toHaveLength(2);
    expect(dispatch.html).toContain('路口垃圾桶满溢');
    // Limited to an area: the other street has none.
    expect(buildNotices(f.db, { kind: '派遣', areaCode: '430102001001002', now }).count).toBe(0);
    expect(buildNotices(f.db, { kind: '派遣', areaCode: '430102001001001', now }).count).toBe(2);
  });

  it('notices --kind 派遣 writes them from the command line; a PDF when a Chromium is at hand', async () => {
    const { f } = desk();
    const file = f.db.name;
    f.db.close();
    const dir = tempDir();
    const run = async (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      return { code, stdout, stderr };
    };
    const html = path.join(dir, 'p.html');
    const r = await run('notices', '--db', file, '--kind', '派遣', '--out', html, '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: '派遣', notices: 2 });
    expect(fs.readFileSync(html, 'utf8')).toContain('<h1>派遣单</h1>');
    expect((await run('notices', '--db', file, '--kind', '表扬', '--out', html)).stderr).toMatch(/--kind 应为 催办、督办、派遣 之一/);
    expect((await run('notices', '--db', file, '--kind', '催办', '--out', path.join(dir, 'x.doc'))).stderr).toMatch(/--out 应以 \.pdf 或 \.html 结尾/);
    const chromium = chromiumCandidates().find((p) => fs.existsSync(p));
    if (!chromium) return;
    const pdf = path.join(dir, 'u.pdf');
    const printed = await run('notices', '--db', file, '--kind', '催办', '--out', pdf, '--chromium', chromium);
    expect(printed.code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    if (text.status === 0) expect(text.stdout.replace(/\s+/g, '')).toContain('催办通知书');
  }, 120_000);
});

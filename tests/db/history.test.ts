/**
 * Finding 7 ("history can be rewritten unseen"): every event is chained by SHA-256, and `check` names each
 * case whose history or stored state was changed by hand — even with the protective triggers dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { chainHead, eventHash, GENESIS, verifyChain } from '../../db/trust/chain';
import { verifyHistory, PROTECTIVE_TRIGGERS } from '../../db/trust/history';
import { runCli } from '../../electron/cli/run';
import { LATEST_SCHEMA_VERSION, migrations } from '../../db/migrations/index';
import { tempDir } from '../helpers/tmp';

function demoDb(): { db: Db; file: string } {
  const file = path.join(tempDir(), 'h.sqlite');
  const { db } = openDatabase(file);
  seedDefaults(db, 0);
  loadDemo(db, { until: '2026-11-25', incidents: 1500 });
  return { db, file };
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const dropTriggers = (db: Db) => Object.keys(PROTECTIVE_TRIGGERS).forEach((t) => db.exec(`DROP TRIGGER IF EXISTS ${t}`));

describe('finding 7: tamper-evident history', () => {
  it('chains every event: each hash follows from the previous one and the content; the head is the newest hash', () => {
    const { db } = demoDb();
    const rows = db.prepare(`SELECT * FROM incident_events ORDER BY id LIMIT 3`).all() as Parameters<typeof eventHash>[1][] & { hash: string }[];
    expect(rows[0]!.hash).toBe(eventHash(GENESIS, rows[0]!));
    expect(rows[1]!.hash).toBe(eventHash(rows[0]!.hash, rows[1]!));
    const report = verifyChain(db);
    expect(report.brokenEvents).toEqual([]);
    expect(report.head).toBe(chainHead(db));
    expect(report.events).toBe((db.prepare(`SELECT count(*) AS n FROM incident_events`).get() as { n: number }).n);
    // An event without a hash cannot even be inserted.
    expect(() => db.prepare(`INSERT INTO incident_events (incident_id, at, actor_name, action) VALUES (1, 0, 'x', 'report')`).run()).toThrow(/链式校验值/);
    db.close();
  });

  it('hashes an event as chains stored by earlier versions do: SHA-256 of the previous hash, a newline and the JSON of the fields', () => {
    // The digest below is from coreutils' sha256sum over the same bytes, not from GridDesk.
    const e = { incident_id: 7, at: 1796189339100, operator_id: null, actor_name: '刘燕', action: 'dispatch', from_status: 'registered', to_status: 'dispatched', note: '派至识字岭社区', data: null };
    expect(eventHash(GENESIS, e)).toBe('b420c9b80500f4a93898723b1b7706bbf0e05c79e857280331684ca6b676da50');
    expect(eventHash('1'.repeat(64), e)).not.toBe(eventHash(GENESIS, e));
    expect(eventHash(GENESIS, { ...e, note: '派至识字岭社区 ' })).not.toBe(eventHash(GENESIS, e));
  });

  it('names the case whose status was set by hand, and the case whose event was edited, with the triggers dropped', async () => {
    const { db, file } = demoDb();
    const [a, b] = db.prepare(`SELECT id, case_no FROM incidents WHERE status = 'dispatched' ORDER BY id LIMIT 2`).all() as { id: number; case_no: string }[];
    expect((await cli(['check', '--db', file])).code).toBe(0);
    dropTriggers(db);
    db.prepare(`UPDATE incidents SET status = 'closed' WHERE id = ?`).run(a!.id);
    db.prepare(`UPDATE incident_events SET note = '已处理完毕' WHERE id = (SELECT min(id) FROM incident_events WHERE incident_id = ?)`).run(b!.id);
    const report = verifyHistory(db);
    expect(report.ok).toBe(false);
    expect([...report.missingTriggers].sort()).toEqual(Object.keys(PROTECTIVE_TRIGGERS).sort());
    expect(report.stateMismatches).toEqual([{ incidentId: a!.id, caseNo: a!.case_no, stored: 'closed', replayed: 'dispatched' }]);
    expect(report.suspectCases.map((c) => c.caseNo)).toEqual(expect.arrayContaining([a!.case_no, b!.case_no]));
    db.close();

    const check = await cli(['check', '--db', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(a!.case_no);
    expect(check.stdout).toContain(b!.case_no);
    expect(check.stdout).toContain('缺少保护触发器');
    expect(check.stderr).toContain('案件历史校验未通过');

    // init reports what it found, then puts the protection back (the findings stay: history is not rewritten).
    const init = await cli(['init', '--db', file]);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('打开前的历史校验发现问题');
    expect(init.stderr).toContain('已恢复保护触发器');
    const after = await cli(['check', '--db', file, '--json']);
    const json = JSON.parse(after.stdout) as { history: { missingTriggers: string[]; suspectCases: { caseNo: string }[] } };
    expect(json.history.missingTriggers).toEqual([]);
    expect(json.history.suspectCases.map((c) => c.caseNo)).toEqual(expect.arrayContaining([a!.case_no, b!.case_no]));
  });

  it('a deleted event breaks the link after it and is named', () => {
    const { db } = demoDb();
    const victim = db.prepare(`SELECT incident_id, id FROM incident_events ORDER BY id DESC LIMIT 1 OFFSET 10`).get() as { incident_id: number; id: number };
    const next = db.prepare(`SELECT incident_id FROM incident_events WHERE id > ? ORDER BY id LIMIT 1`).get(victim.id) as { incident_id: number };
    dropTriggers(db);
    db.prepare(`DELETE FROM incident_events WHERE id = ?`).run(victim.id);
    const report = verifyHistory(db);
    expect(report.chain.brokenEvents.map((e) => e.incidentId)).toContain(next.incident_id);
    db.close();
  });

  it('the migration to schema 90 chains the events of an existing database', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const before = migrations.filter((m) => m.version < 90);
    const { db } = openDatabase(file, { migrations: before });
    seedDefaults(db, 0);
    db.prepare(`INSERT INTO incidents (id, case_no, category_id, description, source, status, reported_at, created_at, updated_at)
                VALUES (1, '202611250001', (SELECT id FROM categories WHERE level = 2 LIMIT 1), '占道经营', 'patrol', 'reported', 0, 0, 0)`).run();
    db.prepare(`INSERT INTO incident_events (incident_id, at, actor_name, action, to_status) VALUES (1, 0, '张三', 'report', 'reported')`).run();
    db.close();
    const { db: upgraded, migration } = openDatabase(file);
    expect(migration.to).toBe(LATEST_SCHEMA_VERSION);
    expect(verifyHistory(upgraded)).toMatchObject({ ok: true, chain: { events: 1, brokenEvents: [] } });
    upgraded.close();
    expect(fs.existsSync(migration.backupPath!)).toBe(true);
  });
});

describe('the weekly summary anchors the history on paper', () => {
  it('prints the chain head and the number of events it covers', async () => {
    const { db } = demoDb();
    const { buildWeeklyReport } = await import('../../electron/report/weeklyReport');
    const { html } = buildWeeklyReport(db, { week: '2026-W48', now: Date.parse('2026-11-25T10:00:00+08:00') });
    const head = chainHead(db);
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain(head);
    const events = (db.prepare(`SELECT count(*) AS n FROM incident_events`).get() as { n: number }).n;
    expect(html).toContain(`共 ${events.toLocaleString('en-US')} 条记录`);
    db.close();
  });
});

describe('protective triggers', () => {
  it('are restored exactly as the migrations made them', () => {
    const { db } = openDatabase(path.join(tempDir(), 't.sqlite'));
    const stored = new Map((db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));
    const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();
    for (const [name, sql] of Object.entries(PROTECTIVE_TRIGGERS)) expect(squash(stored.get(name) ?? ''), name).toBe(squash(sql));
    db.close();
  });
});

/**
 * A fixture week counted by hand, figure by figure: week 2026-W48 = Monday 23 to Sunday 29 November 2026
 * (Asia/Shanghai). Working hours 08:30–12:00 and 14:30–17:30; 签收 limit 2 working hours; 暴露垃圾: dispatch
 * 1 wh, handling 4 wh, verification 4 wh. The figures are read from `stats --json` and the weekly summary.
 *
 * order arrives       签收                 派遣                     处置               核查 / 办结           回访
 * O1    Mon 09:00     09:30 on time        09:40 (due 10:35) ok     11:00 (due 16:10)  14:40 (due 17:30) ok  Tue 10:00 满意
 * O2    Mon 10:00     15:00 LATE (12:00)   15:10 (due 16:05) ok     16:00 (due Tue 10:10) Tue 09:00 (due 11:00) ok  Tue 14:30 不满意 → 重办
 *                                          重办: handling due Wed 09:30 → handled Tue 16:00 ok, closed Tue 17:00 ok; Wed 10:00 满意
 * O3    Tue 09:00     09:10 ok             09:20 (due 10:15) ok     10:00 (due 15:50)  Wed 09:00 LATE (verify due Tue 16:30;
 *                                                                                       closed after the handling due: late)
 *                                                                                                          未接通 ×3 → 无法联系
 * O4    Tue 10:00     10:05 ok             退单 asked 10:10 by the handler-desk, approved 10:30 by the administrator
 * O5    Wed 09:00     09:30 ok             14:40 LATE (due 10:31)   Thu 09:00 (due 09:40) ok  Thu 09:20 ok      Thu 14:00 基本满意
 * O6    Sun 21:50     not yet (due Mon 30th 10:30)
 * P1    patrol case, registered Thu 09:00 (dispatch due 10:00), never dispatched: a late dispatch stage still open
 *
 * hotline  received 6 (called in the week: O1–O6) · acknowledged 5, on time 4 (O2 late) · handled 4 (O1 O2 O3 O5;
 *          O2 twice, counted once) · closed 4, on time 3 (O3 late; O2 by its last closure) · callbacks that reached
 *          the citizen 4 (O1 满意, O2 不满意, O2 满意, O5 基本满意) · satisfied 3 · dissatisfied 1 · unreachable 1 (O3)
 *          · reopened 1 (O2) · returned 1 (O4) · 按时办结率 3/4 · 满意率 3/4 · 退单率 1/6
 * stages   dispatch 5 due (O1 O2 O3 O5 P1), on time 3, late 2 (O5, P1) · handling 5 due (O1, O2 twice, O3, O5), all on
 *          time · verification 5 due (O1, O2 twice, O3, O5), on time 4, late 1 (O3)
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chromiumCandidates, printHtmlToPdf } from '../../electron/report/pdf';
import { tempDir } from '../helpers/tmp';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { createHotlineOrder } from '../../db/queries/hotline';
import { getIncident } from '../../db/queries/incidents';
import type { WorkflowAction } from '../../db/domain/workflow';
import { runCli } from '../../electron/cli/run';
import { buildWeeklyReport } from '../../electron/report/weeklyReport';
import type { StatsReport } from '../../electron/contract';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

function week(): DeskFixture {
  const f = deskFixture();
  const order = (no: string, arrives: string) =>
    createHotlineOrder(
      f.db,
      {
        operatorId: f.operators.supervisor,
        orderNo: no,
        calledAt: sh(arrives) - 10 * 60_000,
        callerName: '市民',
        callerPhone: '13812345678',
        content: '小区门口垃圾堆放',
        categoryId: f.categories.garbage,
        gridCode: '430102001001001',
      },
      sh(arrives),
    ).incidentId;
  const step = (id: number, action: WorkflowAction, at: string, who: keyof DeskFixture['operators'] = 'supervisor', extra: Record<string, unknown> = {}) => {
    const c = getIncident(f.db, id);
    transitionIncident(f.db, { incidentId: id, action, expectedVersion: c.version, operatorId: f.operators[who], ...extra }, sh(at));
  };
  const toHandled = (id: number, times: [ack: string, register: string, dispatch: string, accept: string, handle: string]) => {
    step(id, 'acknowledge', times[0]);
    step(id, 'register', times[1]);
    step(id, 'dispatch', times[2]);
    step(id, 'accept', times[3], 'handlerWang');
    step(id, 'handle', times[4], 'handlerWang');
  };
  const close = (id: number, at: string) => step(id, 'verify_pass', at, 'inspector', { reply: '已清理完毕' });
  const callback = (id: number, at: string, callbackResult: string, note?: string) =>
    step(id, callbackResult === 'dissatisfied' ? 'callback_redo' : 'callback', at, 'supervisor', { callbackResult, note });

  const o1 = order('O1', '2026-11-23T09:00');
  toHandled(o1, ['2026-11-23T09:30', '2026-11-23T09:35', '2026-11-23T09:40', '2026-11-23T09:45', '2026-11-23T11:00']);
  close(o1, '2026-11-23T14:40');
  callback(o1, '2026-11-24T10:00', 'satisfied');

  const o2 = order('O2', '2026-11-23T10:00');
  toHandled(o2, ['2026-11-23T15:00', '2026-11-23T15:05', '2026-11-23T15:10', '2026-11-23T15:20', '2026-11-23T16:00']);
  close(o2, '2026-11-24T09:00');
  callback(o2, '2026-11-24T14:30', 'dissatisfied', '门口仍有垃圾');
  step(o2, 'accept', '2026-11-24T14:40', 'handlerWang');
  step(o2, 'handle', '2026-11-24T16:00', 'handlerWang');
  close(o2, '2026-11-24T17:00');
  callback(o2, '2026-11-25T10:00', 'satisfied');

  const o3 = order('O3', '2026-11-24T09:00');
  toHandled(o3, ['2026-11-24T09:10', '2026-11-24T09:15', '2026-11-24T09:20', '2026-11-24T09:30', '2026-11-24T10:00']);
  close(o3, '2026-11-25T09:00');
  for (const at of ['2026-11-25T10:00', '2026-11-25T15:00', '2026-11-26T09:00']) callback(o3, at, 'unreachable');

  const o4 = order('O4', '2026-11-24T10:00');
  step(o4, 'acknowledge', '2026-11-24T10:05');
  step(o4, 'return_request', '2026-11-24T10:10', 'supervisor', { note: '属市政设施，非城管职责' });
  step(o4, 'return_approve', '2026-11-24T10:30', 'admin');

  const o5 = order('O5', '2026-11-25T09:00');
  toHandled(o5, ['2026-11-25T09:30', '2026-11-25T09:31', '2026-11-25T14:40', '2026-11-25T15:00', '2026-11-26T09:00']);
  close(o5, '2026-11-26T09:20');
  callback(o5, '2026-11-26T14:00', 'basic');

  order('O6', '2026-11-29T21:50');

  const p1 = createIncident(
    f.db,
    { operatorId: f.operators.inspector, categoryId: f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
    sh('2026-11-26T08:50'),
  );
  step(p1.id, 'register', '2026-11-26T09:00');
  return f;
}

describe('a hand-counted week of 12345 orders and stage clocks (2026-W48)', () => {
  it('stats --json carries the hotline and stages blocks, figure by figure', async () => {
    const f = week();
    let out = '';
    let err = '';
    const code = await runCli(['stats', '--db', f.db.name, '--week', '2026-W48', '--json'], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out) as StatsReport;
    expect(report.hotline).toEqual({
      received: 6,
      acknowledged: 5,
      acknowledgedOnTime: 4,
      handled: 4,
      closed: 4,
      closedOnTime: 3,
      callbacks: 4,
      satisfied: 3,
      dissatisfied: 1,
      unreachable: 1,
      reopened: 1,
      returnedToPlatform: 1,
      acknowledgedOnTimeRate: 0.8,
      onTimeRate: 0.75,
      satisfactionRate: 0.75,
      returnRate: 1 / 6,
    });
    expect(report.stages).toEqual({
      dispatch: { due: 5, onTime: 3, late: 2, onTimeRate: 0.6 },
      handling: { due: 5, onTime: 5, late: 0, onTimeRate: 1 },
      verification: { due: 5, onTime: 4, late: 1, onTimeRate: 0.8 },
    });
    // The street is the district here; the week before and after hold none of it.
    expect(report.stagesByStreet).toEqual([{ code: '430102001000000', name: '文艺路街道', stages: report.stages }]);
    expect(report.ruleNotes!.join('')).toMatch(/满意率＝（满意＋基本满意）÷回访数/);
    f.db.close();
  });

  it('the weekly summary writes the district report’s sentence from the data', () => {
    const f = week();
    const { html } = buildWeeklyReport(f.db, { week: '2026-W48', now: sh('2026-12-01T09:00') });
    expect(html).toContain('本期签收工单 5 件，办理工单 4 件，结案工单 4 件，按时办结率 75%，满意率 75%。');
    expect(html).toContain('按时派遣率 60.00%，按时处置率 100.00%，按时核查率 80.00%');
    expect(html).toContain('按时办结率＝其中在办理期限');
    expect(html).not.toContain('13812345678');
    f.db.close();
  });

  it('the weekly PDF shows the sentence with those numbers (where a Chromium and pdftotext are installed)', async () => {
    const chromium = chromiumCandidates().find((p) => fs.existsSync(p));
    if (!chromium || spawnSync('pdftotext', ['-v']).error) return;
    const f = week();
    const { html } = buildWeeklyReport(f.db, { week: '2026-W48', now: sh('2026-12-01T09:00') });
    const pdf = path.join(tempDir(), 'week.pdf');
    await printHtmlToPdf(html, pdf, chromium);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    expect(text).toContain('签收工单5件，办理工单4件，结案工单4件，按时办结率75%，满意率75%');
    f.db.close();
  }, 120_000);
});

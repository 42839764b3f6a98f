import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeAssessment,
  getScheme,
  listPublished,
  listSchemes,
  publishAssessment,
  publishedResult,
  saveScheme,
  verifyPublished,
  type AssessObjectResult,
  type AssessResult,
} from '../../db/assess/index';
import { buildStatsReport } from '../../db/stats/summary';
import { parseDateRange } from '../../db/stats/period';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { expectError, sh } from '../helpers/deskFixture';
import { assessFixture, FIXTURE_SCHEME, MONTH, NOW, type AssessFixture } from './assessFixture';

const ADMIN = { operatorId: null, name: '测试管理员' };

function one(r: AssessResult, type: AssessObjectResult['type'], name: string): AssessObjectResult {
  const o = r.objects.find((x) => x.type === type && x.name === name);
  if (!o) throw new Error(`no ${type} ${name}`);
  return o;
}

describe('the month’s assessment, counted by hand', () => {
  let f: AssessFixture;
  let schemeId: number;
  let r: AssessResult;
  beforeAll(() => {
    f = assessFixture();
    schemeId = saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, ADMIN, NOW).id;
    r = computeAssessment(f.db, schemeId, MONTH, NOW);
  }, 60_000);

  it('scores every community grid as counted by hand, with 样本不足 and a 督办 deduction', () => {
    // G1: 应结案 5, 结案 5, 按期 4 → 按期结案率 0.8 → 50 × 0.8 = 40; 结案率 1 → 30; 超期未结 0 = the best of
    //     the ranked grids (G1 0, G3 1, G4 1) → 20. Score 90 → 优.
    const g1 = one(r, 'grid', '朝阳第1网格');
    expect(g1.indicators.onTimeClosureRate).toMatchObject({ value: 0.8, numerator: 4, denominator: 5, points: 40 });
    expect(g1.indicators.closureRate).toMatchObject({ value: 1, points: 30 });
    expect(g1.indicators.overdueOpen).toMatchObject({ value: 0, points: 20 });
    expect(g1).toMatchObject({ score: 90, grade: '优', rank: 1, cases: 5, insufficient: false });
    // G2: only 2 cases (< 3): 样本不足, scored (100) but neither graded nor ranked.
    expect(one(r, 'grid', '朝阳第2网格')).toMatchObject({ cases: 2, insufficient: true, rank: null, grade: null, score: 100 });
    // G3: 应结案 4 (3 closed on time, 1 open past its deadline), 按期 0.75 → 37.5; 结案率 0.75 → 22.5;
    //     超期未结 1 = the worst → 0; 督办 1 case → −2. Score 58 → 差.
    const g3 = one(r, 'grid', '文艺路第1网格');
    expect(g3.indicators.onTimeClosureRate).toMatchObject({ numerator: 3, denominator: 4, points: 37.5 });
    expect(g3.indicators.closureRate).toMatchObject({ value: 0.75, points: 22.5 });
    expect(g3.indicators.overdueOpen).toMatchObject({ value: 1, points: 0, caseIds: [f.openG3] });
    expect(g3.deductions).toEqual([{ indicator: 'supervisedCases', label: '督办件数', count: 1, points: 2, caseIds: [f.openG3] }]);
    expect(g3).toMatchObject({ score: 58, grade: '差', rank: 3, cases: 4 });
    // G4: 应结案 15 (P4 10, P5 5), 结案 14, 按期 11 → 50 × 11/15 = 36.666… → 36.67; 结案率 14/15 → 28;
    //     超期未结 1 → 0; P5's case of the 30th was 催办, not 督办 → no deduction. Score 64.67 → 中.
    const g4 = one(r, 'grid', '东湖第1网格');
    expect(g4.indicators.onTimeClosureRate).toMatchObject({ numerator: 11, denominator: 15, points: 36.67 });
    expect(g4.indicators.closureRate).toMatchObject({ numerator: 14, denominator: 15, points: 28 });
    expect(g4.deductions[0]).toMatchObject({ count: 0, points: 0 });
    expect(g4).toMatchObject({ score: 64.67, grade: '中', rank: 2, cases: 15 });
  });

  it('scores the three streets as the sums of their grids', () => {
    // S1 = G1 + G2: 应结案 7, 按期 6 → 50 × 6/7 = 42.857… → 42.86; 结案率 1 → 30; 超期未结 0 → 20. 92.86 优.
    expect(one(r, 'street', '朝阳街街道')).toMatchObject({ score: 92.86, grade: '优', rank: 1, cases: 7 });
    // S2 = G3: 58 差; S3 = G4: 64.67 中.
    expect(one(r, 'street', '文艺路街道')).toMatchObject({ score: 58, grade: '差', rank: 3, cases: 4 });
    expect(one(r, 'street', '东湖街道')).toMatchObject({ score: 64.67, grade: '中', rank: 2, cases: 15 });
  });

  it('scores the five persons and breaks their tie by the stated rule', () => {
    // P4: 应结案 10, 按期 8 → 40; 结案率 1 → 30; 超期未结 0 (best of P1 0, P3 1, P4 0, P5 1) → 20: 90.
    // P1: 应结案 5, 按期 4 → 40; 30; 20: 90 as well. Same 按期结案率 (0.8): more cases first → P4 1st, P1 2nd.
    const p4 = one(r, 'person', '赵四');
    const p1 = one(r, 'person', '王一');
    expect(p4).toMatchObject({ score: 90, rank: 1, cases: 10, grade: '优' });
    expect(p1).toMatchObject({ score: 90, rank: 2, cases: 5, grade: '优' });
    // P3 as G3: 58, 3rd. P5: 应结案 5, 按期 3 → 30; 结案 4 → 24; 超期未结 1 → 0: 54, 4th. P2: 2 cases, 样本不足.
    expect(one(r, 'person', '张三')).toMatchObject({ score: 58, rank: 3, grade: '差' });
    expect(one(r, 'person', '钱五')).toMatchObject({ score: 54, rank: 4, grade: '差' });
    expect(one(r, 'person', '李二')).toMatchObject({ insufficient: true, rank: null });
    // Every point traces to cases: P5's 应结案 cases are its five, its overdue one the case of the 30th.
    const p5 = one(r, 'person', '钱五');
    expect(p5.indicators.onTimeClosureRate!.caseIds).toHaveLength(5);
    expect(p5.indicators.overdueOpen!.caseIds).toEqual([f.openP5]);
    expect(r.notes.join('')).toMatch(/按期结案率高者在前，案件数多者在前，编码小者在前/);
  });

  it('scores a responsible unit by the cases dispatched to its persons', () => {
    // 城管一中队 = P1 + P4: 应结案 15, 结案 15, 按期 12 → 50 × 0.8 = 40; 结案率 1 → 30; 超期未结 0, the only
    // unit ranked (best = worst) → 20. Score 90 → 优.
    const unitScheme = saveScheme(f.db, { id: null, code: 'units', definition: { ...FIXTURE_SCHEME, objects: ['unit'] } }, ADMIN, NOW);
    const u = computeAssessment(f.db, unitScheme.id, MONTH, NOW).objects;
    expect(u).toHaveLength(1);
    expect(u[0]).toMatchObject({ type: 'unit', code: 'U01', name: '城管一中队', score: 90, grade: '优', rank: 1, cases: 15 });
    expect(u[0]!.indicators.onTimeClosureRate).toMatchObject({ numerator: 12, denominator: 15 });
  });

  it('agrees with the statistics page for the same month', () => {
    const { start, end } = parseDateRange('2026-11-01', '2026-11-30');
    const stats = buildStatsReport(f.db, { period: { start, end }, label: MONTH, now: NOW });
    for (const s of stats.byStreet) {
      const o = r.objects.find((x) => x.type === 'street' && x.code === s.code)!;
      expect(o.indicators.onTimeClosureRate, s.name).toMatchObject({ numerator: s.closedOnTime, denominator: s.due });
      expect(o.indicators.onTimeClosureRate!.value, s.name).toBeCloseTo(s.onTimeRate!, 6);
      expect(o.indicators.closureRate, s.name).toMatchObject({ numerator: s.closed, denominator: s.due });
      expect(o.indicators.overdueOpen!.value, s.name).toBe(s.overdueOpen);
    }
    for (const s of stats.supervision!.byStreet) {
      const o = r.objects.find((x) => x.type === 'street' && x.code === s.code)!;
      expect(o.deductions[0]!.count, s.name).toBe(s.supervisedCases);
    }
    // The default scheme's stage rates agree too (按时派遣率, 按时处置率, 按时核查率).
    const general = computeAssessment(f.db, 'general', MONTH, NOW);
    for (const s of stats.stagesByStreet!) {
      const o = general.objects.find((x) => x.type === 'street' && x.code === s.code)!;
      expect(o.indicators.dispatchOnTimeRate, s.name).toMatchObject({ numerator: s.stages.dispatch.onTime, denominator: s.stages.dispatch.due });
      expect(o.indicators.handlingOnTimeRate, s.name).toMatchObject({ numerator: s.stages.handling.onTime, denominator: s.stages.handling.due });
      expect(o.indicators.verificationOnTimeRate, s.name).toMatchObject({ numerator: s.stages.verification.onTime, denominator: s.stages.verification.due });
    }
  });
});

describe('publishing a month', () => {
  it('freezes it: a later edit changes neither the published result nor its hash; re-publishing makes version 2 and names the case', () => {
    const f = assessFixture();
    const schemeId = saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, ADMIN, NOW).id;
    const first = publishAssessment(f.db, schemeId, MONTH, ADMIN, NOW);
    expect(first.status).toBe('published');
    expect(first.result).toMatchObject({ version: 1, status: 'published' });
    expect(first.result.hash).toMatch(/^[0-9a-f]{64}$/);
    // Publishing again without changes: says so, stores nothing.
    const again = publishAssessment(f.db, schemeId, MONTH, ADMIN, NOW + 60_000);
    expect(again.status).toBe('unchanged');
    expect(again.message).toMatch(/与已发布的第 1 版相同，未发布新版本/);
    expect(listPublished(f.db, { schemeId })).toHaveLength(1);

    // A later edit: G3's open case voided in December.
    transitionIncident(
      f.db,
      { incidentId: f.openG3, action: 'void', expectedVersion: getIncident(f.db, f.openG3).version, operatorId: f.operators.supervisor, note: '重复立案' },
      sh('2026-12-05T10:00'),
    );
    const frozen = publishedResult(f.db, schemeId, MONTH, 1);
    expect(frozen).toEqual(first.result);
    expect(verifyPublished(f.db)).toMatchObject({ ok: true, checked: 1 });
    expect(listPublished(f.db)[0]!.isVerified).toBe(true);
    // The draft now differs: G3 lost its open case (应结案 3, all on time, no 督办) → 100.
    const draft = computeAssessment(f.db, schemeId, MONTH, NOW);
    expect(draft.objects.find((o) => o.type === 'grid' && o.name === '文艺路第1网格')).toMatchObject({ score: 100, cases: 3 });

    const second = publishAssessment(f.db, schemeId, MONTH, ADMIN, NOW + 120_000);
    expect(second.status).toBe('published');
    expect(second.result.version).toBe(2);
    expect(second.result.hash).not.toBe(first.result.hash);
    const g3 = second.diff!.changes.find((c) => c.type === 'grid' && c.name === '文艺路第1网格')!;
    expect(g3.before).toMatchObject({ score: 58, rank: 3 });
    expect(g3.after).toMatchObject({ score: 100, rank: 1 });
    expect(g3.indicators.find((c) => c.id === 'overdueOpen')).toMatchObject({ before: 1, after: 0, removedCaseIds: [f.openG3] });
    const caseNo = getIncident(f.db, f.openG3).caseNo;
    expect(second.diff!.summary.join('\n')).toContain(caseNo);
    expect(publishedResult(f.db, schemeId, MONTH, 1)).toEqual(first.result);
  }, 60_000);

  it('a result edited by hand in SQLite no longer verifies, and the table refuses edits through GridDesk', () => {
    const f = assessFixture();
    publishAssessment(f.db, 'general', MONTH, ADMIN, NOW);
    expect(() => f.db.prepare(`UPDATE assess_published SET body = body`).run()).toThrow(/只能追加，不能修改/);
    expect(() => f.db.prepare(`DELETE FROM assess_published`).run()).toThrow(/只能追加，不能删除/);
    f.db.exec(`DROP TRIGGER assess_published_no_update`);
    f.db.prepare(`UPDATE assess_published SET body = replace(body, '"rank":1', '"rank":2')`).run();
    const v = verifyPublished(f.db);
    expect(v.ok).toBe(false);
    expect(v.failed).toEqual([expect.objectContaining({ period: MONTH, version: 1, isVerified: false })]);
    expect(v.missingTriggers).toEqual(['assess_published_no_update']);
  }, 60_000);
});

describe('bad input', () => {
  let f: AssessFixture;
  beforeAll(() => {
    f = assessFixture();
  }, 60_000);

  it('refuses weights that do not sum to 100, and stores nothing', () => {
    const before = listSchemes(f.db).length;
    const bad = { ...FIXTURE_SCHEME, indicators: FIXTURE_SCHEME.indicators.map((i) => (i.id === 'closureRate' ? { ...i, weight: 25 } : i)) };
    expectError(() => saveScheme(f.db, { id: null, definition: bad }, ADMIN, NOW), 'invalid-input', /权重之和应为 100，现为 95/);
    expect(listSchemes(f.db)).toHaveLength(before);
  });

  it('refuses an indicator the scheme’s objects cannot compute', () => {
    const bad = { ...FIXTURE_SCHEME, indicators: [...FIXTURE_SCHEME.indicators.slice(0, 2), { id: 'validReportRate' as const, weight: 20, direction: 'higher' as const, normalisation: 'rate' as const }] };
    expectError(() => saveScheme(f.db, { id: null, definition: bad }, ADMIN, NOW), 'invalid-input', /指标「有效上报率」不能用于考核对象「街道」/);
  });

  it('refuses a month with no data', () => {
    expectError(() => computeAssessment(f.db, 'general', '2026-05', NOW), 'invalid-input', /2026-05 没有任何案件或巡查记录，无法考核/);
    expectError(() => publishAssessment(f.db, 'general', '2026-05', ADMIN, NOW), 'invalid-input', /没有任何案件/);
    expect(listPublished(f.db)).toHaveLength(0);
  });

  it('saves a changed scheme as a new version and keeps the old one; the same definition again stores nothing', () => {
    const s = saveScheme(f.db, { id: null, code: 'versions', definition: FIXTURE_SCHEME }, ADMIN, NOW);
    const same = saveScheme(f.db, { id: s.id, definition: FIXTURE_SCHEME }, ADMIN, NOW + 1);
    expect(same.version).toBe(1);
    const changed = saveScheme(f.db, { id: s.id, definition: { ...FIXTURE_SCHEME, minCases: 5 } }, ADMIN, NOW + 2);
    expect(changed.version).toBe(2);
    expect(changed.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(() => f.db.prepare(`UPDATE assess_scheme_versions SET definition = '{}'`).run()).toThrow(/不能修改/);
    expect(getScheme(f.db, 'versions').definition.minCases).toBe(5);
  });
});

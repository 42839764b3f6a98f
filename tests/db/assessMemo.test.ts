/**
 * The remembered draft (db/assess/draftMemo.ts): a second read of the same month is the same draft, not a
 * new count; a case edit — on the same connection or committed by the writer while a reader holds the
 * draft — is counted at the next read; the memo keeps at most MEMO_SIZE drafts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAssessment, draftAssessment, saveScheme, type AssessResult } from '../../db/assess/index';
import { MEMO_SIZE } from '../../db/assess/draftMemo';
import { openDatabase } from '../../db/open';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { sh } from '../helpers/deskFixture';
import { assessFixture, FIXTURE_SCHEME, MONTH, NOW, type AssessFixture } from './assessFixture';

const ADMIN = { operatorId: null, name: '测试管理员' };
const overdueOf = (r: AssessResult, name: string) => r.objects.find((o) => o.type === 'grid' && o.name === name)!.indicators.overdueOpen!.value;

describe('the month’s draft, remembered until the data change', () => {
  // A fresh fixture per test (its folder is removed after each one).
  let f: AssessFixture;
  let schemeId: number;
  beforeEach(() => {
    f = assessFixture();
    schemeId = saveScheme(f.db, { id: null, code: 'fixture', definition: FIXTURE_SCHEME }, ADMIN, NOW).id;
  }, 60_000);
  afterEach(() => f.db.close());

  it('answers a second read from the memo, and counts again after a case edit on the same connection', () => {
    const first = draftAssessment(f.db, schemeId, MONTH, NOW);
    expect(first).toEqual(computeAssessment(f.db, schemeId, MONTH, NOW));
    expect(draftAssessment(f.db, schemeId, MONTH, NOW + 1000)).toBe(first);
    expect(overdueOf(first, '文艺路第1网格')).toBe(1);

    // G3's open case closed in the month: no longer 超期未结.
    transitionIncident(
      f.db,
      { incidentId: f.openG3, action: 'void', expectedVersion: getIncident(f.db, f.openG3).version, operatorId: f.operators.supervisor, note: '重复立案' },
      sh('2026-11-20T10:00'),
    );
    const after = draftAssessment(f.db, schemeId, MONTH, NOW);
    expect(after).not.toBe(first);
    expect(overdueOf(after, '文艺路第1网格')).toBe(0);
    expect(after).toEqual(computeAssessment(f.db, schemeId, MONTH, NOW));
  });

  it('sees the writer’s commit from a read-only connection (data_version)', () => {
    const { db: reader } = openDatabase(f.file, { readonly: true });
    try {
      const before = draftAssessment(reader, schemeId, MONTH, NOW);
      expect(draftAssessment(reader, schemeId, MONTH, NOW)).toBe(before);
      const g1 = overdueOf(before, '朝阳第1网格');
      // The writer moves the late case of P5 to 朝阳第1网格.
      f.db.prepare('UPDATE incidents SET grid_id = ? WHERE id = ?').run(f.grids.g1, f.openP5);
      const after = draftAssessment(reader, schemeId, MONTH, NOW);
      expect(after).not.toBe(before);
      expect(after).toEqual(computeAssessment(reader, schemeId, MONTH, NOW));
      expect(after).toEqual(computeAssessment(f.db, schemeId, MONTH, NOW));
      expect(after).not.toEqual(before);
      expect(overdueOf(after, '朝阳第1网格')).not.toBe(g1);
    } finally {
      reader.close();
    }
  });

  it('keeps at most MEMO_SIZE drafts, the least recently used dropped first', () => {
    const others = Array.from({ length: MEMO_SIZE }, (_, k) =>
      saveScheme(f.db, { id: null, code: `fixture-${k}`, definition: { ...FIXTURE_SCHEME, name: `方案 ${k}` } }, ADMIN, NOW).id,
    );
    const first = draftAssessment(f.db, schemeId, MONTH, NOW);
    const kept = draftAssessment(f.db, others[0]!, MONTH, NOW);
    for (const id of others.slice(1)) draftAssessment(f.db, id, MONTH, NOW);
    // MEMO_SIZE + 1 drafts asked for: the first (least recently used) was dropped, the others are kept.
    expect(draftAssessment(f.db, others[0]!, MONTH, NOW)).toBe(kept);
    const again = draftAssessment(f.db, schemeId, MONTH, NOW);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

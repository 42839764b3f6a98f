import { describe, expect, it } from 'vitest';
import { computeAssessment, saveScheme, type AssessObjectResult } from '../../db/assess/index';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { GridIndex } from '../../db/import/gridIndex';
import { importPatrols } from '../../db/import/patrolImport';
import type { GpxTrack } from '../../db/import/gpx';
import type { SchemeDefinition } from '../../db/assess/types';
import { DEFAULT_GRADES } from '../../db/assess/defaultScheme';
import { sh } from '../helpers/deskFixture';
import { assessFixture, MONTH, NOW } from './assessFixture';

/** The inspectors' scheme with a minimum of 2 cases (the fixture's inspectors report few). */
const INSPECTORS: SchemeDefinition = {
  name: '巡查员测试',
  objects: ['person'],
  personDuties: ['inspector'],
  indicators: [
    { id: 'validReportRate', weight: 40, direction: 'higher', normalisation: 'rate' },
    { id: 'patrolKm', weight: 30, direction: 'higher', normalisation: 'peers' },
    { id: 'missedReports', weight: 30, direction: 'lower', normalisation: 'peers' },
  ],
  deductions: [],
  grades: DEFAULT_GRADES,
  minCases: 2,
};

/** A walk due north from (lon, lat0) to lat1, a fix every 30 s. */
function walk(n: number, name: string, lon: number, lat0: number, lat1: number, startLocal: string, fixes: number): GpxTrack {
  const t0 = sh(startLocal);
  return {
    number: n,
    name,
    segments: [Array.from({ length: fixes }, (_, k) => ({ lon, lat: lat0 + ((lat1 - lat0) * k) / (fixes - 1), time: t0 + k * 30_000 }))],
  };
}

describe('the inspectors’ month', () => {
  it('scores 有效上报率, 巡查里程 and 漏报 as counted by hand', () => {
    const f = assessFixture();
    const { db } = f;
    const person = db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, 0, 0)`);
    const duty = db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (?, ?, 'inspector', '2026-01-01', 0)`);
    const zhou = Number(person.run('周巡').lastInsertRowid);
    const wu = Number(person.run('吴巡').lastInsertRowid);
    duty.run(zhou, f.grids.g1);
    duty.run(wu, f.grids.g3);
    const garbage = (db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0102'`).get() as { id: number }).id;
    const report = (reporter: string | undefined, source: 'patrol' | 'video', lon: number, at: string, then: 'register' | 'reject' | null) => {
      const c = createIncident(
        db,
        { operatorId: f.operators.supervisor, categoryId: garbage, description: '暴露垃圾', lon, lat: 28.19, crs: 'wgs84', source, reporter, reportedAt: sh(at) },
        sh(at),
      );
      if (then) transitionIncident(db, { incidentId: c.id, action: then, expectedVersion: getIncident(db, c.id).version, operatorId: f.operators.supervisor, note: '核实' }, sh(at) + 600_000);
      return c.id;
    };
    // 周巡 reports 4 in G1: 3 registered, 1 rejected → 有效上报率 3/4. 吴巡 reports 2 in G3, both registered → 1.
    const zhouReports = [
      report('周巡', 'patrol', 113.01, '2026-11-12T10:00', 'register'),
      report('周巡', 'patrol', 113.01, '2026-11-16T10:00', 'register'),
      report('周巡', 'patrol', 113.01, '2026-11-17T10:00', 'register'),
      report('周巡', 'patrol', 113.01, '2026-11-18T10:00', 'reject'),
    ];
    report('吴巡', 'patrol', 113.05, '2026-11-13T10:00', 'register');
    report('吴巡', 'patrol', 113.05, '2026-11-19T10:00', 'register');
    // Video finds a case in G1 on the 12th, the day 周巡 walked G1 → his 漏报; one in G3 on the 20th, a day 吴巡 did not walk.
    const missed = report(undefined, 'video', 113.012, '2026-11-12T15:00', null);
    report(undefined, 'video', 113.052, '2026-11-20T15:00', null);
    // Tracks: 周巡 walks 0.009° of latitude (≈ 1.0 km) in G1 on the 12th; 吴巡 0.0045° (≈ 0.5 km) in G3 on the 13th.
    const batchId = Number(
      db.prepare(`INSERT INTO import_batches (file_name, format, source_crs, started_at, finished_at, status) VALUES ('t.gpx', 'gpx', 'wgs84', 0, 0, 'committed')`).run().lastInsertRowid,
    );
    const grids = GridIndex.load(db);
    const out = { reject: (_r: number, _f: unknown, reason: string) => expect.fail(reason), countPatrol: () => undefined };
    importPatrols(db, [walk(1, '周巡', 113.01, 28.182, 28.191, '2026-11-12T09:00', 25)], { batchId, crs: 'wgs84', grids, author: '周巡', now: NOW }, out);
    importPatrols(db, [walk(2, '吴巡', 113.05, 28.182, 28.1865, '2026-11-13T09:00', 13)], { batchId, crs: 'wgs84', grids, author: '吴巡', now: NOW }, out);

    const schemeId = saveScheme(db, { id: null, code: 'inspectors', definition: INSPECTORS }, { operatorId: null, name: '测试' }, NOW).id;
    const r = computeAssessment(db, schemeId, MONTH, NOW);
    const one = (name: string) => r.objects.find((o) => o.name === name) as AssessObjectResult;
    const z = one('周巡');
    const w = one('吴巡');
    expect(z.indicators.validReportRate).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, points: 30 });
    expect(z.indicators.validReportRate!.caseIds).toEqual(zhouReports);
    expect(w.indicators.validReportRate).toMatchObject({ numerator: 2, denominator: 2, points: 40 });
    expect(z.indicators.patrolKm!.value).toBeCloseTo(1.0, 2);
    expect(w.indicators.patrolKm!.value).toBeCloseTo(0.5, 2);
    // Peers: 周巡 walked farther → 30, 吴巡 → 0; 吴巡 missed nothing → 30, 周巡 (1) → 0.
    expect(z.indicators.patrolKm!.points).toBe(30);
    expect(w.indicators.patrolKm!.points).toBe(0);
    expect(z.indicators.missedReports).toMatchObject({ value: 1, points: 0, caseIds: [missed] });
    expect(w.indicators.missedReports).toMatchObject({ value: 0, points: 30 });
    // 周巡 30 + 30 + 0 = 60 (中); 吴巡 40 + 0 + 30 = 70 (中). Cases: 周巡 4 reports + 1 missed = 5; 吴巡 2.
    expect(w).toMatchObject({ score: 70, rank: 1, grade: '中', cases: 2 });
    expect(z).toMatchObject({ score: 60, rank: 2, grade: '中', cases: 5 });
    // The grid workers hold no inspector duty: not scored by this scheme.
    expect(r.objects.map((o) => o.name).sort()).toEqual(['吴巡', '周巡']);
  }, 60_000);
});

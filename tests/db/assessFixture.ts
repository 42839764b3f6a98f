/**
 * A hand-built month for the assessment tests: November 2026, three streets, four community grids, five
 * grid workers, 26 cases of 暴露垃圾 (4 working hours) taken through the real workflow (createIncident,
 * transitionIncident) and the real escalation clock (runLadder).
 *
 * street  grid  person  cases (reported Tue 10 Nov 09:00 + k min, dispatched 10 min later → due 15:40 the same day)
 * S1 朝阳街 G1    P1 王一   4 closed on time (11:00 the same day), 1 closed late (Wed 11 Nov 10:00)
 * S1 朝阳街 G2    P2 李二   2 closed on time
 * S2 文艺路 G3    P3 张三   3 closed on time, 1 still open since Mon 2 Nov (督办 by the clock)
 * S3 东湖   G4    P4 赵四   8 closed on time, 2 closed late
 * S3 东湖   G4    P5 钱五   3 closed on time, 1 closed late, 1 dispatched Mon 30 Nov 09:10 and still open
 * P1 and P4 belong to the unit 城管一中队 (U01).
 * The escalation clock runs at Mon 30 Nov 17:00: G3's open case is 督办 (a working day and more past its
 * deadline); P5's case of the 30th is past its deadline by less than a working day (催办, no 督办).
 */
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { runLadder } from '../../db/supervision/ladder';
import type { SchemeDefinition } from '../../db/assess/types';
import { DEFAULT_GRADES } from '../../db/assess/defaultScheme';
import { rect, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

export const MONTH = '2026-11';
/** Counted well after the month's end. */
export const NOW = sh('2026-12-10T09:00');

/**
 * The scheme the fixture is scored by: 按期结案率 50 and 结案率 30 by rate, 超期未结数 20 against the peers
 * (lower is better), 2 points off per 督办 case (at most 6), at least 3 cases to be ranked.
 */
export const FIXTURE_SCHEME: SchemeDefinition = {
  name: '测试考核',
  objects: ['street', 'grid', 'person'],
  personDuties: ['grid_worker'],
  indicators: [
    { id: 'onTimeClosureRate', weight: 50, direction: 'higher', normalisation: 'rate' },
    { id: 'closureRate', weight: 30, direction: 'higher', normalisation: 'rate' },
    { id: 'overdueOpen', weight: 20, direction: 'lower', normalisation: 'peers' },
  ],
  deductions: [{ indicator: 'supervisedCases', pointsEach: 2, cap: 6 }],
  grades: DEFAULT_GRADES,
  minCases: 3,
};

export interface AssessFixture {
  db: Db;
  file: string;
  grids: { g1: number; g2: number; g3: number; g4: number };
  persons: { p1: number; p2: number; p3: number; p4: number; p5: number };
  operators: { supervisor: number; inspector: number; admin: number };
  /** G3's open, 督办 case. */
  openG3: number;
  /** P5's case dispatched on the 30th. */
  openP5: number;
}

export function assessFixture(): AssessFixture {
  const file = path.join(tempDir(), 'assess.sqlite');
  const { db } = openDatabase(file);
  seedDefaults(db, sh('2026-10-01T00:00'));
  const insertGrid = db.prepare(
    `INSERT INTO grids (id, code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const g = (id: number, code: string, parent: number | null, level: number, name: string, b: [number, number, number, number]) =>
    insertGrid.run(id, code, parent, level, name, JSON.stringify(rect(...b)), ...b);
  g(1, '430102000000000', null, 1, '芙蓉区', [113.0, 28.18, 113.08, 28.2]);
  g(10, '430102001000000', 1, 2, '朝阳街街道', [113.0, 28.18, 113.04, 28.2]);
  g(11, '430102001001001', 10, 3, '朝阳第1网格', [113.0, 28.18, 113.02, 28.2]);
  g(12, '430102001001002', 10, 3, '朝阳第2网格', [113.02, 28.18, 113.04, 28.2]);
  g(20, '430102002000000', 1, 2, '文艺路街道', [113.04, 28.18, 113.06, 28.2]);
  g(21, '430102002001001', 20, 3, '文艺路第1网格', [113.04, 28.18, 113.06, 28.2]);
  g(30, '430102003000000', 1, 2, '东湖街道', [113.06, 28.18, 113.08, 28.2]);
  g(31, '430102003001001', 30, 3, '东湖第1网格', [113.06, 28.18, 113.08, 28.2]);
  const person = db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, 0, 0)`);
  const duty = db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (?, ?, 'grid_worker', '2026-01-01', 0)`);
  const op = db.prepare(`INSERT INTO operators (name, role, person_id, created_at) VALUES (?, ?, ?, 0)`);
  const persons = { p1: 0, p2: 0, p3: 0, p4: 0, p5: 0 };
  const handlerOf = new Map<number, number>();
  for (const [k, name, grid] of [
    ['p1', '王一', 11],
    ['p2', '李二', 12],
    ['p3', '张三', 21],
    ['p4', '赵四', 31],
    ['p5', '钱五', 31],
  ] as const) {
    const id = Number(person.run(name).lastInsertRowid);
    persons[k] = id;
    duty.run(id, grid);
    handlerOf.set(id, Number(op.run(`处置${name}`, 'handler', id).lastInsertRowid));
  }
  const operators = {
    supervisor: Number(op.run('监督员陈', 'supervisor', null).lastInsertRowid),
    inspector: Number(op.run('核查员周', 'inspector', null).lastInsertRowid),
    admin: Number(op.run('管理员', 'admin', null).lastInsertRowid),
  };
  // 城管一中队: P1 and P4 belong to it, so their cases carry it as the responsible unit from dispatch.
  const unit = Number(
    db.prepare(`INSERT INTO units (code, name, kind, created_at, updated_at) VALUES ('U01', '城管一中队', 'enforcement', 0, 0)`).run().lastInsertRowid,
  );
  db.prepare(`UPDATE persons SET unit_id = ? WHERE id IN (?, ?)`).run(unit, persons.p1, persons.p4);
  const garbage = (db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0102'`).get() as { id: number }).id;
  const centre: Record<number, [number, number]> = { 11: [113.01, 28.19], 12: [113.03, 28.19], 21: [113.05, 28.19], 31: [113.07, 28.19] };

  let k = 0;
  /** One case: reported at `day` 09:00 + k minutes, registered, dispatched to the person 10 minutes later; then closed or left open. */
  const addCase = (grid: number, assignee: number, day: string, end: 'ontime' | 'late' | 'open'): number => {
    const at0 = sh(`${day}T09:00`) + k++ * 60_000;
    const step = (id: number, action: Parameters<typeof transitionIncident>[1]['action'], operatorId: number, at: number, extra = {}) =>
      transitionIncident(db, { incidentId: id, action, expectedVersion: getIncident(db, id).version, operatorId, note: '测试', ...extra }, at);
    const c = createIncident(
      db,
      { operatorId: operators.supervisor, categoryId: garbage, description: '暴露垃圾', lon: centre[grid]![0], lat: centre[grid]![1], crs: 'wgs84', source: 'patrol', reportedAt: at0 },
      at0,
    );
    step(c.id, 'register', operators.supervisor, at0 + 5 * 60_000);
    step(c.id, 'dispatch', operators.supervisor, at0 + 10 * 60_000, { assigneeId: assignee });
    if (end === 'open') return c.id;
    const handler = handlerOf.get(assignee)!;
    step(c.id, 'accept', handler, at0 + 15 * 60_000);
    const done = end === 'ontime' ? sh(`${day}T10:30`) : sh(`${nextDay(day)}T09:30`);
    step(c.id, 'handle', handler, done);
    step(c.id, 'verify_pass', operators.inspector, done + 30 * 60_000);
    return c.id;
  };
  const many = (n: number, grid: number, person: number, end: 'ontime' | 'late') => {
    for (let i = 0; i < n; i++) addCase(grid, person, '2026-11-10', end);
  };
  const openG3 = addCase(21, persons.p3, '2026-11-02', 'open');
  many(4, 11, persons.p1, 'ontime');
  many(1, 11, persons.p1, 'late');
  many(2, 12, persons.p2, 'ontime');
  many(3, 21, persons.p3, 'ontime');
  many(8, 31, persons.p4, 'ontime');
  many(2, 31, persons.p4, 'late');
  many(3, 31, persons.p5, 'ontime');
  many(1, 31, persons.p5, 'late');
  const openP5 = addCase(31, persons.p5, '2026-11-30', 'open');
  runLadder(db, sh('2026-11-30T17:00'));
  return { db, file, grids: { g1: 11, g2: 12, g3: 21, g4: 31 }, persons, operators, openG3, openP5 };
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

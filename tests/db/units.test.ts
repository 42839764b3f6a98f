import { describe, expect, it } from 'vitest';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { myQueue } from '../../db/queries/queue';
import { addUnitDuty, createUnit, listUnits, setPersonUnit, setUnitActive, updateUnit } from '../../db/queries/units';
import { createPerson, listPersons, reassignOpenCases } from '../../db/queries/persons';
import { deskFixture, expectError, sh, type DeskFixture } from '../helpers/deskFixture';

const NOW = sh('2026-11-24T10:00'); // a Tuesday

/** The fixture with the street's enforcement squad (Wang and Zhao in it) and the street office (Li). */
function withUnits() {
  const f = deskFixture();
  const brigade = createUnit(f.db, { code: 'CG00', name: '芙蓉区城管执法大队', kind: 'enforcement' }, NOW);
  const squad = createUnit(f.db, { code: 'CG001', name: '城管执法大队文艺路中队', kind: 'enforcement', parentId: brigade, streetCode: '430102001000000' }, NOW);
  const office = createUnit(f.db, { code: 'JD001', name: '文艺路街道办事处', kind: 'street_office', streetCode: '430102001000000', phone: '0731-84411000' }, NOW);
  setPersonUnit(f.db, f.persons.wang, squad, NOW);
  setPersonUnit(f.db, f.persons.zhao, squad, NOW);
  setPersonUnit(f.db, f.persons.li, office, NOW);
  return { f, brigade, squad, office };
}

function registeredCase(f: DeskFixture) {
  const c = createIncident(
    f.db,
    { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '人行道暴露垃圾一堆', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
    NOW,
  );
  return transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW + 60_000);
}

const handlerQueue = (f: DeskFixture, operatorId: number, personId: number) => myQueue(f.db, { operatorId, role: 'handler', personId }, NOW + 3_600_000);

describe('responsible units', () => {
  it('lists units with their parent, street and counts, and refuses duplicates and unknown references in Chinese', () => {
    const { f, brigade, squad } = withUnits();
    const units = listUnits(f.db);
    expect(units.map((u) => [u.code, u.name, u.kind, u.parentName, u.streetName, u.persons, u.active])).toEqual([
      ['CG00', '芙蓉区城管执法大队', 'enforcement', null, null, 0, true],
      ['CG001', '城管执法大队文艺路中队', 'enforcement', '芙蓉区城管执法大队', '文艺路街道', 2, true],
      ['JD001', '文艺路街道办事处', 'street_office', null, '文艺路街道', 1, true],
    ]);
    expectError(() => createUnit(f.db, { code: 'CG001', name: '另一个中队', kind: 'enforcement' }, NOW), 'conflict', /单位编码「CG001」已被「城管执法大队文艺路中队」使用/);
    expectError(() => createUnit(f.db, { code: 'X9', name: ' 文艺路街道办事处 ', kind: 'street_office' }, NOW), 'conflict', /已有名为「文艺路街道办事处」的单位/);
    expectError(() => createUnit(f.db, { code: 'X9', name: '某单位', kind: 'other', parentId: 999 }, NOW), 'not-found', /上级单位不存在/);
    expectError(() => createUnit(f.db, { code: 'X 9', name: '某单位', kind: 'other' }, NOW), 'invalid-input', /只能由字母、数字/);
    expectError(() => createUnit(f.db, { code: 'X9', name: '  ', kind: 'other' }, NOW), 'invalid-input', /单位名称不能为空/);
    expectError(() => createUnit(f.db, { code: 'X9', name: '某单位', kind: 'other', streetCode: '430102001001001' }, NOW), 'invalid-input', /不是街道/);
    // No cycles: the brigade cannot be put under its own squadron.
    expectError(() => updateUnit(f.db, brigade, { code: 'CG00', name: '芙蓉区城管执法大队', kind: 'enforcement', parentId: squad }, NOW), 'invalid-input', /本单位或其下级/);
    updateUnit(f.db, squad, { code: 'CG001', name: '芙蓉区城管执法大队文艺路中队', kind: 'enforcement', parentId: brigade, streetCode: '430102001000000' }, NOW + 1);
    expect(listUnits(f.db).find((u) => u.id === squad)!.name).toBe('芙蓉区城管执法大队文艺路中队');
    // Nothing changed on a refusal.
    expect(listUnits(f.db)).toHaveLength(3);
  });

  it('deactivates instead of deleting; a deactivated unit takes no new person nor case', () => {
    const { f, brigade, squad } = withUnits();
    expectError(() => setUnitActive(f.db, brigade, false, NOW), 'conflict', /还有在用的下级单位「城管执法大队文艺路中队」/);
    setUnitActive(f.db, squad, false, NOW);
    expect(listUnits(f.db, { activeOnly: true }).map((u) => u.code)).toEqual(['CG00', 'JD001']);
    expectError(() => createPerson(f.db, { name: '新队员', unitId: squad }, NOW), 'invalid-input', /已停用/);
    const c = registeredCase(f);
    expectError(
      () => transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor, unitId: squad }, NOW + 120_000),
      'invalid-input',
      /已停用，不能派遣/,
    );
    expect(() => f.db.prepare('DELETE FROM units WHERE id = ?').run(squad)).toThrow(/只能停用/);
  });

  it('dispatch to a person records that person’s unit on the case and in the event', () => {
    const { f, squad } = withUnits();
    const c = registeredCase(f);
    const d = transitionIncident(
      f.db,
      { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor, assigneeId: f.persons.zhao },
      NOW + 120_000,
    );
    expect(d).toMatchObject({ status: 'dispatched', assigneeId: f.persons.zhao, unitId: squad, unitName: '城管执法大队文艺路中队' });
    expect(d.events.at(-1)!.data).toMatchObject({ assigneeId: f.persons.zhao, unitId: squad, unitName: '城管执法大队文艺路中队' });
    // A person and a unit that do not match are refused.
    const other = registeredCase(f);
    expectError(
      () =>
        transitionIncident(
          f.db,
          { incidentId: other.id, action: 'dispatch', expectedVersion: other.version, operatorId: f.operators.supervisor, assigneeId: f.persons.li, unitId: squad },
          NOW + 120_000,
        ),
      'invalid-input',
      /「李秀英」不属于「城管执法大队文艺路中队」/,
    );
    // 转派 to a person of another unit moves the responsible unit with the case.
    reassignOpenCases(f.db, { fromPersonId: f.persons.zhao, toPersonId: f.persons.li, operatorId: f.operators.supervisor }, NOW + 180_000);
    expect(getIncident(f.db, c.id)).toMatchObject({ assigneeId: f.persons.li, unitName: '文艺路街道办事处' });
  });

  it('dispatch to a unit: the unit’s handlers see it in 我的待办, the first to 签收 becomes its handler', () => {
    const { f, squad } = withUnits();
    const c = registeredCase(f);
    const d = transitionIncident(
      f.db,
      { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor, unitId: squad },
      NOW + 120_000,
    );
    expect(d).toMatchObject({ status: 'dispatched', assigneeId: null, assigneeName: null, unitId: squad, unitName: '城管执法大队文艺路中队' });
    expect(d.dueAt).not.toBeNull();
    expect(d.events.at(-1)).toMatchObject({ action: 'dispatch', data: { assigneeId: null, unitId: squad, unitName: '城管执法大队文艺路中队' } });

    // Wang is in the squad: the case is in his queue; Li (street office) does not see it.
    const wangQueue = handlerQueue(f, f.operators.handlerWang, f.persons.wang);
    expect(wangQueue.items.map((i) => [i.kind, i.incidentId, i.assigneeName, i.unitName])).toEqual([['mine', c.id, null, '城管执法大队文艺路中队']]);
    expect(wangQueue.counts.mine).toBe(1);
    expect(handlerQueue(f, f.operators.handlerLi, f.persons.li).items).toEqual([]);

    // Li may not 签收 it (not of the unit), nor may Wang take any other step before 签收.
    expectError(
      () => transitionIncident(f.db, { incidentId: c.id, action: 'accept', expectedVersion: d.version, operatorId: f.operators.handlerLi }, NOW + 180_000),
      'forbidden',
      /只有案件的处置责任人/,
    );
    expectError(
      () =>
        transitionIncident(
          f.db,
          { incidentId: c.id, action: 'return', expectedVersion: d.version, operatorId: f.operators.handlerWang, note: '不归我们管' },
          NOW + 180_000,
        ),
      'forbidden',
      /请先「签收处置」/,
    );
    const taken = transitionIncident(f.db, { incidentId: c.id, action: 'accept', expectedVersion: d.version, operatorId: f.operators.handlerWang }, NOW + 240_000);
    expect(taken).toMatchObject({ status: 'handling', assigneeId: f.persons.wang, assigneeName: '王建国', unitId: squad });
    expect(taken.events.at(-1)).toMatchObject({ action: 'accept', data: { assigneeId: f.persons.wang, assigneeName: '王建国', unitId: squad } });
    // Now his own case; the unit's other members no longer see it as open to take.
    expect(handlerQueue(f, f.operators.handlerWang, f.persons.wang).items.map((i) => [i.incidentId, i.assigneeName])).toEqual([[c.id, '王建国']]);
    expect(listUnits(f.db).find((u) => u.id === squad)!.openCases).toBe(1);
  });

  it('a duty may name a unit: with nobody on duty in the grid, a dispatch goes to that unit', () => {
    const { f, squad } = withUnits();
    // Li's duty in the east grid ends; the squadron answers for 街面秩序 there, the street office for everything.
    f.db.prepare(`UPDATE duties SET valid_to = '2026-11-01' WHERE person_id = ? AND grid_id = ?`).run(f.persons.li, f.grids.east);
    const office = listUnits(f.db).find((u) => u.code === 'JD001')!.id;
    addUnitDuty(f.db, { unitId: office, gridCode: '430102001001002', role: 'other', validFrom: '2026-01-01' }, NOW);
    addUnitDuty(f.db, { unitId: squad, gridCode: '430102001001002', role: 'enforcement_officer', categoryBigCode: '04', validFrom: '2026-01-01' }, NOW);
    expectError(() => addUnitDuty(f.db, { unitId: 999, gridCode: '430102001001002', role: 'other', validFrom: '2026-01-01' }, NOW), 'not-found', /责任单位不存在/);
    expectError(
      () => addUnitDuty(f.db, { unitId: squad, gridCode: '430102001001002', role: 'other', validFrom: '2026-05-01', validTo: '2026-04-01' }, NOW),
      'invalid-input',
      /结束日期不能早于开始日期/,
    );
    const dispatchIn = (categoryId: number) => {
      const c = createIncident(
        f.db,
        { operatorId: f.operators.supervisor, categoryId, description: '东侧网格问题', lon: 113.015, lat: 28.19, crs: 'wgs84', source: 'patrol' },
        NOW,
      );
      const r = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW + 60_000);
      return transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: r.version, operatorId: f.operators.supervisor }, NOW + 120_000);
    };
    expect(dispatchIn(f.categories.vendor)).toMatchObject({ assigneeId: null, unitId: squad, status: 'dispatched' });
    expect(dispatchIn(f.categories.garbage)).toMatchObject({ assigneeId: null, unitId: office, unitName: '文艺路街道办事处' });
    // Unit duties are not persons' duties: the persons on duty in the grid are unchanged.
    expect(listPersons(f.db, { gridCode: '430102001001002' }, NOW).map((p) => p.name)).toEqual([]);
  });

  it('lists a person’s unit and creates a person in a unit', () => {
    const { f, office } = withUnits();
    const id = createPerson(f.db, { name: '周敏', unitId: office }, NOW);
    const person = listPersons(f.db, {}, NOW).find((p) => p.id === id)!;
    expect(person).toMatchObject({ unitId: office, unitName: '文艺路街道办事处' });
    expectError(() => setPersonUnit(f.db, id, 999, NOW), 'not-found', /责任单位不存在/);
  });
});

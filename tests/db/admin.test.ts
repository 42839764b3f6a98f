import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { addDuty, endDuty, listPersons, personWorkload, reassignOpenCases, shanghaiWeekStart } from '../../db/queries/persons';
import { getCalendar, setCalendarDay, setWorkingPeriods } from '../../db/queries/calendar';
import { updateCategory } from '../../db/queries/categories';
import { addIncidentPhoto, listIncidentPhotos, readAttachment, sniffImageType } from '../../db/queries/attachments';
import { getIncident } from '../../db/queries/incidents';
import { addWorkingTime, loadCalendar } from '../../db/workingTime';
import { deskFixture, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

const NOW = sh('2026-11-25T10:00'); // Wednesday

function dispatched(f: ReturnType<typeof deskFixture>, at: number) {
  let c = createIncident(f.db, { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '垃圾', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' }, at);
  c = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, at);
  return transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor }, at);
}

describe('persons and duties', () => {
  it('lists persons with the duties valid today, and filters by grid', () => {
    const f = deskFixture();
    const all = listPersons(f.db, {}, NOW);
    expect(all.map((p) => p.name).sort()).toEqual(['李秀英', '王建国', '赵强'].sort());
    const li = all.find((p) => p.name === '李秀英')!;
    expect(li.duties.map((d) => d.gridCode)).toEqual(['430102001001002']); // the expired duty is not shown
    expect(listPersons(f.db, { gridCode: '430102001001001' }, NOW).map((p) => p.name).sort()).toEqual(['王建国', '赵强'].sort());
    const dutyId = addDuty(f.db, { personId: f.persons.li, gridCode: '430102001001001', role: 'cleaner', validFrom: '2026-11-01' }, NOW);
    expect(listPersons(f.db, { gridCode: '430102001001001' }, NOW).map((p) => p.name)).toContain('李秀英');
    endDuty(f.db, dutyId, '2026-11-20');
    expect(listPersons(f.db, { gridCode: '430102001001001' }, NOW).map((p) => p.name)).not.toContain('李秀英');
    expect(() => endDuty(f.db, dutyId, '2026-10-01')).toThrow(/结束日期不能早于开始日期/);
    expect(() => addDuty(f.db, { personId: f.persons.li, gridCode: '430102999999999', role: 'cleaner', validFrom: '2026-11-01' }, NOW)).toThrow(/网格不存在/);
  });

  it("counts a person's open, overdue and closed-this-week cases", () => {
    const f = deskFixture();
    dispatched(f, sh('2026-11-20T09:00')); // due 20 Nov 14:30: overdue now
    dispatched(f, NOW - 60_000); // open, not overdue
    let closed = dispatched(f, sh('2026-11-24T09:00'));
    const step = (action: 'accept' | 'handle' | 'verify_pass', op: number) =>
      (closed = transitionIncident(f.db, { incidentId: closed.id, action, expectedVersion: closed.version, operatorId: op }, sh('2026-11-24T11:00')));
    step('accept', f.operators.handlerWang);
    step('handle', f.operators.handlerWang);
    step('verify_pass', f.operators.inspector);
    const wang = personWorkload(f.db, NOW).find((w) => w.name === '王建国')!;
    expect(wang).toMatchObject({ open: 2, overdue: 1, closedThisWeek: 1 });
    expect(shanghaiWeekStart(NOW)).toBe(sh('2026-11-23T00:00'));
    expect(shanghaiWeekStart(sh('2026-11-29T23:59'))).toBe(sh('2026-11-23T00:00'));
    expect(shanghaiWeekStart(sh('2026-11-30T00:00'))).toBe(sh('2026-11-30T00:00'));
  });

  it("reassigns all of a leaving person's open cases in one step, logged on each case", () => {
    const f = deskFixture();
    const a = dispatched(f, NOW);
    const b = dispatched(f, NOW);
    const moved = reassignOpenCases(f.db, { fromPersonId: f.persons.wang, toPersonId: f.persons.li, operatorId: f.operators.supervisor }, NOW);
    expect(moved).toEqual([a.id, b.id]);
    for (const id of moved) {
      const c = getIncident(f.db, id);
      expect(c.assigneeName).toBe('李秀英');
      expect(c.events.at(-1)).toMatchObject({ action: 'reassign', note: '由王建国转派给李秀英' });
    }
    expect(() => reassignOpenCases(f.db, { fromPersonId: f.persons.li, toPersonId: f.persons.wang, operatorId: f.operators.handlerLi }, NOW)).toThrow(/不能批量转派/);
    f.db.prepare(`UPDATE persons SET is_active = 0 WHERE id = ?`).run(f.persons.wang);
    expect(() => reassignOpenCases(f.db, { fromPersonId: f.persons.li, toPersonId: f.persons.wang, operatorId: f.operators.supervisor }, NOW)).toThrow(/已停用/);
    expect(getIncident(f.db, a.id).assigneeName).toBe('李秀英');
  });
});

describe('working calendar and category limits', () => {
  it('a new holiday or 调休 day changes the next deadlines', () => {
    const f = deskFixture();
    expect(getCalendar(f.db, 2026).days.find((d) => d.date === '2026-10-10')).toMatchObject({ kind: 'workday' });
    const before = addWorkingTime(sh('2026-12-04T16:30'), 4, 'wh', loadCalendar(f.db)); // Friday → Monday
    expect(before).toBe(sh('2026-12-07T11:30'));
    setCalendarDay(f.db, { date: '2026-12-05', kind: 'workday', name: '调休' });
    expect(addWorkingTime(sh('2026-12-04T16:30'), 4, 'wh', loadCalendar(f.db))).toBe(sh('2026-12-05T11:30'));
    setCalendarDay(f.db, { date: '2026-12-05', kind: null });
    expect(addWorkingTime(sh('2026-12-04T16:30'), 4, 'wh', loadCalendar(f.db))).toBe(before);
    expect(() => setCalendarDay(f.db, { date: '2026-02-30', kind: 'holiday' })).toThrow(/日期无效/);
    setWorkingPeriods(f.db, [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], NOW);
    expect(getCalendar(f.db, 2026).periods).toEqual([{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect(() => setWorkingPeriods(f.db, [{ start: '14:00', end: '12:00' }], NOW)).toThrow(/工作时段无效/);
  });

  it('an edited limit applies to the next dispatch, and big classes carry no limits', () => {
    const f = deskFixture();
    updateCategory(f.db, { id: f.categories.garbage, handlingLimit: 1, handlingUnit: 'wd' });
    const d = dispatched(f, sh('2026-11-25T10:00'));
    expect(d.dueAt).toBe(sh('2026-11-26T10:00'));
    expect(() => updateCategory(f.db, { id: f.categories.bigCityscape, handlingLimit: 2 })).toThrow(/是大类/);
    expect(() => updateCategory(f.db, { id: 99999, name: 'x' })).toThrow(/类别不存在/);
  });
});

describe('photos', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2b6a30000000049454e44ae426082', 'hex');

  it('stores a photo once by content hash and logs it on the timeline', () => {
    const f = deskFixture();
    const dir = path.join(tempDir(), 'attachments');
    const c = dispatched(f, NOW);
    const a = addIncidentPhoto(f.db, dir, { incidentId: c.id, operatorId: f.operators.supervisor, stage: 'report', fileName: '现场.png', data: png }, NOW);
    const again = addIncidentPhoto(f.db, dir, { incidentId: c.id, operatorId: f.operators.supervisor, stage: 'after', fileName: '处置后.png', data: png }, NOW);
    expect(again.id).toBe(a.id);
    expect(a.mime).toBe('image/png');
    expect(fs.readdirSync(path.join(dir, a.sha256.slice(0, 2)))).toEqual([a.sha256]);
    expect(listIncidentPhotos(f.db, c.id).map((p) => p.stage)).toEqual(['report', 'after']);
    expect(readAttachment(f.db, dir, a.id).data.equals(png)).toBe(true);
    expect(getIncident(f.db, c.id).events.at(-1)).toMatchObject({ action: 'add_photo', note: '处置后.png' });
  });

  it('refuses files that are not images, empty files and unknown cases, storing nothing', () => {
    const f = deskFixture();
    const dir = path.join(tempDir(), 'attachments');
    const c = dispatched(f, NOW);
    const add = (data: Buffer, incidentId = c.id) =>
      addIncidentPhoto(f.db, dir, { incidentId, operatorId: f.operators.supervisor, stage: 'report', fileName: 'x.exe', data }, NOW);
    expect(() => add(Buffer.from('MZ\x90\x00 this is a program'))).toThrow(/不是可识别的图片/);
    expect(() => add(Buffer.alloc(0))).toThrow(/照片文件为空/);
    expect(() => add(png, 99999)).toThrow(/案件不存在/);
    expect(f.db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 0 });
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });
});

describe('workload at scale', () => {
  it('equals a row-by-row count of each person’s cases on demo data', async () => {
    const { openDatabase } = await import('../../db/open');
    const { seedDefaults } = await import('../../db/defaults/seed');
    const { loadDemo } = await import('../../db/demo/load');
    const { OPEN_STATUSES_SQL } = await import('../../db/sql');
    const { db } = openDatabase(path.join(tempDir(), 'work.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    const now = sh('2026-11-25T10:00');
    const ws = shanghaiWeekStart(now);
    const expected = (
      db
        .prepare(
          `SELECT p.id AS personId, p.name, p.is_active AS isActive, coalesce(sum(i.status IN ${OPEN_STATUSES_SQL}), 0) AS open,
                  coalesce(sum(i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < @now), 0) AS overdue,
                  coalesce(sum(i.status = 'closed' AND i.closed_at >= @ws AND i.closed_at < @we), 0) AS closedThisWeek
           FROM persons p LEFT JOIN incidents i ON i.assignee_id = p.id AND i.duplicate_of IS NULL
           GROUP BY p.id ORDER BY open DESC, p.name`,
        )
        .all({ now, ws, we: ws + 7 * 86_400_000 }) as { isActive: number }[]
    ).map((r) => ({ ...r, isActive: r.isActive === 1 }));
    expect(personWorkload(db, now)).toEqual(expected);
    db.close();
  });
});

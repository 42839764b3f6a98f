import { describe, expect, it } from 'vitest';
import { writeSecurity } from '../../db/trust/security';
import { appendEvent } from '../../db/queries/events';
import { createIncident, linkDuplicate, suggestDuplicates, transitionIncident, defaultAssignee } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { HOTLINE_ACTIONS, TRANSITIONS, WORKFLOW_ACTIONS, nextStatus, type WorkflowAction } from '../../db/domain/workflow';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../db/domain/codes';
import { fromWgs84 } from '../../db/geo';
import { deskFixture, expectError, sh, type DeskFixture } from '../helpers/deskFixture';

const NOW = sh('2026-11-24T10:00'); // a Tuesday

function newCase(f: DeskFixture, over: Partial<Parameters<typeof createIncident>[1]> = {}, now = NOW) {
  return createIncident(
    f.db,
    {
      operatorId: f.operators.supervisor,
      categoryId: f.categories.garbage,
      description: '人行道暴露垃圾一堆',
      address: '芙蓉中路二段88号',
      lon: 113.005,
      lat: 28.19,
      crs: 'wgs84',
      source: 'patrol',
      ...over,
    },
    now,
  );
}

/** Puts a fresh case straight into a state (test set-up), assigned to Wang; a 12345 work order when asked. */
function caseIn(f: DeskFixture, status: IncidentStatus, hotline = false) {
  const c = newCase(f);
  f.db.prepare(`UPDATE incidents SET status = ?, assignee_id = ?, due_at = ? WHERE id = ?`).run(status, f.persons.wang, NOW + 3_600_000, c.id);
  if (hotline) {
    f.db.prepare(`UPDATE incidents SET source = 'hotline' WHERE id = ?`).run(c.id);
    f.db.prepare(`INSERT INTO hotline_orders (incident_id, order_no, arrived_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(c.id, `T${c.id}`, NOW, NOW, NOW);
  }
  return getIncident(f.db, c.id);
}

/** An operator allowed to take the action on a case assigned to Wang. */
function actorFor(f: DeskFixture, action: WorkflowAction): number {
  const rule = TRANSITIONS[action];
  if (rule.assigneeOnly) return f.operators.handlerWang;
  // The supervisor reported the fixture's cases: separation of duties leaves verification to another.
  if (action === 'verify_pass' || action === 'verify_fail') return f.operators.inspector;
  if (rule.roles.includes('supervisor')) return f.operators.supervisor;
  return f.operators.inspector;
}

function attempt(f: DeskFixture, id: number, version: number, action: WorkflowAction, operatorId = actorFor(f, action)) {
  return transitionIncident(
    f.db,
    {
      incidentId: id,
      action,
      expectedVersion: version,
      operatorId,
      note: '情况说明',
      requestedDueAt: NOW + 10 * 86_400_000,
      reply: '已清理完毕',
      ...(action === 'callback' ? { callbackResult: 'satisfied' as const } : {}),
    },
    NOW + 60_000,
  );
}

describe('the transition table', () => {
  for (const from of INCIDENT_STATUSES) {
    for (const action of WORKFLOW_ACTIONS) {
      const to = nextStatus(from, action);
      const title = to === undefined ? `refuses ${action} from ${from}` : `${action}: ${from} → ${to}`;
      it(title, () => {
        const f = deskFixture();
        // The 12345 steps are tried on a 12345 work order (every other case refuses them: tested below).
        const c = caseIn(f, from, HOTLINE_ACTIONS.includes(action));
        if (action === 'return_approve' || action === 'return_deny') {
          appendEvent(f.db, {
            incidentId: c.id,
            at: NOW,
            operatorId: null,
            actorName: '王建国',
            action: 'return_request',
            fromStatus: from,
            toStatus: from,
            note: '不属于本区管辖',
          });
        }
        if (action === 'extend_approve' || action === 'extend_deny') {
          appendEvent(f.db, {
            incidentId: c.id,
            at: NOW,
            operatorId: null,
            actorName: '王建国',
            action: 'extend_request',
            fromStatus: from,
            toStatus: from,
            note: '需要协调',
            data: { requestedDueAt: NOW + 5 * 86_400_000 },
          });
        }
        const eventsBefore = getIncident(f.db, c.id).events.length;
        if (to === undefined) {
          expectError(() => attempt(f, c.id, c.version, action), 'conflict', new RegExp(`当前状态为「.+」，不能执行「${TRANSITIONS[action].label.replace(/[()（）]/g, '.')}」`));
          const after = getIncident(f.db, c.id);
          expect(after.status).toBe(from);
          expect(after.version).toBe(c.version);
          expect(after.events).toHaveLength(eventsBefore);
          return;
        }
        const after = attempt(f, c.id, c.version, action);
        expect(after.status).toBe(to);
        expect(after.version).toBe(c.version + 1);
        expect(after.events).toHaveLength(eventsBefore + 1);
        const last = after.events.at(-1)!;
        expect(last).toMatchObject({ action, fromStatus: from, toStatus: to });
        expect(last.actorName).toBeTruthy();
        f.db.close();
      });
    }
  }
});

describe('deadlines start at dispatch, in working time', () => {
  function dispatchAt(f: DeskFixture, local: string, categoryId = f.categories.garbage) {
    const c = newCase(f, { categoryId }, sh(local) - 60_000);
    const reg = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, sh(local) - 30_000);
    return transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: reg.version, operatorId: f.operators.supervisor }, sh(local));
  }

  it('skips the weekend: Friday 16:30 + 4 working hours = Monday 11:30', () => {
    const f = deskFixture();
    const d = dispatchAt(f, '2026-11-20T16:30');
    expect(d.dueAt).toBe(sh('2026-11-23T11:30'));
    expect(d.dispatchedAt).toBe(sh('2026-11-20T16:30'));
    expect(d.events.at(-1)!.data).toMatchObject({ dueAt: sh('2026-11-23T11:30'), assigneeName: '王建国' });
  });

  it('skips the National Day holiday: 30 September 17:00 + 1 working day lands on 8 October', () => {
    const f = deskFixture();
    const d = dispatchAt(f, '2026-09-30T17:00', f.categories.garbage);
    // 4 working hours: 0.5 h on 30 Sep, 1–7 Oct are holidays, 3.5 h on the morning of 8 Oct.
    expect(d.dueAt).toBe(sh('2026-10-08T12:00'));
  });

  it('counts the 调休 Saturday 10 October 2026 as a working day', () => {
    const f = deskFixture();
    const d = dispatchAt(f, '2026-10-09T16:30');
    expect(d.dueAt).toBe(sh('2026-10-10T11:30'));
  });

  it('an approved extension moves the deadline and is logged; a denied one does not', () => {
    const f = deskFixture();
    const d = dispatchAt(f, '2026-11-24T09:00');
    const t = sh('2026-11-24T09:30');
    const accepted = transitionIncident(f.db, { incidentId: d.id, action: 'accept', expectedVersion: d.version, operatorId: f.operators.handlerWang }, t);
    const asked = transitionIncident(
      f.db,
      { incidentId: d.id, action: 'extend_request', expectedVersion: accepted.version, operatorId: f.operators.handlerWang, note: '需要环卫车辆', requestedDueAt: sh('2026-11-26T17:30') },
      t,
    );
    expect(asked.pendingExtension).toMatchObject({ requestedDueAt: sh('2026-11-26T17:30'), reason: '需要环卫车辆' });
    expect(asked.dueAt).toBe(d.dueAt);
    expectError(
      () => transitionIncident(f.db, { incidentId: d.id, action: 'extend_request', expectedVersion: asked.version, operatorId: f.operators.handlerWang, note: '再次', requestedDueAt: sh('2026-11-27T17:30') }, t),
      'conflict',
      /已有待审批的延期申请/,
    );
    expectError(
      () => transitionIncident(f.db, { incidentId: d.id, action: 'extend_approve', expectedVersion: asked.version, operatorId: f.operators.handlerWang }, t),
      'forbidden',
      /不能执行「批准延期」/,
    );
    const approved = transitionIncident(f.db, { incidentId: d.id, action: 'extend_approve', expectedVersion: asked.version, operatorId: f.operators.supervisor }, t);
    expect(approved.dueAt).toBe(sh('2026-11-26T17:30'));
    expect(approved.extensionCount).toBe(1);
    expect(approved.pendingExtension).toBeNull();
    expect(approved.events.at(-1)!.data).toMatchObject({ previousDueAt: d.dueAt, dueAt: sh('2026-11-26T17:30') });
    expectError(
      () => transitionIncident(f.db, { incidentId: d.id, action: 'extend_deny', expectedVersion: approved.version, operatorId: f.operators.supervisor, note: '无' }, t),
      'conflict',
      /没有待审批的延期申请/,
    );
  });
});

describe('a case from report to closure, with one failed verification', () => {
  it('counts the failed verification as rework and records every step', () => {
    const f = deskFixture();
    let c = newCase(f);
    const step = (action: WorkflowAction, operatorId: number, note?: string) =>
      (c = transitionIncident(f.db, { incidentId: c.id, action, expectedVersion: c.version, operatorId, note }, NOW + 60_000));
    step('register', f.operators.supervisor);
    step('dispatch', f.operators.supervisor);
    expect(c.assigneeName).toBe('王建国');
    step('accept', f.operators.handlerWang);
    step('handle', f.operators.handlerWang, '已清运');
    step('verify_fail', f.operators.inspector, '现场仍有残留');
    expect(c.status).toBe('handling');
    expect(c.reworkCount).toBe(1);
    step('handle', f.operators.handlerWang, '已彻底清理');
    step('verify_pass', f.operators.inspector);
    expect(c.status).toBe('closed');
    expect(c.closedAt).toBe(NOW + 60_000);
    expect(c.events.map((e) => e.action)).toEqual(['report', 'register', 'dispatch', 'accept', 'handle', 'verify_fail', 'handle', 'verify_pass']);
    expect(c.events.map((e) => e.actorName)).toEqual(['监督员陈', '监督员陈', '监督员陈', '王建国', '王建国', '巡查员周', '王建国', '巡查员周']);
  });
});

describe('roles', () => {
  it('lets only the assignee report handling, only inspectors and supervisors verify, and managers only read', () => {
    const f = deskFixture();
    const handling = caseIn(f, 'handling');
    expectError(() => attempt(f, handling.id, handling.version, 'handle', f.operators.handlerLi), 'forbidden', /只有案件的处置责任人/);
    expectError(() => attempt(f, handling.id, handling.version, 'handle', f.operators.supervisor), 'forbidden', /只有案件的处置责任人/);
    const handled = caseIn(f, 'handled');
    expectError(() => attempt(f, handled.id, handled.version, 'verify_pass', f.operators.handlerWang), 'forbidden', /角色不能执行「核查通过并结案」/);
    expect(attempt(f, handled.id, handled.version, 'verify_pass', f.operators.inspector).status).toBe('closed');
    const reported = caseIn(f, 'reported');
    expectError(() => attempt(f, reported.id, reported.version, 'register', f.operators.manager), 'forbidden', /科长刘/);
    expectError(() => attempt(f, reported.id, reported.version, 'register', f.operators.inspector), 'forbidden', /角色不能执行「立案」/);
    expectError(() => newCase(f, { operatorId: f.operators.manager }), 'forbidden', /只能查看/);
    expect(attempt(f, reported.id, reported.version, 'register', f.operators.admin).status).toBe('registered');
  });

  it('requires a reason to reject, return, fail verification, hang or void', () => {
    const f = deskFixture();
    for (const [status, action] of [
      ['reported', 'reject'],
      ['handling', 'return'],
      ['handled', 'verify_fail'],
      ['registered', 'hang'],
      ['registered', 'void'],
    ] as const) {
      const c = caseIn(f, status);
      expectError(
        () => transitionIncident(f.db, { incidentId: c.id, action, expectedVersion: c.version, operatorId: actorFor(f, action), note: '  ' }, NOW),
        'invalid-input',
        /必须填写理由/,
      );
      expect(getIncident(f.db, c.id).status).toBe(status);
    }
  });
});

describe('concurrency and atomicity', () => {
  it('refuses a step taken from a stale view of the case', () => {
    const f = deskFixture();
    const c = newCase(f);
    transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW);
    expectError(
      () => transitionIncident(f.db, { incidentId: c.id, action: 'reject', expectedVersion: c.version, operatorId: f.operators.supervisor, note: '重复' }, NOW),
      'conflict',
      /已被他人修改（当前状态：待派遣）/,
    );
  });

  it('leaves no trace when writing the event fails', () => {
    const f = deskFixture();
    const c = newCase(f);
    f.db.exec(`CREATE TRIGGER injected BEFORE INSERT ON incident_events WHEN new.action = 'register' BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END`);
    expect(() => transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW)).toThrow(/injected/);
    const after = getIncident(f.db, c.id);
    expect(after.status).toBe('reported');
    expect(after.version).toBe(c.version);
    expect(after.registeredAt).toBeNull();
    expect(after.events.map((e) => e.action)).toEqual(['report']);
  });

  it('leaves no case behind when creating it fails half-way', () => {
    const f = deskFixture();
    f.db.exec(`CREATE TRIGGER injected BEFORE INSERT ON incident_events BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    expect(() => newCase(f)).toThrow(/injected/);
    expect(f.db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 0 });
  });
});

describe('creating a case', () => {
  it('finds the grid from the location and keeps the source coordinate system', () => {
    const f = deskFixture();
    const [gLon, gLat] = fromWgs84(113.015, 28.19, 'gcj02');
    const c = newCase(f, { lon: gLon, lat: gLat, crs: 'gcj02' });
    expect(c.gridName).toBe('识字岭社区第2网格');
    expect(c.sourceCrs).toBe('gcj02');
    expect(c.sourceLon).toBe(gLon);
    expect(c.lon!).toBeCloseTo(113.015, 4);
    expect(c.caseNo).toBe('2026112400001');
    expect(newCase(f).caseNo).toBe('2026112400002');
  });

  it('flags a location outside every grid and accepts a grid picked by hand', () => {
    const f = deskFixture();
    expectError(() => newCase(f, { lon: 113.5, lat: 28.5 }), 'invalid-input', /不在任何网格内.*手动选择网格/);
    expect(f.db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 0 });
    const picked = newCase(f, { lon: undefined, lat: undefined, gridCode: '430102001001002' });
    expect(picked.gridName).toBe('识字岭社区第2网格');
    expectError(() => newCase(f, { gridCode: '430102001001002' }), 'invalid-input', /不一致/);
    expectError(() => newCase(f, { gridCode: '430102001000000', lon: undefined, lat: undefined }), 'invalid-input', /社区网格/);
  });

  it('names bad input and writes nothing', () => {
    const f = deskFixture();
    expectError(() => newCase(f, { description: '   ' }), 'invalid-input', /问题描述不能为空/);
    expectError(() => newCase(f, { description: '长'.repeat(2001) }), 'invalid-input', /问题描述过长：最多 2000 个字/);
    expectError(() => newCase(f, { categoryId: 99999 }), 'not-found', /案件类别不存在/);
    expectError(() => newCase(f, { categoryId: f.categories.bigCityscape }), 'invalid-input', /请选择小类/);
    expectError(() => newCase(f, { operatorId: 999 }), 'not-found', /操作员不存在/);
    expectError(() => newCase(f, { lat: undefined }), 'invalid-input', /经度和纬度必须同时填写/);
    expect(f.db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 0 });
  });

  it('enters a case fixed on the spot as already handled', () => {
    const f = deskFixture();
    const c = newCase(f, { fixedOnSpot: true });
    expect(c.status).toBe('handled');
    expect(c.isFixedOnSpot).toBe(true);
    expect(c.events.map((e) => [e.action, e.toStatus])).toEqual([['fix_on_spot', 'handled']]);
  });

  it('dispatches by default to the person on duty for the kind of problem', () => {
    const f = deskFixture();
    expect(defaultAssignee(f.db, f.grids.west, f.categories.garbage, NOW)?.name).toBe('王建国');
    expect(defaultAssignee(f.db, f.grids.west, f.categories.vendor, NOW)?.name).toBe('赵强'); // 街面秩序 officer
    expect(defaultAssignee(f.db, f.grids.east, f.categories.vendor, NOW)?.name).toBe('李秀英');
    f.db.prepare(`UPDATE persons SET is_active = 0 WHERE id = ?`).run(f.persons.li);
    expect(defaultAssignee(f.db, f.grids.east, f.categories.garbage, NOW)).toBeNull();
    const c = caseIn(f, 'registered');
    f.db.prepare(`UPDATE incidents SET grid_id = ? WHERE id = ?`).run(f.grids.east, c.id);
    expectError(() => attempt(f, c.id, c.version, 'dispatch'), 'invalid-input', /没有对应的在岗人员/);
    expectError(
      () => transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor, assigneeId: f.persons.li }, NOW),
      'invalid-input',
      /已停用/,
    );
  });
});

describe('duplicates', () => {
  it('suggests open cases of the same small class within 50 m, nearest first', () => {
    const f = deskFixture();
    const original = newCase(f, { lon: 113.005, lat: 28.19 }, NOW - 3_600_000);
    const near = newCase(f, { lon: 113.0053, lat: 28.19 }, NOW - 1_800_000); // ≈ 29 m east
    newCase(f, { lon: 113.006, lat: 28.19 }); // ≈ 78 m from the query point: too far
    newCase(f, { lon: 113.005, lat: 28.19, categoryId: f.categories.vendor }); // other class
    const closed = newCase(f, { lon: 113.0051, lat: 28.19 }, NOW - 7_200_000);
    f.db.prepare(`UPDATE incidents SET status = 'closed' WHERE id = ?`).run(closed.id);
    const found = suggestDuplicates(f.db, { categoryId: f.categories.garbage, lon: 113.0052, lat: 28.19, at: NOW });
    expect(found.map((d) => d.id)).toEqual([near.id, original.id]); // ≈ 10 m, then ≈ 20 m
    expect(found.every((d) => d.distanceM <= 50)).toBe(true);
    expect(suggestDuplicates(f.db, { categoryId: f.categories.garbage, lon: 113.005, lat: 28.19, at: NOW + 30 * 86_400_000 })).toEqual([]);
  });

  it('links a duplicate to the root original and logs it', () => {
    const f = deskFixture();
    const a = newCase(f);
    const b = newCase(f);
    const c = newCase(f);
    const linked = linkDuplicate(f.db, { incidentId: b.id, originalId: a.id, expectedVersion: b.version, operatorId: f.operators.supervisor }, NOW);
    expect(linked.original).toMatchObject({ id: a.id });
    expect(linked.events.at(-1)).toMatchObject({ action: 'mark_duplicate', data: { originalId: a.id } });
    const chained = linkDuplicate(f.db, { incidentId: c.id, originalId: b.id, expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW);
    expect(chained.original?.id).toBe(a.id);
    expect(getIncident(f.db, a.id).duplicates.map((d) => d.id)).toEqual([b.id, c.id]);
    expectError(() => linkDuplicate(f.db, { incidentId: a.id, originalId: a.id, expectedVersion: 1, operatorId: f.operators.supervisor }, NOW), 'invalid-input', /自身/);
    expectError(() => linkDuplicate(f.db, { incidentId: a.id, originalId: b.id, expectedVersion: 1, operatorId: f.operators.supervisor }, NOW), 'invalid-input', /循环/);
    expectError(() => linkDuplicate(f.db, { incidentId: b.id, originalId: c.id, expectedVersion: linked.version, operatorId: f.operators.supervisor }, NOW), 'conflict', /已标记为重复/);
  });

  it('closes the duplicates still open together with their original', () => {
    const f = deskFixture();
    let original = newCase(f);
    const dup = newCase(f);
    linkDuplicate(f.db, { incidentId: dup.id, originalId: original.id, expectedVersion: dup.version, operatorId: f.operators.supervisor }, NOW);
    for (const [action, op] of [
      ['register', f.operators.supervisor],
      ['dispatch', f.operators.supervisor],
      ['accept', f.operators.handlerWang],
      ['handle', f.operators.handlerWang],
    ] as const) {
      original = transitionIncident(f.db, { incidentId: original.id, action, expectedVersion: original.version, operatorId: op }, NOW);
      expect(getIncident(f.db, dup.id).status).toBe('reported'); // follows only at closure
    }
    transitionIncident(f.db, { incidentId: original.id, action: 'verify_pass', expectedVersion: original.version, operatorId: f.operators.inspector }, NOW + 1000);
    const closed = getIncident(f.db, dup.id);
    expect(closed).toMatchObject({ status: 'closed', closedAt: NOW + 1000 });
    expect(closed.events.at(-1)).toMatchObject({ action: 'close_with_original', fromStatus: 'reported', toStatus: 'closed', note: `随原案件 ${original.caseNo} 结案` });
  });
});

describe('separation of duties', () => {
  it('refuses verification by whoever reported or handled the case, unless an administrator switched it off', () => {
    const f = deskFixture();
    const c = caseIn(f, 'handled');
    expectError(() => attempt(f, c.id, c.version, 'verify_pass', f.operators.supervisor), 'forbidden', /职责分离：本案由「监督员陈」上报/);
    expect(getIncident(f.db, c.id).status).toBe('handled');
    // The handling inspector may not check their own work either.
    const d = newCase(f, { operatorId: f.operators.admin });
    f.db.prepare(`UPDATE incidents SET status = 'handled', assignee_id = ? WHERE id = ?`).run(f.persons.wang, d.id);
    appendEvent(f.db, { incidentId: d.id, at: NOW, operatorId: f.operators.inspector, actorName: '巡查员周', action: 'handle', fromStatus: 'handling', toStatus: 'handled' });
    const fresh = getIncident(f.db, d.id);
    expectError(() => attempt(f, d.id, fresh.version, 'verify_pass', f.operators.inspector), 'forbidden', /处置反馈，不能由其本人核查/);
    expect(attempt(f, d.id, fresh.version, 'verify_pass', f.operators.supervisor).status).toBe('closed');
    writeSecurity(f.db, { operatorId: f.operators.admin, name: '管理员' }, { separationOfDuties: false }, NOW);
    expect(attempt(f, c.id, c.version, 'verify_pass', f.operators.supervisor).status).toBe('closed');
  });
});

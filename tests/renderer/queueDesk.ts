/**
 * A real desk for 我的待办's renderer tests: the fixture district's database and the host's own handlers,
 * answering as the operator asked, at a clock the test moves.
 */
import path from 'node:path';
import type { Actor, IncidentDetail } from '../../electron/contract';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import { deskFixture, sh } from '../helpers/deskFixture';

export function queueDesk(at: string) {
  const f = deskFixture();
  let clock = sh(at);
  const handlers = createHandlers({ db: f.db, databasePath: path.join(path.dirname(f.db.name), 'x.sqlite'), transport: 'direct', version: 'test', now: () => clock });
  const actor = (id: number): Actor => {
    const o = f.db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(id) as { id: number; name: string; role: Actor['role']; person_id: number | null };
    return { operatorId: o.id, name: o.name, role: o.role, personId: o.person_id };
  };
  const ok = async <T>(name: string, input: unknown, operatorId = f.operators.supervisor): Promise<T> => {
    const r = await invokeCall(handlers, name, input, directCaller(actor(operatorId)));
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  return { f, ok, at: (local: string) => (clock = sh(local)), set: (ms: number) => (clock = ms), now: () => clock };
}

export type QueueDesk = ReturnType<typeof queueDesk>;

/** A case in the west grid taken as far as asked: 待立案, 待派遣, or dispatched to Wang. */
export async function caseTo(d: QueueDesk, status: 'reported' | 'registered' | 'dispatched') {
  const c = await d.ok<IncidentDetail>('incidents:create', {
    categoryId: d.f.categories.garbage,
    description: '人行道堆放垃圾',
    address: '芙蓉中路 1 号',
    lon: 113.005,
    lat: 28.19,
    source: 'patrol',
  });
  const steps = ['register', 'dispatch'].slice(0, { reported: 0, registered: 1, dispatched: 2 }[status]);
  let version = c.version;
  for (const action of steps) version = (await d.ok<IncidentDetail>('incidents:transition', { incidentId: c.id, action, expectedVersion: version })).version;
  return { id: c.id, caseNo: c.caseNo };
}

/**
 * The supervisor's morning: a report to register (09:00), a case to dispatch (registered 09:05, due 10:05)
 * and a 12345 order to 签收 (09:20, due 11:20).
 */
export async function supervisorMorning(d: QueueDesk) {
  d.at('2026-11-24T09:00');
  const reported = await caseTo(d, 'reported');
  d.at('2026-11-24T09:05');
  const toDispatch = await caseTo(d, 'registered');
  d.at('2026-11-24T09:20');
  const order = await d.ok<{ incidentId: number; caseNo: string }>('hotline:create', {
    orderNo: 'GD20261124001',
    content: '小区门口垃圾无人清运',
    categoryId: d.f.categories.garbage,
    gridCode: '430102001001001',
  });
  return { reported, toDispatch, order };
}

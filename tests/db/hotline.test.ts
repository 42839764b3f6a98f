/**
 * 12345 work orders in the store: entering one, 签收, the platform's deadline, 办结 with the reply, the
 * callback (满意 / 基本满意 / 未接通 three times / 不满意 → 重办), 退单 with a reason and another
 * supervisor's approval, the phone mask, and the export back to the platform. Bad input names what is
 * wrong and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { getIncident } from '../../db/queries/incidents';
import { createHotlineOrder, getAckLimit, hotlineView, setAckLimit, setOrderGrid } from '../../db/queries/hotline';
import { maskPhone, demandTypeOf } from '../../db/domain/hotline';
import { platformRows } from '../../db/export/hotline';
import { parseDateRange } from '../../db/stats/period';
import type { WorkflowAction } from '../../db/domain/workflow';
import { deskFixture, expectError, sh, type DeskFixture } from '../helpers/deskFixture';

function order(f: DeskFixture, at: string, over: Partial<Parameters<typeof createHotlineOrder>[1]> = {}) {
  return createHotlineOrder(
    f.db,
    {
      operatorId: f.operators.supervisor,
      orderNo: 'GD20261124000123',
      calledAt: sh(at) - 30 * 60_000,
      callerName: '张女士',
      callerPhone: '13812345678',
      demandType: 'complaint',
      content: '小区门口垃圾堆放多日无人清理',
      address: '芙蓉中路二段88号',
      categoryId: f.categories.garbage,
      gridCode: '430102001001001',
      ...over,
    },
    sh(at),
  );
}

function step(
  f: DeskFixture,
  id: number,
  action: WorkflowAction,
  at: string,
  operatorId = f.operators.supervisor,
  extra: { note?: string; reply?: string; callbackResult?: 'satisfied' | 'basic' | 'dissatisfied' | 'unreachable' } = {},
) {
  const c = getIncident(f.db, id);
  return transitionIncident(f.db, { incidentId: id, action, expectedVersion: c.version, operatorId, ...extra }, sh(at));
}

/** An order taken to 办结: 签收, 立案, 派遣 to Wang, handled, verified with a reply. */
function closedOrder(f: DeskFixture, orderNo = 'GD1') {
  const o = order(f, '2026-11-24T09:00', { orderNo });
  step(f, o.incidentId, 'acknowledge', '2026-11-24T09:10');
  step(f, o.incidentId, 'register', '2026-11-24T09:15');
  step(f, o.incidentId, 'dispatch', '2026-11-24T09:20');
  step(f, o.incidentId, 'accept', '2026-11-24T09:30', f.operators.handlerWang);
  step(f, o.incidentId, 'handle', '2026-11-24T10:30', f.operators.handlerWang, { reply: '已安排保洁清运' });
  step(f, o.incidentId, 'verify_pass', '2026-11-24T11:00', f.operators.inspector);
  return o.incidentId;
}

const count = (f: DeskFixture, table: string) => (f.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('a 12345 order from the call to the callback', () => {
  it('waits for 签收 with its own clock, then goes the normal way and closes with the reply', () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00');
    const c = getIncident(f.db, o.incidentId);
    expect(c).toMatchObject({ status: 'received', source: 'hotline', orderNo: 'GD20261124000123' });
    expect(c.hotline).toMatchObject({ orderNo: 'GD20261124000123', callerPhone: '138****5678', demandTypeLabel: '投诉', ackDueAt: sh('2026-11-24T11:00') });
    // 签收 late (the limit is 2 working hours): recorded on the event.
    const ack = step(f, o.incidentId, 'acknowledge', '2026-11-24T11:30');
    expect(ack.status).toBe('reported');
    expect(ack.events.at(-1)!.data).toEqual({ clock: { stage: 'acknowledge', dueAt: sh('2026-11-24T11:00'), onTime: false } });
    step(f, o.incidentId, 'register', '2026-11-24T11:40');
    step(f, o.incidentId, 'dispatch', '2026-11-24T11:50');
    step(f, o.incidentId, 'accept', '2026-11-24T14:30', f.operators.handlerWang);
    step(f, o.incidentId, 'handle', '2026-11-24T15:00', f.operators.handlerWang);
    expectError(() => step(f, o.incidentId, 'verify_pass', '2026-11-24T15:30', f.operators.inspector), 'invalid-input', /12345 工单办结须填写答复内容/);
    expect(getIncident(f.db, o.incidentId).status).toBe('handled');
    const closed = step(f, o.incidentId, 'verify_pass', '2026-11-24T15:30', f.operators.inspector, { reply: '已清运完毕，感谢监督' });
    expect(closed.status).toBe('closed');
    expect(closed.hotline).toMatchObject({ reply: '已清运完毕，感谢监督', callbackPending: true, callbackDueAt: sh('2026-11-25T15:30') });
    expect(closed.events.at(-1)!.data).toMatchObject({ reply: '已清运完毕，感谢监督', closure: { onTime: true } });
  });

  it("uses the platform's 办理时限 when it is earlier than the category's limit", () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00', { platformDueAt: sh('2026-11-24T10:00') });
    step(f, o.incidentId, 'acknowledge', '2026-11-24T09:05');
    step(f, o.incidentId, 'register', '2026-11-24T09:06');
    expect(step(f, o.incidentId, 'dispatch', '2026-11-24T09:10').dueAt).toBe(sh('2026-11-24T10:00'));
    const later = order(f, '2026-11-24T09:00', { orderNo: 'GD2', platformDueAt: sh('2026-12-24T10:00') });
    step(f, later.incidentId, 'acknowledge', '2026-11-24T09:05');
    step(f, later.incidentId, 'register', '2026-11-24T09:06');
    expect(step(f, later.incidentId, 'dispatch', '2026-11-24T09:10').dueAt).toBe(sh('2026-11-24T15:40'));
  });

  it('leaves an order without a grid to the supervisor: no registration until a grid is chosen', () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00', { gridCode: undefined });
    expect(getIncident(f.db, o.incidentId).gridCode).toBeNull();
    step(f, o.incidentId, 'acknowledge', '2026-11-24T09:05');
    expectError(() => step(f, o.incidentId, 'register', '2026-11-24T09:06'), 'invalid-input', /工单尚未确定所属网格/);
    const c = getIncident(f.db, o.incidentId);
    setOrderGrid(f.db, { incidentId: c.id, expectedVersion: c.version, gridCode: '430102001001002', operatorId: f.operators.supervisor }, sh('2026-11-24T09:07'));
    const regridded = getIncident(f.db, o.incidentId);
    expect(regridded.gridCode).toBe('430102001001002');
    expect(regridded.events.at(-1)).toMatchObject({ action: 'regrid', note: '指定网格：识字岭社区第2网格（430102001001002）' });
    expect(step(f, o.incidentId, 'register', '2026-11-24T09:08').status).toBe('registered');
  });

  it('a satisfied callback ends the order; a second callback is refused', () => {
    const f = deskFixture();
    const id = closedOrder(f);
    const c = step(f, id, 'callback', '2026-11-24T16:00', f.operators.supervisor, { callbackResult: 'basic' });
    expect(c.status).toBe('closed');
    expect(c.hotline).toMatchObject({ callbackResult: 'basic', callbackResultLabel: '基本满意', callbackPending: false });
    expect(c.events.at(-1)!.data).toEqual({ result: 'basic', attempt: 1, final: true, clock: { stage: 'callback', dueAt: sh('2026-11-25T11:00'), onTime: true } });
    expectError(() => step(f, id, 'callback', '2026-11-24T16:10', f.operators.supervisor, { callbackResult: 'satisfied' }), 'conflict', /本次办结的回访已经结束（结果：基本满意）/);
  });

  it('gives up after three unanswered callbacks: 无法联系', () => {
    const f = deskFixture();
    const id = closedOrder(f);
    for (const [k, at] of ['2026-11-24T16:00', '2026-11-25T09:00', '2026-11-25T15:00'].entries()) {
      const c = step(f, id, 'callback', at, f.operators.supervisor, { callbackResult: 'unreachable' });
      expect(c.hotline).toMatchObject({ callbackAttempts: k + 1, callbackPending: k < 2, callbackResultLabel: k < 2 ? null : '无法联系' });
      expect(c.events.at(-1)!.data).toMatchObject({ result: 'unreachable', attempt: k + 1, final: k === 2 });
    }
    expectError(
      () => step(f, id, 'callback', '2026-11-26T09:00', f.operators.supervisor, { callbackResult: 'satisfied' }),
      'conflict',
      /3 次未接通，已标记为无法联系/,
    );
  });

  it('不满意 reopens the order as 重办 with the handling clock restarted, and it must be closed with a new reply', () => {
    const f = deskFixture();
    const id = closedOrder(f);
    const redo = step(f, id, 'callback_redo', '2026-11-24T16:00', f.operators.supervisor, { note: '垃圾仍未清理干净' });
    expect(redo).toMatchObject({ status: 'dispatched', assigneeId: f.persons.wang, closedAt: null, dueAt: sh('2026-11-25T11:00'), dispatchedAt: sh('2026-11-24T16:00') });
    expect(redo.hotline).toMatchObject({ reopenCount: 1, callbackResult: 'dissatisfied', reply: null });
    expect(redo.events.at(-1)).toMatchObject({ action: 'callback_redo', fromStatus: 'closed', toStatus: 'dispatched', data: { result: 'dissatisfied', redo: 1 } });
    step(f, id, 'accept', '2026-11-25T08:40', f.operators.handlerWang);
    step(f, id, 'handle', '2026-11-25T09:30', f.operators.handlerWang);
    expectError(() => step(f, id, 'verify_pass', '2026-11-25T10:00', f.operators.inspector), 'invalid-input', /答复内容/);
    const closed = step(f, id, 'verify_pass', '2026-11-25T10:00', f.operators.inspector, { reply: '已彻底清理并加密保洁频次' });
    expect(closed.hotline).toMatchObject({ callbackPending: true, callbackAttempts: 0, callbackResult: null, reopenCount: 1 });
    expect(step(f, id, 'callback', '2026-11-25T14:40', f.operators.supervisor, { callbackResult: 'satisfied' }).hotline).toMatchObject({ callbackResult: 'satisfied' });
  });

  it('退单 needs a reason and another supervisor’s approval', () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00');
    expectError(() => step(f, o.incidentId, 'return_request', '2026-11-24T09:10'), 'invalid-input', /「申请退单」必须填写理由/);
    step(f, o.incidentId, 'return_request', '2026-11-24T09:10', f.operators.supervisor, { note: '属市政设施，非城管职责' });
    expect(getIncident(f.db, o.incidentId).hotline!.pendingReturn).toMatchObject({ reason: '属市政设施，非城管职责', requestedBy: '监督员陈' });
    expectError(() => step(f, o.incidentId, 'return_approve', '2026-11-24T09:20'), 'forbidden', /不能审批本人的退单申请/);
    const approved = step(f, o.incidentId, 'return_approve', '2026-11-24T09:20', f.operators.admin);
    expect(approved.status).toBe('returned_to_platform');
    expect(approved.hotline).toMatchObject({ returnedAt: sh('2026-11-24T09:20'), pendingReturn: null });
    expect(approved.events.at(-1)!.data).toEqual({ requestedBy: '监督员陈', reason: '属市政设施，非城管职责' });
  });
});

describe('bad input is named and changes nothing', () => {
  it('an order number already on the desk is a duplicate, not a second case', () => {
    const f = deskFixture();
    order(f, '2026-11-24T09:00');
    const before = [count(f, 'incidents'), count(f, 'incident_events'), count(f, 'hotline_orders')];
    expectError(() => order(f, '2026-11-24T10:00', { orderNo: ' GD20261124000123 ' }), 'conflict', /工单编号 GD20261124000123 已存在（案件 \d+，待签收）/);
    expect([count(f, 'incidents'), count(f, 'incident_events'), count(f, 'hotline_orders')]).toEqual(before);
  });

  it('a callback on an order that is not closed, and the 12345 steps on an ordinary case', () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00');
    const events = count(f, 'incident_events');
    expectError(() => step(f, o.incidentId, 'callback', '2026-11-24T09:10', f.operators.supervisor, { callbackResult: 'satisfied' }), 'conflict', /当前状态为「待签收」，不能执行「回访」/);
    const id = closedOrder(f, 'GD9');
    expectError(() => step(f, id, 'callback', '2026-11-24T16:00'), 'invalid-input', /请选择回访结果/);
    expectError(() => step(f, id, 'callback', '2026-11-24T16:00', f.operators.supervisor, { callbackResult: 'dissatisfied' }), 'invalid-input', /回访不满意（重办）/);
    expectError(() => step(f, id, 'callback', '2026-11-24T16:00', f.operators.handlerWang, { callbackResult: 'satisfied' }), 'forbidden', /不能执行「回访」/);
    expect(count(f, 'incident_events')).toBe(events + 7); // only the closed order's own steps
    const plain = f.db.prepare(`SELECT id FROM incidents WHERE source = 'patrol'`).get();
    expect(plain).toBeUndefined();
  });

  it('the 12345 steps are refused on a case that is not an order', async () => {
    const f = deskFixture();
    const { createIncident } = await import('../../db/queries/caseWorkflow');
    const c = createIncident(
      f.db,
      { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '暴露垃圾', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'patrol' },
      sh('2026-11-24T09:00'),
    );
    expectError(() => step(f, c.id, 'return_request', '2026-11-24T09:10', f.operators.supervisor, { note: '不归我们管' }), 'invalid-input', /「申请退单」只适用于 12345 工单/);
  });

  it('a 签收 limit of zero or less is refused; the limit in force stays', () => {
    const f = deskFixture();
    expectError(() => setAckLimit(f.db, { value: 0, unit: 'wh' }, 1), 'invalid-input', /签收时限必须大于 0：收到 0/);
    expectError(() => setAckLimit(f.db, { value: -2, unit: 'wd' }, 1), 'invalid-input', /签收时限必须大于 0：收到 -2/);
    expect(getAckLimit(f.db)).toEqual({ value: 2, unit: 'wh' });
    setAckLimit(f.db, { value: 1, unit: 'wd' }, 1);
    expect(getAckLimit(f.db)).toEqual({ value: 1, unit: 'wd' });
  });

  it('names the other problems of an order', () => {
    const f = deskFixture();
    expectError(() => order(f, '2026-11-24T09:00', { orderNo: '   ' }), 'invalid-input', /工单编号不能为空/);
    expectError(() => order(f, '2026-11-24T09:00', { content: ' ' }), 'invalid-input', /诉求内容不能为空/);
    expectError(() => order(f, '2026-11-24T09:00', { platformDueAt: sh('2026-11-23T09:00') }), 'invalid-input', /平台办理时限不能早于来电时间/);
    expectError(() => order(f, '2026-11-24T09:00', { operatorId: f.operators.handlerWang }), 'forbidden', /不能登记 12345 工单/);
    expect(count(f, 'incidents')).toBe(0);
  });
});

describe('the phone is kept as written and masked safely', () => {
  it('masks mobiles as 138****5678 and never shows more than seven digits of anything', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138 **** 5678');
    expect(maskPhone('0731-84123456')).toBe('073*-****3456');
    expect(maskPhone('+86 138-1234-5678')).toBe('+86 1**-****-5678');
    expect(maskPhone('１３８１２３４５６７８')).toBe('１３８****５６７８');
    expect(maskPhone('13812345678/13987654321')).toBe('138********/*******4321');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('无')).toBe('*');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBeNull();
    for (const phone of ['13812345678', '0731-84123456', '13812345678/13987654321', 'tel:138.1234.5678 ext 99']) {
      const digits = [...(maskPhone(phone) ?? '')].filter((ch) => /\p{Nd}/u.test(ch)).length;
      expect(digits).toBeLessThanOrEqual(7);
    }
  });

  it('stores a strange phone exactly as written and lists it masked', () => {
    const f = deskFixture();
    const o = order(f, '2026-11-24T09:00', { callerPhone: ' 0731-8412 3456转8001 ' });
    expect(f.db.prepare(`SELECT caller_phone FROM hotline_orders`).pluck().get()).toBe('0731-8412 3456转8001');
    expect(hotlineView(f.db, o.incidentId)!.callerPhone).toBe('073*-**** ****转8001');
  });

  it('reads the platform’s demand types', () => {
    expect(['咨询', '求助', '投诉类', ' 举报 ', '建议', 'complaint', '表扬'].map(demandTypeOf)).toEqual(['consult', 'help', 'complaint', 'report', 'suggestion', 'complaint', null]);
  });
});

describe('export back to the platform', () => {
  it('lists the orders closed or returned in the dates with the platform’s columns, and no caller data', () => {
    const f = deskFixture();
    const a = closedOrder(f, 'GD-A');
    step(f, a, 'callback', '2026-11-24T16:00', f.operators.supervisor, { callbackResult: 'satisfied' });
    closedOrder(f, 'GD-B');
    const r = order(f, '2026-11-24T09:00', { orderNo: '=GD-C' });
    step(f, r.incidentId, 'return_request', '2026-11-24T09:10', f.operators.handlerWang, { note: '非本区事项' });
    step(f, r.incidentId, 'return_approve', '2026-11-24T09:20', f.operators.supervisor);
    order(f, '2026-11-24T09:00', { orderNo: 'GD-D' }); // still open: not exported
    const rows = platformRows(f.db, parseDateRange('2026-11-24', '2026-11-24'));
    expect(rows).toEqual([
      { orderNo: '=GD-C', result: '退单', reply: '非本区事项', finishedAt: '2026-11-24 09:20:00', callback: '' },
      { orderNo: 'GD-A', result: '已办结', reply: '已安排保洁清运', finishedAt: '2026-11-24 11:00:00', callback: '满意' },
      { orderNo: 'GD-B', result: '已办结', reply: '已安排保洁清运', finishedAt: '2026-11-24 11:00:00', callback: '待回访' },
    ]);
    expect(platformRows(f.db, parseDateRange('2026-11-25', '2026-11-30'))).toEqual([]);
  });
});

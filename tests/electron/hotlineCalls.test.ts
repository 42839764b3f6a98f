/**
 * The 12345 calls through the one entry every transport uses: the gate decides who acts and what the role
 * may do, the schema checks the input, and each supervisor's change and every phone reveal is on the
 * settings log. Refusals name the problem and leave nothing behind.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import type { Actor, Handlers, IncidentDetail } from '../../electron/contract';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

function desk(at = '2026-11-24T09:00') {
  const f = deskFixture();
  let clock = sh(at);
  const handlers = createHandlers({ db: f.db, databasePath: path.join(path.dirname(f.db.name), 'x.sqlite'), transport: 'direct', version: 'test', now: () => clock });
  const actor = (id: number): Actor => {
    const o = f.db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(id) as { id: number; name: string; role: Actor['role']; person_id: number | null };
    return { operatorId: o.id, name: o.name, role: o.role, personId: o.person_id };
  };
  const call = async (name: string, input: unknown, operatorId = f.operators.supervisor) => invokeCall(handlers, name, input, directCaller(actor(operatorId)));
  const ok = async <T>(name: string, input: unknown, operatorId?: number): Promise<T> => {
    const r = await call(name, input, operatorId);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  return { f, handlers: handlers as Handlers, call, ok, setClock: (local: string) => (clock = sh(local)) };
}

const logCount = (f: DeskFixture, action?: string) =>
  (f.db.prepare(`SELECT count(*) AS n FROM settings_log ${action ? 'WHERE action = ?' : ''}`).get(...(action ? [action] : [])) as { n: number }).n;

const newOrder = (f: DeskFixture, over: Record<string, unknown> = {}) => ({
  orderNo: 'GD20261124000123',
  callerName: '张女士',
  callerPhone: '13812345678',
  demandType: 'complaint',
  content: '小区门口垃圾堆放多日无人清理',
  categoryId: f.categories.garbage,
  gridCode: '430102001001001',
  ...over,
});

describe('12345 calls', () => {
  it('enters an order, shows the phone masked, and reveals it only to a supervisor, on the settings log', async () => {
    const d = desk();
    const { incidentId } = await d.ok<{ incidentId: number }>('hotline:create', newOrder(d.f));
    const view = await d.ok<{ callerPhone: string }>('hotline:get', { incidentId });
    expect(view.callerPhone).toBe('138****5678');
    expect(JSON.stringify(await d.ok('incidents:get', { id: incidentId }))).not.toContain('13812345678');
    expect(JSON.stringify(await d.ok('incidents:list', {}))).not.toContain('13812345678');

    const refused = await d.call('hotline:reveal-phone', { incidentId }, d.f.operators.handlerWang);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(!refused.ok && refused.error.message).toMatch(/不能执行此操作：需监督员、管理员/);
    expect(logCount(d.f, 'phone.reveal')).toBe(0);

    expect(await d.ok('hotline:reveal-phone', { incidentId })).toEqual({ orderNo: 'GD20261124000123', callerPhone: '13812345678' });
    const entry = d.f.db.prepare(`SELECT actor_name, target FROM settings_log WHERE action = 'phone.reveal'`).get();
    expect(entry).toEqual({ actor_name: '监督员陈', target: '12345 工单 GD20261124000123 来电人电话' });
  });

  it('refuses a duplicate order number by name, leaving one case', async () => {
    const d = desk();
    await d.ok('hotline:create', newOrder(d.f));
    const again = await d.call('hotline:create', newOrder(d.f, { content: '再次来电' }));
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(!again.ok && again.error.message).toMatch(/工单编号 GD20261124000123 已存在/);
    expect(d.f.db.prepare(`SELECT count(*) AS n FROM incidents`).get()).toEqual({ n: 1 });
  });

  it('records a callback: 不满意 becomes 重办, and a callback on an open order is refused', async () => {
    const d = desk();
    const { incidentId } = await d.ok<{ incidentId: number }>('hotline:create', newOrder(d.f));
    const version = () => (d.f.db.prepare(`SELECT version FROM incidents WHERE id = ?`).pluck().get(incidentId) as number);
    const early = await d.call('hotline:callback', { incidentId, expectedVersion: version(), result: 'satisfied' });
    expect(!early.ok && early.error.message).toBe('案件当前状态为「待签收」，不能执行「回访」');
    const steps: [string, number, Record<string, unknown>?][] = [
      ['acknowledge', d.f.operators.supervisor],
      ['register', d.f.operators.supervisor],
      ['dispatch', d.f.operators.supervisor],
      ['accept', d.f.operators.handlerWang],
      ['handle', d.f.operators.handlerWang, { reply: '已清运' }],
      ['verify_pass', d.f.operators.inspector],
    ];
    for (const [action, operator, extra] of steps) {
      await d.ok('incidents:transition', { incidentId, action, expectedVersion: version(), ...extra }, operator);
    }
    const redo = await d.ok<IncidentDetail>('hotline:callback', { incidentId, expectedVersion: version(), result: 'dissatisfied', note: '仍有垃圾' });
    expect(redo).toMatchObject({ status: 'dispatched', hotline: { reopenCount: 1 } });
  });

  it('sets the 签收 limit on the settings log; zero or less is refused and not logged', async () => {
    const d = desk();
    for (const value of [0, -1]) {
      const r = await d.call('hotline:set-ack-limit', { value, unit: 'wh' });
      expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
      expect(!r.ok && r.error.message).toMatch(/签收时限必须大于 0/);
    }
    expect(logCount(d.f, 'hotline.ack-limit')).toBe(0);
    expect((await d.ok<{ ackLimit: unknown }>('hotline:settings', {})).ackLimit).toEqual({ value: 2, unit: 'wh' });
    expect(await d.ok('hotline:set-ack-limit', { value: 4, unit: 'wh' })).toEqual({ value: 4, unit: 'wh' });
    const entry = d.f.db.prepare(`SELECT before, after FROM settings_log WHERE action = 'hotline.ack-limit'`).get() as { before: string; after: string };
    expect([JSON.parse(entry.before), JSON.parse(entry.after)]).toEqual([{ value: 2, unit: 'wh' }, { value: 4, unit: 'wh' }]);
    const handler = await d.call('hotline:set-ack-limit', { value: 3, unit: 'wh' }, d.f.operators.handlerWang);
    expect(handler).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('exports the period’s closed orders as an XLSX with the platform’s columns', async () => {
    const d = desk();
    const { incidentId } = await d.ok<{ incidentId: number }>('hotline:create', newOrder(d.f));
    const version = () => (d.f.db.prepare(`SELECT version FROM incidents WHERE id = ?`).pluck().get(incidentId) as number);
    await d.ok('incidents:transition', { incidentId, action: 'return_request', expectedVersion: version(), note: '非本区事项' }, d.f.operators.handlerWang);
    await d.ok('incidents:transition', { incidentId, action: 'return_approve', expectedVersion: version() });
    const out = await d.ok<{ fileName: string; dataBase64: string; orders: number }>('hotline:export', { from: '2026-11-23', to: '2026-11-29' });
    expect(out).toMatchObject({ fileName: '12345工单办理结果_2026-11-23_2026-11-29.xlsx', orders: 1 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(Buffer.from(out.dataBase64, 'base64')).buffer);
    const rows = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['工单编号', '办理结果', '答复内容', '办结时间', '回访结果'],
      ['GD20261124000123', '退单', '非本区事项', '2026-11-24 09:00:00', ''],
    ]);
  });
});

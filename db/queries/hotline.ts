/**
 * 12345 work orders (市民服务热线工单): entering an order (its case waits for 签收 in 'received'), reading it
 * with the caller's phone masked, revealing the phone, the 签收 limit, choosing the grid of an order that
 * came without one, and what the workflow needs to know about an order. The order's steps themselves
 * (签收, 办结 with the reply, 回访, 重办, 退单) are workflow actions (db/domain/workflow.ts, ./caseWorkflow.ts).
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { addWorkingTime, loadCalendar } from '../workingTime';
import { MINUTE_MS } from '../domain/time';
import { TEXT_LIMITS } from '../domain/limits';
import {
  CALLBACK_LIMIT,
  CALLBACK_RESULT_LABELS,
  DEFAULT_ACK_LIMIT,
  DEMAND_TYPES,
  DEMAND_TYPE_LABELS,
  MAX_CALLBACK_ATTEMPTS,
  ORDER_NO_MAX,
  UNREACHABLE_LABEL,
  maskPhone,
  type CallbackResult,
  type DemandType,
} from '../domain/hotline';
import { LIMIT_UNITS, isOneOf, type CoordinateSystem, type LimitUnit } from '../domain/codes';
import { STATUS_LABELS } from '../domain/workflow';
import { getSetting, setSetting } from './settings';
import { requireOperator } from './operators';
import { appendEvent } from './events';
import { nextCaseNo } from './caseNumbers';
import { checkText, requireCategory, resolveLocation } from './caseWorkflow';
import type { IncidentStatus } from '../types';

/** The setting holding the 签收 limit. */
export const ACK_LIMIT_KEY = 'hotline.ack_limit';

export interface AckLimit {
  value: number;
  unit: LimitUnit;
}

/** An order as the desk shows it: the phone is masked (see revealCallerPhone). */
export interface HotlineOrderView {
  incidentId: number;
  orderNo: string;
  calledAt: number | null;
  callerName: string | null;
  /** Masked as 138****5678; the full number only through a logged reveal. */
  callerPhone: string | null;
  demandType: DemandType | null;
  demandTypeLabel: string | null;
  platformDueAt: number | null;
  arrivedAt: number;
  ackDueAt: number | null;
  acknowledgedAt: number | null;
  reply: string | null;
  repliedAt: number | null;
  callbackDueAt: number | null;
  /** Unanswered callbacks since the last closure. */
  callbackAttempts: number;
  callbackResult: CallbackResult | null;
  /** 满意 / 基本满意 / 不满意 / 无法联系 (after three unanswered calls), or null while the callback is pending. */
  callbackResultLabel: string | null;
  callbackAt: number | null;
  /** A closed order whose callback has not yet reached an end. */
  callbackPending: boolean;
  reopenCount: number;
  returnedAt: number | null;
  /** A 退单 request awaiting a supervisor's decision. */
  pendingReturn: PendingReturn | null;
}

export interface PendingReturn {
  reason: string;
  requestedAt: number;
  operatorId: number | null;
  requestedBy: string;
}

/** What the workflow's checks need to know about an order. */
export interface HotlineState {
  ackDueAt: number | null;
  platformDueAt: number | null;
  reply: string | null;
  callbackDueAt: number | null;
  callbackAttempts: number;
  callbackResult: CallbackResult | null;
  reopenCount: number;
}

interface OrderRow {
  incident_id: number;
  order_no: string;
  called_at: number | null;
  caller_name: string | null;
  caller_phone: string | null;
  demand_type: DemandType | null;
  platform_due_at: number | null;
  arrived_at: number;
  ack_due_at: number | null;
  acknowledged_at: number | null;
  reply: string | null;
  replied_at: number | null;
  callback_due_at: number | null;
  callback_attempts: number;
  callback_result: CallbackResult | null;
  callback_at: number | null;
  reopen_count: number;
  returned_at: number | null;
}

function orderRow(db: Db, incidentId: number): (OrderRow & { status: IncidentStatus }) | undefined {
  return db
    .prepare(`SELECT h.*, i.status FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id WHERE h.incident_id = ?`)
    .get(incidentId) as (OrderRow & { status: IncidentStatus }) | undefined;
}

/** The 签收 limit in force (default 2 working hours). */
export function getAckLimit(db: Db): AckLimit {
  const v = getSetting<Partial<AckLimit>>(db, ACK_LIMIT_KEY);
  if (v && typeof v.value === 'number' && v.value > 0 && isOneOf(LIMIT_UNITS, v.unit)) return { value: v.value, unit: v.unit };
  return { ...DEFAULT_ACK_LIMIT };
}

/** Sets the 签收 limit; zero, negative or absurd values are refused with nothing changed. */
export function setAckLimit(db: Db, limit: AckLimit, now: number): AckLimit {
  if (!Number.isFinite(limit.value) || limit.value <= 0) {
    throw new AppError('invalid-input', `签收时限必须大于 0：收到 ${limit.value}`);
  }
  if (!isOneOf(LIMIT_UNITS, limit.unit)) throw new AppError('invalid-input', `签收时限的单位应为工作小时或工作日：收到 ${String(limit.unit)}`);
  const hours = limit.unit === 'wh' ? limit.value : limit.value * 8;
  if (hours > 24 * 30) throw new AppError('invalid-input', `签收时限过长：最多 30 个工作日，收到 ${limit.value} ${limit.unit === 'wh' ? '工作小时' : '工作日'}`);
  setSetting(db, ACK_LIMIT_KEY, { value: limit.value, unit: limit.unit }, now);
  return { value: limit.value, unit: limit.unit };
}

/** The setting naming the small class (by code, e.g. '0601') of an imported order whose row names none. */
export const DEFAULT_CATEGORY_KEY = 'hotline.default_category';

/** The small class an imported order gets when its row names none: the setting, else 0601 环境信访. */
export function hotlineDefaultCategory(db: Db): { id: number; name: string; isUrgent: boolean } | null {
  const code = getSetting<string>(db, DEFAULT_CATEGORY_KEY) ?? '0601';
  const row = db
    .prepare(`SELECT id, name, is_urgent FROM categories WHERE level = 2 AND is_active = 1 AND code = ? ORDER BY kind DESC LIMIT 1`)
    .get(code) as { id: number; name: string; is_urgent: number } | undefined;
  return row ? { id: row.id, name: row.name, isUrgent: row.is_urgent === 1 } : null;
}

/** When an order that arrived at `arrivedAt` must be acknowledged. */
export function ackDueAt(db: Db, arrivedAt: number): number {
  const limit = getAckLimit(db);
  return addWorkingTime(arrivedAt, limit.value, limit.unit, loadCalendar(db));
}

/** When the callback of an order closed at `closedAt` is due (1 working day). */
export function callbackDueAt(db: Db, closedAt: number): number {
  return addWorkingTime(closedAt, CALLBACK_LIMIT.value, CALLBACK_LIMIT.unit, loadCalendar(db));
}

/** The order's number, checked: trimmed, not empty, not too long. */
export function checkOrderNo(raw: string): string {
  const orderNo = raw.normalize('NFKC').trim();
  if (orderNo === '') throw new AppError('invalid-input', '工单编号不能为空');
  if ([...orderNo].length > ORDER_NO_MAX) throw new AppError('invalid-input', `工单编号过长：最多 ${ORDER_NO_MAX} 个字符`);
  if (/[\u0000-\u001f\u007f]/.test(orderNo)) throw new AppError('invalid-input', '工单编号含有控制字符');
  return orderNo;
}

/** The case already holding an order number, if any. */
export function findOrder(db: Db, orderNo: string): { incidentId: number; caseNo: string; status: IncidentStatus } | null {
  const row = db
    .prepare(`SELECT h.incident_id AS incidentId, i.case_no AS caseNo, i.status FROM hotline_orders h JOIN incidents i ON i.id = h.incident_id WHERE h.order_no = ?`)
    .get(orderNo) as { incidentId: number; caseNo: string; status: IncidentStatus } | undefined;
  return row ?? null;
}

/** The identity an order's case carries, so the same order is never entered twice (by hand or by import). */
export const orderExternalId = (orderNo: string): string => `12345:${orderNo}`;

export interface CreateOrderInput {
  operatorId: number;
  orderNo: string;
  calledAt?: number | undefined;
  callerName?: string | undefined;
  /** Kept as written, however strange; always listed masked. */
  callerPhone?: string | undefined;
  demandType?: DemandType | undefined;
  /** 诉求内容 */
  content: string;
  address?: string | undefined;
  categoryId: number;
  /** The grid, when known (by code, or from a location); otherwise left to the supervisor. */
  gridCode?: string | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
  crs?: CoordinateSystem | undefined;
  /** The platform's 办理时限. */
  platformDueAt?: number | undefined;
}

/**
 * Enters a 12345 order by hand: its case waits for 签收 ('received') with the 签收 clock running from now.
 * An order number already on the desk is refused (the existing case is named), and nothing is written.
 */
export function createHotlineOrder(db: Db, input: CreateOrderInput, now: number): { incidentId: number; caseNo: string } {
  return db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    if (!['supervisor', 'admin'].includes(operator.role)) throw new AppError('forbidden', `操作员「${operator.name}」的角色不能登记 12345 工单`);
    const orderNo = checkOrderNo(input.orderNo);
    const existing = findOrder(db, orderNo);
    if (existing) {
      throw new AppError('conflict', `工单编号 ${orderNo} 已存在（案件 ${existing.caseNo}，${STATUS_LABELS[existing.status]}）：同一工单不会重复登记`);
    }
    const category = requireCategory(db, input.categoryId);
    const content = input.content.trim();
    if (!content) throw new AppError('invalid-input', '诉求内容不能为空');
    checkText('诉求内容', content, TEXT_LIMITS.description);
    checkText('诉求地址', input.address, TEXT_LIMITS.address);
    checkText('来电人', input.callerName, TEXT_LIMITS.name);
    const phone = input.callerPhone?.trim() || null;
    if (phone !== null && [...phone].length > 60) throw new AppError('invalid-input', `联系电话过长：最多 60 个字符，收到 ${[...phone].length} 个`);
    if (input.demandType !== undefined && !isOneOf(DEMAND_TYPES, input.demandType)) {
      throw new AppError('invalid-input', `未知的诉求类型：${String(input.demandType)}（应为咨询、求助、投诉、举报、建议之一）`);
    }
    const calledAt = input.calledAt ?? now;
    if (calledAt > now + 5 * MINUTE_MS) throw new AppError('invalid-input', '来电时间不能晚于当前时间');
    if (input.platformDueAt !== undefined && input.platformDueAt <= calledAt) {
      throw new AppError('invalid-input', '平台办理时限不能早于来电时间');
    }
    const { lon, lat, gridId } = resolveLocation(db, { lon: input.lon, lat: input.lat, crs: input.crs ?? 'wgs84', gridCode: input.gridCode });
    const caseNo = nextCaseNo(db, calledAt);
    const r = db
      .prepare(
        `INSERT INTO incidents (case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat, grid_id,
           source, reporter, status, priority, reported_at, external_id, stage_started_at, created_at, updated_at)
         VALUES (@caseNo, @categoryId, @content, @address, @lon, @lat, @crs, @sourceLon, @sourceLat, @gridId,
           'hotline', '12345市民热线', 'received', @priority, @calledAt, @externalId, @now, @now, @now)`,
      )
      .run({
        caseNo,
        categoryId: category.id,
        content,
        address: input.address?.trim() || null,
        lon,
        lat,
        crs: input.crs ?? 'wgs84',
        sourceLon: input.lon ?? null,
        sourceLat: input.lat ?? null,
        gridId,
        priority: category.is_urgent ? 'urgent' : 'normal',
        calledAt,
        externalId: orderExternalId(orderNo),
        now,
      });
    const incidentId = Number(r.lastInsertRowid);
    const ackDue = ackDueAt(db, now);
    insertOrder(db, {
      incidentId,
      orderNo,
      calledAt,
      callerName: input.callerName?.trim() || null,
      callerPhone: phone,
      demandType: input.demandType ?? null,
      platformDueAt: input.platformDueAt ?? null,
      arrivedAt: now,
      ackDueAt: ackDue,
      now,
    });
    appendEvent(db, {
      incidentId,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: 'report',
      fromStatus: null,
      toStatus: 'received',
      note: `12345 工单 ${orderNo}${gridId === null ? '（未确定网格，请监督员指定）' : ''}`,
      data: { orderNo, ackDueAt: ackDue },
    });
    return { incidentId, caseNo };
  }).immediate();
}

/** One hotline_orders row (inside the caller's transaction). */
export function insertOrder(
  db: Db,
  o: {
    incidentId: number;
    orderNo: string;
    calledAt: number | null;
    callerName: string | null;
    callerPhone: string | null;
    demandType: DemandType | null;
    platformDueAt: number | null;
    arrivedAt: number;
    ackDueAt: number | null;
    now: number;
  },
): void {
  db.prepare(
    `INSERT INTO hotline_orders (incident_id, order_no, called_at, caller_name, caller_phone, demand_type, platform_due_at,
       arrived_at, ack_due_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(o.incidentId, o.orderNo, o.calledAt, o.callerName, o.callerPhone, o.demandType, o.platformDueAt, o.arrivedAt, o.ackDueAt, o.now, o.now);
}

/** The last 退单 step of a case, when it was a request: the request awaiting a decision. */
export function findPendingReturn(db: Db, incidentId: number): PendingReturn | null {
  const last = db
    .prepare(
      `SELECT action, at, note, operator_id, actor_name FROM incident_events
       WHERE incident_id = ? AND action IN ('return_request', 'return_approve', 'return_deny')
       ORDER BY at DESC, id DESC LIMIT 1`,
    )
    .get(incidentId) as { action: string; at: number; note: string | null; operator_id: number | null; actor_name: string } | undefined;
  if (!last || last.action !== 'return_request') return null;
  return { reason: last.note ?? '', requestedAt: last.at, operatorId: last.operator_id, requestedBy: last.actor_name };
}

/** What the workflow needs to know about an order; null when the case is not a 12345 order. */
export function hotlineState(db: Db, incidentId: number): HotlineState | null {
  const r = db
    .prepare(
      `SELECT ack_due_at, platform_due_at, reply, callback_due_at, callback_attempts, callback_result, reopen_count
       FROM hotline_orders WHERE incident_id = ?`,
    )
    .get(incidentId) as
    | Pick<OrderRow, 'ack_due_at' | 'platform_due_at' | 'reply' | 'callback_due_at' | 'callback_attempts' | 'callback_result' | 'reopen_count'>
    | undefined;
  if (!r) return null;
  return {
    ackDueAt: r.ack_due_at,
    platformDueAt: r.platform_due_at,
    reply: r.reply,
    callbackDueAt: r.callback_due_at,
    callbackAttempts: r.callback_attempts,
    callbackResult: r.callback_result,
    reopenCount: r.reopen_count,
  };
}

/** The label of a callback outcome, 无法联系 for three unanswered calls. */
export function callbackResultLabel(result: CallbackResult | null): string | null {
  if (result === null) return null;
  return result === 'unreachable' ? UNREACHABLE_LABEL : CALLBACK_RESULT_LABELS[result];
}

/** An order as the desk shows it, the phone masked; null when the case is not a 12345 order. */
export function hotlineView(db: Db, incidentId: number): HotlineOrderView | null {
  const r = orderRow(db, incidentId);
  if (!r) return null;
  return {
    incidentId: r.incident_id,
    orderNo: r.order_no,
    calledAt: r.called_at,
    callerName: r.caller_name,
    callerPhone: maskPhone(r.caller_phone),
    demandType: r.demand_type,
    demandTypeLabel: r.demand_type ? DEMAND_TYPE_LABELS[r.demand_type] : null,
    platformDueAt: r.platform_due_at,
    arrivedAt: r.arrived_at,
    ackDueAt: r.ack_due_at,
    acknowledgedAt: r.acknowledged_at,
    reply: r.reply,
    repliedAt: r.replied_at,
    callbackDueAt: r.callback_due_at,
    callbackAttempts: r.callback_attempts,
    callbackResult: r.callback_result,
    callbackResultLabel: callbackResultLabel(r.callback_result),
    callbackAt: r.callback_at,
    callbackPending: r.status === 'closed' && r.callback_due_at !== null && r.callback_result === null,
    reopenCount: r.reopen_count,
    returnedAt: r.returned_at,
    pendingReturn: findPendingReturn(db, incidentId),
  };
}

/** The caller's phone as written, for the supervisor who asked to see it (the handler logs the reveal). */
export function revealCallerPhone(db: Db, incidentId: number): { orderNo: string; callerPhone: string | null } {
  const r = db.prepare(`SELECT order_no, caller_phone FROM hotline_orders WHERE incident_id = ?`).get(incidentId) as
    | { order_no: string; caller_phone: string | null }
    | undefined;
  if (!r) throw new AppError('not-found', `案件 ${incidentId} 不是 12345 工单`);
  return { orderNo: r.order_no, callerPhone: r.caller_phone };
}

/**
 * The grid (and, optionally, the small class) of an order that arrived without one, chosen by the supervisor
 * before registration; logged on the case's timeline as 调整网格.
 */
export function setOrderGrid(
  db: Db,
  input: { incidentId: number; expectedVersion: number; gridCode: string; categoryId?: number | undefined; operatorId: number },
  now: number,
): void {
  db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    if (!['supervisor', 'admin'].includes(operator.role)) throw new AppError('forbidden', `操作员「${operator.name}」的角色不能指定工单网格`);
    const c = db.prepare(`SELECT i.id, i.status, i.version, i.grid_id, i.category_id FROM incidents i JOIN hotline_orders h ON h.incident_id = i.id WHERE i.id = ?`).get(input.incidentId) as
      | { id: number; status: IncidentStatus; version: number; grid_id: number | null; category_id: number }
      | undefined;
    if (!c) throw new AppError('not-found', `12345 工单不存在：案件编号 ${input.incidentId}`);
    if (c.version !== input.expectedVersion) throw new AppError('conflict', '案件已被他人修改，请刷新后重试');
    if (!['received', 'reported', 'registered', 'returned'].includes(c.status)) {
      throw new AppError('conflict', `工单当前状态为「${STATUS_LABELS[c.status]}」，派遣后不能再调整网格`);
    }
    const g = db.prepare(`SELECT id, level, name FROM grids WHERE code = ?`).get(input.gridCode) as { id: number; level: number; name: string } | undefined;
    if (!g) throw new AppError('not-found', `网格不存在：${input.gridCode}`);
    if (g.level !== 3) throw new AppError('invalid-input', `请选择社区网格（第三级），${input.gridCode} 不是`);
    const categoryId = input.categoryId !== undefined ? requireCategory(db, input.categoryId).id : c.category_id;
    db.prepare(`UPDATE incidents SET grid_id = ?, category_id = ?, version = version + 1, updated_at = ? WHERE id = ?`).run(g.id, categoryId, now, c.id);
    appendEvent(db, {
      incidentId: c.id,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: 'regrid',
      fromStatus: c.status,
      toStatus: c.status,
      note: `指定网格：${g.name}（${input.gridCode}）`,
      data: { fromGridId: c.grid_id, toGridId: g.id, ...(categoryId !== c.category_id ? { fromCategoryId: c.category_id, toCategoryId: categoryId } : {}) },
    });
  }).immediate();
}

export { MAX_CALLBACK_ATTEMPTS };

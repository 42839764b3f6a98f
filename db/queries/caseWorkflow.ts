/**
 * Writing cases: create, every workflow transition, duplicates. Each write runs in one transaction:
 * the state change and its event land together or not at all. A stale write (the case changed since
 * the caller read it) is refused, so nobody overwrites a colleague's step unknowingly.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { toWgs84 } from '../geo';
import { addWorkingTime, loadCalendar } from '../workingTime';
import { DAY_MS, MINUTE_MS, shanghaiDate } from '../domain/time';
import { TEXT_LIMITS } from '../domain/limits';
import { HOTLINE_ACTIONS, STATUS_LABELS, TRANSITIONS, nextStatus, type TransitionRule, type WorkflowAction } from '../domain/workflow';
import { stageClock, stageOfStatus } from '../domain/stages';
import { CALLBACK_RESULT_LABELS, MAX_CALLBACK_ATTEMPTS, UNREACHABLE_LABEL, isCallbackResult, type CallbackResult } from '../domain/hotline';
import { callbackDueAt, findPendingReturn, hotlineState, type HotlineState, type PendingReturn } from './hotline';
import { findPendingExtension, getIncident } from './incidents';
import { OPEN_STATUSES_SQL } from '../sql';
import { assertSeparationOfDuties } from '../trust/separation';
import { locateGrid } from './grids';
import { requireOperator } from './operators';
import { appendEvent } from './events';
import { prepared } from './prepared';
import { nextCaseNo } from './caseNumbers';
import { unitOnDuty } from './units';
import type {
  CoordinateSystem,
  DuplicateCandidate,
  IncidentDetail,
  IncidentSource,
  IncidentStatus,
  LimitUnit,
  Operator,
} from '../types';

export interface CreateIncidentInput {
  operatorId: number;
  categoryId: number;
  description: string;
  address?: string | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
  crs: CoordinateSystem;
  /** Chosen by hand when the location is outside every grid (or given without a location). */
  gridCode?: string | undefined;
  source: IncidentSource;
  reporter?: string | undefined;
  priority?: 'normal' | 'urgent' | undefined;
  /** 自行处置: the inspector fixed it on the spot; the case enters already handled. */
  fixedOnSpot?: boolean | undefined;
  reportedAt?: number | undefined;
}

export interface TransitionInput {
  incidentId: number;
  action: WorkflowAction;
  /** The version the caller saw; a different current version means someone changed the case meanwhile. */
  expectedVersion: number;
  operatorId: number;
  note?: string | undefined;
  /** dispatch: the responsible person (default: the person on duty in the grid for the category). */
  assigneeId?: number | undefined;
  /**
   * dispatch: the responsible unit (责任单位). Alone, the case goes to the unit with no person yet: any
   * handler of the unit may 签收 it. With a person, the person must belong to it.
   */
  unitId?: number | undefined;
  /** extend_request: the deadline asked for. */
  requestedDueAt?: number | undefined;
  /** 12345 orders: the reply to the citizen (答复内容), required when the order is closed (verify_pass). */
  reply?: string | undefined;
  /** callback: what the citizen said (满意 / 基本满意 / 未接通); 不满意 is the step callback_redo. */
  callbackResult?: CallbackResult | undefined;
}

interface CaseRow {
  id: number;
  status: IncidentStatus;
  version: number;
  assignee_id: number | null;
  unit_id: number | null;
  grid_id: number | null;
  category_id: number;
  priority: string;
  due_at: number | null;
  duplicate_of: number | null;
  dispatched_at: number | null;
  dispatch_due_at: number | null;
  verify_due_at: number | null;
}

/** The case columns a step reads (CaseRow). */
const CASE_ROW_COLUMNS = `id, status, version, assignee_id, unit_id, grid_id, category_id, priority, due_at, duplicate_of, dispatched_at, dispatch_due_at, verify_due_at`;

export interface CategoryLimits {
  id: number;
  level: number;
  name: string;
  is_urgent: number;
  handling_limit: number | null;
  handling_unit: LimitUnit | null;
  dispatch_limit: number | null;
  dispatch_unit: LimitUnit | null;
  verify_limit: number | null;
  verify_unit: LimitUnit | null;
  big_code: string | null;
}

export function requireCategory(db: Db, id: number): CategoryLimits {
  const c = db
    .prepare(
      `SELECT c.id, c.level, c.name, c.is_urgent, c.handling_limit, c.handling_unit, c.dispatch_limit, c.dispatch_unit,
              c.verify_limit, c.verify_unit, b.code AS big_code
       FROM categories c LEFT JOIN categories b ON b.id = c.parent_id WHERE c.id = ?`,
    )
    .get(id) as CategoryLimits | undefined;
  if (!c) throw new AppError('not-found', `案件类别不存在：编号 ${id}`);
  if (c.level !== 2) throw new AppError('invalid-input', `请选择小类，「${c.name}」是大类`);
  return c;
}

function requirePerson(db: Db, id: number): { id: number; name: string } {
  const p = db.prepare(`SELECT id, name, is_active FROM persons WHERE id = ?`).get(id) as
    | { id: number; name: string; is_active: number }
    | undefined;
  if (!p) throw new AppError('not-found', `人员不存在：编号 ${id}`);
  if (p.is_active !== 1) throw new AppError('invalid-input', `人员「${p.name}」已停用，不能派遣`);
  return p;
}

/**
 * The deadline of a stage that starts at `from`, from the category's dispatch or verification limit in
 * working time; null when the category sets no such limit (the stage then runs without a clock).
 */
export function stageDueAt(db: Db, category: CategoryLimits, stage: 'dispatch' | 'verify', from: number): number | null {
  const value = stage === 'dispatch' ? category.dispatch_limit : category.verify_limit;
  const unit = stage === 'dispatch' ? category.dispatch_unit : category.verify_unit;
  if (value === null || unit === null) return null;
  return addWorkingTime(from, value, unit, loadCalendar(db));
}

export function checkText(label: string, value: string | undefined, max: number): void {
  if (value !== undefined && [...value].length > max) {
    throw new AppError('invalid-input', `${label}过长：最多 ${max} 个字，收到 ${[...value].length} 个字`);
  }
}

/** defaultAssignee for a grid given by its code; an unknown code is refused. */
export function defaultAssigneeInGrid(db: Db, gridCode: string, categoryId: number, at: number): { id: number; name: string } | null {
  const grid = db.prepare(`SELECT id FROM grids WHERE code = ?`).get(gridCode) as { id: number } | undefined;
  if (!grid) throw new AppError('not-found', `网格不存在：${gridCode}`);
  return defaultAssignee(db, grid.id, categoryId, at);
}

/**
 * The person on duty in a grid for a category on a date: one whose duty names the category's big
 * class first, then the grid worker, then the grid leader. Null when nobody is on duty.
 */
export function defaultAssignee(db: Db, gridId: number, categoryId: number, at: number): { id: number; name: string } | null {
  const cat = db
    .prepare(`SELECT b.code AS big FROM categories c LEFT JOIN categories b ON b.id = c.parent_id WHERE c.id = ?`)
    .get(categoryId) as { big: string | null } | undefined;
  const date = shanghaiDate(at);
  const row = db
    .prepare(
      `SELECT p.id, p.name FROM duties d JOIN persons p ON p.id = d.person_id
       WHERE d.grid_id = @grid AND p.is_active = 1 AND d.valid_from <= @date AND (d.valid_to IS NULL OR d.valid_to >= @date)
         AND (d.category_big_code IS NULL OR d.category_big_code = @big)
         AND d.role IN ('enforcement_officer', 'grid_worker', 'grid_leader', 'cleaner')
       ORDER BY (d.category_big_code = @big) DESC,
                CASE d.role WHEN 'grid_worker' THEN 1 WHEN 'grid_leader' THEN 2 ELSE 3 END, d.id
       LIMIT 1`,
    )
    .get({ grid: gridId, date, big: cat?.big ?? null }) as { id: number; name: string } | undefined;
  return row ?? null;
}

/**
 * A location as given (WGS-84 after conversion) and its community grid: found from the point, or the grid
 * chosen by hand (which must agree with the point). The grid is null when neither gives one.
 */
export function resolveLocation(
  db: Db,
  input: { lon?: number | undefined; lat?: number | undefined; crs: CoordinateSystem; gridCode?: string | undefined },
): { lon: number | null; lat: number | null; gridId: number | null } {
  let lon: number | null = null;
  let lat: number | null = null;
  let gridId: number | null = null;
  if ((input.lon === undefined) !== (input.lat === undefined)) {
    throw new AppError('invalid-input', '经度和纬度必须同时填写');
  }
  if (input.lon !== undefined && input.lat !== undefined) {
    [lon, lat] = toWgs84(input.lon, input.lat, input.crs);
    gridId = locateGrid(db, lon, lat).grid?.id ?? null;
  }
  if (input.gridCode) {
    const g = db.prepare(`SELECT id, level FROM grids WHERE code = ?`).get(input.gridCode) as { id: number; level: number } | undefined;
    if (!g) throw new AppError('not-found', `网格不存在：${input.gridCode}`);
    if (g.level !== 3) throw new AppError('invalid-input', `请选择社区网格（第三级），${input.gridCode} 不是`);
    if (gridId !== null && gridId !== g.id) {
      throw new AppError('invalid-input', `所选网格 ${input.gridCode} 与位置所在网格不一致`);
    }
    gridId = g.id;
  }
  return { lon, lat, gridId };
}

export function createIncident(db: Db, input: CreateIncidentInput, now: number): IncidentDetail {
  return db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    if (operator.role === 'manager') throw new AppError('forbidden', '领导账号只能查看，不能登记案件');
    const category = requireCategory(db, input.categoryId);
    const description = input.description.trim();
    if (!description) throw new AppError('invalid-input', '问题描述不能为空');
    checkText('问题描述', description, TEXT_LIMITS.description);
    checkText('地址', input.address, TEXT_LIMITS.address);
    checkText('上报人', input.reporter, TEXT_LIMITS.name);

    const { lon, lat, gridId } = resolveLocation(db, input);
    if (gridId === null) {
      throw new AppError(
        'invalid-input',
        lon === null ? '请填写位置或选择网格' : `位置（${lon.toFixed(6)}, ${lat!.toFixed(6)}）不在任何网格内：请核对坐标系或手动选择网格`,
      );
    }
    const reportedAt = input.reportedAt ?? now;
    if (reportedAt > now + 5 * MINUTE_MS) throw new AppError('invalid-input', '发现时间不能晚于当前时间');
    const status: IncidentStatus = input.fixedOnSpot ? 'handled' : 'reported';
    const priority = input.priority ?? (category.is_urgent ? 'urgent' : 'normal');
    const caseNo = nextCaseNo(db, reportedAt);
    // A case fixed on the spot waits for verification: that stage's clock starts now.
    const verifyDueAt = input.fixedOnSpot ? stageDueAt(db, category, 'verify', now) : null;
    const r = db
      .prepare(
        `INSERT INTO incidents (case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat,
           grid_id, source, reporter, status, priority, reported_at, handled_at, is_fixed_on_spot, verify_due_at, stage_started_at,
           created_at, updated_at)
         VALUES (@caseNo, @categoryId, @description, @address, @lon, @lat, @crs, @sourceLon, @sourceLat,
           @gridId, @source, @reporter, @status, @priority, @reportedAt, @handledAt, @fixed, @verifyDueAt, @stageStartedAt, @now, @now)`,
      )
      .run({
        caseNo,
        categoryId: category.id,
        description,
        address: input.address?.trim() || null,
        lon,
        lat,
        crs: input.crs,
        sourceLon: input.lon ?? null,
        sourceLat: input.lat ?? null,
        gridId,
        source: input.source,
        reporter: input.reporter?.trim() || null,
        status,
        priority,
        reportedAt,
        handledAt: input.fixedOnSpot ? reportedAt : null,
        fixed: input.fixedOnSpot ? 1 : 0,
        verifyDueAt,
        stageStartedAt: input.fixedOnSpot ? now : null,
        now,
      });
    const id = Number(r.lastInsertRowid);
    appendEvent(db, {
      incidentId: id,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: input.fixedOnSpot ? 'fix_on_spot' : 'report',
      fromStatus: null,
      toStatus: status,
      note: input.fixedOnSpot ? '现场自行处置' : undefined,
      data: verifyDueAt !== null ? { verifyDueAt } : undefined,
    });
    return getIncident(db, id);
  }).immediate();
}

/** What the checks of a step need to know about the case. */
export interface CaseState {
  status: IncidentStatus;
  version: number;
  assigneeId: number | null;
  /** The responsible unit (absent: not checked). A case dispatched to a unit has no assignee until 签收. */
  unitId?: number | null;
  /** The handling deadline (due_at). */
  dueAt: number | null;
  /** The dispatch and verification deadlines (the stages' clocks; absent = none). */
  dispatchDueAt?: number | null;
  verifyDueAt?: number | null;
  /** When the case was (last) dispatched: the handling clock's start, resumed after a failed verification. */
  dispatchedAt?: number | null;
  /**
   * The extension request awaiting a decision (the last extension step, when it was a request). Read
   * only for the extension steps; the others never look at it.
   */
  pendingExtension: IncidentDetail['pendingExtension'];
  /** The community grid (undefined: not checked). A 12345 order may arrive without one. */
  gridId?: number | null;
  /** The 12345 order behind the case; null or absent for every other case. */
  hotline?: HotlineState | null;
  /** A 退单 request awaiting a decision (read only for the 退单 steps). */
  pendingReturn?: PendingReturn | null;
}

/** A step as asked for, before any reading of the case. */
export type StepRequest = Pick<TransitionInput, 'action' | 'expectedVersion' | 'note' | 'requestedDueAt' | 'reply' | 'callbackResult'>;

/** The rule of an action from the transition table; an unknown action is refused. */
export function transitionRule(action: WorkflowAction): TransitionRule {
  const rule = (TRANSITIONS as Partial<Record<string, TransitionRule>>)[action];
  if (!rule) throw new AppError('invalid-input', `未知的操作：${String(action)}`);
  return rule;
}

/**
 * The checks of one workflow step, with no database: the version the caller saw, the transition table
 * (legal from the current status), the operator's role, the assignee-only steps, the note, and the
 * extension rules. Throws the refusal; returns the status the case moves to and the trimmed note.
 */
export function checkTransition(
  c: CaseState,
  step: StepRequest,
  operator: Pick<Operator, 'name' | 'role' | 'personId'> & { id?: number; unitId?: number | null },
): { rule: TransitionRule; to: IncidentStatus; note: string | undefined } {
  const rule = transitionRule(step.action);
  if (c.version !== step.expectedVersion) {
    throw new AppError('conflict', `案件已被他人修改（当前状态：${STATUS_LABELS[c.status]}），请刷新后重试`);
  }
  const to = nextStatus(c.status, step.action);
  if (to === undefined) {
    throw new AppError('conflict', `案件当前状态为「${STATUS_LABELS[c.status]}」，不能执行「${rule.label}」`);
  }
  if (!rule.roles.includes(operator.role)) {
    throw new AppError('forbidden', `操作员「${operator.name}」的角色不能执行「${rule.label}」`);
  }
  if (rule.assigneeOnly && (operator.personId === null || operator.personId !== c.assigneeId) && !claimsForUnit(c, step, operator)) {
    throw new AppError(
      'forbidden',
      c.assigneeId === null && c.unitId != null && step.action !== 'accept'
        ? `案件已派遣到单位，尚无处置人：请先「${TRANSITIONS.accept.label}」`
        : `只有案件的处置责任人才能执行「${rule.label}」`,
    );
  }
  const note = step.note?.trim() || undefined;
  checkText('说明', note, TEXT_LIMITS.note);
  if (rule.needsReason && !note) throw new AppError('invalid-input', `「${rule.label}」必须填写理由`);
  if (step.action === 'extend_request') {
    if (step.requestedDueAt === undefined) throw new AppError('invalid-input', '申请延期必须填写新的期限');
    if (c.dueAt !== null && step.requestedDueAt <= c.dueAt) throw new AppError('invalid-input', '申请的新期限必须晚于现有期限');
    if (c.pendingExtension) throw new AppError('conflict', '已有待审批的延期申请');
  }
  if ((step.action === 'extend_approve' || step.action === 'extend_deny') && !c.pendingExtension) {
    throw new AppError('conflict', '没有待审批的延期申请');
  }
  checkHotlineStep(c, step, rule, operator);
  if (step.action === 'register' && c.gridId === null) {
    throw new AppError('invalid-input', '工单尚未确定所属网格：请先指定网格再立案');
  }
  return { rule, to, note };
}

/**
 * 签收 of a case dispatched to a unit with no person yet: a handler who belongs to that unit takes it (the
 * case becomes theirs).
 */
function claimsForUnit(c: CaseState, step: StepRequest, operator: { personId: number | null; unitId?: number | null }): boolean {
  return (
    step.action === 'accept' &&
    c.assigneeId === null &&
    c.unitId != null &&
    operator.personId !== null &&
    operator.unitId != null &&
    operator.unitId === c.unitId
  );
}

/** The 12345 order's own rules: its steps only on orders, the reply at closure, the callback, 退单. */
function checkHotlineStep(c: CaseState, step: StepRequest, rule: TransitionRule, operator: { id?: number }): void {
  const order = c.hotline ?? null;
  if (HOTLINE_ACTIONS.includes(step.action) && !order) throw new AppError('invalid-input', `「${rule.label}」只适用于 12345 工单`);
  const reply = step.reply?.trim() || undefined;
  checkText('答复内容', reply, TEXT_LIMITS.description);
  if (step.action === 'verify_pass' && order && !(reply ?? order.reply)) {
    throw new AppError('invalid-input', '12345 工单办结须填写答复内容（答复市民的办理结果）');
  }
  if (!order) return;
  if (step.action === 'callback' || step.action === 'callback_redo') {
    if (order.callbackResult !== null) {
      const done = order.callbackResult === 'unreachable' ? `${MAX_CALLBACK_ATTEMPTS} 次未接通，已标记为${UNREACHABLE_LABEL}` : `结果：${CALLBACK_RESULT_LABELS[order.callbackResult]}`;
      throw new AppError('conflict', `本次办结的回访已经结束（${done}），不能再次回访`);
    }
  }
  if (step.action === 'callback') {
    const result = step.callbackResult;
    if (result === undefined) throw new AppError('invalid-input', '请选择回访结果：满意、基本满意、不满意或未接通');
    if (!isCallbackResult(result)) throw new AppError('invalid-input', `未知的回访结果：${String(result)}`);
    if (result === 'dissatisfied') throw new AppError('invalid-input', '市民不满意时请选择「回访不满意（重办）」并说明原因');
  }
  if (step.action === 'callback_redo' && step.callbackResult !== undefined && step.callbackResult !== 'dissatisfied') {
    throw new AppError('invalid-input', '「回访不满意（重办）」的回访结果只能是不满意');
  }
  if (step.action === 'return_request' && c.pendingReturn) throw new AppError('conflict', '已有待审批的退单申请');
  if (step.action === 'return_approve' || step.action === 'return_deny') {
    if (!c.pendingReturn) throw new AppError('conflict', '没有待审批的退单申请');
    if (operator.id !== undefined && c.pendingReturn.operatorId === operator.id) {
      throw new AppError('forbidden', '退单须经另一名监督员审批：不能审批本人的退单申请');
    }
  }
}

/** Columns a step sets besides status, version and updated_at. */
type StepColumn =
  | 'registered_at'
  | 'dispatched_at'
  | 'handled_at'
  | 'closed_at'
  | 'assignee_id'
  | 'unit_id'
  | 'due_at'
  | 'dispatch_due_at'
  | 'verify_due_at'
  | 'stage_started_at';

/** Columns of a 12345 order a step sets. */
type OrderColumn = 'acknowledged_at' | 'reply' | 'replied_at' | 'callback_due_at' | 'callback_attempts' | 'callback_result' | 'callback_at' | 'returned_at';

/** What a checked step writes: columns set, counters bumped, and the data logged with its event. */
export interface StepWrite {
  set: Partial<Record<StepColumn, number | null>>;
  bump: ('rework_count' | 'extension_count')[];
  data: Record<string, unknown>;
  /** A 12345 order's own columns (present only for its steps). */
  order?: { set: Partial<Record<OrderColumn, number | string | null>>; bump: ('callback_attempts' | 'reopen_count')[] };
}

/**
 * The resolved dispatch: who handles the case (a person, or nobody yet when it goes to a unit), its
 * responsible unit, and the deadline (from the category's limit in working time).
 */
export interface Dispatch {
  assignee: { id: number; name: string } | null;
  /** Absent: the responsible unit is left as it is (null: the case has none). */
  unit?: { id: number; name: string } | null;
  dueAt: number;
}

/** What a step needs besides the case: the resolved dispatch and the deadlines of the stage it starts. */
export interface StepExtra {
  dispatch?: Dispatch;
  requestedDueAt?: number | undefined;
  /** register, return, unhang: the new dispatch stage's deadline (null: the category sets none). */
  dispatchDueAt?: number | null;
  /** handle: the verification stage's deadline (null: the category sets none). */
  verifyDueAt?: number | null;
  /** verify_pass of a 12345 order: when its callback is due. */
  callbackDueAt?: number;
  /** callback_redo: the new handling deadline (the clock restarts). */
  redoDueAt?: number;
  /** accept of a case dispatched to a unit: the person who takes it. */
  claim?: { id: number; name: string };
  /** The reply and the callback result as given (checked). */
  reply?: string | undefined;
  callbackResult?: CallbackResult | undefined;
  /** return_approve: the request approved. */
  pendingReturn?: PendingReturn | null;
}

/**
 * The write of a checked step (pure): which columns change and what the event records. A step that
 * finishes a stage records the stage's clock (`data.clock`: the deadline and whether it was met); a step
 * that starts one sets its deadline and when its clock started.
 */
export function planStep(action: WorkflowAction, c: CaseState, now: number, extra: StepExtra = {}): StepWrite {
  const w: StepWrite = { set: {}, bump: [], data: {} };
  const order = c.hotline ?? null;
  const orderWrite = () => (w.order ??= { set: {}, bump: [] });
  const finish = (stage: 'acknowledge' | 'dispatch' | 'handling' | 'verification' | 'callback', dueAt: number | null | undefined) => {
    const clock = stageClock(stage, dueAt, now);
    if (clock) w.data.clock = clock;
  };
  const startDispatchStage = () => {
    w.set.stage_started_at = now;
    if (extra.dispatchDueAt !== undefined) {
      w.set.dispatch_due_at = extra.dispatchDueAt;
      if (extra.dispatchDueAt !== null) w.data.dispatchDueAt = extra.dispatchDueAt;
    }
  };
  switch (action) {
    case 'register':
      w.set.registered_at = now;
      startDispatchStage();
      break;
    case 'dispatch': {
      if (!extra.dispatch) throw new AppError('internal', 'dispatch without an assignee and a deadline');
      const { assignee, unit, dueAt } = extra.dispatch;
      Object.assign(w.set, { assignee_id: assignee?.id ?? null, dispatched_at: now, due_at: dueAt, stage_started_at: now });
      if (unit !== undefined) w.set.unit_id = unit?.id ?? null;
      Object.assign(w.data, { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null, dueAt });
      if (unit) Object.assign(w.data, { unitId: unit.id, unitName: unit.name });
      finish('dispatch', c.dispatchDueAt);
      break;
    }
    case 'handle':
      w.set.handled_at = now;
      w.set.stage_started_at = now;
      if (extra.verifyDueAt !== undefined) {
        w.set.verify_due_at = extra.verifyDueAt;
        if (extra.verifyDueAt !== null) w.data.verifyDueAt = extra.verifyDueAt;
      }
      finish('handling', c.dueAt);
      if (order && extra.reply) {
        // The handler's draft of the reply; the verifier may keep or replace it at closure.
        orderWrite().set.reply = extra.reply;
        w.data.reply = extra.reply;
      }
      break;
    case 'verify_pass':
      w.set.closed_at = now;
      finish('verification', c.verifyDueAt);
      if (order) {
        // 办结: the reply goes to the citizen; the callback is due one working day later.
        const reply = extra.reply ?? order.reply;
        Object.assign(orderWrite().set, {
          reply,
          replied_at: now,
          callback_due_at: extra.callbackDueAt ?? null,
          callback_attempts: 0,
          callback_result: null,
          callback_at: null,
        });
        Object.assign(w.data, { reply, callbackDueAt: extra.callbackDueAt ?? null });
        if (c.dueAt !== null) w.data.closure = { dueAt: c.dueAt, onTime: now <= c.dueAt };
      }
      break;
    case 'acknowledge':
      orderWrite().set.acknowledged_at = now;
      finish('acknowledge', order?.ackDueAt);
      break;
    case 'callback': {
      const result = extra.callbackResult!;
      const attempt = (order?.callbackAttempts ?? 0) + 1;
      const unreachable = result === 'unreachable';
      const final = !unreachable || attempt >= MAX_CALLBACK_ATTEMPTS;
      const o = orderWrite();
      o.set.callback_at = now;
      if (unreachable) o.bump.push('callback_attempts');
      if (final) o.set.callback_result = result;
      Object.assign(w.data, { result, attempt, final });
      if (final) finish('callback', order?.callbackDueAt);
      break;
    }
    case 'callback_redo': {
      // 不满意: the order is handled again by the same person, its handling clock restarted.
      Object.assign(w.set, {
        closed_at: null,
        handled_at: null,
        dispatched_at: now,
        due_at: extra.redoDueAt ?? null,
        verify_due_at: null,
        stage_started_at: now,
      });
      const o = orderWrite();
      Object.assign(o.set, { callback_result: 'dissatisfied', callback_at: now, reply: null, replied_at: null });
      o.bump.push('reopen_count');
      Object.assign(w.data, { result: 'dissatisfied', attempt: (order?.callbackAttempts ?? 0) + 1, redo: (order?.reopenCount ?? 0) + 1, dueAt: extra.redoDueAt ?? null });
      finish('callback', order?.callbackDueAt);
      break;
    }
    case 'return_approve':
      // 退单: the order leaves the desk; its deadline no longer stands (the event log keeps it).
      orderWrite().set.returned_at = now;
      w.set.due_at = null;
      if (extra.pendingReturn) Object.assign(w.data, { requestedBy: extra.pendingReturn.requestedBy, reason: extra.pendingReturn.reason });
      break;
    case 'return_request':
    case 'return_deny':
      break;
    case 'urge': {
      // A supervisor's 催办: which stage is chased and its deadline, beside the note.
      const stage = stageOfStatus(c.status);
      const dueAt =
        stage === 'acknowledge' ? order?.ackDueAt : stage === 'dispatch' ? c.dispatchDueAt : stage === 'handling' ? c.dueAt : stage === 'verification' ? c.verifyDueAt : null;
      Object.assign(w.data, { manual: true, level: 'urge', stage, dueAt: dueAt ?? null });
      break;
    }
    case 'verify_fail':
      w.bump.push('rework_count');
      w.set.handled_at = null;
      // Back to handling: its clock (from dispatch, to the same deadline) runs again.
      w.set.stage_started_at = c.dispatchedAt ?? now;
      finish('verification', c.verifyDueAt);
      break;
    case 'return':
    case 'unhang':
      // Back to the supervisor: a new dispatch stage.
      startDispatchStage();
      break;
    case 'extend_request':
      w.data.requestedDueAt = extra.requestedDueAt;
      w.data.previousDueAt = c.dueAt;
      break;
    case 'extend_approve':
      w.set.due_at = c.pendingExtension!.requestedDueAt;
      w.bump.push('extension_count');
      Object.assign(w.data, { previousDueAt: c.dueAt, dueAt: c.pendingExtension!.requestedDueAt });
      break;
    case 'accept':
      if (extra.claim) {
        // A unit's case: the handler who 签收 it becomes its responsible person.
        w.set.assignee_id = extra.claim.id;
        Object.assign(w.data, { assigneeId: extra.claim.id, assigneeName: extra.claim.name, unitId: c.unitId ?? null });
      }
      break;
    case 'extend_deny':
    case 'reject':
    case 'hang':
    case 'void':
      break;
  }
  return w;
}

/**
 * Dispatch: the chosen person (or the one on duty), or a unit alone; the responsible unit (the one chosen,
 * else the person's); and the deadline from the category's handling limit.
 */
function resolveDispatch(
  db: Db,
  c: CaseRow,
  target: { assigneeId?: number | undefined; unitId?: number | undefined },
  now: number,
  order: HotlineState | null,
): Dispatch {
  const chosenUnit = target.unitId !== undefined ? requireActiveUnit(db, target.unitId) : null;
  const assignee =
    target.assigneeId !== undefined
      ? requirePerson(db, target.assigneeId)
      : chosenUnit
        ? null
        : c.grid_id !== null
          ? defaultAssignee(db, c.grid_id, c.category_id, now)
          : null;
  // Nobody on duty in the grid: the unit whose duty covers it, if one does (its handlers 签收).
  const dutyUnit = !assignee && !chosenUnit && target.assigneeId === undefined && c.grid_id !== null ? unitOnDuty(db, c.grid_id, c.category_id, now) : null;
  if (!assignee && !chosenUnit && !dutyUnit) throw new AppError('invalid-input', '请选择处置责任人或责任单位：该网格当前没有对应的在岗人员');
  let unit = chosenUnit ?? dutyUnit;
  if (assignee) {
    const own = db
      .prepare(`SELECT u.id, u.name FROM persons p JOIN units u ON u.id = p.unit_id WHERE p.id = ?`)
      .get(assignee.id) as { id: number; name: string } | undefined;
    if (chosenUnit && own?.id !== chosenUnit.id) {
      throw new AppError('invalid-input', `「${assignee.name}」不属于「${chosenUnit.name}」：请选择该单位的人员，或只派遣到单位`);
    }
    unit = own ?? null;
  }
  const category = requireCategory(db, c.category_id);
  if (category.handling_limit === null || category.handling_unit === null) {
    throw new AppError('invalid-input', `类别「${category.name}」没有设定处置时限，请先在类别表中设定`);
  }
  const dueAt = addWorkingTime(now, category.handling_limit, category.handling_unit, loadCalendar(db));
  // A 12345 order's own 办理时限 stands when it is earlier than the category's.
  return { assignee, unit, dueAt: order?.platformDueAt != null && order.platformDueAt < dueAt ? order.platformDueAt : dueAt };
}

function personNameOf(db: Db, id: number): string {
  return (db.prepare(`SELECT name FROM persons WHERE id = ?`).pluck().get(id) as string | undefined) ?? `#${id}`;
}

function requireActiveUnit(db: Db, id: number): { id: number; name: string } {
  const u = db.prepare(`SELECT id, name, active FROM units WHERE id = ?`).get(id) as { id: number; name: string; active: number } | undefined;
  if (!u) throw new AppError('not-found', `责任单位不存在：编号 ${id}`);
  if (u.active !== 1) throw new AppError('invalid-input', `责任单位「${u.name}」已停用，不能派遣`);
  return u;
}

/** The write: the case row (only if still at the version checked) and its event. */
function writeStep(db: Db, c: CaseRow, to: IncidentStatus, w: StepWrite, event: { action: WorkflowAction; operator: Operator; note: string | undefined }, now: number): void {
  const columns = Object.keys(w.set) as StepColumn[];
  const assignments = [
    'status = @to',
    'version = version + 1',
    'updated_at = @now',
    ...columns.map((col) => `${col} = @${col}`),
    ...w.bump.map((col) => `${col} = ${col} + 1`),
  ];
  // Compiled once per column list (the triggers and indexes of incidents make compiling it cost milliseconds).
  const changed = prepared(db, `UPDATE incidents SET ${assignments.join(', ')} WHERE id = @id AND version = @version`).run({
    ...w.set,
    id: c.id,
    to,
    now,
    version: c.version,
  });
  if (changed.changes !== 1) throw new AppError('conflict', '案件已被他人修改，请刷新后重试');
  if (w.order) {
    const orderColumns = Object.keys(w.order.set) as OrderColumn[];
    const orderAssignments = [
      'updated_at = @now',
      ...orderColumns.map((col) => `${col} = @${col}`),
      ...w.order.bump.map((col) => `${col} = ${col} + 1`),
    ];
    prepared(db, `UPDATE hotline_orders SET ${orderAssignments.join(', ')} WHERE incident_id = @id`).run({ ...w.order.set, id: c.id, now });
  }
  appendEvent(db, {
    incidentId: c.id,
    at: now,
    operatorId: event.operator.id,
    actorName: event.operator.name,
    action: event.action,
    fromStatus: c.status,
    toStatus: to,
    note: event.note,
    data: Object.keys(w.data).length ? w.data : undefined,
  });
}

/** One workflow step, checked against the transition table, the operator's role and the version. */
export function transitionIncident(db: Db, input: TransitionInput, now: number): IncidentDetail {
  return db.transaction(() => {
    transitionRule(input.action);
    const operator = requireOperator(db, input.operatorId);
    const c = db.prepare(`SELECT ${CASE_ROW_COLUMNS} FROM incidents WHERE id = ?`).get(input.incidentId) as CaseRow | undefined;
    if (!c) throw new AppError('not-found', `案件不存在：编号 ${input.incidentId}`);
    const isExtension = input.action === 'extend_request' || input.action === 'extend_approve' || input.action === 'extend_deny';
    const isReturn = input.action === 'return_request' || input.action === 'return_approve' || input.action === 'return_deny';
    const order = hotlineState(db, c.id);
    const state: CaseState = {
      status: c.status,
      version: c.version,
      assigneeId: c.assignee_id,
      unitId: c.unit_id,
      dueAt: c.due_at,
      dispatchDueAt: c.dispatch_due_at,
      verifyDueAt: c.verify_due_at,
      dispatchedAt: c.dispatched_at,
      pendingExtension: isExtension ? findPendingExtension(db, c.id) : null,
      gridId: c.grid_id,
      hotline: order,
      pendingReturn: isReturn && order ? findPendingReturn(db, c.id) : null,
    };
    const operatorUnitId =
      input.action === 'accept' && operator.personId !== null
        ? ((db.prepare(`SELECT unit_id FROM persons WHERE id = ?`).pluck().get(operator.personId) as number | null | undefined) ?? null)
        : null;
    const { to, note } = checkTransition(state, input, { ...operator, unitId: operatorUnitId });
    assertSeparationOfDuties(db, { incidentId: c.id, action: input.action, assigneeId: c.assignee_id }, operator);
    const dispatch = input.action === 'dispatch' ? resolveDispatch(db, c, input, now, order) : undefined;
    const extra: StepExtra = {
      ...(dispatch ? { dispatch } : {}),
      requestedDueAt: input.requestedDueAt,
      reply: input.reply?.trim() || undefined,
      callbackResult: input.callbackResult,
      pendingReturn: state.pendingReturn ?? null,
    };
    if (input.action === 'accept' && c.assignee_id === null && operator.personId !== null) {
      extra.claim = { id: operator.personId, name: personNameOf(db, operator.personId) };
    }
    if (input.action === 'verify_pass' && order) extra.callbackDueAt = callbackDueAt(db, now);
    if (input.action === 'callback_redo') {
      const category = requireCategory(db, c.category_id);
      if (category.handling_limit === null || category.handling_unit === null) {
        throw new AppError('invalid-input', `类别「${category.name}」没有设定处置时限，请先在类别表中设定`);
      }
      extra.redoDueAt = addWorkingTime(now, category.handling_limit, category.handling_unit, loadCalendar(db));
    }
    if (input.action === 'register' || input.action === 'return' || input.action === 'unhang') {
      extra.dispatchDueAt = stageDueAt(db, requireCategory(db, c.category_id), 'dispatch', now);
    }
    if (input.action === 'handle') extra.verifyDueAt = stageDueAt(db, requireCategory(db, c.category_id), 'verify', now);
    const write = planStep(input.action, state, now, extra);
    writeStep(db, c, to, write, { action: input.action, operator, note }, now);
    if (to === 'closed') closeDuplicatesWith(db, c.id, operator, now);
    return getIncident(db, c.id);
  }).immediate();
}

/**
 * A duplicate follows its original: when the original is closed, its duplicates still open are closed
 * with it, each with an event naming the original. (Duplicates never count in the statistics.)
 */
function closeDuplicatesWith(db: Db, originalId: number, operator: Operator, now: number): void {
  const original = db.prepare(`SELECT case_no FROM incidents WHERE id = ?`).get(originalId) as { case_no: string };
  const open = db
    .prepare(`SELECT id, status FROM incidents WHERE duplicate_of = ? AND status NOT IN ('closed', 'voided', 'rejected') ORDER BY id`)
    .all(originalId) as { id: number; status: IncidentStatus }[];
  const close = db.prepare(`UPDATE incidents SET status = 'closed', closed_at = ?, version = version + 1, updated_at = ? WHERE id = ?`);
  for (const d of open) {
    close.run(now, now, d.id);
    appendEvent(db, {
      incidentId: d.id,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: 'close_with_original',
      fromStatus: d.status,
      toStatus: 'closed',
      note: `随原案件 ${original.case_no} 结案`,
      data: { originalId },
    });
  }
}

const EARTH_M_PER_DEG_LAT = 110_574;

/**
 * Open cases of the same small class within `radiusM` metres (default 50) reported within the time
 * window before `at`: candidates the supervisor may link the new case to.
 */
export function suggestDuplicates(
  db: Db,
  q: { categoryId: number; lon: number; lat: number; at: number; radiusM?: number; windowDays?: number; excludeId?: number },
): DuplicateCandidate[] {
  const radius = q.radiusM ?? 50;
  const dLat = radius / EARTH_M_PER_DEG_LAT;
  const dLon = radius / (111_320 * Math.cos((q.lat * Math.PI) / 180));
  const rows = db
    .prepare(
      `SELECT id, case_no, status, description, reported_at, lon, lat FROM incidents
       WHERE category_id = @cat AND duplicate_of IS NULL AND id <> @exclude
         AND status IN ${OPEN_STATUSES_SQL}
         AND lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat
         AND reported_at >= @since AND reported_at <= @at`,
    )
    .all({
      cat: q.categoryId,
      exclude: q.excludeId ?? -1,
      minLon: q.lon - dLon,
      maxLon: q.lon + dLon,
      minLat: q.lat - dLat,
      maxLat: q.lat + dLat,
      since: q.at - (q.windowDays ?? 7) * DAY_MS,
      at: q.at,
    }) as { id: number; case_no: string; status: IncidentStatus; description: string; reported_at: number; lon: number; lat: number }[];
  return rows
    .map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      status: r.status,
      description: r.description,
      reportedAt: r.reported_at,
      distanceM: Math.hypot((r.lon - q.lon) * 111_320 * Math.cos((q.lat * Math.PI) / 180), (r.lat - q.lat) * EARTH_M_PER_DEG_LAT),
    }))
    .filter((r) => r.distanceM <= radius)
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** Links a case to the original it repeats; it then follows the original and leaves the statistics. */
export function linkDuplicate(
  db: Db,
  input: { incidentId: number; originalId: number; expectedVersion: number; operatorId: number; note?: string | undefined },
  now: number,
): IncidentDetail {
  return db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    if (!['supervisor', 'admin'].includes(operator.role)) {
      throw new AppError('forbidden', `操作员「${operator.name}」的角色不能标记重复案件`);
    }
    if (input.incidentId === input.originalId) throw new AppError('invalid-input', '案件不能标记为自身的重复');
    const c = db.prepare(`SELECT id, status, version, duplicate_of FROM incidents WHERE id = ?`).get(input.incidentId) as
      | { id: number; status: IncidentStatus; version: number; duplicate_of: number | null }
      | undefined;
    if (!c) throw new AppError('not-found', `案件不存在：编号 ${input.incidentId}`);
    if (c.version !== input.expectedVersion) throw new AppError('conflict', '案件已被他人修改，请刷新后重试');
    if (c.duplicate_of !== null) throw new AppError('conflict', '该案件已标记为重复');
    const original = db.prepare(`SELECT id, case_no, duplicate_of FROM incidents WHERE id = ?`).get(input.originalId) as
      | { id: number; case_no: string; duplicate_of: number | null }
      | undefined;
    if (!original) throw new AppError('not-found', `原案件不存在：编号 ${input.originalId}`);
    const rootId = original.duplicate_of ?? original.id; // always link to the root, never a chain
    if (rootId === c.id) throw new AppError('invalid-input', '不能形成循环的重复关系');
    db.prepare(`UPDATE incidents SET duplicate_of = ?, version = version + 1, updated_at = ? WHERE id = ?`).run(rootId, now, c.id);
    appendEvent(db, {
      incidentId: c.id,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: 'mark_duplicate',
      fromStatus: c.status,
      toStatus: c.status,
      note: input.note?.trim() || undefined,
      data: { originalId: rootId },
    });
    return getIncident(db, c.id);
  }).immediate();
}

import type { CategoryKind, DutyRole, IncidentSource, IncidentStatus, LimitUnit } from '../types';
import { addWorkingTime, limitToWorkingMinutes, workingMinutesBetween } from '../workingTime';
import {
  addDays,
  DAY_MS as DAY,
  HOUR_MS as HOUR,
  isoWeekday,
  MINUTE_MS as MINUTE,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiMidnight,
  SHANGHAI_OFFSET_MS,
} from '../domain/time';
import { caseNumber } from '../queries/caseNumbers';
import type { WorkingCalendar } from '../workingTime';
import type { DemoGrid } from './district';
import { pointInMultiPolygon, round6, samplePoint } from './geometry';
import { DEMO_STREETS, SPOTS } from './names';
import type { DemoStaff } from './people';
import { apportion, createRng, weightedPicker } from './random';
import type { Rng } from './random';
import {
  COMPONENT_FAULTS,
  EVENT_DESCRIPTIONS,
  EXTEND_REASONS,
  HANDLE_NOTES,
  HANG_REASONS,
  HOTLINE_DISSATISFIED_NOTES,
  HOTLINE_REPLIES,
  HOTLINE_RETURN_REASONS,
  URGE_NOTES,
  PHONE_PREFIXES,
  REJECT_REASONS,
  RETURN_REASONS,
  VERIFY_FAIL_REASONS,
  VOID_REASONS,
} from './texts';
import { SURNAMES } from './names';
import { CALLBACK_LIMIT, DEFAULT_ACK_LIMIT, MAX_CALLBACK_ATTEMPTS, type CallbackResult, type DemandType } from '../domain/hotline';
import { DEFAULT_LADDER, LADDER_ACTIONS, type LadderTarget } from '../domain/ladder';
import { LADDER_ACTOR, currentStage, ladderNote, rungTimes, type LadderRecipient } from '../supervision/ladder';
import { shanghaiDayIndex } from '../domain/time';

/**
 * The stream of demo incidents with their full case logs. Each case is simulated through the
 * workflow (report → register → dispatch → accept → handle → verify, with rejections, returns,
 * extensions, rework, hanging, voiding, duplicates and on-the-spot fixes), its deadline set at
 * dispatch in working time, and the log is then cut at the generation instant: what would happen
 * later is not written, so recent cases stay open in whatever state they had reached.
 * Cases are produced day by day in report order, so a million of them stream in bounded memory.
 */

export interface DemoCategory {
  kind: CategoryKind;
  code: string;
  name: string;
  handlingLimit: number;
  handlingUnit: LimitUnit;
  /** The dispatch and verification limits (null: the stage runs without a clock). */
  dispatchLimit?: number | null;
  dispatchUnit?: LimitUnit | null;
  verifyLimit?: number | null;
  verifyUnit?: LimitUnit | null;
  isUrgent: boolean;
}

export type DemoAction =
  | 'report'
  | 'register'
  | 'reject'
  | 'dispatch'
  | 'accept'
  | 'handle'
  | 'verify_pass'
  | 'verify_fail'
  | 'return'
  | 'extend_request'
  | 'extend_approve'
  | 'hang'
  | 'void'
  | 'mark_duplicate'
  | 'fix_on_spot'
  | 'acknowledge'
  | 'callback'
  | 'callback_redo'
  | 'return_request'
  | 'return_approve'
  | 'warn'
  | 'urge'
  | 'supervise';

export interface DemoEvent {
  at: number;
  action: DemoAction;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus;
  actorName: string;
  /** Operator index (DemoStaff.operators), when the actor is one. */
  operator: number | null;
  note: string | null;
  /**
   * Event data as the desk writes it (dispatch: assigneeId, assigneeName, dueAt; extensions:
   * requestedDueAt, previousDueAt, dueAt; duplicates: originalId). `assigneeId` holds a person
   * index and `originalId` an incident seq: the loader turns them into database ids.
   */
  data: DemoEventData | null;
}

export type DemoEventData = Readonly<Record<string, string | number | boolean | null | Readonly<Record<string, string | number | boolean>>>>;

export interface DemoIncident {
  /** 0-based position in the stream (report order). */
  seq: number;
  caseNo: string;
  category: number; // index into the categories
  description: string;
  address: string;
  lon: number;
  lat: number;
  grid: number; // index into the grids
  source: IncidentSource;
  reporter: string;
  status: IncidentStatus;
  priority: 'normal' | 'urgent';
  assignee: number | null; // person index
  reportedAt: number;
  registeredAt: number | null;
  dispatchedAt: number | null;
  handledAt: number | null;
  closedAt: number | null;
  dueAt: number | null;
  /** The dispatch and verification stages' deadlines, and when the current stage's clock started. */
  dispatchDueAt: number | null;
  verifyDueAt: number | null;
  stageStartedAt: number | null;
  duplicateOf: number | null; // seq of the original case
  isFixedOnSpot: boolean;
  reworkCount: number;
  extensionCount: number;
  version: number;
  updatedAt: number;
  events: DemoEvent[];
  /** The 12345 work order, for a case that came in from the hotline. */
  order: DemoOrder | null;
  /** Where the escalation ladder stands (the stage instance and its rungs written), and the first 督办. */
  ladderKey: string | null;
  ladderRung: number;
  supervisedAt: number | null;
}

/** A 12345 order's own columns (hotline_orders), set the way the desk's steps set them. */
export interface DemoOrder {
  orderNo: string;
  calledAt: number;
  callerName: string;
  callerPhone: string;
  demandType: DemandType;
  platformDueAt: number | null;
  arrivedAt: number;
  ackDueAt: number;
  acknowledgedAt: number | null;
  reply: string | null;
  repliedAt: number | null;
  callbackDueAt: number | null;
  callbackAttempts: number;
  callbackResult: CallbackResult | null;
  callbackAt: number | null;
  reopenCount: number;
  returnedAt: number | null;
}

/** What a 12345 order brings before its case is simulated. */
interface OrderDraft {
  orderNo: string;
  callerName: string;
  callerPhone: string;
  demandType: DemandType;
  platformDueAt: number | null;
}

export interface IncidentStreamInput {
  seed: number;
  total: number;
  /** First day (a Monday) and the generation instant (exclusive end). */
  periodStart: string;
  asOfMs: number;
  grids: readonly DemoGrid[];
  staff: DemoStaff;
  categories: readonly DemoCategory[];
  calendar: WorkingCalendar;
}

/** Relative frequency of each small class among reports (patrol view). */
const EVENT_WEIGHTS: Readonly<Record<string, number>> = {
  '0101': 1.2,
  '0102': 20,
  '0103': 3,
  '0104': 6,
  '0105': 2.5,
  '0106': 0.4,
  '0107': 0.5,
  '0201': 15,
  '0202': 3,
  '0301': 2,
  '0302': 1.5,
  '0303': 1.5,
  '0401': 12,
  '0402': 7,
  '0403': 5,
  '0404': 12,
  '0405': 2,
  '0501': 0.2,
  '0502': 0.5,
  '0503': 0.3,
  '0601': 1,
};
/** Share of all reports that concern components (部件), spread over their small classes. */
const COMPONENT_WEIGHT_TOTAL = 8;
const COMPONENT_FAVOURITES: Readonly<Record<string, number>> = { '0101': 3, '0102': 3, '0103': 2, '0107': 3, '0303': 2 };

const SOURCES: readonly IncidentSource[] = ['patrol', 'hotline', 'video', 'referral'];
const SOURCE_WEIGHTS = [0.62, 0.2, 0.12, 0.06];
/** Per source, how much more (or less) often a small class is reported than on patrol. */
const SOURCE_FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  patrol: { '0601': 0 },
  hotline: { '0303': 6, '0601': 8, '0405': 3, '0101': 3, '0201': 0.3, '0102': 0.7, '0502': 3, '0503': 3 },
  video: { '0401': 2, '0404': 2, '0402': 1.5, '0201': 0.3, '0101': 0.3, '0601': 0 },
  referral: { '0101': 5, '0601': 5, '0202': 3, '0201': 0.3 },
};

/** Reports per hour of the local day, per source. */
const HOUR_WEIGHTS: Readonly<Record<string, readonly number[]>> = {
  patrol: [0, 0, 0, 0, 0, 0, 0.05, 0.3, 1, 1.3, 1.3, 1.1, 0.5, 0.4, 0.9, 1.2, 1.2, 0.8, 0.4, 0.3, 0.2, 0.1, 0.05, 0],
  hotline: [0.1, 0.05, 0.03, 0.03, 0.03, 0.05, 0.15, 0.4, 1, 1, 1, 1, 0.7, 0.7, 1, 1, 1, 1, 0.9, 0.8, 0.8, 0.6, 0.4, 0.2],
  video: [0.3, 0.2, 0.15, 0.15, 0.15, 0.2, 0.4, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.8, 0.6, 0.4],
  referral: [0, 0, 0, 0, 0, 0, 0, 0.1, 1, 1, 1, 1, 0.3, 0.3, 1, 1, 1, 1, 0.2, 0, 0, 0, 0, 0],
  evening: [0.8, 0.5, 0.2, 0.05, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.5, 1.3, 1.1],
};

/**
 * How often things go wrong in an ordinary street and week. LATE: cases handled late (more in the weaker
 * streets, with their lag, and in busy weeks). SLIP: cases handled in time whose check (核查) slips past the
 * deadline (with the week's pressure). STALL: cases that stall for weeks — a quarter of it among an ordinary
 * street's cases whose work takes days; in a weaker street far more (with the lag cubed), and there the
 * quick cases stall for days too.
 */
const LATE_SHARE = 0.015;
const SLIP_SHARE = 0.05;
const STALL_SHARE = 0.0015;

/** Small classes an inspector often fixes on the spot (自行处置). */
const FIXABLE = new Set(['0102', '0104', '0105', '0201', '0401', '0402', '0403', '0404']);

const REFERRERS = ['区城管局交办', '市数字城管中心交办', '街道转办'];

/**
 * Who is dispatched a case of a small class: the enforcement officer for 街面秩序 (his duty's big
 * class), the cleaner for garbage and dirty roads, the grid worker for flyers and signboards, and
 * the grid leader for the rest (construction, emergencies, complaints, damaged facilities).
 */
function dutyRoleFor(category: DemoCategory): DutyRole {
  if (category.kind === 'component') return 'grid_leader';
  const big = category.code.slice(0, 2);
  if (big === '04') return 'enforcement_officer';
  if (category.code === '0101') return 'grid_leader';
  if (big === '01') return 'cleaner';
  if (big === '02') return 'grid_worker';
  return 'grid_leader';
}

interface DutySpan {
  person: number;
  from: string;
  to: string | null;
}

/** Duties per grid code and role, to find who is on duty on a date. */
function indexDuties(staff: DemoStaff): Map<string, Map<DutyRole, DutySpan[]>> {
  const index = new Map<string, Map<DutyRole, DutySpan[]>>();
  for (const d of staff.duties) {
    let byRole = index.get(d.gridCode);
    if (!byRole) index.set(d.gridCode, (byRole = new Map()));
    const list = byRole.get(d.role) ?? [];
    list.push({ person: d.person, from: d.validFrom, to: d.validTo });
    byRole.set(d.role, list);
  }
  return index;
}

function onDuty(index: Map<string, Map<DutyRole, DutySpan[]>>, gridCode: string, role: DutyRole, date: string): number | null {
  const list = index.get(gridCode)?.get(role);
  if (!list) return null;
  for (const span of list) if (span.from <= date && (span.to === null || date <= span.to)) return span.person;
  return null;
}

interface Recent {
  seq: number;
  caseNo: string;
  lon: number;
  lat: number;
  grid: number;
  address: string;
  registeredAt: number;
  endAt: number;
}

const TERMINAL: ReadonlySet<IncidentStatus> = new Set(['closed', 'rejected', 'voided', 'hung']);

/** Local time of day in ms. */
function timeOfDay(ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS;
  return local - Math.floor(local / DAY) * DAY;
}

/** The monitoring centre works 07:30–21:30 every day; it picks up a report a few minutes later. */
function centreTime(ms: number, rng: Rng): number {
  const tod = timeOfDay(ms);
  const open = 7.5 * HOUR;
  const close = 21.5 * HOUR;
  if (tod >= open && tod < close) return ms + Math.round(rng.uniform(2, 40) * MINUTE);
  const nextOpen = tod < open ? ms - tod + open : ms - tod + DAY + open;
  return nextOpen + Math.round(rng.uniform(0, 50) * MINUTE);
}

interface Actor {
  name: string;
  operator: number | null;
}

/** Everything the simulation of one case needs. */
interface CaseInput {
  rng: Rng;
  calendar: WorkingCalendar;
  staff: DemoStaff;
  dutyIndex: Map<string, Map<DutyRole, DutySpan[]>>;
  grid: DemoGrid;
  category: DemoCategory;
  role: DutyRole;
  /** Handling limit in working minutes. */
  limit: number;
  source: IncidentSource;
  reportedAt: number;
  reporter: number | null; // person index for patrol reports
  supervisor: Actor;
  inspector: number; // person index of the street inspector who verifies
  original: Recent | null;
  /** A 12345 order, and its own random stream (the rest of the district's draws are left as they were). */
  order: OrderDraft | null;
  hotlineRng: Rng;
  /** The supervisors' own 催办 draw from a stream of their own. */
  urgeRng: Rng;
  /** Another supervisor, who approves a 退单 asked for by the first. */
  secondSupervisor: Actor;
  /** How far the grid's street falls behind (DemoStreet.lag) and how busy the week is (0.5 to 2.2). */
  lag: number;
  pressure: number;
  /** Working minutes in a working day. */
  workday: number;
}

/** A case log being written: keeps timestamps non-decreasing and from/to statuses chained. */
class CaseLog {
  readonly events: DemoEvent[] = [];
  private last: number;
  private status: IncidentStatus | null = null;

  constructor(start: number) {
    this.last = start;
  }

  /** The time an event asked for at `at` gets (never before the previous event). */
  next(at: number): number {
    return Math.max(Math.round(at), this.last);
  }

  push(
    at: number,
    action: DemoAction,
    to: IncidentStatus,
    actor: Actor,
    note: string | null = null,
    data: DemoEventData | null = null,
  ): number {
    const time = Math.max(Math.round(at), this.last);
    this.last = time;
    this.events.push({
      at: time,
      action,
      fromStatus: this.status,
      toStatus: to,
      actorName: actor.name,
      operator: actor.operator,
      note,
      data,
    });
    this.status = to;
    return time;
  }
}

const REPORT_NOTES: Readonly<Record<IncidentSource, string | null>> = {
  patrol: null,
  hotline: '12345热线工单转入',
  video: '视频巡查发现',
  referral: '上级交办',
  import: null,
};

/**
 * The whole life of one case, as the desk's workflow would log it (db/workflow.ts and
 * db/queries/caseWorkflow.ts: the same actions, statuses and event data), before any cut.
 */
function simulateCase(c: CaseInput): DemoEvent[] {
  const { rng, calendar, staff, category, limit: L, reportedAt, supervisor: sup } = c;
  const urgent = category.isUrgent;
  const work = (from: number, minutes: number): number => addWorkingTime(from, Math.max(0, minutes) / 60, 'wh', calendar);
  const person = (index: number): Actor => ({
    name: staff.persons[index]!.name,
    operator: staff.operatorOfPerson.get(index) ?? null,
  });
  const onDutyAt = (role: DutyRole, at: number): number | null => onDuty(c.dutyIndex, c.grid.code, role, shanghaiDate(at));
  // Each stage on its own clock, as the desk keeps them (db/domain/stages.ts): the finishing event
  // records the stage's deadline and whether it was met.
  const stageDue = (from: number, value: number | null | undefined, unit: LimitUnit | null | undefined): number | null =>
    value === null || value === undefined || unit === null || unit === undefined ? null : addWorkingTime(from, value, unit, calendar);
  const dispatchDueFrom = (from: number) => stageDue(from, category.dispatchLimit, category.dispatchUnit);
  const verifyDueFrom = (from: number) => stageDue(from, category.verifyLimit, category.verifyUnit);
  const clock = (stage: string, dueAt: number | null, at: number): DemoEventData =>
    dueAt === null ? {} : { clock: { stage, dueAt, onTime: at <= dueAt } };
  const dispatchData = (assignee: number, dueAt: number, at: number, dispatchDue: number | null): DemoEventData => ({
    assigneeId: assignee,
    assigneeName: staff.persons[assignee]!.name,
    dueAt,
    ...clock('dispatch', dispatchDue, at),
  });
  const orNull = (data: DemoEventData): DemoEventData | null => (Object.keys(data).length ? data : null);
  const log = new CaseLog(reportedAt);

  // 自行处置: the case enters already handled; the centre confirms it from the photos.
  if (c.reporter !== null && category.kind === 'event' && FIXABLE.has(category.code) && rng.chance(0.3)) {
    const verifyDue = verifyDueFrom(reportedAt);
    log.push(reportedAt, 'fix_on_spot', 'handled', person(c.reporter), '现场自行处置', verifyDue === null ? null : { verifyDueAt: verifyDue });
    const passAt = log.next(work(reportedAt, Math.min(L, 120) * rng.uniform(0.05, 0.8)));
    log.push(passAt, 'verify_pass', 'closed', sup, '自行处置，核实结案', orNull(clock('verification', verifyDue, passAt)));
    return log.events;
  }

  const order = c.order;
  const hr = c.hotlineRng;
  let registerAt: number;
  /** A 12345 order sent back to the platform: its whole log (what follows is drawn and dropped). */
  let sentBack: DemoEvent[] | null = null;
  const result = (): DemoEvent[] => sentBack ?? log.events;
  if (order) {
    // A 12345 order waits for 签收 on its own clock, then goes the normal way (or back to the platform).
    const ackDue = addWorkingTime(reportedAt, DEFAULT_ACK_LIMIT.value, DEFAULT_ACK_LIMIT.unit, calendar);
    log.push(reportedAt, 'report', 'received', sup, `12345 工单 ${order.orderNo}`, { orderNo: order.orderNo, ackDueAt: ackDue });
    const ackAt = log.next(centreTime(reportedAt, hr) + (hr.chance(0.05) ? Math.round(hr.uniform(60, 240) * MINUTE) : 0));
    log.push(ackAt, 'acknowledge', 'reported', sup, null, clock('acknowledge', ackDue, ackAt));
    if (hr.chance(0.025)) {
      // Sent back to the platform. The rest of the case is still drawn (and dropped), so the district's other
      // cases come out as they would without the hotline's own draws.
      const back = new CaseLog(reportedAt);
      for (const e of log.events) back.push(e.at, e.action, e.toStatus, { name: e.actorName, operator: e.operator }, e.note, e.data);
      const reason = hr.pick(HOTLINE_RETURN_REASONS);
      const askAt = back.push(ackAt + Math.round(hr.uniform(3, 30) * MINUTE), 'return_request', 'reported', sup, reason);
      back.push(askAt + Math.round(hr.uniform(10, 90) * MINUTE), 'return_approve', 'returned_to_platform', c.secondSupervisor, null, { requestedBy: sup.name, reason });
      sentBack = back.events;
    }
    registerAt = Math.max(centreTime(reportedAt, rng), ackAt + Math.round(hr.uniform(1, 10) * MINUTE));
  } else {
    log.push(reportedAt, 'report', 'reported', c.reporter !== null ? person(c.reporter) : sup, REPORT_NOTES[c.source]);
    registerAt = centreTime(reportedAt, rng);
  }
  if (c.original) {
    // Linked to the open case it repeats, then not registered: it leaves the statistics.
    const caseNo = c.original.caseNo;
    log.push(registerAt, 'mark_duplicate', 'reported', sup, `与案件${caseNo}重复`, { originalId: c.original.seq });
    log.push(registerAt + rng.int(1, 5) * MINUTE, 'reject', 'rejected', sup, `重复上报，已关联案件${caseNo}，不予立案`);
    return result();
  }
  if (rng.chance(0.04)) {
    log.push(registerAt, 'reject', 'rejected', sup, rng.pick(REJECT_REASONS));
    return result();
  }
  const registeredAt = log.next(registerAt);
  let dispatchDue = dispatchDueFrom(registeredAt);
  log.push(registeredAt, 'register', 'registered', sup, null, dispatchDue === null ? null : { dispatchDueAt: dispatchDue });

  // Some dispatches wait for a working period: checks with the owner, or evening registrations. Most are
  // still within the dispatch limit (1 working hour); a few are not.
  const evening = timeOfDay(registerAt) >= 17.5 * HOUR;
  const delayed = !urgent && rng.chance(evening ? 0.3 : 0.08);
  let dispatchAt = log.next(
    delayed
      ? work(registerAt, rng.chance(0.85) ? rng.uniform(5, 55) : rng.uniform(60, 180))
      : registerAt + Math.round((urgent ? rng.uniform(1, 8) : rng.uniform(1, 25)) * MINUTE),
  );
  let assignee = onDutyAt(c.role, dispatchAt) ?? onDutyAt('grid_leader', dispatchAt)!;
  // A 12345 order's own 办理时限 stands when it is earlier than the category's.
  const handlingDue = (from: number) => {
    const d = work(from, L);
    return order?.platformDueAt != null && order.platformDueAt < d ? order.platformDueAt : d;
  };
  let due = handlingDue(dispatchAt);
  dispatchAt = log.push(dispatchAt, 'dispatch', 'dispatched', sup, null, dispatchData(assignee, due, dispatchAt, dispatchDue));

  const fate = rng.next();
  if (fate < 0.008) {
    log.push(dispatchAt + rng.uniform(10 * MINUTE, 2 * DAY), 'void', 'voided', sup, rng.pick(VOID_REASONS));
    return result();
  }
  if (fate < 0.04) {
    // Returned as not the assignee's business, and dispatched to someone else of the grid.
    const returnAt = log.next(work(dispatchAt, rng.uniform(5, 240)));
    dispatchDue = dispatchDueFrom(returnAt);
    log.push(returnAt, 'return', 'returned', person(assignee), rng.pick(RETURN_REASONS), dispatchDue === null ? null : { dispatchDueAt: dispatchDue });
    dispatchAt = log.next(work(returnAt, rng.chance(0.5) ? rng.uniform(10, 55) : rng.uniform(120, 600)));
    assignee = onDutyAt(c.role === 'grid_leader' ? 'grid_worker' : 'grid_leader', dispatchAt) ?? assignee;
    due = handlingDue(dispatchAt);
    dispatchAt = log.push(dispatchAt, 'dispatch', 'dispatched', sup, '退回后改派', dispatchData(assignee, due, dispatchAt, dispatchDue));
  }

  const handler = person(assignee);
  const acceptAt = work(dispatchAt, urgent ? rng.uniform(1, 10) : Math.min(60, L * 0.25) * rng.uniform(0.1, 1));
  let start = log.push(acceptAt, 'accept', 'handling', handler);
  if (fate > 0.985) {
    // Put on the hang list once it is clear the case cannot be done for now: within a couple of working days.
    log.push(work(acceptAt, Math.min(L, 2 * c.workday) * rng.uniform(0.2, 1.5)), 'hang', 'hung', sup, rng.pick(HANG_REASONS));
    return result();
  }

  if (rng.chance(category.handlingUnit === 'wd' ? 0.12 : 0.02)) {
    const requestAt = work(acceptAt, Math.max(10, workingMinutesBetween(acceptAt, due, calendar)) * rng.uniform(0.3, 0.8));
    const extra = Math.max(1, Math.round(category.handlingLimit * rng.uniform(0.5, 1)));
    const requested = addWorkingTime(due, extra, category.handlingUnit, calendar);
    const reason = rng.pick(EXTEND_REASONS);
    log.push(requestAt, 'extend_request', 'handling', handler, reason, { requestedDueAt: requested, previousDueAt: due });
    const approveAt = work(requestAt, rng.uniform(10, 90));
    const note = `同意延期至${shanghaiDateTime(requested)}`;
    start = log.push(approveAt, 'extend_approve', 'handling', sup, note, { previousDueAt: due, dueAt: requested });
    due = requested;
  }

  // Most cases are handled and verified before the deadline. Some are handled late — more in a busy week
  // and in the weaker streets — by up to the limit (a working day at most); and a few, nearly all in
  // the weaker streets, stall: for days, or for weeks when the work itself takes days (demolitions,
  // repairs). These stay open and overdue when the log is cut at the generation instant.
  const lateness = rng.next();
  const longWork = category.handlingUnit === 'wd' && category.handlingLimit >= 2;
  const late = LATE_SHARE * c.lag * (0.5 + 0.5 * c.pressure);
  const weakness = c.lag ** 3 - 1;
  const stuck = longWork ? STALL_SHARE * (0.25 + weakness) : STALL_SHARE * 0.4 * weakness;
  const window = workingMinutesBetween(start, due, calendar);
  // The inspector checks within the verification limit, now and then not (out on the far side of the street).
  const verifyDelay = (): number => (urgent ? rng.uniform(3, 60) : rng.chance(0.02) ? rng.uniform(200, 420) : rng.uniform(6, 200));
  let firstVerify = verifyDelay();
  let handleAt: number;
  if (lateness >= late + stuck && window > 10) {
    const offset = window * rng.uniform(0.1, 0.75);
    handleAt = work(start, offset);
    // The check usually follows in time; in a busy week it now and then slips past the deadline.
    if (!rng.chance(SLIP_SHARE * c.pressure)) firstVerify = Math.min(firstVerify, (window - offset) * rng.uniform(0.3, 0.95));
  } else if (lateness >= stuck) {
    handleAt = work(due, Math.min(L, c.workday) * rng.uniform(0.05, 1));
  } else {
    handleAt = work(due, c.workday * (longWork ? rng.uniform(8, 25) : rng.uniform(1, 5)));
  }
  const verifier = person(c.inspector);
  const handle = (at: number, note: string): { at: number; verifyDue: number | null } => {
    const t = log.next(at);
    const verifyDue = verifyDueFrom(t);
    log.push(t, 'handle', 'handled', handler, note, { ...(verifyDue === null ? {} : { verifyDueAt: verifyDue }), ...clock('handling', due, t) });
    return { at: t, verifyDue };
  };
  // A case going late is sometimes chased by a supervisor's own 催办, besides the clock's.
  if (handleAt > due && c.urgeRng.chance(0.3)) {
    const urgeAt = log.next(work(due, c.urgeRng.uniform(10, 180)));
    if (urgeAt < handleAt) {
      log.push(urgeAt, 'urge', 'handling', sup, c.urgeRng.pick(URGE_NOTES), { manual: true, level: 'urge', stage: 'handling', dueAt: due });
    }
  }
  let handled = handle(Math.max(handleAt, work(start, 5)), rng.pick(HANDLE_NOTES));
  let rework = 0;
  while (rework < 2 && rng.chance(rework === 0 ? 0.055 : 0.1)) {
    rework++;
    const failAt = log.next(work(handled.at, rework === 1 ? firstVerify : verifyDelay()));
    log.push(failAt, 'verify_fail', 'handling', verifier, rng.pick(VERIFY_FAIL_REASONS), orNull(clock('verification', handled.verifyDue, failAt)));
    const redoAt = work(failAt, Math.max(10, Math.min(L, c.workday) * rng.uniform(0.1, 0.6)));
    handled = handle(redoAt, '已按要求重新处置');
  }
  const close = (at: number, verifyDue: number | null): number => {
    const t = log.next(at);
    const data: DemoEventData = order
      ? {
          ...clock('verification', verifyDue, t),
          reply: hr.pick(HOTLINE_REPLIES),
          callbackDueAt: addWorkingTime(t, CALLBACK_LIMIT.value, CALLBACK_LIMIT.unit, calendar),
          closure: { dueAt: due, onTime: t <= due },
        }
      : clock('verification', verifyDue, t);
    return log.push(t, 'verify_pass', 'closed', verifier, '核查通过，予以结案', orNull(data));
  };
  let passAt = close(work(handled.at, rework === 0 ? firstVerify : verifyDelay()), handled.verifyDue);
  if (!order) return result();
  // A citizen whose order was closed late is more often dissatisfied.
  const dissatisfied = passAt <= due ? 0.06 : 0.3;

  // 回访: within about a working day; 未接通 up to three times; 不满意 reopens the order once as 重办.
  let callbackDue = addWorkingTime(passAt, CALLBACK_LIMIT.value, CALLBACK_LIMIT.unit, calendar);
  let attempts = 0;
  let redone = false;
  let last = passAt;
  for (;;) {
    const at = log.next(work(last, hr.uniform(20, attempts === 0 ? 420 : 240)));
    // A citizen who did not answer is less likely to answer the next call.
    if (hr.next() < (attempts === 0 ? 0.1 : 0.45)) {
      attempts++;
      const final = attempts >= MAX_CALLBACK_ATTEMPTS;
      last = log.push(at, 'callback', 'closed', sup, '电话未接通', { result: 'unreachable', attempt: attempts, final, ...(final ? clock('callback', callbackDue, at) : {}) });
      if (final) break;
      continue;
    }
    const roll = hr.next();
    if (roll < dissatisfied && !redone) {
      redone = true;
      const redoDue = work(at, L);
      log.push(at, 'callback_redo', 'dispatched', sup, hr.pick(HOTLINE_DISSATISFIED_NOTES), {
        result: 'dissatisfied',
        attempt: attempts + 1,
        redo: 1,
        dueAt: redoDue,
        ...clock('callback', callbackDue, at),
      });
      due = redoDue;
      const again = log.push(work(at, urgent ? hr.uniform(1, 10) : Math.min(60, L * 0.25) * hr.uniform(0.1, 1)), 'accept', 'handling', handler);
      const redoHandled = handle(work(again, Math.max(10, workingMinutesBetween(again, due, calendar) * hr.uniform(0.2, 0.9))), '已按市民意见重新处置');
      const redoLeft = Math.max(5, workingMinutesBetween(redoHandled.at, due, calendar));
      passAt = close(work(redoHandled.at, Math.min(verifyDelay(), redoLeft * hr.uniform(0.3, 0.95))), redoHandled.verifyDue);
      callbackDue = addWorkingTime(passAt, CALLBACK_LIMIT.value, CALLBACK_LIMIT.unit, calendar);
      attempts = 0;
      last = passAt;
      continue;
    }
    const result: CallbackResult = roll < 0.2 ? 'basic' : 'satisfied';
    log.push(at, 'callback', 'closed', sup, null, { result, attempt: attempts + 1, final: true, ...clock('callback', callbackDue, at) });
    break;
  }
  return result();
}

type CaseColumns = Pick<
  DemoIncident,
  | 'status'
  | 'assignee'
  | 'registeredAt'
  | 'dispatchedAt'
  | 'handledAt'
  | 'closedAt'
  | 'dueAt'
  | 'dispatchDueAt'
  | 'verifyDueAt'
  | 'stageStartedAt'
  | 'duplicateOf'
  | 'isFixedOnSpot'
  | 'reworkCount'
  | 'extensionCount'
  | 'version'
  | 'updatedAt'
>;

/** The case row's columns after a log, set the way the desk's transitions set them. */
function caseColumns(log: readonly DemoEvent[]): CaseColumns {
  const row = startColumns(log[0]!);
  for (const e of log) applyColumns(row, e);
  return row;
}

/** The columns before any step; then each event is applied in turn (applyColumns). */
function startColumns(first: DemoEvent): CaseColumns {
  return {
    status: first.toStatus,
    assignee: null,
    registeredAt: null,
    dispatchedAt: null,
    handledAt: null,
    closedAt: null,
    dueAt: null,
    dispatchDueAt: null,
    verifyDueAt: null,
    stageStartedAt: null,
    duplicateOf: null,
    isFixedOnSpot: first.action === 'fix_on_spot',
    reworkCount: 0,
    extensionCount: 0,
    version: 0,
    updatedAt: first.at,
  };
}

/** One event's effect on the case row. */
function applyColumns(row: CaseColumns, e: DemoEvent): void {
  row.status = e.toStatus;
  row.version++;
  row.updatedAt = e.at;
  {
    const number = (key: string): number | null => (typeof e.data?.[key] === 'number' ? (e.data[key] as number) : null);
    switch (e.action) {
      case 'report':
        if (e.toStatus === 'received') row.stageStartedAt = e.at;
        break;
      case 'register':
        row.registeredAt = e.at;
        row.dispatchDueAt = number('dispatchDueAt');
        row.stageStartedAt = e.at;
        break;
      case 'callback_redo':
        row.closedAt = null;
        row.handledAt = null;
        row.dispatchedAt = e.at;
        row.dueAt = number('dueAt');
        row.verifyDueAt = null;
        row.stageStartedAt = e.at;
        break;
      case 'return_approve':
        row.dueAt = null;
        break;
      case 'return':
        row.dispatchDueAt = number('dispatchDueAt');
        row.stageStartedAt = e.at;
        break;
      case 'dispatch':
        row.dispatchedAt = e.at;
        row.assignee = e.data!['assigneeId'] as number;
        row.dueAt = e.data!['dueAt'] as number;
        row.stageStartedAt = e.at;
        break;
      case 'fix_on_spot':
        row.handledAt = e.at;
        row.verifyDueAt = number('verifyDueAt');
        row.stageStartedAt = e.at;
        break;
      case 'handle':
        row.handledAt = e.at;
        row.verifyDueAt = number('verifyDueAt');
        row.stageStartedAt = e.at;
        break;
      case 'verify_fail':
        row.handledAt = null;
        row.reworkCount++;
        row.stageStartedAt = row.dispatchedAt;
        break;
      case 'verify_pass':
        row.closedAt = e.at;
        break;
      case 'extend_approve':
        row.dueAt = e.data!['dueAt'] as number;
        row.extensionCount++;
        break;
      case 'mark_duplicate':
        row.duplicateOf = e.data!['originalId'] as number;
        break;
      default:
        break;
    }
  }
}

/** Whom a rung reaches (a person index in `personId`, as the generator numbers people). */
type RecipientOf = (target: LadderTarget, at: number, assignee: number | null) => LadderRecipient;

/**
 * The rungs of the escalation ladder the desk's clock (db/supervision/ladder.ts) would have written into a
 * case's log before the generation instant: each stage instance's 预警, 催办 and 督办 at their times, while
 * the stage was still open. Returns the log with them and where the ladder stands at the end.
 */
function withLadder(
  log: readonly DemoEvent[],
  c: { calendar: WorkingCalendar; asOfMs: number; ackDueAt: number | null; arrivedAt: number | null; recipient: RecipientOf },
): { events: DemoEvent[]; key: string | null; rung: number; supervisedAt: number | null } {
  const events: DemoEvent[] = [];
  const row = startColumns(log[0]!);
  let key: string | null = null;
  let rung = 0;
  let supervisedAt: number | null = null;
  const rungs = DEFAULT_LADDER.rungs;
  for (let i = 0; i < log.length; i++) {
    const e = log[i]!;
    applyColumns(row, e);
    events.push(e);
    const stage = currentStage({
      status: row.status,
      due_at: row.dueAt,
      dispatch_due_at: row.dispatchDueAt,
      verify_due_at: row.verifyDueAt,
      stage_started_at: row.stageStartedAt,
      registered_at: row.registeredAt,
      dispatched_at: row.dispatchedAt,
      handled_at: row.handledAt,
      reported_at: log[0]!.at,
      ack_due_at: c.ackDueAt,
      arrived_at: c.arrivedAt,
    });
    if (!stage) continue;
    const k = `${stage.stage}:${stage.dueAt}`;
    if (k !== key) {
      key = k;
      rung = 0;
    }
    const next = i + 1 < log.length ? log[i + 1]!.at : c.asOfMs;
    // Nothing can come due before the 预警 share of the stage, which is after its start.
    if (rung >= rungs.length || next <= stage.start) continue;
    const times = rungTimes(DEFAULT_LADDER, stage.start, stage.dueAt, c.calendar);
    let floor = e.at;
    while (rung < rungs.length && times[rung]! < next) {
      const r = rungs[rung]!;
      const at = Math.max(times[rung]!, floor);
      const to = c.recipient(r.notify, at, row.assignee);
      const late = Math.max(0, Math.round(workingMinutesBetween(stage.dueAt, at, c.calendar)));
      events.push({
        at,
        action: LADDER_ACTIONS[r.level] as DemoAction,
        fromStatus: row.status,
        toStatus: row.status,
        actorName: LADDER_ACTOR,
        operator: null,
        note: ladderNote(r, stage.stage, to, late),
        data: {
          auto: true,
          level: r.level,
          rung: rung + 1,
          stage: stage.stage,
          dueAt: stage.dueAt,
          scheduledAt: times[rung]!,
          lateMinutes: late,
          recipient: { kind: to.kind, personId: to.personId ?? -1, personName: to.personName ?? '', unitName: to.unitName },
        },
      });
      if (r.level === 'supervise') supervisedAt ??= at;
      floor = at;
      rung++;
    }
  }
  return { events, key, rung, supervisedAt };
}

/** A 12345 order's own columns after a log, set the way the desk's steps set them. */
function orderColumns(draft: OrderDraft, log: readonly DemoEvent[], reportedAt: number): DemoOrder {
  const first = log[0]!;
  const o: DemoOrder = {
    ...draft,
    calledAt: reportedAt,
    arrivedAt: first.at,
    ackDueAt: first.data!['ackDueAt'] as number,
    acknowledgedAt: null,
    reply: null,
    repliedAt: null,
    callbackDueAt: null,
    callbackAttempts: 0,
    callbackResult: null,
    callbackAt: null,
    reopenCount: 0,
    returnedAt: null,
  };
  for (const e of log) {
    switch (e.action) {
      case 'acknowledge':
        o.acknowledgedAt = e.at;
        break;
      case 'verify_pass':
        Object.assign(o, { reply: e.data!['reply'], repliedAt: e.at, callbackDueAt: e.data!['callbackDueAt'], callbackAttempts: 0, callbackResult: null, callbackAt: null });
        break;
      case 'callback':
        o.callbackAt = e.at;
        if (e.data!['result'] === 'unreachable') o.callbackAttempts++;
        if (e.data!['final'] === true) o.callbackResult = e.data!['result'] as CallbackResult;
        break;
      case 'callback_redo':
        Object.assign(o, { callbackResult: 'dissatisfied', callbackAt: e.at, reply: null, repliedAt: null, reopenCount: o.reopenCount + 1 });
        break;
      case 'return_approve':
        o.returnedAt = e.at;
        break;
      default:
        break;
    }
  }
  return o;
}

const DEMAND_TYPE_WEIGHTS: readonly [DemandType, number][] = [
  ['complaint', 0.55],
  ['report', 0.15],
  ['help', 0.15],
  ['consult', 0.1],
  ['suggestion', 0.05],
];

/** A 12345 order's caller and the platform's fields, from the hotline's own random stream. */
function orderDraft(hr: Rng, date: string, daySeq: number, reportedAt: number, calendar: WorkingCalendar): OrderDraft {
  let digits = '';
  for (let i = 0; i < 8; i++) digits += String(hr.int(0, 9));
  let pick = hr.next();
  let demandType: DemandType = 'complaint';
  for (const [type, weight] of DEMAND_TYPE_WEIGHTS) {
    if (pick < weight) {
      demandType = type;
      break;
    }
    pick -= weight;
  }
  return {
    orderNo: `GD${date.replaceAll('-', '')}${String(daySeq + 1).padStart(5, '0')}`,
    callerName: `${hr.pick(SURNAMES)}${hr.chance(0.5) ? '先生' : '女士'}`,
    callerPhone: hr.pick(PHONE_PREFIXES) + digits,
    demandType,
    platformDueAt: hr.chance(0.35) ? addWorkingTime(reportedAt, hr.pick([3, 5, 10]), 'wd', calendar) : null,
  };
}

/** Streams the demo incidents in report order. */
export function* generateIncidents(input: IncidentStreamInput): Generator<DemoIncident> {
  const { seed, total, periodStart, asOfMs, grids, staff, categories, calendar } = input;
  const rng = createRng(seed, 'incidents');
  const hotlineRng = createRng(seed, 'hotline');
  const urgeRng = createRng(seed, 'urges');
  const dutyIndex = indexDuties(staff);
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  const districtGrid = grids.find((g) => g.level === 1)!;
  /** Whom a rung reaches, the way the desk finds them on the duty table (db/supervision/ladder.ts). */
  const recipientOf = (target: LadderTarget, at: number, assignee: number | null, grid: DemoGrid): LadderRecipient => {
    const date = shanghaiDate(at);
    const person = (p: number | null | undefined, kind: LadderTarget, unitName: string): LadderRecipient => ({
      kind,
      personId: p ?? null,
      personName: p === null || p === undefined ? null : staff.persons[p]!.name,
      unitName,
    });
    const firstOnDuty = (code: string, roles: readonly DutyRole[]) => {
      for (const role of roles) {
        const p = onDuty(dutyIndex, code, role, date);
        if (p !== null) return p;
      }
      return null;
    };
    switch (target) {
      case 'assignee':
        return assignee === null ? person(null, 'assignee', '指挥中心') : person(assignee, 'assignee', grid.name);
      case 'grid_leader':
        return person(onDuty(dutyIndex, grid.code, 'grid_leader', date), 'grid_leader', grid.name);
      case 'street': {
        const street = gridByCode.get(grid.parentCode!)!;
        return person(firstOnDuty(street.code, ['grid_leader', 'supervisor', 'inspector', 'other']), 'street', street.name);
      }
      case 'district': {
        const leaders = (dutyIndex.get(districtGrid.code)?.get('grid_leader') ?? []).filter((d) => d.from <= date && (d.to === null || date <= d.to) && staff.persons[d.person]!.isActive);
        return person(leaders.length ? leaders[shanghaiDayIndex(at) % leaders.length]!.person : null, 'district', districtGrid.name);
      }
    }
  };
  const lastDay = shanghaiDate(asOfMs - 1);
  const days: string[] = [];
  for (let d = periodStart; d <= lastDay; d = addDays(d, 1)) days.push(d);
  if (days.length === 0 || total <= 0) return;

  const dayRng = createRng(seed, 'days');
  const perDay = apportion(
    total,
    days.map((d) => {
      const kind = calendar.exceptions.get(d);
      const weekday = isoWeekday(d);
      const base = kind === 'holiday' ? 0.45 : kind === 'workday' ? 1 : weekday === 6 ? 0.6 : weekday === 7 ? 0.5 : 1;
      return base * dayRng.uniform(0.85, 1.15);
    }),
  );

  const hotspotRng = createRng(seed, 'hotspots');
  const communityGrids = grids.map((g, i) => ({ g, i })).filter(({ g }) => g.level === 3);
  const pickGrid = weightedPicker(
    communityGrids.map(({ g }) => {
      const activity = DEMO_STREETS[g.streetIndex!]!.activity;
      return Math.sqrt(g.areaM2) * activity * Math.exp(hotspotRng.normal() * 0.6);
    }),
  );

  // Small classes added by the user (not in the weight table) still turn up now and then.
  const componentCount = categories.filter((c) => c.kind === 'component').length;
  const categoryWeights = categories.map((c) =>
    c.kind === 'event'
      ? (EVENT_WEIGHTS[c.code] ?? 0.3)
      : ((COMPONENT_FAVOURITES[c.code] ?? 1) * COMPONENT_WEIGHT_TOTAL) / (componentCount * 1.3),
  );
  const pickSource = weightedPicker(SOURCE_WEIGHTS);
  const pickCategoryBySource = SOURCES.map((source) =>
    weightedPicker(
      categories.map((c, i) => {
        const factor = c.kind === 'event' ? (SOURCE_FACTORS[source]?.[c.code] ?? 1) : source === 'video' ? 0.3 : 1;
        return categoryWeights[i]! * factor;
      }),
    ),
  );
  const pickHour = Object.fromEntries(Object.entries(HOUR_WEIGHTS).map(([k, w]) => [k, weightedPicker(w)]));
  const limitMinutes = categories.map((c) => limitToWorkingMinutes(c.handlingLimit, c.handlingUnit, calendar));
  const workday = limitToWorkingMinutes(1, 'wd', calendar);
  // Some weeks are busier than others (campaigns, weather, festivals): more cases go late in them.
  const weekRng = createRng(seed, 'weeks');
  const pressure = Array.from({ length: Math.ceil(days.length / 7) }, () => weekRng.uniform(0.5, 2.2));
  const roleOf = categories.map(dutyRoleFor);
  const recentByCategory = new Map<number, Recent[]>();

  let seq = 0;
  for (let dayIndex = 0; dayIndex < days.length; dayIndex++) {
    const date = days[dayIndex]!;
    const midnight = shanghaiMidnight(date);
    const drafts: { source: number; category: number; at: number }[] = [];
    for (let i = 0; i < perDay[dayIndex]!; i++) {
      const source = pickSource(rng);
      const category = pickCategoryBySource[source]!(rng);
      const isBarbecue = categories[category]!.kind === 'event' && categories[category]!.code === '0405';
      const hour = pickHour[isBarbecue ? 'evening' : SOURCES[source]!]!(rng);
      const at = midnight + hour * HOUR + Math.floor((rng.next() * HOUR) / 1000) * 1000;
      drafts.push({ source, category, at });
    }
    drafts.sort((a, b) => a.at - b.at);

    for (let daySeq = 0; daySeq < drafts.length; daySeq++) {
      const draft = drafts[daySeq]!;
      // The day of the generation instant ends there: later reports have not come in yet.
      if (draft.at >= asOfMs) break;
      const category = categories[draft.category]!;
      const source = SOURCES[draft.source]!;
      const reportedAt = draft.at;
      const caseNo = caseNumber(date, daySeq + 1);

      // A duplicate repeats an earlier open case of the same small class, within 50 m of it.
      let original: Recent | null = null;
      if (rng.chance(0.035)) {
        const recent = recentByCategory.get(draft.category) ?? [];
        original =
          recent.findLast((r) => r.registeredAt < reportedAt && r.endAt > reportedAt && reportedAt - r.registeredAt < 3 * DAY) ??
          null;
      }
      const place = original ? nearby(rng, grids, original) : freshPlace(rng, grids, communityGrids[pickGrid(rng)]!.i);
      const grid = grids[place.grid]!;

      const spot = rng.pick(SPOTS);
      const description =
        category.kind === 'event'
          ? rng.pick(EVENT_DESCRIPTIONS[category.code] ?? [`{spot}发现${category.name}问题`]).replace('{spot}', spot)
          : `${spot}${category.name}${rng.pick(COMPONENT_FAULTS)}`;
      const supervisor = staff.supervisors[rng.int(0, staff.supervisors.length - 1)]!;
      const inspector = rng.pick(staff.inspectors[grid.streetIndex!]!);
      let reporterPerson: number | null = null;
      let reporter: string;
      if (source === 'patrol') {
        const worker = onDuty(dutyIndex, grid.code, 'grid_worker', date);
        reporterPerson = worker !== null && rng.chance(0.6) ? worker : inspector;
        reporter = staff.persons[reporterPerson]!.name;
      } else {
        reporter = source === 'hotline' ? '12345市民热线' : source === 'video' ? '视频监控' : rng.pick(REFERRERS);
      }

      const order = source === 'hotline' ? orderDraft(hotlineRng, date, daySeq, reportedAt, calendar) : null;
      const second = staff.supervisors[(staff.supervisors.indexOf(supervisor) + 1) % staff.supervisors.length]!;
      const events = simulateCase({
        rng,
        calendar,
        staff,
        dutyIndex,
        grid,
        category,
        role: roleOf[draft.category]!,
        limit: limitMinutes[draft.category]!,
        source,
        reportedAt,
        reporter: reporterPerson,
        supervisor: { name: staff.operators[supervisor]!.name, operator: supervisor },
        inspector,
        original,
        order,
        hotlineRng,
        urgeRng,
        secondSupervisor: { name: staff.operators[second]!.name, operator: second },
        lag: DEMO_STREETS[grid.streetIndex!]!.lag ?? 1,
        pressure: pressure[Math.floor(dayIndex / 7)]!,
        workday,
      });
      // Keep what happened before the generation instant; later steps have not happened yet.
      let kept = events.length;
      while (kept > 1 && events[kept - 1]!.at >= asOfMs) kept--;
      const log = kept === events.length ? events : events.slice(0, kept);
      const columns = caseColumns(log);
      const ladder = withLadder(log, {
        calendar,
        asOfMs,
        ackDueAt: order ? (log[0]!.data!['ackDueAt'] as number) : null,
        arrivedAt: order ? reportedAt : null,
        recipient: (target, at, assignee) => recipientOf(target, at, assignee, grid),
      });

      if (columns.registeredAt !== null) {
        const terminal = log.find((e) => TERMINAL.has(e.toStatus));
        const list = recentByCategory.get(draft.category) ?? [];
        list.push({ seq, caseNo, ...place, registeredAt: columns.registeredAt, endAt: terminal ? terminal.at : Infinity });
        if (list.length > 24) list.shift();
        recentByCategory.set(draft.category, list);
      }
      yield {
        seq,
        caseNo,
        category: draft.category,
        description,
        ...place,
        source,
        reporter,
        priority: category.isUrgent ? 'urgent' : 'normal',
        reportedAt,
        ...columns,
        events: ladder.events,
        order: order ? orderColumns(order, log, reportedAt) : null,
        ladderKey: ladder.key,
        ladderRung: ladder.rung,
        supervisedAt: ladder.supervisedAt,
      };
      seq++;
    }
  }
}

interface Place {
  lon: number;
  lat: number;
  grid: number;
  address: string;
}

/** A random point of a community grid (rounded, still inside), with an address on a road of its street. */
function freshPlace(rng: Rng, grids: readonly DemoGrid[], gridIndex: number): Place {
  const grid = grids[gridIndex]!;
  let lon: number;
  let lat: number;
  // Rounding may push a point sampled next to the edge out of its grid: draw again then.
  do {
    const [x, y] = samplePoint(rng, grid.shape, grid.bbox);
    [lon, lat] = [round6(x), round6(y)];
  } while (!pointInMultiPolygon(lon, lat, grid.shape));
  const roads = DEMO_STREETS[grid.streetIndex!]!.roads;
  const road = rng.pick(roads);
  const address = rng.chance(0.12)
    ? `${road}与${rng.pick(roads.filter((r) => r !== road))}交叉口`
    : `${road}${rng.int(1, 120) * 2 - (rng.chance(0.5) ? 1 : 0)}号附近`;
  return { lon, lat, grid: gridIndex, address };
}

/** A point 3–45 m from an earlier case, in the same grid (or the very spot when none fits). */
function nearby(rng: Rng, grids: readonly DemoGrid[], original: Recent): Place {
  const shape = grids[original.grid]!.shape;
  const metresPerDegreeLon = 111_320 * Math.cos((original.lat * Math.PI) / 180);
  for (let attempt = 0; attempt < 8; attempt++) {
    const distance = rng.uniform(3, 45);
    const angle = rng.uniform(0, 2 * Math.PI);
    const lon = round6(original.lon + (distance * Math.cos(angle)) / metresPerDegreeLon);
    const lat = round6(original.lat + (distance * Math.sin(angle)) / 111_320);
    if (pointInMultiPolygon(lon, lat, shape)) return { lon, lat, grid: original.grid, address: original.address };
  }
  return { lon: original.lon, lat: original.lat, grid: original.grid, address: original.address };
}

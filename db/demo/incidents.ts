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
  REJECT_REASONS,
  RETURN_REASONS,
  VERIFY_FAIL_REASONS,
  VOID_REASONS,
} from './texts';

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
  | 'fix_on_spot';

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

export type DemoEventData = Readonly<Record<string, string | number | null>>;

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
  duplicateOf: number | null; // seq of the original case
  isFixedOnSpot: boolean;
  reworkCount: number;
  extensionCount: number;
  version: number;
  updatedAt: number;
  events: DemoEvent[];
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
}

/** A case log being written: keeps timestamps non-decreasing and from/to statuses chained. */
class CaseLog {
  readonly events: DemoEvent[] = [];
  private last: number;
  private status: IncidentStatus | null = null;

  constructor(start: number) {
    this.last = start;
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
  const dispatchData = (assignee: number, dueAt: number): DemoEventData => ({
    assigneeId: assignee,
    assigneeName: staff.persons[assignee]!.name,
    dueAt,
  });
  const log = new CaseLog(reportedAt);

  // 自行处置: the case enters already handled; the centre confirms it from the photos.
  if (c.reporter !== null && category.kind === 'event' && FIXABLE.has(category.code) && rng.chance(0.3)) {
    log.push(reportedAt, 'fix_on_spot', 'handled', person(c.reporter), '现场自行处置');
    log.push(work(reportedAt, Math.min(L, 120) * rng.uniform(0.05, 0.8)), 'verify_pass', 'closed', sup, '自行处置，核实结案');
    return log.events;
  }

  log.push(reportedAt, 'report', 'reported', c.reporter !== null ? person(c.reporter) : sup, REPORT_NOTES[c.source]);
  const registerAt = centreTime(reportedAt, rng);
  if (c.original) {
    // Linked to the open case it repeats, then not registered: it leaves the statistics.
    const caseNo = c.original.caseNo;
    log.push(registerAt, 'mark_duplicate', 'reported', sup, `与案件${caseNo}重复`, { originalId: c.original.seq });
    log.push(registerAt + rng.int(1, 5) * MINUTE, 'reject', 'rejected', sup, `重复上报，已关联案件${caseNo}，不予立案`);
    return log.events;
  }
  if (rng.chance(0.04)) {
    log.push(registerAt, 'reject', 'rejected', sup, rng.pick(REJECT_REASONS));
    return log.events;
  }
  log.push(registerAt, 'register', 'registered', sup);

  // Some dispatches wait for a working period: checks with the owner, or evening registrations.
  const evening = timeOfDay(registerAt) >= 17.5 * HOUR;
  const delayed = !urgent && rng.chance(evening ? 0.3 : 0.08);
  let dispatchAt = delayed
    ? work(registerAt, rng.uniform(30, 180))
    : registerAt + Math.round((urgent ? rng.uniform(1, 8) : rng.uniform(1, 25)) * MINUTE);
  let assignee = onDutyAt(c.role, dispatchAt) ?? onDutyAt('grid_leader', dispatchAt)!;
  let due = work(dispatchAt, L);
  dispatchAt = log.push(dispatchAt, 'dispatch', 'dispatched', sup, null, dispatchData(assignee, due));

  const fate = rng.next();
  if (fate < 0.008) {
    log.push(dispatchAt + rng.uniform(10 * MINUTE, 2 * DAY), 'void', 'voided', sup, rng.pick(VOID_REASONS));
    return log.events;
  }
  if (fate < 0.04) {
    // Returned as not the assignee's business, and dispatched to someone else of the grid.
    const returnAt = work(dispatchAt, rng.uniform(5, 60));
    log.push(returnAt, 'return', 'returned', person(assignee), rng.pick(RETURN_REASONS));
    dispatchAt = work(returnAt, rng.uniform(30, 480));
    assignee = onDutyAt(c.role === 'grid_leader' ? 'grid_worker' : 'grid_leader', dispatchAt) ?? assignee;
    due = work(dispatchAt, L);
    dispatchAt = log.push(dispatchAt, 'dispatch', 'dispatched', sup, '退回后改派', dispatchData(assignee, due));
  }

  const handler = person(assignee);
  const acceptAt = work(dispatchAt, urgent ? rng.uniform(1, 10) : Math.min(60, L * 0.25) * rng.uniform(0.1, 1));
  let start = log.push(acceptAt, 'accept', 'handling', handler);
  if (fate > 0.985) {
    log.push(work(acceptAt, L * rng.uniform(0.2, 1.5)), 'hang', 'hung', sup, rng.pick(HANG_REASONS));
    return log.events;
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

  // Most cases are handled and verified before the deadline; some are handled late, a few very
  // late (these stay open and overdue when the log is cut at the generation instant).
  const lateness = rng.next();
  const window = workingMinutesBetween(start, due, calendar);
  const verifyDelay = (): number => (urgent ? rng.uniform(3, 60) : rng.uniform(6, 210));
  let firstVerify = verifyDelay();
  let handleAt: number;
  if (lateness < 0.86 && window > 10) {
    const offset = window * rng.uniform(0.1, 0.75);
    handleAt = work(start, offset);
    firstVerify = Math.min(firstVerify, (window - offset) * rng.uniform(0.3, 0.95));
  } else if (lateness < 0.97) {
    handleAt = work(due, L * rng.uniform(0.05, 1.2));
  } else {
    handleAt = work(due, L * rng.uniform(1.2, 5));
  }
  const verifier = person(c.inspector);
  let handledAt = log.push(Math.max(handleAt, work(start, 5)), 'handle', 'handled', handler, rng.pick(HANDLE_NOTES));
  let rework = 0;
  while (rework < 2 && rng.chance(rework === 0 ? 0.07 : 0.12)) {
    rework++;
    const failAt = work(handledAt, rework === 1 ? firstVerify : verifyDelay());
    log.push(failAt, 'verify_fail', 'handling', verifier, rng.pick(VERIFY_FAIL_REASONS));
    const redoAt = work(failAt, Math.max(10, L * rng.uniform(0.1, 0.6)));
    handledAt = log.push(redoAt, 'handle', 'handled', handler, '已按要求重新处置');
  }
  const passAt = work(handledAt, rework === 0 ? firstVerify : verifyDelay());
  log.push(passAt, 'verify_pass', 'closed', verifier, '核查通过，予以结案');
  return log.events;
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
  | 'duplicateOf'
  | 'isFixedOnSpot'
  | 'reworkCount'
  | 'extensionCount'
  | 'version'
  | 'updatedAt'
>;

/** The case row's columns after a log, set the way the desk's transitions set them. */
function caseColumns(log: readonly DemoEvent[]): CaseColumns {
  const final = log[log.length - 1]!;
  const row: CaseColumns = {
    status: final.toStatus,
    assignee: null,
    registeredAt: null,
    dispatchedAt: null,
    handledAt: null,
    closedAt: null,
    dueAt: null,
    duplicateOf: null,
    isFixedOnSpot: log[0]!.action === 'fix_on_spot',
    reworkCount: 0,
    extensionCount: 0,
    version: log.length,
    updatedAt: final.at,
  };
  for (const e of log) {
    switch (e.action) {
      case 'register':
        row.registeredAt = e.at;
        break;
      case 'dispatch':
        row.dispatchedAt = e.at;
        row.assignee = e.data!['assigneeId'] as number;
        row.dueAt = e.data!['dueAt'] as number;
        break;
      case 'fix_on_spot':
      case 'handle':
        row.handledAt = e.at;
        break;
      case 'verify_fail':
        row.handledAt = null;
        row.reworkCount++;
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
  return row;
}

/** Streams the demo incidents in report order. */
export function* generateIncidents(input: IncidentStreamInput): Generator<DemoIncident> {
  const { seed, total, periodStart, asOfMs, grids, staff, categories, calendar } = input;
  const rng = createRng(seed, 'incidents');
  const dutyIndex = indexDuties(staff);
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
      });
      // Keep what happened before the generation instant; later steps have not happened yet.
      let kept = events.length;
      while (kept > 1 && events[kept - 1]!.at >= asOfMs) kept--;
      const log = kept === events.length ? events : events.slice(0, kept);
      const columns = caseColumns(log);

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
        events: log,
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

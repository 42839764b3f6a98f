/**
 * Desk data for renderer tests: operators of every role, persons on duty in the fixture grids,
 * a small category table, and builders for list rows and case details.
 */
import type {
  Account,
  Category,
  IncidentDetail,
  IncidentEvent,
  IncidentListItem,
  Operator,
  PersonSummary,
  PersonWorkload,
} from '../../electron/contract';

// The grids of the fixture district (fixtures.ts), repeated here so the two modules do not import each other.
const GRID_CODES = ['430102001001001', '430102001001002', '430102002001001'] as const;

export const OPERATORS: Operator[] = [
  { id: 1, name: '陈监督', role: 'supervisor', personId: null, personName: null, isActive: true },
  { id: 2, name: '周巡查', role: 'inspector', personId: null, personName: null, isActive: true },
  { id: 3, name: '王建国', role: 'handler', personId: 11, personName: null, isActive: true },
  { id: 4, name: '刘科长', role: 'manager', personId: null, personName: null, isActive: true },
  { id: 5, name: '系统管理员', role: 'admin', personId: null, personName: null, isActive: true },
  { id: 6, name: '已离职', role: 'supervisor', personId: null, personName: null, isActive: false },
];

export const OPERATOR = { supervisor: 1, inspector: 2, handlerWang: 3, manager: 4, admin: 5 } as const;

/** An operator of the fixture as the logged-in account the session gives the desk. */
export function accountOf(id: number): Account {
  const o = OPERATORS.find((op) => op.id === id);
  if (!o) throw new Error(`no fixture operator ${id}`);
  return { id: o.id, name: o.name, role: o.role, personId: o.personId, isActive: o.isActive, hasPassword: true, isDemo: false, lockedUntil: null };
}

export const PERSONS: PersonSummary[] = [
  {
    id: 11,
    name: '王建国',
    phone: '13800000001',
    organization: '文艺路街道办事处',
    isActive: true,
    duties: [{ id: 101, gridCode: GRID_CODES[0], gridName: '识字岭社区第一网格', role: 'grid_worker', categoryBigCode: null, validFrom: '2026-01-01', validTo: null }],
  },
  {
    id: 12,
    name: '李秀英',
    phone: '13800000002',
    organization: '文艺路街道办事处',
    isActive: true,
    duties: [{ id: 102, gridCode: GRID_CODES[1], gridName: '识字岭社区第二网格', role: 'grid_worker', categoryBigCode: null, validFrom: '2026-01-01', validTo: null }],
  },
  {
    id: 13,
    name: '赵强',
    phone: null,
    organization: '城管执法中队',
    isActive: true,
    duties: [{ id: 103, gridCode: GRID_CODES[0], gridName: '识字岭社区第一网格', role: 'enforcement_officer', categoryBigCode: '04', validFrom: '2026-01-01', validTo: null }],
  },
];

export const WORKLOAD: PersonWorkload[] = [
  { personId: 11, name: '王建国', isActive: true, open: 7, overdue: 2, closedThisWeek: 5 },
  { personId: 12, name: '李秀英', isActive: true, open: 3, overdue: 0, closedThisWeek: 1 },
  { personId: 13, name: '赵强', isActive: true, open: 0, overdue: 0, closedThisWeek: 0 },
];

function category(id: number, level: 1 | 2, code: string, name: string, parentId: number | null, extra: Partial<Category> = {}): Category {
  return {
    id,
    kind: 'event',
    level,
    code,
    parentId,
    name,
    dispatchLimit: null,
    dispatchUnit: null,
    handlingLimit: level === 2 ? 4 : null,
    handlingUnit: level === 2 ? 'wh' : null,
    verifyLimit: null,
    verifyUnit: null,
    isUrgent: false,
    cleanupLabel: null,
    isActive: true,
    ...extra,
  };
}

export const CATEGORIES: Category[] = [
  category(1, 1, '01', '市容环境', null),
  category(2, 2, '0102', '暴露垃圾', 1),
  category(3, 2, '0104', '道路不洁', 1, { handlingLimit: 2 }),
  category(4, 1, '05', '突发事件', null),
  category(5, 2, '0502', '道路积水', 4, { isUrgent: true }),
];

/** Reported at 2026-11-25 09:00 Shanghai. */
export const REPORTED_AT = Date.parse('2026-11-25T09:00:00+08:00');

export function listItem(id: number, overrides: Partial<IncidentListItem> = {}): IncidentListItem {
  return {
    id,
    caseNo: `20261125${String(id).padStart(5, '0')}`,
    status: 'reported',
    priority: 'normal',
    categoryCode: '0102',
    categoryName: '暴露垃圾',
    bigClassName: '市容环境',
    gridCode: GRID_CODES[0],
    gridName: '识字岭社区第一网格',
    streetName: '文艺路街道',
    assigneeId: null,
    assigneeName: null,
    source: 'patrol',
    address: '芙蓉中路 1 号',
    description: `第 ${id} 件：人行道堆放垃圾`,
    reportedAt: REPORTED_AT - id * 60_000,
    dueAt: null,
    closedAt: null,
    duplicateOf: null,
    reworkCount: 0,
    isFixedOnSpot: false,
    version: 1,
    ...overrides,
  };
}

export function event(id: number, action: string, from: IncidentEvent['fromStatus'], to: IncidentEvent['toStatus'], extra: Partial<IncidentEvent> = {}): IncidentEvent {
  return { id, at: REPORTED_AT + id * 600_000, operatorId: 1, actorName: '陈监督', action, fromStatus: from, toStatus: to, note: null, data: null, ...extra };
}

export function detail(id: number, overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    ...listItem(id),
    categoryId: 2,
    lon: 112.985,
    lat: 28.203,
    sourceCrs: 'wgs84',
    sourceLon: 112.985,
    sourceLat: 28.203,
    reporter: '周巡查',
    registeredAt: null,
    dispatchedAt: null,
    handledAt: null,
    extensionCount: 0,
    pendingExtension: null,
    events: [event(1, 'report', null, 'reported', { actorName: '周巡查', note: '巡查发现' })],
    duplicates: [],
    original: null,
    ...overrides,
  };
}

/** A case being handled by 王建国 (person 11), with its history. */
export function handlingCase(id = 42, overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return detail(id, {
    status: 'handling',
    assigneeId: 11,
    assigneeName: '王建国',
    registeredAt: REPORTED_AT + 600_000,
    dispatchedAt: REPORTED_AT + 1_200_000,
    dueAt: REPORTED_AT + 5 * 3_600_000,
    version: 4,
    events: [
      event(1, 'report', null, 'reported', { actorName: '周巡查', note: '巡查发现' }),
      event(2, 'register', 'reported', 'registered'),
      event(3, 'dispatch', 'registered', 'dispatched', { data: { assigneeId: 11, assigneeName: '王建国', dueAt: REPORTED_AT + 5 * 3_600_000 } }),
      event(4, 'accept', 'dispatched', 'handling', { actorName: '王建国', operatorId: 3 }),
    ],
    ...overrides,
  });
}

/**
 * A tiny district for renderer tests: 1 district, 2 streets, 3 community grids, in Changsha.
 * West street (文艺路) holds two grids split north/south; east street (朝阳街) holds one.
 */
import type {
  Account,
  ApiClient,
  AppInfo,
  DemoLoadResult,
  Grid,
  GridGeometry,
  GridTreeNode,
  GridWithGeometry,
} from '../../electron/contract';
import { vi } from 'vitest';
import { callNames, type SessionStatus } from '../../electron/contract';
import { pointsAnswer } from '../../electron/contract/mapPointsWire';
import { ApiError } from '../../renderer/api/client';
import { CATEGORIES, OPERATOR, OPERATORS, PERSONS, WORKLOAD, accountOf } from './deskFixtures';

type Ring = [number, number][];

const W = 112.975;
const M = 112.995;
const E = 113.015;
const S = 28.185;
const C = 28.197;
const N = 28.209;

// Slightly irregular shared edges so the polygons look like real boundaries.
const westEdge: Ring = [
  [W, S],
  [W + 0.001, C],
  [W, N],
];
const middleEdge: Ring = [
  [M, N],
  [M + 0.0015, 28.203],
  [M - 0.001, C],
  [M + 0.0005, S],
];

function polygon(ring: Ring): GridGeometry {
  const closed = [...ring, ring[0]!];
  return { type: 'Polygon', coordinates: [closed.map(([lon, lat]) => [lon, lat])] };
}

function bboxOf(geometry: GridGeometry): Grid['bbox'] {
  const points = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  const lons = points.map((p) => p[0]!);
  const lats = points.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function grid(
  id: number,
  code: string,
  name: string,
  level: 1 | 2 | 3,
  parentId: number | null,
  parentCode: string | null,
  geometry: GridGeometry,
): GridWithGeometry {
  return { id, code, name, level, parentId, parentCode, bbox: bboxOf(geometry), areaM2: 1_000_000, geometry, geometryProblem: null };
}

export const DISTRICT_CODE = '430102000000000';
export const WEST_STREET_CODE = '430102001000000';
export const EAST_STREET_CODE = '430102002000000';
export const GRID_CODES = ['430102001001001', '430102001001002', '430102002001001'] as const;

export const GEOMETRY: GridWithGeometry[] = [
  grid(1, DISTRICT_CODE, '芙蓉区', 1, null, null, polygon([[W, S], [E, S], [E, N], [W, N]])),
  grid(2, WEST_STREET_CODE, '文艺路街道', 2, 1, DISTRICT_CODE, polygon([...westEdge, ...middleEdge])),
  grid(3, EAST_STREET_CODE, '朝阳街街道', 2, 1, DISTRICT_CODE, polygon([...[...middleEdge].reverse(), [E, S], [E, N]])),
  grid(4, GRID_CODES[0], '识字岭社区第一网格', 3, 2, WEST_STREET_CODE, polygon([[W + 0.001, C], [M - 0.001, C], [M + 0.0015, 28.203], [M, N], [W, N]])),
  grid(5, GRID_CODES[1], '识字岭社区第二网格', 3, 2, WEST_STREET_CODE, polygon([[W, S], [M + 0.0005, S], [M - 0.001, C], [W + 0.001, C]])),
  grid(6, GRID_CODES[2], '东茅街社区第一网格', 3, 3, EAST_STREET_CODE, polygon([...[...middleEdge].reverse(), [E, S], [E, N]])),
];

function node(code: string, name: string, level: 1 | 2 | 3, open: number, overdue: number, total: number, children: GridTreeNode[] = []): GridTreeNode {
  const id = GEOMETRY.find((g) => g.code === code)?.id ?? 0;
  return { id, code, name, level, openIncidents: open, overdueIncidents: overdue, totalIncidents: total, children };
}

export const TREE: GridTreeNode = node(DISTRICT_CODE, '芙蓉区', 1, 12, 3, 40, [
  node(WEST_STREET_CODE, '文艺路街道', 2, 8, 2, 25, [
    node(GRID_CODES[0], '识字岭社区第一网格', 3, 5, 2, 15),
    node(GRID_CODES[1], '识字岭社区第二网格', 3, 3, 0, 10),
  ]),
  node(EAST_STREET_CODE, '朝阳街街道', 2, 4, 1, 15, [node(GRID_CODES[2], '东茅街社区第一网格', 3, 4, 1, 15)]),
]);

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    schemaVersion: 30,
    databasePath: '/home/griddesk/芙蓉区/griddesk.sqlite',
    transport: 'http',
    unitName: '长沙市芙蓉区城市管理网格化指挥中心',
    counts: { grids: 6, persons: 18, categories: 21, incidents: 40 },
    demo: { seed: 20170622, until: '2017-06-30', generatedAt: '2017-06-30T08:00:00.000Z' },
    ...overrides,
  };
}

const withoutGeometry = ({ geometry: _geometry, ...rest }: GridWithGeometry): Grid => rest;

export interface FakeClientOptions {
  /** Start with an empty database: app:info reports 0 grids until demo:load runs; nobody can log in. */
  readonly isEmpty?: boolean;
  /** Who is logged in at the start (an OPERATOR id), or null for the login screen; default the supervisor. */
  readonly loggedInAs?: number | null;
  /** Idle minutes before the desk locks (session:status); default 15. */
  readonly idleLockMinutes?: number;
  readonly overrides?: Partial<ApiClient>;
}

/** The password every fixture account (and the demo) logs in with. */
export const FAKE_PASSWORD = 'demo2026';

/** The demo accounts the login screen lists. */
export const DEMO_ACCOUNTS = OPERATORS.filter((o) => o.isActive).map((o) => ({ name: o.name, role: o.role }));

/** A fake client over the fixture district; every call is a vi.fn, so tests can assert on calls. */
export function createFakeClient(options: FakeClientOptions = {}): ApiClient {
  let isLoaded = !options.isEmpty;
  let operator: Account | null = options.isEmpty ? null : options.loggedInAs === null ? null : accountOf(options.loggedInAs ?? OPERATOR.supervisor);
  let locked = false;
  let hasAdministrator = isLoaded;
  const idleLockMinutes = options.idleLockMinutes ?? 15;
  const status = (): SessionStatus => ({
    needsSetup: !hasAdministrator,
    isEmpty: !isLoaded && !hasAdministrator,
    operator,
    locked: operator !== null && locked,
    idleLockMinutes,
    demo: isLoaded ? { password: FAKE_PASSWORD, accounts: DEMO_ACCOUNTS } : null,
  });
  const refuseWrongPassword = (secret: string) => {
    if (secret !== FAKE_PASSWORD) throw new ApiError('unauthorized', '姓名或密码不正确（还可再试 4 次）');
  };
  const demoResult: DemoLoadResult = {
    grids: 6,
    persons: 18,
    duties: 24,
    incidents: 40,
    events: 120,
    seed: 20170622,
    until: '2017-06-30',
  };
  // Calls the shell does not use answer with an error, so a new call in the contract needs no change here.
  const unused = Object.fromEntries(
    callNames.map((name) => [name, vi.fn(async () => Promise.reject(new Error(`fake client: ${name} is not faked`)))]),
  ) as unknown as ApiClient;
  const client: ApiClient = {
    ...unused,
    'app:info': vi.fn(async () =>
      isLoaded ? appInfo() : appInfo({ counts: { grids: 0, persons: 0, categories: 21, incidents: 0 }, demo: null }),
    ),
    'grids:list': vi.fn(async (input) => {
      const level = input.level;
      return isLoaded ? GEOMETRY.filter((g) => level === undefined || g.level === level).map(withoutGeometry) : [];
    }),
    'grids:geometry': vi.fn(async (input) => {
      const level = input.level;
      return isLoaded ? GEOMETRY.filter((g) => level === undefined || g.level === level) : [];
    }),
    'grids:tree': vi.fn(async () => (isLoaded ? TREE : null)),
    'map:points': vi.fn(async () => mapPointsAnswer()),
    'map:basemap': vi.fn(async () => ({
      settings: { xyzUrl: null, xyzCrs: 'wgs84' as const, xyzSubdomains: 'abc', mbtilesPath: null, mbtilesCrs: 'wgs84' as const },
      mbtiles: null,
    })),
    'demo:load': vi.fn(async () => {
      isLoaded = true;
      hasAdministrator = true;
      return demoResult;
    }),
    'session:status': vi.fn(async () => status()),
    'session:login': vi.fn(async ({ name, secret }) => {
      const found = OPERATORS.find((o) => o.name === name && o.isActive);
      if (!found) throw new ApiError('unauthorized', '姓名或密码不正确');
      refuseWrongPassword(secret);
      operator = accountOf(found.id);
      locked = false;
      return { token: 'fake-session', operator };
    }),
    'session:setup': vi.fn(async ({ name }) => {
      hasAdministrator = true;
      operator = { ...accountOf(OPERATOR.admin), name };
      return { token: 'fake-session', operator };
    }),
    'session:logout': vi.fn(async () => {
      operator = null;
      locked = false;
      return null;
    }),
    'session:lock': vi.fn(async () => {
      locked = true;
      return null;
    }),
    'session:unlock': vi.fn(async ({ secret }) => {
      refuseWrongPassword(secret);
      locked = false;
      return null;
    }),
    'operators:list': vi.fn(async () => OPERATORS),
    'persons:list': vi.fn(async (input) =>
      PERSONS.filter(
        (p) => (!input.activeOnly || p.isActive) && (!input.gridCode || p.duties.some((d) => d.gridCode === input.gridCode)),
      ),
    ),
    'persons:workload': vi.fn(async () => WORKLOAD),
    'categories:list': vi.fn(async () => CATEGORIES),
    'incidents:list': vi.fn(async () => ({ items: [], nextCursor: null })),
    'incidents:count': vi.fn(async () => 0),
    ...options.overrides,
  };
  return client;
}

/** Three located cases: one handling, one overdue, one closed. */
export const MAP_POINTS = {
  count: 3,
  ids: new Uint32Array([11, 12, 13]),
  coords: new Float32Array([112.99, 28.2, 112.995, 28.205, 113.0, 28.21]),
  status: new Uint8Array([4, 3, 6]),
  overdue: new Uint8Array([0, 1, 0]),
};

/** The streamed answer of map:points for MAP_POINTS (a fresh reader each call). */
export const mapPointsAnswer = () => pointsAnswer(MAP_POINTS);

/**
 * Domain types shared by the store, the handlers and (type-only, through electron/contract.ts) the
 * renderer. Plain data: what crosses IPC/HTTP as JSON. Timestamps are epoch milliseconds (UTC).
 */

export type GridLevel = 1 | 2 | 3; // district, street, community grid

/** GeoJSON geometry of a grid, WGS-84 [lon, lat]. */
export type GridGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface Grid {
  id: number;
  code: string; // 15 digits
  parentId: number | null;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  bbox: [minLon: number, minLat: number, maxLon: number, maxLat: number];
  areaM2: number;
}

export interface GridWithGeometry extends Grid {
  geometry: GridGeometry;
}

/** A node of the district → street → grid tree, with case counts for the whole subtree. */
export interface GridTreeNode {
  id: number;
  code: string;
  name: string;
  level: GridLevel;
  openIncidents: number;
  overdueIncidents: number;
  totalIncidents: number;
  children: GridTreeNode[];
}

export type DutyRole =
  | 'grid_leader'
  | 'grid_worker'
  | 'enforcement_officer'
  | 'cleaner'
  | 'inspector'
  | 'supervisor'
  | 'other';

export type OperatorRole = 'supervisor' | 'inspector' | 'handler' | 'manager' | 'admin';

export type CategoryKind = 'component' | 'event';
export type LimitUnit = 'wh' | 'wd'; // working hours, working days

export interface Category {
  id: number;
  kind: CategoryKind;
  level: 1 | 2;
  code: string;
  parentId: number | null;
  name: string;
  dispatchLimit: number | null;
  dispatchUnit: LimitUnit | null;
  handlingLimit: number | null;
  handlingUnit: LimitUnit | null;
  verifyLimit: number | null;
  verifyUnit: LimitUnit | null;
  isUrgent: boolean;
  cleanupLabel: string | null;
  isActive: boolean;
}

export type CoordinateSystem = 'wgs84' | 'gcj02' | 'bd09';
export type IncidentSource = 'patrol' | 'hotline' | 'video' | 'referral' | 'import';

/** Adding a status → update the transition table and the report's counting rule. */
export type IncidentStatus =
  | 'reported'
  | 'registered'
  | 'rejected'
  | 'dispatched'
  | 'handling'
  | 'handled'
  | 'closed'
  | 'returned'
  | 'hung'
  | 'voided';

export const INCIDENT_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'returned',
  'hung',
  'voided',
];

/** Statuses in which a case is still being worked (counts as "open"). */
export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'handled',
  'returned',
];

/** What the app knows about itself and its database; the shell's first call. */
export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  transport: 'electron' | 'http' | 'direct';
  counts: { grids: number; persons: number; categories: number; incidents: number };
  /** Present when the database holds the generated demo district. */
  demo: { seed: number; until: string; generatedAt: string } | null;
}

export interface DemoLoadResult {
  grids: number;
  persons: number;
  duties: number;
  incidents: number;
  events: number;
  seed: number;
  until: string;
}

export interface GridLocation {
  grid: Grid | null; // the community grid containing the point, null = outside every grid
  street: Grid | null;
  lon: number; // WGS-84 after conversion
  lat: number;
}

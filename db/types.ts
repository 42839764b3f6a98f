/**
 * Domain types shared by the store, the handlers and (type-only, through electron/contract.ts) the
 * renderer. Plain data: what crosses IPC/HTTP as JSON. Timestamps are epoch milliseconds (UTC).
 */

import type {
  CategoryKind,
  CoordinateSystem,
  DutyRole,
  GridLevel,
  IncidentSource,
  IncidentStatus,
  LimitUnit,
  OperatorRole,
} from './domain/codes';

export type * from './domain/codes';
import type { HotlineOrderView } from './queries/hotline';
export type { HotlineOrderView, PendingReturn, AckLimit } from './queries/hotline';

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
  /** Why this polygon cannot be drawn as it is (self-crossing, open ring, …), or null. */
  geometryProblem: string | null;
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

/** What the app knows about itself and its database; the shell's first call. */
export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  transport: 'electron' | 'http' | 'direct';
  /** The unit that owns this desk, shown in the header and printed on reports. */
  unitName: string;
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

/** One row of the case list: what the table shows, nothing more. */
export interface IncidentListItem {
  id: number;
  caseNo: string;
  status: IncidentStatus;
  priority: 'normal' | 'urgent';
  categoryCode: string;
  categoryName: string;
  bigClassName: string;
  gridCode: string | null;
  gridName: string | null;
  streetName: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  source: IncidentSource;
  address: string | null;
  description: string;
  reportedAt: number;
  dueAt: number | null;
  closedAt: number | null;
  duplicateOf: number | null;
  reworkCount: number;
  isFixedOnSpot: boolean;
  version: number;
  /** The 12345 order number, when the case is a 12345 work order. */
  orderNo?: string | null;
  /** When the case was first 督办 (the list flags it), or null. */
  supervisedAt?: number | null;
}

export interface IncidentFilter {
  statuses?: IncidentStatus[];
  /** A small class, or a big class standing for all its small classes. */
  categoryId?: number;
  streetCode?: string;
  gridCode?: string;
  /** A person id, or 'unassigned'. */
  assignee?: number | 'unassigned';
  sources?: IncidentSource[];
  /** Only open cases past their deadline. */
  overdue?: boolean;
  /** Only open cases due within this many hours from now (not yet overdue). */
  dueWithinHours?: number;
  reportedFrom?: number;
  reportedTo?: number;
  /** Case number, description or address contains this text. */
  text?: string;
  /** Include cases linked as duplicates of another (default: no). */
  includeDuplicates?: boolean;
  /** Only cases that were 督办. */
  supervised?: boolean;
  /** WGS-84 rectangle [minLon, minLat, maxLon, maxLat]. */
  bbox?: [number, number, number, number];
  /** Only these cases (a link from the figures behind a score: the case list shows exactly those). */
  ids?: number[];
}

export type IncidentSort = 'reported_desc' | 'reported_asc' | 'due_asc' | 'case_no_desc';

export interface IncidentPage {
  items: IncidentListItem[];
  /** Opaque; pass back as `after` for the next page; null at the end. */
  nextCursor: string | null;
}

export interface IncidentEvent {
  id: number;
  at: number;
  operatorId: number | null;
  actorName: string;
  action: string;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface IncidentDetail extends IncidentListItem {
  categoryId: number;
  lon: number | null;
  lat: number | null;
  sourceCrs: CoordinateSystem;
  sourceLon: number | null;
  sourceLat: number | null;
  reporter: string | null;
  registeredAt: number | null;
  dispatchedAt: number | null;
  handledAt: number | null;
  extensionCount: number;
  /** An extension asked for and not yet decided: the deadline it asks for. */
  pendingExtension: { requestedDueAt: number; reason: string; requestedAt: number } | null;
  events: IncidentEvent[];
  duplicates: { id: number; caseNo: string; status: IncidentStatus }[];
  original: { id: number; caseNo: string; status: IncidentStatus } | null;
  /** The 12345 work order behind the case (the caller's phone masked), or null. */
  hotline?: HotlineOrderView | null;
  /** The responsible unit (责任单位), set at dispatch: the unit dispatched to, or the person's unit. */
  unitId?: number | null;
  unitName?: string | null;
}

export interface Operator {
  id: number;
  name: string;
  role: OperatorRole;
  personId: number | null;
  /** The responsible person a handler operator works as. */
  personName: string | null;
  isActive: boolean;
}

export interface DutySummary {
  id: number;
  gridCode: string;
  gridName: string;
  role: DutyRole;
  categoryBigCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface PersonSummary {
  id: number;
  name: string;
  phone: string | null;
  organization: string | null;
  isActive: boolean;
  /** The unit (责任单位) the person belongs to. */
  unitId?: number | null;
  unitName?: string | null;
  duties: DutySummary[];
}

export interface DuplicateCandidate {
  id: number;
  caseNo: string;
  status: IncidentStatus;
  description: string;
  reportedAt: number;
  distanceM: number;
}

export interface BulkResult {
  done: number[];
  failed: { incidentId: number; message: string }[];
}

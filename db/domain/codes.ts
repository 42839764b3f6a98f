/**
 * The closed sets of codes the domain uses, each listed once; the types, the contract's enums and the
 * page's option lists derive from these lists. Adding a status → update the transition table
 * (./workflow.ts) and the report's counting rule.
 */

export const INCIDENT_STATUSES = [
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
  // 12345 work orders (appended: the map's point codes are indexes into this list)
  'received',
  'returned_to_platform',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Statuses in which a case is still being worked (counts as "open"). Hung cases are parked, not open;
 * 'received' is a 12345 order awaiting 签收; 'returned_to_platform' (退单) has left the desk.
 */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['reported', 'registered', 'dispatched', 'handling', 'handled', 'returned', 'received'];

/** Open statuses past registration: the cases an overdue count can hold (a report is not yet due). */
export const REGISTERED_OPEN_STATUSES: readonly IncidentStatus[] = OPEN_STATUSES.filter((s) => s !== 'reported' && s !== 'received');

/** Statuses that count as open-and-overdue when the deadline has passed (open plus, by rule, hung). */
export const WORKING_STATUSES: readonly IncidentStatus[] = ['dispatched', 'handling'];

export function isOpenStatus(status: IncidentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const INCIDENT_SOURCES = ['patrol', 'hotline', 'video', 'referral', 'import'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** Order in which roles are listed (the chooser groups by it). */
export const OPERATOR_ROLES = ['supervisor', 'inspector', 'handler', 'manager', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const DUTY_ROLES = ['grid_leader', 'grid_worker', 'enforcement_officer', 'cleaner', 'inspector', 'supervisor', 'other'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];

/** Working hours, working days. */
export const LIMIT_UNITS = ['wh', 'wd'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const COORDINATE_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

export const COUNTING_RULE_IDS = ['standard', 'exclude-extended', 'closed-based'] as const;
export type CountingRuleId = (typeof COUNTING_RULE_IDS)[number];

export const ATTACHMENT_STAGES = ['report', 'handling', 'after', 'verify'] as const;
export type AttachmentStage = (typeof ATTACHMENT_STAGES)[number];

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORY_KINDS = ['component', 'event'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const GRID_LEVELS = [1, 2, 3] as const; // district, street, community grid
export type GridLevel = (typeof GRID_LEVELS)[number];

/** Whether a value is one of a closed list (narrowing). */
export function isOneOf<T extends string | number>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

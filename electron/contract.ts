/**
 * Every call the renderer can make, declared once: name, input schema, output type, one-line doc.
 * The handler map's type, the preload bridge, the renderer client and the HTTP routes all derive from
 * this list, so a new call is one entry here plus one handler, and drift fails to compile.
 *
 * Pure module: no Node, no Electron, no DOM. Imported by the renderer, the preload and the host.
 */
import { z } from 'zod';
import type {
  AppInfo,
  Category,
  DemoLoadResult,
  Grid,
  GridLocation,
  GridTreeNode,
  GridWithGeometry,
  IncidentDetail,
  IncidentPage,
  Operator,
  PersonSummary,
  DuplicateCandidate,
  BulkResult,
} from '../db/types';
import type { PersonWorkload } from '../db/queries/persons';
import type { MapPointsPayload } from '../db/queries/map';
import type { BasemapView } from './tiles/tileService';
import type { CalendarView } from '../db/queries/calendar';
import type { Attachment } from '../db/queries/attachments';
import type { StatsReport } from '../db/stats/summary';
import type { CountingRule, CountingRuleId } from '../db/stats/rules';
import type { TrendPoint } from '../db/stats/trend';
import type { Campaign, CampaignTally } from '../db/stats/campaigns';
import { WORKFLOW_ACTIONS } from '../db/workflow';
import type { ErrorKind } from '../db/errors';
import { IMPORT_FIELDS } from '../db/import/types';
import type {
  GridImportPreview,
  ImportBatch,
  ImportJobStatus,
  ImportPreview,
  RowIssue,
  SavedMapping,
  UndoResult,
} from '../db/import/types';

// Validation messages in Simplified Chinese: they reach the people at the desk.
z.config(z.locales.zhCN());

export type * from '../db/types';
export type { PersonWorkload } from '../db/queries/persons';
export type { MapPointsPayload } from '../db/queries/map';
export type { BasemapView, BasemapSettings } from './tiles/tileService';
export type { MbtilesStatus, MbtilesInfo } from '../db/tiles/mbtiles';
export type { CalendarView, CalendarDayEntry } from '../db/queries/calendar';
export type { Attachment, AttachmentStage } from '../db/queries/attachments';
export type { StatsReport, NamedFigures, CategoryFigures, PersonFigures, OverdueItem } from '../db/stats/summary';
export type { Figures } from '../db/stats/indicators';
export type { CountingRule, CountingRuleId } from '../db/stats/rules';
export type { TrendPoint } from '../db/stats/trend';
export type { Campaign, CampaignTally } from '../db/stats/campaigns';
export { TRANSITIONS, WORKFLOW_ACTIONS, STATUS_LABELS, eventLabel, nextStatus, legalActions, type WorkflowAction } from '../db/workflow';
export { INCIDENT_STATUSES, OPEN_STATUSES } from '../db/types';
export { FIELD_LABELS as IMPORT_FIELD_LABELS } from '../db/import/fields';
export type { ErrorKind } from '../db/errors';
export type * from '../db/import/types';
export { IMPORT_FIELDS } from '../db/import/types';

interface CallSpec<I extends z.ZodType, O> {
  readonly input: I;
  readonly doc: string;
  /** Phantom: carries the output type, never read at run time. */
  readonly output?: O;
}

/** `call<Output>()(inputSchema, doc)`: the output type is given, the input type is inferred. */
function call<O>() {
  return <I extends z.ZodType>(input: I, doc: string): CallSpec<I, O> => ({ input, doc });
}

const empty = z.object({}).strict();
const gridCode = z.string().regex(/^\d{15}$/, '网格编码应为 15 位数字');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const crs = z.enum(['wgs84', 'gcj02', 'bd09']);
const id = z.number().int().positive();
const epochMs = z.number().int().min(0).max(8_640_000_000_000);
const status = z.enum(['reported', 'registered', 'rejected', 'dispatched', 'handling', 'handled', 'closed', 'returned', 'hung', 'voided']);
const source = z.enum(['patrol', 'hotline', 'video', 'referral', 'import']);
const action = z.enum(WORKFLOW_ACTIONS as [string, ...string[]]);
const incidentFilter = z
  .object({
    statuses: z.array(status).max(10).optional(),
    categoryId: id.optional(),
    streetCode: gridCode.optional(),
    gridCode: gridCode.optional(),
    assignee: z.union([id, z.literal('unassigned')]).optional(),
    sources: z.array(source).max(5).optional(),
    overdue: z.boolean().optional(),
    dueWithinHours: z.number().positive().max(24 * 90).optional(),
    reportedFrom: epochMs.optional(),
    reportedTo: epochMs.optional(),
    text: z.string().max(100, '搜索文字最多 100 个字').optional(),
    includeDuplicates: z.boolean().optional(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  })
  .strict();

const importSource = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ uploadId: z.string().uuid() }).strict(),
]);
const importRead = {
  format: z.enum(['auto', 'csv', 'xlsx', 'geojson', 'gpx', 'open311']).optional(),
  encoding: z.enum(['auto', 'utf-8', 'gb18030', 'utf-16le', 'utf-16be']).optional(),
  delimiter: z.enum(['auto', ',', ';', '\t']).optional(),
  sheet: z.string().max(100).optional(),
};
const fieldMapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200));

export const api = {
  'app:info': call<AppInfo>()(empty, 'Version, schema version, database path, counts, demo marker.'),
  'grids:list': call<Grid[]>()(
    z
      .object({
        level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
        parentCode: gridCode.optional(),
      })
      .strict(),
    'Grids without geometry, optionally one level or the children of one grid, ordered by code.',
  ),
  'grids:geometry': call<GridWithGeometry[]>()(
    z
      .object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional() })
      .strict(),
    'Grids with their WGS-84 GeoJSON polygons, for the map.',
  ),
  'grids:tree': call<GridTreeNode | null>()(empty, 'District → streets → grids with open/overdue/total case counts.'),
  'grids:locate': call<GridLocation>()(
    z
      .object({
        lon: z.number().finite().min(-180).max(180),
        lat: z.number().finite().min(-90).max(90),
        crs: crs.default('wgs84'),
      })
      .strict(),
    'The community grid (and street) containing a point, found through the spatial index.',
  ),
  'categories:list': call<Category[]>()(empty, 'The category table: big and small classes with time limits.'),
  'operators:list': call<Operator[]>()(empty, 'The local operators (who sits at this PC), active first.'),
  'operators:create': call<Operator>()(
    z
      .object({
        name: z.string().trim().min(1, '姓名不能为空').max(50),
        role: z.enum(['supervisor', 'inspector', 'handler', 'manager', 'admin']),
        personId: id.nullable().optional(),
      })
      .strict(),
    'Add an operator; a handler is linked to the person whose cases they work.',
  ),
  'persons:list': call<PersonSummary[]>()(
    z.object({ gridCode: gridCode.optional(), activeOnly: z.boolean().optional() }).strict(),
    'Persons with their current duties, optionally those on duty in one grid.',
  ),
  'incidents:list': call<IncidentPage>()(
    z
      .object({
        filter: incidentFilter.default({}),
        sort: z.enum(['reported_desc', 'reported_asc', 'due_asc', 'case_no_desc']).default('reported_desc'),
        limit: z.number().int().min(1).max(500).default(100),
        after: z.string().max(200).optional(),
      })
      .strict(),
    'One page of the case list for a filter, keyset-paged in SQLite.',
  ),
  'map:points': call<MapPointsPayload>()(
    z.object({ filter: incidentFilter.default({}) }).strict(),
    'Every located case matching a filter as base64 typed arrays (ids, lon/lat, status code, overdue flag), for the map.',
  ),
  'map:basemap': call<BasemapView>()(empty, 'The basemap settings (XYZ URL, offline MBTiles file) and whether the MBTiles file is usable.'),
  'map:set-basemap': call<BasemapView>()(
    z
      .object({
        xyzUrl: z.string().trim().min(1).max(2000).nullable(),
        xyzCrs: z.enum(['wgs84', 'gcj02']),
        xyzSubdomains: z.string().regex(/^[0-9a-z]{1,16}$/, '子域名应为 1–16 个字母或数字').default('abc'),
        mbtilesPath: z.string().trim().min(1).max(4096).nullable(),
        mbtilesCrs: z.enum(['wgs84', 'gcj02']),
      })
      .strict(),
    'Save the basemap settings; the MBTiles file is opened at once and its problem, if any, reported.',
  ),
  'incidents:count': call<number>()(z.object({ filter: incidentFilter.default({}) }).strict(), 'How many cases match a filter.'),
  'incidents:get': call<IncidentDetail>()(z.object({ id }).strict(), 'One case with its timeline, duplicates and original.'),
  'incidents:create': call<IncidentDetail>()(
    z
      .object({
        operatorId: id,
        categoryId: id,
        description: z.string().max(2000, '问题描述最多 2000 个字'),
        address: z.string().max(200, '地址最多 200 个字').optional(),
        lon: z.number().finite().min(-180).max(180).optional(),
        lat: z.number().finite().min(-90).max(90).optional(),
        crs: crs.default('wgs84'),
        gridCode: gridCode.optional(),
        source,
        reporter: z.string().max(50).optional(),
        priority: z.enum(['normal', 'urgent']).optional(),
        fixedOnSpot: z.boolean().optional(),
        reportedAt: epochMs.optional(),
      })
      .strict(),
    'Register a new report; the grid is found from the location, coordinates stored as WGS-84.',
  ),
  'incidents:transition': call<IncidentDetail>()(
    z
      .object({
        incidentId: id,
        action,
        expectedVersion: z.number().int().min(1),
        operatorId: id,
        note: z.string().max(2000, '说明最多 2000 个字').optional(),
        assigneeId: id.optional(),
        requestedDueAt: epochMs.optional(),
      })
      .strict(),
    'One workflow step, refused unless legal in the current state for this operator and version.',
  ),
  'incidents:bulk-transition': call<BulkResult>()(
    z
      .object({
        items: z.array(z.object({ incidentId: id, expectedVersion: z.number().int().min(1) }).strict()).min(1).max(1000),
        action,
        operatorId: id,
        note: z.string().max(2000).optional(),
        assigneeId: id.optional(),
      })
      .strict(),
    'The same step on many cases; each case succeeds or fails on its own, with a reason.',
  ),
  'incidents:suggest-duplicates': call<DuplicateCandidate[]>()(
    z
      .object({
        categoryId: id,
        lon: z.number().finite(),
        lat: z.number().finite(),
        crs: crs.default('wgs84'),
        at: epochMs.optional(),
        excludeId: id.optional(),
        radiusM: z.number().positive().max(1000).optional(),
        windowDays: z.number().positive().max(365).optional(),
      })
      .strict(),
    'Open cases of the same small class within 50 m (and a time window): possible duplicates.',
  ),
  'incidents:link-duplicate': call<IncidentDetail>()(
    z
      .object({ incidentId: id, originalId: id, expectedVersion: z.number().int().min(1), operatorId: id, note: z.string().max(2000).optional() })
      .strict(),
    'Mark a case as a duplicate of an original; it leaves the statistics.',
  ),
  'incidents:default-assignee': call<{ id: number; name: string } | null>()(
    z.object({ gridCode, categoryId: id }).strict(),
    'The person on duty in a grid for a category, the default for dispatch.',
  ),
  'persons:workload': call<PersonWorkload[]>()(empty, 'Open, overdue and closed-this-week cases per person.'),
  'persons:create': call<{ id: number }>()(
    z
      .object({ operatorId: id, name: z.string().trim().min(1, '姓名不能为空').max(50), phone: z.string().max(30).optional(), organization: z.string().max(100).optional() })
      .strict(),
    'Add a responsible person (supervisors and administrators).',
  ),
  'persons:set-active': call<null>()(z.object({ operatorId: id, personId: id, isActive: z.boolean() }).strict(), 'Activate or deactivate a person (never deleted).'),
  'persons:add-duty': call<{ id: number }>()(
    z
      .object({
        operatorId: id,
        personId: id,
        gridCode,
        role: z.enum(['grid_leader', 'grid_worker', 'enforcement_officer', 'cleaner', 'inspector', 'supervisor', 'other']),
        categoryBigCode: z.string().regex(/^\d{2}$/).nullable().optional(),
        validFrom: isoDate,
        validTo: isoDate.nullable().optional(),
      })
      .strict(),
    'Give a person a duty in a grid, valid from/to a date (定人定点定责定岗).',
  ),
  'persons:end-duty': call<null>()(z.object({ operatorId: id, dutyId: id, validTo: isoDate }).strict(), 'End a duty on a date; the record stays.'),
  'persons:reassign': call<{ moved: number[] }>()(
    z.object({ fromPersonId: id, toPersonId: id, operatorId: id, note: z.string().max(2000).optional() }).strict(),
    "Move all of a person's open cases to another person, logged on each case.",
  ),
  'categories:update': call<Category>()(
    z
      .object({
        operatorId: id,
        id,
        name: z.string().trim().min(1).max(50).optional(),
        handlingLimit: z.number().positive().max(365).optional(),
        handlingUnit: z.enum(['wh', 'wd']).optional(),
        dispatchLimit: z.number().positive().max(365).optional(),
        dispatchUnit: z.enum(['wh', 'wd']).optional(),
        verifyLimit: z.number().positive().max(365).optional(),
        verifyUnit: z.enum(['wh', 'wd']).optional(),
        isUrgent: z.boolean().optional(),
        isActive: z.boolean().optional(),
      })
      .strict(),
    "Edit a category's name, time limits or flags.",
  ),
  'calendar:get': call<CalendarView>()(z.object({ year: z.number().int().min(2000).max(2100) }).strict(), 'Working periods and the holidays / 调休 days of a year.'),
  'calendar:set-day': call<null>()(
    z.object({ operatorId: id, date: isoDate, kind: z.enum(['holiday', 'workday']).nullable(), name: z.string().max(30).optional() }).strict(),
    'Mark a date as holiday or 调休 working day, or back to normal (kind null).',
  ),
  'calendar:set-periods': call<null>()(
    z.object({ operatorId: id, periods: z.array(z.object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) }).strict()).min(1).max(6) }).strict(),
    'Set the working periods of a working day.',
  ),
  'attachments:add': call<Attachment>()(
    z
      .object({
        incidentId: id,
        operatorId: id,
        stage: z.enum(['report', 'handling', 'after', 'verify']),
        fileName: z.string().min(1).max(200),
        dataBase64: z.string().min(1).max(28_000_000, '照片过大：最大 20 MB'),
      })
      .strict(),
    'Attach a photo to a case (stored once by content hash); logged on the timeline.',
  ),
  'attachments:list': call<Attachment[]>()(z.object({ incidentId: id }).strict(), "A case's photos."),
  'attachments:get': call<{ mime: string; dataBase64: string }>()(z.object({ id }).strict(), 'The bytes of one photo.'),
  'stats:week': call<StatsReport>()(
    z
      .object({
        week: z.string().regex(/^\d{4}-W\d{2}$/, '周次格式应为 YYYY-Www（例如 2017-W25）').optional(),
        areaCode: gridCode.optional(),
        rule: z.enum(['standard', 'exclude-extended', 'closed-based']).optional(),
      })
      .strict(),
    'The weekly summary for an ISO week (default: this week) and area, with the previous week.',
  ),
  'stats:period': call<StatsReport>()(
    z.object({ from: isoDate, to: isoDate, areaCode: gridCode.optional(), rule: z.enum(['standard', 'exclude-extended', 'closed-based']).optional() }).strict(),
    'Indicators for any date range (inclusive, Asia/Shanghai), with the same-length period before.',
  ),
  'stats:trend': call<TrendPoint[]>()(
    z.object({ weeks: z.number().int().min(1).max(104).default(12), areaCode: gridCode.optional(), until: z.string().regex(/^\d{4}-W\d{2}$/).optional() }).strict(),
    'Headline figures for each of the last N weeks, oldest first.',
  ),
  'stats:rules': call<{ current: CountingRuleId; rules: CountingRule[] }>()(empty, 'The counting rules (统计口径) and the one in force.'),
  'stats:set-rule': call<null>()(z.object({ rule: z.enum(['standard', 'exclude-extended', 'closed-based']) }).strict(), 'Choose the counting rule printed on every report.'),
  'reports:weekly-html': call<{ html: string; title: string }>()(
    z
      .object({
        week: z.string().regex(/^\d{4}-W\d{2}$/, '周次格式应为 YYYY-Www（例如 2017-W25）').optional(),
        areaCode: gridCode.optional(),
      })
      .strict(),
    'The printable A4 weekly summary (周报) as one self-contained HTML document.',
  ),
  'campaigns:list': call<CampaignTally[]>()(empty, 'Campaigns (专项行动) with their running tallies.'),
  'campaigns:create': call<Campaign>()(
    z
      .object({
        name: z.string().trim().min(1, '名称不能为空').max(50),
        startDate: isoDate,
        endDate: isoDate,
        areaCode: gridCode,
        categoryIds: z.array(id).min(1, '请至少选择一个问题类别').max(100),
        target: z.number().int().positive().nullable().optional(),
        note: z.string().max(500).optional(),
      })
      .strict(),
    'Start a campaign over an area and categories, with an optional target.',
  ),
  'campaigns:tag': call<null>()(z.object({ campaignId: id, incidentId: id, operatorId: id }).strict(), 'Count a case in a campaign by hand.'),
  'demo:load': call<DemoLoadResult>()(
    z
      .object({
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        until: isoDate.optional(),
        incidents: z.number().int().min(0).max(5_000_000).optional(),
      })
      .strict(),
    'Generate the demo district (214 grids, persons, 12 weeks of cases) into an empty database.',
  ),

  // ── Imports: field logs (CSV, XLSX, GeoJSON, Open311, GPX) and grid boundaries ──
  'imports:upload': call<{ uploadId: string; bytes: number }>()(
    z
      .object({
        uploadId: z.string().uuid().optional(),
        fileName: z.string().trim().min(1).max(255),
        offset: z.number().int().min(0),
        dataBase64: z.string().min(1).max(16_000_000, '每块最大 12 MB'),
      })
      .strict(),
    'Upload a file for import in chunks (browser mode); the first chunk opens an upload id.',
  ),
  'imports:preview': call<ImportPreview>()(
    z.object({ source: importSource, ...importRead }).strict(),
    'Detect format, encoding and delimiter; the first rows, the headers and the proposed mapping.',
  ),
  'imports:start': call<ImportJobStatus>()(
    z
      .object({
        source: importSource,
        ...importRead,
        crs: crs.default('wgs84'),
        mapping: fieldMapping.optional(),
        dryRun: z.boolean().optional(),
        operatorId: id.optional(),
      })
      .strict(),
    'Start importing a field log in a worker thread; returns the job to follow with imports:progress.',
  ),
  'imports:progress': call<ImportJobStatus>()(z.object({ jobId: z.string().uuid() }).strict(), 'Rows read, rows per second, and the result once the job is done.'),
  'imports:cancel': call<ImportJobStatus>()(z.object({ jobId: z.string().uuid() }).strict(), 'Cancel a running import: it rolls back, nothing is written.'),
  'imports:list': call<ImportBatch[]>()(empty, 'The import batches, newest first, with their counts and status.'),
  'imports:issues': call<{ items: RowIssue[]; total: number }>()(
    z
      .object({
        batchId: id,
        severity: z.enum(['error', 'warning']).default('error'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    "A batch's rejected rows (row, field, reason) or warnings, paged.",
  ),
  'imports:rejected-csv': call<{ fileName: string; dataBase64: string; rows: number }>()(
    z.object({ batchId: id }).strict(),
    "A batch's rejected rows as a UTF-8 CSV with BOM: the original columns plus the reason.",
  ),
  'imports:undo': call<UndoResult>()(
    z.object({ batchId: id, operatorId: id.optional() }).strict(),
    "Undo a batch: its cases are voided (never deleted), cases changed since are kept and listed.",
  ),
  'imports:mappings': call<SavedMapping[]>()(empty, 'Saved header mappings, most recently used first.'),
  'imports:save-mapping': call<SavedMapping>()(
    z.object({ name: z.string().trim().min(1, '名称不能为空').max(50), mapping: fieldMapping }).strict(),
    'Save a header mapping by name (replacing one of the same name).',
  ),
  'imports:delete-mapping': call<null>()(z.object({ id }).strict(), 'Delete a saved header mapping.'),
  'grids:import-preview': call<GridImportPreview>()(
    z.object({ source: importSource, format: z.enum(['geojson', 'shapefile']).optional() }).strict(),
    'Read a grid-boundary file: feature count, properties, sample values and the proposed property mapping.',
  ),
  'grids:import': call<ImportJobStatus>()(
    z
      .object({
        source: importSource,
        format: z.enum(['geojson', 'shapefile']).optional(),
        crs: crs.default('wgs84'),
        mapping: z
          .object({
            code: z.string().min(1).max(100),
            name: z.string().min(1).max(100),
            level: z.string().max(100).nullable().optional(),
            parent: z.string().max(100).nullable().optional(),
          })
          .strict(),
        dryRun: z.boolean().default(true),
      })
      .strict(),
    'Validate grid boundaries (codes, rings, parents, overlaps, gaps) and, unless dryRun, replace the grids; a job.',
  ),
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export type CallInput<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Api[K]['input']>;
export type CallOutput<K extends CallName> = Exclude<Api[K]['output'], undefined>;

export const callNames = Object.keys(api) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** What every transport carries back. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } };

/** The handler map the host implements; derived, so a missing or mistyped handler fails to compile. */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
};

/** The client the renderer uses, whatever the transport. */
export type ApiClient = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>;
};

/** IPC channel for a call (Electron). */
export const channelFor = (name: CallName): string => `griddesk:${name}`;

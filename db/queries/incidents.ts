/**
 * Reading cases: the filtered, keyset-paged list (never loads everything), counts, and one case with
 * its full timeline. Every query is built from fixed SQL fragments with bound parameters only.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { prepared } from './prepared';
import { INCIDENT_SOURCES, INCIDENT_STATUSES } from '../domain/codes';
import { HOUR_MS } from '../domain/time';
import { OPEN_STATUSES_SQL, codeList } from '../sql';
import { hotlineView } from './hotline';
import {
  type CoordinateSystem,
  type IncidentDetail,
  type IncidentEvent,
  type IncidentFilter,
  type IncidentListItem,
  type IncidentPage,
  type IncidentSort,
  type IncidentSource,
  type IncidentStatus,
} from '../types';

interface ListRow {
  id: number;
  case_no: string;
  status: string;
  priority: string;
  category_code: string;
  category_name: string;
  big_class_name: string;
  grid_code: string | null;
  grid_name: string | null;
  street_name: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  source: string;
  address: string | null;
  description: string;
  reported_at: number;
  due_at: number | null;
  closed_at: number | null;
  duplicate_of: number | null;
  rework_count: number;
  is_fixed_on_spot: number;
  version: number;
  order_no: string | null;
  supervised_at: number | null;
}

const LIST_COLUMNS = `
  i.id, i.case_no, i.status, i.priority, c.code AS category_code, c.name AS category_name,
  b.name AS big_class_name, g.code AS grid_code, g.name AS grid_name, s.name AS street_name,
  i.assignee_id, p.name AS assignee_name, i.source, i.address, substr(i.description, 1, 200) AS description,
  i.reported_at, i.due_at, i.closed_at, i.duplicate_of, i.rework_count, i.is_fixed_on_spot, i.version,
  (SELECT h.order_no FROM hotline_orders h WHERE h.incident_id = i.id) AS order_no, i.supervised_at`;

const LIST_JOINS = `
  JOIN categories c ON c.id = i.category_id
  LEFT JOIN categories b ON b.id = c.parent_id
  LEFT JOIN grids g ON g.id = i.grid_id
  LEFT JOIN grids s ON s.id = g.parent_id
  LEFT JOIN persons p ON p.id = i.assignee_id`;

function rowToListItem(r: ListRow): IncidentListItem {
  return {
    id: r.id,
    caseNo: r.case_no,
    status: r.status as IncidentStatus,
    priority: r.priority as IncidentListItem['priority'],
    categoryCode: r.category_code,
    categoryName: r.category_name,
    bigClassName: r.big_class_name,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    streetName: r.street_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    source: r.source as IncidentSource,
    address: r.address,
    description: r.description,
    reportedAt: r.reported_at,
    dueAt: r.due_at,
    closedAt: r.closed_at,
    duplicateOf: r.duplicate_of,
    reworkCount: r.rework_count,
    isFixedOnSpot: r.is_fixed_on_spot === 1,
    version: r.version,
    orderNo: r.order_no,
    supervisedAt: r.supervised_at,
  };
}




/** Escapes a user's text as one FTS5 phrase. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Whether the filter's statuses leave some status out. Every status ticked is no condition on the status:
 * written as one (`status IN` the whole list), the planner reads the status index and sorts.
 */
function narrowsStatus(filter: IncidentFilter): boolean {
  return !!filter.statuses?.length && !INCIDENT_STATUSES.every((st) => filter.statuses!.includes(st));
}

/** WHERE clause and parameters for a filter; `now` decides what is overdue. */
export function filterSql(filter: IncidentFilter, now: number): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { now };
  if (!filter.includeDuplicates) where.push('i.duplicate_of IS NULL');
  // Statuses and sources are written as literals (checked against the closed lists first), so the
  // planner can use its statistics: 'closed' is most of the table, 'handled' a sliver of it.
  if (filter.statuses?.length) {
    const statuses = codeList(filter.statuses, INCIDENT_STATUSES, '状态'); // checked even when every one is ticked
    if (narrowsStatus(filter)) where.push(`i.status IN ${statuses}`);
  }
  if (filter.categoryId !== undefined) {
    // A big class stands for all its small classes.
    where.push(`i.category_id IN (SELECT id FROM categories WHERE id = @categoryId OR parent_id = @categoryId)`);
    params.categoryId = filter.categoryId;
  }
  if (filter.gridCode) {
    where.push(`i.grid_id = (SELECT id FROM grids WHERE code = @gridCode)`);
    params.gridCode = filter.gridCode;
  } else if (filter.streetCode) {
    where.push(`i.grid_id IN (SELECT id FROM grids WHERE parent_id = (SELECT id FROM grids WHERE code = @streetCode))`);
    params.streetCode = filter.streetCode;
  }
  if (filter.assignee === 'unassigned') where.push('i.assignee_id IS NULL');
  else if (typeof filter.assignee === 'number') {
    where.push('i.assignee_id = @assignee');
    params.assignee = filter.assignee;
  }
  if (filter.sources?.length) where.push(`i.source IN ${codeList(filter.sources, INCIDENT_SOURCES, '来源')}`);
  if (filter.overdue) where.push(`i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < @now`);
  if (filter.supervised) where.push('i.supervised_at IS NOT NULL');
  if (filter.dueWithinHours !== undefined) {
    where.push(`i.status IN ${OPEN_STATUSES_SQL} AND i.due_at >= @now AND i.due_at < @dueLimit`);
    params.dueLimit = now + filter.dueWithinHours * HOUR_MS;
  }
  if (filter.reportedFrom !== undefined) {
    where.push('i.reported_at >= @reportedFrom');
    params.reportedFrom = filter.reportedFrom;
  }
  if (filter.reportedTo !== undefined) {
    where.push('i.reported_at < @reportedTo');
    params.reportedTo = filter.reportedTo;
  }
  if (filter.bbox) {
    where.push('i.lon BETWEEN @minLon AND @maxLon AND i.lat BETWEEN @minLat AND @maxLat');
    [params.minLon, params.minLat, params.maxLon, params.maxLat] = filter.bbox;
  }
  if (filter.ids?.length) {
    where.push('i.id IN (SELECT value FROM json_each(@ids))');
    params.ids = JSON.stringify(filter.ids);
  }
  const text = filter.text?.trim();
  if (text) {
    if ([...text].length >= 3) {
      // Trigram index: any substring of three or more characters.
      where.push('i.id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH @fts)');
      params.fts = ftsPhrase(text);
    } else {
      where.push(`(instr(i.case_no, @text) > 0 OR instr(i.description, @text) > 0 OR instr(coalesce(i.address, ''), @text) > 0)`);
      params.text = text;
    }
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

interface SortSpec {
  readonly order: string;
  /** Keyset condition: rows strictly after the cursor (value, id). */
  readonly after: string;
  readonly key: (r: ListRow) => number | string | null;
  /** The index that yields rows in this order, used when a filter matches a large share of cases. */
  readonly index: string | null;
}

// due_asc sorts cases without a deadline last: the key is (due_at IS NULL, due_at, id).
// Keyset conditions are written as a range on the sort column plus a tie-break, so SQLite can seek the
// index instead of scanning: "a <= v AND (a < v OR id < cid)" rather than "a < v OR (a = v AND id < cid)".
const SORTS: Record<IncidentSort, SortSpec> = {
  reported_desc: {
    order: 'i.reported_at DESC, i.id DESC',
    after: '(i.reported_at <= @cv AND (i.reported_at < @cv OR i.id < @cid))',
    key: (r) => r.reported_at,
    index: 'incidents_reported',
  },
  reported_asc: {
    order: 'i.reported_at ASC, i.id ASC',
    after: '(i.reported_at >= @cv AND (i.reported_at > @cv OR i.id > @cid))',
    key: (r) => r.reported_at,
    index: 'incidents_reported',
  },
  // Cases without a deadline come last: the key is (due_at IS NULL, due_at, id).
  due_asc: {
    order: 'i.due_at IS NULL, i.due_at ASC, i.id ASC',
    after: `(CASE WHEN @cv IS NULL THEN i.due_at IS NULL AND i.id > @cid
             ELSE i.due_at IS NULL OR (i.due_at >= @cv AND (i.due_at > @cv OR i.id > @cid)) END)`,
    key: (r) => r.due_at,
    index: null,
  },
  case_no_desc: {
    order: 'i.case_no DESC',
    after: 'i.case_no < @cv',
    key: (r) => r.case_no,
    index: null,
  },
};

/**
 * Above this many full-text matches, reading the sort index and testing membership beats fetching
 * every match and sorting it (41,000 matches of 1,000,000 cases: 6 ms against 50 ms).
 */
const MANY_MATCHES = 3000;

function encodeCursor(value: number | string | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number | string | null, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'number') {
      return parsed as [number | string | null, number];
    }
  } catch {
    // fall through
  }
  throw new AppError('invalid-input', '翻页游标无效：请从第一页重新查询');
}

export function listIncidents(
  db: Db,
  request: { filter: IncidentFilter; sort: IncidentSort; limit: number; after?: string | undefined },
  now: number,
): IncidentPage {
  const { where, params } = filterSql(request.filter, now);
  const sort = SORTS[request.sort];
  let clause = where;
  if (request.after) {
    const [cv, cid] = decodeCursor(request.after);
    params.cv = cv;
    params.cid = cid;
    clause = where ? `${where} AND ${sort.after}` : `WHERE ${sort.after}`;
  }
  params.limit = request.limit + 1;
  let from = 'incidents i';
  if (sort.index && typeof params.fts === 'string') {
    const matches = (prepared(db, `SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH ?`).get(params.fts) as { n: number }).n;
    if (matches > MANY_MATCHES) from = `incidents i INDEXED BY ${sort.index}`;
  }
  // Pick the page's ids first (from indexes alone where possible), then read the joined columns
  // for those rows only.
  const pageIds =
    request.sort === 'due_asc'
      ? dueFirstPageIds(from, where, request.after ? (params.cv === null ? 'none-dated' : 'dated') : 'start', request.filter)
      : `SELECT i.id FROM ${from} ${clause} ORDER BY ${sort.order} LIMIT @limit`;
  const rows = prepared(
    db,
    `WITH page AS MATERIALIZED (${pageIds})
     SELECT ${LIST_COLUMNS} FROM page CROSS JOIN incidents i ON i.id = page.id ${LIST_JOINS} ORDER BY ${sort.order} LIMIT @limit`,
  ).all(params) as ListRow[];
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(rowToListItem),
    nextCursor: hasMore && last ? encodeCursor(sort.key(last), last.id) : null,
  };
}

/**
 * due_asc's page: the cases with a deadline in (due_at, id) order, then those without one in id order —
 * two ordered reads that an index answers (a filter's first `limit` matches along incidents_due_at, whose
 * NULL entries are in id order), where ORDER BY "due_at IS NULL, due_at, id" in one query made SQLite
 * sort every match (200–300 ms for the first page of all cases at 1,000,000). Each part is cut at the
 * page's size; the caller orders the union and keeps the first `limit`. After a cursor on a dated case
 * the dated part goes on from it and the undated part starts from its beginning; after an undated one
 * only the undated part goes on.
 *
 * The undated part of a broad filter (all cases, a street, a class, a source) is read along
 * incidents_due_at's NULL entries, which are in id order: left to itself SQLite 3.53 gathers all ~200,000
 * undated cases through (status, due_at) and sorts them (300–650 ms). A narrower filter (statuses, a
 * grid, a person, a text...) keeps the planner's choice; an overdue or due-soon filter has no undated case.
 */
function dueFirstPageIds(from: string, where: string, position: 'start' | 'dated' | 'none-dated', filter: IncidentFilter): string {
  const and = (condition: string) => (where ? `${where} AND ${condition}` : `WHERE ${condition}`);
  const dated = and(`i.due_at IS NOT NULL${position === 'dated' ? ' AND i.due_at >= @cv AND (i.due_at > @cv OR i.id > @cid)' : ''}`);
  const undated = and(`i.due_at IS NULL${position === 'none-dated' ? ' AND i.id > @cid' : ''}`);
  const narrow =
    narrowsStatus(filter) ||
    Boolean(filter.gridCode || filter.ids?.length || filter.text?.trim() || filter.bbox || filter.supervised) ||
    filter.assignee !== undefined ||
    filter.reportedFrom !== undefined ||
    filter.reportedTo !== undefined;
  const parts: string[] = [];
  if (position !== 'none-dated') parts.push(`SELECT id FROM (SELECT i.id FROM ${from} ${dated} ORDER BY i.due_at, i.id LIMIT @limit)`);
  if (!filter.overdue && filter.dueWithinHours === undefined) {
    const undatedFrom = narrow || from !== 'incidents i' ? from : 'incidents i INDEXED BY incidents_due_at';
    parts.push(`SELECT id FROM (SELECT i.id FROM ${undatedFrom} ${undated} ORDER BY i.id LIMIT @limit)`);
  }
  // A filter that can match no undated case, after a cursor on an undated case: nothing more.
  return parts.length ? parts.join(' UNION ALL ') : 'SELECT NULL AS id WHERE 0';
}

export function countIncidents(db: Db, filter: IncidentFilter, now: number): number {
  const { where, params } = filterSql(filter, now);
  // The default list (every case but the duplicates): all cases, counted from the b-tree's pages without
  // reading a row, less the duplicates from their partial index — under a millisecond at 1,000,000 cases
  // where testing duplicate_of on every row takes 40–80 ms.
  if (where === 'WHERE i.duplicate_of IS NULL') {
    return (
      prepared(db, `SELECT (SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents WHERE duplicate_of IS NOT NULL) AS n`).get() as { n: number }
    ).n;
  }
  return (prepared(db, `SELECT count(*) AS n FROM incidents i ${where}`).get(params) as { n: number }).n;
}

interface DetailRow extends ListRow {
  category_id: number;
  lon: number | null;
  lat: number | null;
  source_crs: string;
  source_lon: number | null;
  source_lat: number | null;
  reporter: string | null;
  registered_at: number | null;
  dispatched_at: number | null;
  handled_at: number | null;
  extension_count: number;
  full_description: string;
  unit_id: number | null;
  unit_name: string | null;
}

interface EventRow {
  id: number;
  at: number;
  operator_id: number | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: string | null;
}

export function getIncident(db: Db, id: number): IncidentDetail {
  const row = prepared(
    db,
    `SELECT ${LIST_COLUMNS}, i.category_id, i.lon, i.lat, i.source_crs, i.source_lon, i.source_lat, i.reporter,
            i.registered_at, i.dispatched_at, i.handled_at, i.extension_count, i.description AS full_description,
            i.unit_id, (SELECT un.name FROM units un WHERE un.id = i.unit_id) AS unit_name
     FROM incidents i ${LIST_JOINS} WHERE i.id = ?`,
  ).get(id) as DetailRow | undefined;
  if (!row) throw new AppError('not-found', `案件不存在：编号 ${id}`);
  const events = (
    prepared(db, `SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id`).all(id) as EventRow[]
  ).map(
    (e): IncidentEvent => ({
      id: e.id,
      at: e.at,
      operatorId: e.operator_id,
      actorName: e.actor_name,
      action: e.action,
      fromStatus: e.from_status as IncidentStatus | null,
      toStatus: e.to_status as IncidentStatus | null,
      note: e.note,
      data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
    }),
  );
  const duplicates = prepared(db, `SELECT id, case_no AS caseNo, status FROM incidents WHERE duplicate_of = ? ORDER BY id`).all(id) as IncidentDetail['duplicates'];
  const original = row.duplicate_of
    ? ((prepared(db, `SELECT id, case_no AS caseNo, status FROM incidents WHERE id = ?`).get(row.duplicate_of) as
        | IncidentDetail['original']
        | undefined) ?? null)
    : null;
  return {
    ...rowToListItem(row),
    description: row.full_description,
    categoryId: row.category_id,
    lon: row.lon,
    lat: row.lat,
    sourceCrs: row.source_crs as CoordinateSystem,
    sourceLon: row.source_lon,
    sourceLat: row.source_lat,
    reporter: row.reporter,
    registeredAt: row.registered_at,
    dispatchedAt: row.dispatched_at,
    handledAt: row.handled_at,
    extensionCount: row.extension_count,
    pendingExtension: pendingExtension(events),
    events,
    duplicates,
    original,
    hotline: row.source === 'hotline' ? hotlineView(db, id) : null,
    unitId: row.unit_id,
    unitName: row.unit_name,
  };
}

/** The latest extension request with no decision after it. */
export function pendingExtension(events: readonly IncidentEvent[]): IncidentDetail['pendingExtension'] {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k]!;
    if (EXTENSION_ACTIONS.includes(e.action)) return extensionRequestOf(e.action, e.data, e.note, e.at);
  }
  return null;
}

const EXTENSION_ACTIONS: readonly string[] = ['extend_request', 'extend_approve', 'extend_deny'];

/** The pending request when the last extension step was a request (with a valid deadline), else null. */
function extensionRequestOf(action: string, data: Record<string, unknown> | null, note: string | null, at: number): IncidentDetail['pendingExtension'] {
  if (action !== 'extend_request') return null;
  const requested = Number(data?.requestedDueAt);
  return Number.isFinite(requested) ? { requestedDueAt: requested, reason: note ?? '', requestedAt: at } : null;
}

/**
 * The same as pendingExtension(getIncident(…).events) without reading the case's history: the last
 * extension step of the case, from the (incident_id, at) index.
 */
export function findPendingExtension(db: Db, incidentId: number): IncidentDetail['pendingExtension'] {
  const last = db
    .prepare(
      `SELECT action, at, note, data FROM incident_events
       WHERE incident_id = ? AND action IN ('extend_request', 'extend_approve', 'extend_deny')
       ORDER BY at DESC, id DESC LIMIT 1`,
    )
    .get(incidentId) as { action: string; at: number; note: string | null; data: string | null } | undefined;
  if (!last) return null;
  return extensionRequestOf(last.action, last.data ? (JSON.parse(last.data) as Record<string, unknown>) : null, last.note, last.at);
}

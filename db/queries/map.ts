/**
 * The map's incident points: every located case matching the case list's filter as a few typed arrays
 * (ids, lon/lat, status code, overdue flag), in case-id order.
 *
 * mapPointChunks is what the map reads: the points in chunks, each chunk one short query resuming after
 * the last id of the one before, so the host serves other requests between chunks while 1M points are
 * on their way (an open better-sqlite3 iterator would hold the connection until the end). mapPoints is
 * the same answer whole, as base64 text: the plain form the binary one is checked against.
 */
import type { Db } from '../open';
import { INCIDENT_STATUSES } from '../domain/codes';
import { OPEN_STATUSES_SQL } from '../sql';
import type { IncidentFilter } from '../types';
import { filterSql } from './incidents';
import { hasIndex } from './prepared';

export interface MapPointsPayload {
  readonly count: number;
  /** Uint32Array of case ids, little-endian, base64. */
  readonly ids: string;
  /** Float32Array of interleaved WGS-84 lon, lat, little-endian, base64. */
  readonly coords: string;
  /** Uint8Array: index into INCIDENT_STATUSES, base64. */
  readonly status: string;
  /** Uint8Array: 1 when open past its deadline, base64. */
  readonly overdue: string;
  /** The clock the overdue flags were computed at. */
  readonly at: number;
}

/** Points of one chunk as typed arrays. */
export interface MapPointsChunk {
  readonly count: number;
  readonly ids: Uint32Array;
  /** Interleaved WGS-84 lon, lat. */
  readonly coords: Float32Array;
  /** Index into INCIDENT_STATUSES. */
  readonly status: Uint8Array;
  /** 1 = open past its deadline. */
  readonly overdue: Uint8Array;
}

/**
 * Points per chunk: 230 KB on the wire, one query of 15–25 ms at 1M cases, so a request that comes in
 * while 1M points stream out waits no longer than that.
 */
export const POINTS_PER_CHUNK = 16_384;

/** Status code and overdue flag as one small integer (index into INCIDENT_STATUSES + 256 × overdue). */
const STATUS_CODE_SQL = `(CASE i.status ${INCIDENT_STATUSES.map((st, k) => `WHEN '${st}' THEN ${k}`).join(' ')} ELSE 255 END
  + CASE WHEN i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < @now THEN 256 ELSE 0 END)`;

/** Where griddesk_map_point writes the rows of the chunk being read (set only while its query runs). */
interface PointSink {
  readonly ids: Uint32Array;
  readonly coords: Float32Array;
  readonly status: Uint8Array;
  readonly overdue: Uint8Array;
  n: number;
}

let sink: PointSink | null = null;
const withPointFunction = new WeakSet<Db>();

/**
 * griddesk_map_point(id × 512 + code, lon, lat) writes one row into the chunk being read. Called by
 * SQLite for each row, it costs a third of what turning each row into a JavaScript array costs, which is
 * most of the time at 1M rows. Only for direct use in the map's own query (never in a trigger or view).
 */
function registerPointFunction(db: Db): void {
  if (withPointFunction.has(db)) return;
  db.function('griddesk_map_point', { deterministic: false, directOnly: true }, (key: unknown, lon: unknown, lat: unknown) => {
    const s = sink;
    if (!s || s.n >= s.ids.length) return 0;
    const k = key as number;
    const code = k % 512;
    const n = s.n++;
    s.ids[n] = (k - code) / 512;
    s.status[n] = code & 255;
    s.overdue[n] = code >> 8;
    s.coords[2 * n] = lon as number;
    s.coords[2 * n + 1] = lat as number;
    return 1;
  });
  withPointFunction.add(db);
}

/** Filter fields whose conditions read only columns of incidents_map_points (place, status, deadline, duplicate, report time). */
const COVERED_FILTER_FIELDS: ReadonlySet<keyof IncidentFilter> = new Set([
  'statuses',
  'includeDuplicates',
  'overdue',
  'dueWithinHours',
  'reportedFrom',
  'reportedTo',
  'bbox',
]);

/**
 * One chunk's statement: the located cases of the filter after case @after, @limit of them in id order, each
 * handed to griddesk_map_point. id and code travel as one integer (id × 512 + code: exact far past any case
 * id). A filter on the index's own columns reads the covering index incidents_map_points (migration 0210) by
 * name: the planner, from its statistics, walked the table in id order instead, whose rows carry every text
 * and date of a case — measured at 1,000,000 cases: 5.6 s from a cold disk cache and 199 ms warm, against
 * 126 ms and 89 ms from the index. Other filters (grid, class, person, source, text, ids) are left to the
 * planner, which has their indexes.
 */
export function mapPointChunkSql(filter: IncidentFilter, now: number, covering = true): { sql: string; params: Record<string, unknown> } {
  const { where, params } = filterSql(filter, now);
  const onIndex =
    covering &&
    (Object.keys(filter) as (keyof IncidentFilter)[]).every((k) => filter[k] === undefined || COVERED_FILTER_FIELDS.has(k));
  const sql = `SELECT count(griddesk_map_point(k, lon, lat)) FROM (
      SELECT i.id * 512 + ${STATUS_CODE_SQL} AS k, i.lon AS lon, i.lat AS lat FROM incidents i${onIndex ? ' INDEXED BY incidents_map_points' : ''}
      ${where ? `${where} AND` : 'WHERE'} i.lon IS NOT NULL AND i.lat IS NOT NULL AND i.id > @after ORDER BY i.id LIMIT @limit)`;
  return { sql, params };
}

/** The points in chunks of at most `perChunk`, in case-id order; each step runs one query. */
export function mapPointChunks(db: Db, filter: IncidentFilter, now: number, perChunk = POINTS_PER_CHUNK): Iterator<MapPointsChunk, void> {
  const { sql, params } = mapPointChunkSql(filter, now, hasIndex(db, 'incidents_map_points'));
  registerPointFunction(db);
  const stmt = db.prepare(sql).pluck(true);
  let after = -1;
  let done = false;
  const next = (): IteratorResult<MapPointsChunk, void> => {
    if (done) return { done: true, value: undefined };
    const chunk: PointSink = { ids: new Uint32Array(perChunk), coords: new Float32Array(2 * perChunk), status: new Uint8Array(perChunk), overdue: new Uint8Array(perChunk), n: 0 };
    sink = chunk;
    try {
      stmt.get({ ...params, after, limit: perChunk });
    } finally {
      sink = null;
    }
    const n = chunk.n;
    if (n === 0) {
      done = true;
      return { done: true, value: undefined };
    }
    const out = inIdOrder({ count: n, ids: chunk.ids.subarray(0, n), coords: chunk.coords.subarray(0, 2 * n), status: chunk.status.subarray(0, n), overdue: chunk.overdue.subarray(0, n) });
    after = out.ids[n - 1]!;
    if (n < perChunk) done = true;
    return { done: false, value: out };
  };
  return { next };
}

/** The rows come in the subquery's order (ids ascending); should SQLite ever hand them otherwise, they are put back in it. */
export function inIdOrder(c: MapPointsChunk): MapPointsChunk {
  let isSorted = true;
  for (let k = 1; k < c.count && isSorted; k++) isSorted = c.ids[k - 1]! < c.ids[k]!;
  if (isSorted) return c;
  const order = Array.from({ length: c.count }, (_, k) => k).sort((a, b) => c.ids[a]! - c.ids[b]!);
  const out = { count: c.count, ids: new Uint32Array(c.count), coords: new Float32Array(2 * c.count), status: new Uint8Array(c.count), overdue: new Uint8Array(c.count) };
  order.forEach((from, to) => {
    out.ids[to] = c.ids[from]!;
    out.coords[2 * to] = c.coords[2 * from]!;
    out.coords[2 * to + 1] = c.coords[2 * from + 1]!;
    out.status[to] = c.status[from]!;
    out.overdue[to] = c.overdue[from]!;
  });
  return out;
}

export function mapPoints(db: Db, filter: IncidentFilter, now: number): MapPointsPayload {
  const { where, params } = filterSql(filter, now);
  const located = 'i.lon IS NOT NULL AND i.lat IS NOT NULL';
  const sql = `SELECT i.id, i.lon, i.lat, ${STATUS_CODE_SQL}
    FROM incidents i ${where ? `${where} AND ${located}` : `WHERE ${located}`} ORDER BY i.id`;
  let capacity = 4096;
  let ids = new Uint32Array(capacity);
  let coords = new Float32Array(capacity * 2);
  let status = new Uint8Array(capacity);
  let overdue = new Uint8Array(capacity);
  let n = 0;
  const stmt = db.prepare(sql).raw(true);
  for (const row of stmt.iterate(params) as Iterable<[number, number, number, number]>) {
    if (n === capacity) {
      capacity *= 2;
      ids = grow(ids, new Uint32Array(capacity));
      coords = grow(coords, new Float32Array(capacity * 2));
      status = grow(status, new Uint8Array(capacity));
      overdue = grow(overdue, new Uint8Array(capacity));
    }
    ids[n] = row[0];
    coords[2 * n] = row[1];
    coords[2 * n + 1] = row[2];
    status[n] = row[3] & 255;
    overdue[n] = row[3] >> 8;
    n++;
  }
  return {
    count: n,
    ids: toBase64(ids.subarray(0, n)),
    coords: toBase64(coords.subarray(0, 2 * n)),
    status: toBase64(status.subarray(0, n)),
    overdue: toBase64(overdue.subarray(0, n)),
    at: now,
  };
}

function grow<T extends Uint32Array | Float32Array | Uint8Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

function toBase64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

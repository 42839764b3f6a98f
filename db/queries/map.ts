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

/** Points per chunk: about 0.9 MB on the wire, one query of a few tens of milliseconds at 1M cases. */
export const POINTS_PER_CHUNK = 65_536;

function pointsSql(filter: IncidentFilter, now: number, extra: string, tail: string): { sql: string; params: Record<string, unknown> } {
  const { where, params } = filterSql(filter, now);
  const conditions = ['i.lon IS NOT NULL AND i.lat IS NOT NULL', extra].filter(Boolean).join(' AND ');
  // Status code and overdue flag come out of SQL as one small integer (code + 256 × overdue): far
  // less work per row on the JavaScript side than a status string looked up in a map.
  const statusCode = `CASE i.status ${INCIDENT_STATUSES.map((st, k) => `WHEN '${st}' THEN ${k}`).join(' ')} ELSE 255 END`;
  const sql = `SELECT i.id, i.lon, i.lat,
      ${statusCode} + CASE WHEN i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < @now THEN 256 ELSE 0 END
    FROM incidents i ${where ? `${where} AND ${conditions}` : `WHERE ${conditions}`} ${tail}`;
  return { sql, params };
}

/**
 * The points in chunks of at most `perChunk`, in case-id order; each step of the generator runs one
 * query (the first at once, so a bad filter or a busy database fails before anything is sent).
 */
export function mapPointChunks(db: Db, filter: IncidentFilter, now: number, perChunk = POINTS_PER_CHUNK): Iterator<MapPointsChunk, void> {
  const { sql, params } = pointsSql(filter, now, 'i.id > @after', 'ORDER BY i.id LIMIT @limit');
  const stmt = db.prepare(sql).raw(true);
  let after = -1;
  let done = false;
  const next = (): IteratorResult<MapPointsChunk, void> => {
    if (done) return { done: true, value: undefined };
    const rows = stmt.all({ ...params, after, limit: perChunk }) as [number, number, number, number][];
    const n = rows.length;
    if (n === 0) {
      done = true;
      return { done: true, value: undefined };
    }
    const ids = new Uint32Array(n);
    const coords = new Float32Array(2 * n);
    const status = new Uint8Array(n);
    const overdue = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const row = rows[k]!;
      ids[k] = row[0];
      coords[2 * k] = row[1];
      coords[2 * k + 1] = row[2];
      status[k] = row[3] & 255;
      overdue[k] = row[3] >> 8;
    }
    after = ids[n - 1]!;
    if (n < perChunk) done = true;
    return { done: false, value: { count: n, ids, coords, status, overdue } };
  };
  return { next };
}

export function mapPoints(db: Db, filter: IncidentFilter, now: number): MapPointsPayload {
  const { sql, params } = pointsSql(filter, now, '', 'ORDER BY i.id');
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

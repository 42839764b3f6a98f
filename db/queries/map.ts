/**
 * The map's incident points: every case matching the case list's filter as a few typed arrays
 * (ids, lon/lat, status code, overdue flag), base64-encoded so 1M points cross IPC or HTTP as ~19 MB
 * of text instead of a million JSON objects.
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


export function mapPoints(db: Db, filter: IncidentFilter, now: number): MapPointsPayload {
  const { where, params } = filterSql(filter, now);
  const located = 'i.lon IS NOT NULL AND i.lat IS NOT NULL';
  // Status code and overdue flag come out of SQL as one small integer (code + 256 × overdue): far
  // less work per row on the JavaScript side than a status string looked up in a map.
  const statusCode = `CASE i.status ${INCIDENT_STATUSES.map((st, k) => `WHEN '${st}' THEN ${k}`).join(' ')} ELSE 255 END`;
  const sql = `SELECT i.id, i.lon, i.lat,
      ${statusCode} + CASE WHEN i.status IN ${OPEN_STATUSES_SQL} AND i.due_at < @now THEN 256 ELSE 0 END
    FROM incidents i ${where ? `${where} AND ${located}` : `WHERE ${located}`}`;
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

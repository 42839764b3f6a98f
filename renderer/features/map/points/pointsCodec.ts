/**
 * The points as typed arrays (MapPoints), and decoding the plain base64 form of them (db/queries/map.ts
 * mapPoints) that the streamed binary answer of map:points is checked against in the tests and the
 * benchmark. The arrays share nothing with the strings, so the strings can be dropped at once.
 */
import { INCIDENT_STATUSES, type IncidentStatus, type MapPointsPayload } from '../../../../electron/contract';

export interface MapPoints {
  readonly count: number;
  readonly ids: Uint32Array;
  /** Interleaved lon, lat (WGS-84). */
  readonly coords: Float32Array;
  /** Index into INCIDENT_STATUSES. */
  readonly status: Uint8Array;
  /** 1 = open past its deadline. */
  readonly overdue: Uint8Array;
}

export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Copies into a fresh, aligned buffer so Uint32/Float32 views are valid. */
function aligned(bytes: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

export function decodePoints(p: MapPointsPayload): MapPoints {
  const ids = new Uint32Array(aligned(decodeBase64(p.ids)));
  const coords = new Float32Array(aligned(decodeBase64(p.coords)));
  const status = decodeBase64(p.status);
  const overdue = decodeBase64(p.overdue);
  if (ids.length !== p.count || coords.length !== 2 * p.count || status.length !== p.count || overdue.length !== p.count) {
    throw new Error(`案件点数据长度不一致（应为 ${p.count} 个）`);
  }
  return { count: p.count, ids, coords, status, overdue };
}

/** Builds points from plain values (tests, benchmarks). */
export function pointsFrom(items: readonly { id: number; lon: number; lat: number; status: IncidentStatus; overdue?: boolean }[]): MapPoints {
  const n = items.length;
  const out = { count: n, ids: new Uint32Array(n), coords: new Float32Array(2 * n), status: new Uint8Array(n), overdue: new Uint8Array(n) };
  items.forEach((it, i) => {
    out.ids[i] = it.id;
    out.coords[2 * i] = it.lon;
    out.coords[2 * i + 1] = it.lat;
    out.status[i] = INCIDENT_STATUSES.indexOf(it.status);
    out.overdue[i] = it.overdue ? 1 : 0;
  });
  return out;
}

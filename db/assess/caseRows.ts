/**
 * The month's figure rows grouped by object in one pass, without looking each row's case up in SQLite.
 *
 * A month at 1,000,000 cases has ~350,000 case rows, ~940,000 stage instances and ~150,000 12345 events. Joined
 * to the cases table for their grid, person and unit, and handed over as one JS array per row, they took ~4.5 s;
 * here SQLite hands each statement's rows over as one JSON array of (case id, figure bits) pairs, every case's
 * keys (grid, responsible person, unit, whether it counts) are read once from the covering index incidents_assess,
 * and the rows are sorted by case (one typed-array sort) so every object's case list comes out ascending and
 * distinct as it is built.
 */
import type { Db } from '../open';
import type { AssessObjectType } from '../domain/assess';
import { COUNTED_CASE } from '../stats/indicators';

/** Cases per statement: the JSON string SQLite builds for one span stays a few MB. */
export const CASE_SPAN = 250_000;

/** Every case's keys, by case id; -1 where the case has none. */
export interface CaseKeys {
  /** Slot of a case id in the arrays below, or -1 for an unknown id. */
  slot(id: number): number;
  grid: Int32Array;
  person: Int32Array;
  unit: Int32Array;
  /** 1 where the case counts at all (not a duplicate, not voided). */
  counted: Uint8Array;
  /** The id spans [lo, hi) that cover every case, CASE_SPAN cases or fewer each, ascending (together: every id). */
  spans: [number, number][];
}

/** Ids spread wider than this many times the cases (or over 16M) are kept in a map instead of arrays indexed by id. */
const DENSE_FACTOR = 4;

/** A JSON array of numbers from SQLite's '[' || group_concat(…) || ']' (NULL when there were no rows). */
function numbers(json: unknown): number[] {
  return typeof json === 'string' ? (JSON.parse(json) as number[]) : [];
}

/** Reads every case's keys from incidents_assess, `span` cases a statement, in id order. */
export function loadCaseKeys(db: Db, span = CASE_SPAN): CaseKeys {
  const { lo, hi } = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM incidents`).get() as { lo: number | null; hi: number | null };
  // Cases are counted (a walk of an index) only when their ids span over a million.
  const n = lo !== null && hi !== null && hi - lo + 1 > 1_000_000 ? (db.prepare(`SELECT count(*) FROM incidents`).pluck().get() as number) : 0;
  const chunk = db.prepare(
    `SELECT max(id), '[' || group_concat(id || ',' || g || ',' || p || ',' || u || ',' || c) || ']' FROM (
       SELECT i.id, ifnull(i.grid_id, -1) AS g, ifnull(i.assignee_id, -1) AS p, ifnull(i.unit_id, -1) AS u, (${COUNTED_CASE}) AS c
       FROM incidents i INDEXED BY incidents_assess WHERE i.id > @after ORDER BY i.id LIMIT @span
     )`,
  );
  const dense = lo !== null && hi !== null && hi - lo + 1 <= Math.min(16_000_000, Math.max(1_000_000, DENSE_FACTOR * n));
  const size = dense ? hi! - lo! + 1 : n;
  const grid = new Int32Array(size).fill(-1);
  const person = new Int32Array(size).fill(-1);
  const unit = new Int32Array(size).fill(-1);
  const counted = new Uint8Array(size);
  const bySlot = dense ? null : new Map<number, number>();
  const spans: [number, number][] = [];
  let after = Number.MIN_SAFE_INTEGER;
  let next = 0;
  for (;;) {
    const [last, json] = chunk.raw().get({ after, span }) as [number | null, string | null];
    if (last === null) break;
    const a = numbers(json);
    for (let i = 0; i < a.length; i += 5) {
      const id = a[i]!;
      let s: number;
      if (bySlot) bySlot.set(id, (s = next++));
      else s = id - lo!;
      grid[s] = a[i + 1]!;
      person[s] = a[i + 2]!;
      unit[s] = a[i + 3]!;
      counted[s] = a[i + 4]!;
    }
    spans.push([spans.length === 0 ? Number.MIN_SAFE_INTEGER : after + 1, last + 1]);
    after = last;
  }
  if (spans.length) spans[spans.length - 1]![1] = Number.MAX_SAFE_INTEGER;
  const slot = bySlot ? (id: number) => bySlot.get(id) ?? -1 : (id: number) => (id >= lo! && id <= hi! ? id - lo! : -1);
  return { slot, grid, person, unit, counted, spans };
}

/** Per object type, per object id: the rows flagged with each figure (n) and their cases (ascending, distinct). */
export interface Grouped {
  n: number[];
  ids: number[][];
}

/**
 * Groups (case id, bits) pairs — bit j: the row counts in figure j of `width` — by the objects of each type the
 * case belongs to (its grid, the grid's street, its unit, its person), as the grouped SQL does: n = rows flagged,
 * ids = the distinct cases flagged, ascending. Rows of cases that do not count, or that the keys do not know, are
 * left out (the grouped statements' join to the counted cases). A row with no bit set still makes its objects known.
 */
export function groupPairs(
  chunks: readonly number[][],
  width: number,
  keys: CaseKeys,
  types: readonly AssessObjectType[],
  streetOfGrid: ReadonlyMap<number, number>,
): Map<AssessObjectType, Map<number, Grouped>> {
  const scale = 2 ** width;
  let total = 0;
  for (const c of chunks) total += c.length >> 1;
  const packed = new Float64Array(total);
  let w = 0;
  let ordered = true;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i += 2) {
      const v = c[i]! * scale + c[i + 1]!;
      if (w > 0 && v < packed[w - 1]!) ordered = false;
      packed[w++] = v;
    }
  }
  // The case rows come in id order (one scan of an index by id, span after span); the others are sorted here.
  if (!ordered) packed.sort();

  // Each type's accumulators by object id (ids of grids, persons and units are small: an array, not a map).
  const keyOf = types.map((t) => (t === 'grid' ? keys.grid : t === 'person' ? keys.person : t === 'unit' ? keys.unit : null));
  const accs: (Grouped | undefined)[][] = types.map(() => []);
  const streetSlot: number[] = [];
  for (const [g, street] of streetOfGrid) if (g >= 0) streetSlot[g] = street;
  const bits = new Int32Array(width);
  for (let r = 0; r < total; r++) {
    const v = packed[r]!;
    const id = Math.floor(v / scale);
    const s = keys.slot(id);
    if (s < 0 || keys.counted[s] !== 1) continue;
    const mask = v - id * scale;
    let nb = 0;
    for (let j = 0; j < width; j++) if (mask & (1 << j)) bits[nb++] = j;
    for (let t = 0; t < accs.length; t++) {
      const col = keyOf[t];
      let k: number | undefined;
      if (col) k = col[s]!;
      else {
        const g = keys.grid[s]!;
        k = g < 0 ? undefined : streetSlot[g];
      }
      if (k === undefined || k < 0) continue;
      const acc = accs[t]!;
      let a = acc[k];
      if (!a) acc[k] = a = { n: new Array<number>(width).fill(0), ids: Array.from({ length: width }, () => []) };
      for (let b = 0; b < nb; b++) {
        const j = bits[b]!;
        a.n[j]!++;
        const list = a.ids[j]!;
        if (list.length === 0 || list[list.length - 1] !== id) list.push(id);
      }
    }
  }
  const out = new Map<AssessObjectType, Map<number, Grouped>>();
  types.forEach((type, t) => {
    const m = new Map<number, Grouped>();
    accs[t]!.forEach((a, k) => a && m.set(k, a));
    out.set(type, m);
  });
  return out;
}

/** A statement's pairs: one JSON array per span of case ids (chunked) or one for the whole month. */
export function readPairs(db: Db, sql: string, params: Record<string, number | string>, spans: readonly [number, number][] | null): number[][] {
  const st = db.prepare(sql).pluck();
  if (!spans) return [numbers(st.get(params))];
  return spans.map(([lo, hi]) => numbers(st.get({ ...params, lo, hi })));
}

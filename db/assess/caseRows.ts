/**
 * The month's figure rows grouped by object in one pass, without looking each row's case up in SQLite.
 *
 * A month at 1,000,000 cases has ~350,000 case rows, ~940,000 stage instances and ~150,000 12345 events. Joined
 * to the cases table for their grid, person and unit, and handed over as one JS array per row, they took ~4.5 s;
 * here SQLite hands each statement's rows over as one JSON array of (case id, figure bits) pairs, every case's
 * keys (grid, responsible person, unit, whether it counts) are read once from the covering index incidents_assess,
 * and the rows are counted by case slot, so every object's case list is written ascending and distinct in one walk
 * of the slots, without a sort.
 */
import type { Db } from '../open';
import type { AssessObjectType } from '../domain/assess';
import { COUNTED_CASE } from '../stats/indicators';

/** Cases per statement: the JSON string SQLite builds for one span stays a few MB. */
export const CASE_SPAN = 250_000;

/** Every case's keys, by case id; -1 where the case has none. */
export interface CaseKeys {
  /** Slot of a case id in the arrays below, or -1 for an unknown id. Slots ascend with ids. */
  slot(id: number): number;
  /** The case id of a slot. */
  idOf(slot: number): number;
  grid: Int32Array;
  person: Int32Array;
  unit: Int32Array;
  /** 1 where the case counts at all (not a duplicate, not voided). */
  counted: Uint8Array;
  /** Reads the keys of every case with an id up to this one, if not read yet (loadCaseKeys' `lazy`). */
  ensure(upto: number): void;
}

/** The lowest and highest case id, each by one step of the primary key (min and max in one SELECT would scan every case). */
export const CASE_ID_RANGE = `SELECT (SELECT min(id) FROM incidents) AS lo, (SELECT max(id) FROM incidents) AS hi`;

/** A case's keys as one number: ((grid + 1) × PERSON_SPAN + person + 1) × UNIT_SPAN + unit + 1, × 2 + counted (-1: none;
 * under 2^53, exact), or NULL where an id does not fit (that span is read again as five numbers a case). */
const GRID_SPAN = 2 ** 17;
const PERSON_SPAN = 2 ** 20;
const UNIT_SPAN = 2 ** 15;
const PACKED_KEYS = `CASE WHEN g < ${GRID_SPAN - 1} AND p < ${PERSON_SPAN - 1} AND u < ${UNIT_SPAN - 1} AND g >= -1 AND p >= -1 AND u >= -1
  THEN (((g + 1) * ${PERSON_SPAN} + p + 1) * ${UNIT_SPAN} + u + 1) * 2 + c END`;

/** Ids spread wider than this many times the cases (or over 16M) are kept in a map instead of arrays indexed by id. */
const DENSE_FACTOR = 4;

/** A JSON array of numbers from SQLite's '[' || group_concat(…) || ']' (NULL when there were no rows). */
function pairNumbers(json: unknown): number[] {
  return typeof json === 'string' ? (JSON.parse(json) as number[]) : [];
}

/**
 * Reads every case's keys from incidents_assess, `span` cases a statement, in id order. `lazy`: none yet; `ensure`
 * reads them as far as it is asked (groupPairs asks for its rows' highest case id), so a month reads the keys of the
 * cases up to the last one it touches, not of the cases reported after it. Read inside the caller's transaction.
 */
export function loadCaseKeys(db: Db, span = CASE_SPAN, { lazy = false }: { lazy?: boolean } = {}): CaseKeys {
  const { lo, hi } = db.prepare(CASE_ID_RANGE).get() as { lo: number | null; hi: number | null };
  // Cases are counted (a walk of an index) only when their ids span over a million.
  const n = lo !== null && hi !== null && hi - lo + 1 > 1_000_000 ? (db.prepare(`SELECT count(*) FROM incidents`).pluck().get() as number) : 0;
  const keysOf = (packed: boolean) =>
    db.prepare(
      `SELECT max(id), '[' || group_concat(id || ',' || ${packed ? `ifnull(${PACKED_KEYS}, 'null')` : "g || ',' || p || ',' || u || ',' || c"}) || ']' FROM (
         SELECT i.id, ifnull(i.grid_id, -1) AS g, ifnull(i.assignee_id, -1) AS p, ifnull(i.unit_id, -1) AS u, (${COUNTED_CASE}) AS c
         FROM incidents i INDEXED BY incidents_assess WHERE i.id > @after AND i.id <= @upto ORDER BY i.id LIMIT @span
       )`,
    );
  // One number per case when its keys fit in one (at 1M cases ~0.15 s less to write out and read back), else five.
  const packedChunk = keysOf(true);
  const plainChunk = keysOf(false);
  const dense = lo !== null && hi !== null && hi - lo + 1 <= Math.min(16_000_000, Math.max(1_000_000, DENSE_FACTOR * n));
  const size = dense ? hi! - lo! + 1 : n;
  const grid = new Int32Array(size).fill(-1);
  const person = new Int32Array(size).fill(-1);
  const unit = new Int32Array(size).fill(-1);
  const counted = new Uint8Array(size);
  const bySlot = dense ? null : new Map<number, number>();
  const idOfSlot = dense ? null : new Float64Array(size);
  let after = Number.MIN_SAFE_INTEGER;
  let next = 0;
  const put = (id: number, g: number, p: number, u: number, c: number) => {
    let s: number;
    if (bySlot) {
      bySlot.set(id, (s = next++));
      idOfSlot![s] = id;
    } else s = id - lo!;
    grid[s] = g;
    person[s] = p;
    unit[s] = u;
    counted[s] = c;
  };
  // Every case with an id up to `upto` read (the ids are read in order).
  let done = lo === null;
  const ensure = (upto: number) => {
    while (!done && after < upto) {
      const [last, json] = packedChunk.raw().get({ after, span, upto }) as [number | null, string | null];
      if (last === null) {
        if (upto >= hi!) done = true;
        break;
      }
      const a = pairNumbers(json) as (number | null)[];
      let fits = true;
      for (let i = 1; i < a.length && fits; i += 2) fits = a[i] !== null;
      if (fits) {
        for (let i = 0; i < a.length; i += 2) {
          const v = a[i + 1]!;
          const c = v % 2;
          let x = (v - c) / 2;
          const u = x % UNIT_SPAN;
          x = (x - u) / UNIT_SPAN;
          const p = x % PERSON_SPAN;
          put(a[i]!, (x - p) / PERSON_SPAN - 1, p - 1, u - 1, c);
        }
      } else {
        const [, plain] = plainChunk.raw().get({ after, span, upto }) as [number, string];
        const b = pairNumbers(plain);
        for (let i = 0; i < b.length; i += 5) put(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
      }
      after = last;
      if (last >= hi!) done = true;
    }
  };
  if (!lazy) ensure(Number.MAX_SAFE_INTEGER);
  const slot = bySlot ? (id: number) => bySlot.get(id) ?? -1 : (id: number) => (id >= lo! && id <= hi! ? id - lo! : -1);
  const idOf = idOfSlot ? (s: number) => idOfSlot[s]! : (s: number) => s + lo!;
  return { slot, idOf, grid, person, unit, counted, ensure };
}

/** Per object type, per object id: the rows flagged with each figure (n) and their cases (ascending, distinct). */
export interface Grouped {
  n: number[];
  ids: number[][];
}

/** Widest figure set a statement may flag (a case's bits and its "seen" mark share a Uint16 below). */
const MAX_WIDTH = 15;

/**
 * Groups (case id, bits) pairs — bit j: the row counts in figure j of `width` — by the objects of each type the
 * case belongs to (its grid, the grid's street, its unit, its person), as the grouped SQL does: n = rows flagged,
 * ids = the distinct cases flagged, ascending. Rows of cases that do not count, or that the keys do not know, are
 * left out (the grouped statements' join to the counted cases). A row with no bit set still makes its objects known.
 *
 * Two passes, no sort: the rows' counts and each case's bits (or-ed over its rows) by slot; then the slots in order
 * (ascending case ids), each case appended once to the lists of the figures its bits name.
 */
export function groupPairs(
  chunks: readonly ArrayLike<number>[],
  width: number,
  keys: CaseKeys,
  types: readonly AssessObjectType[],
  streetOfGrid: ReadonlyMap<number, number>,
): Map<AssessObjectType, Map<number, Grouped>> {
  if (width > MAX_WIDTH) throw new Error(`too many figures in one statement: ${width}`);
  let top = Number.NEGATIVE_INFINITY;
  for (const c of chunks) for (let i = 0; i < c.length; i += 2) if (c[i]! > top) top = c[i]!;
  keys.ensure(top);
  const slots = keys.counted.length;
  // Each type's object by slot (streets through the case's grid).
  const street = new Int32Array(slots).fill(-1);
  if (types.includes('street')) {
    const streetSlot: number[] = [];
    for (const [g, st] of streetOfGrid) if (g >= 0) streetSlot[g] = st;
    for (let s = 0; s < slots; s++) {
      const g = keys.grid[s]!;
      if (g >= 0) street[s] = streetSlot[g] ?? -1;
    }
  }
  const cols = types.map((t) => (t === 'grid' ? keys.grid : t === 'person' ? keys.person : t === 'unit' ? keys.unit : street));
  // The figures each mask names.
  const bitsOf: number[][] = [];
  for (let m = 0; m < 1 << width; m++) {
    const list: number[] = [];
    for (let j = 0; j < width; j++) if (m & (1 << j)) list.push(j);
    bitsOf.push(list);
  }
  const seen = 1 << width;
  const mine = new Uint16Array(slots);
  // Per type: rows counted by (object, figure), and in the last of each object's `stride` columns its rows at all
  // (an object is known when it has any).
  const stride = width + 1;
  const counts: Int32Array[] = cols.map((col) => {
    let max = -1;
    for (let s = 0; s < slots; s++) if (col[s]! > max) max = col[s]!;
    return new Int32Array((max + 1) * stride);
  });
  const nt = cols.length;
  const slotOf = keys.slot;
  const counted = keys.counted;
  for (const c of chunks) {
    const end = c.length - 1;
    for (let i = 0; i < end; i += 2) {
      const s = slotOf(c[i]!);
      if (s < 0 || counted[s] !== 1) continue;
      const mask = c[i + 1]!;
      mine[s] = mine[s]! | mask | seen;
      const bits = bitsOf[mask]!;
      const nb = bits.length;
      for (let t = 0; t < nt; t++) {
        const k = cols[t]![s]!;
        if (k < 0) continue;
        const base = k * stride;
        const ct = counts[t]!;
        ct[base + width]!++;
        for (let b = 0; b < nb; b++) ct[base + bits[b]!]!++;
      }
    }
  }
  // Each object's distinct cases per figure, counted first so every list is made at its size.
  const distinct: Int32Array[] = counts.map((c) => new Int32Array((c.length / stride) * width));
  for (let s = 0; s < slots; s++) {
    const m = mine[s]!;
    if (m === 0) continue;
    const bits = bitsOf[m & (seen - 1)]!;
    const nb = bits.length;
    for (let t = 0; t < nt; t++) {
      const k = cols[t]![s]!;
      if (k < 0) continue;
      const d = distinct[t]!;
      const base = k * width;
      for (let b = 0; b < nb; b++) d[base + bits[b]!]!++;
    }
  }
  const lists: number[][][] = distinct.map((d) => Array.from(d, (n) => new Array<number>(n)));
  const fill: Int32Array[] = distinct.map((d) => new Int32Array(d.length));
  // Then filled case by case in id order.
  for (let s = 0; s < slots; s++) {
    const m = mine[s]!;
    if (m === 0) continue;
    const bits = bitsOf[m & (seen - 1)]!;
    const nb = bits.length;
    if (nb === 0) continue;
    const id = keys.idOf(s);
    for (let t = 0; t < nt; t++) {
      const k = cols[t]![s]!;
      if (k < 0) continue;
      const base = k * width;
      const l = lists[t]!;
      const f = fill[t]!;
      for (let b = 0; b < nb; b++) {
        const x = base + bits[b]!;
        l[x]![f[x]!++] = id;
      }
    }
  }
  const accs: (Grouped | undefined)[][] = counts.map((ct, t) => {
    const acc: (Grouped | undefined)[] = [];
    const objects = ct.length / stride;
    for (let k = 0; k < objects; k++) {
      if (ct[k * stride + width] === 0) continue;
      acc[k] = { n: Array.from(ct.subarray(k * stride, k * stride + width)), ids: lists[t]!.slice(k * width, (k + 1) * width) };
    }
    return acc;
  });
  const out = new Map<AssessObjectType, Map<number, Grouped>>();
  types.forEach((type, t) => {
    const m = new Map<number, Grouped>();
    accs[t]!.forEach((a, k) => a && m.set(k, a));
    out.set(type, m);
  });
  return out;
}

/** A statement's pairs: one JSON array of [case id, bits, …] (none: an empty list). */
export function readPairs(db: Db, sql: string, params: Record<string, number | string>): number[] {
  return pairNumbers(db.prepare(sql).pluck().get(params));
}

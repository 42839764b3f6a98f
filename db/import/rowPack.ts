/**
 * Judged rows in a form that crosses between threads for almost nothing: the numbers of every row in
 * one Float64Array and its texts in one string with their end offsets (both moved, not copied, or
 * copied as one block), and the rare rest (rejections with their cells, warnings, photos) as plain
 * objects. Structured-cloning a candidate object per row costs more than writing it; this costs a
 * slice per text. pack → unpack gives back rows equal to the ones packed (tests/db/importPipeline.test.ts).
 */
import type { JudgedRow } from './batchWriter';
import type { ResolvedCategory } from './categoryLookup';
import type { CandidateCase, RowWarning } from './rowValidator';

/**
 * Numbers per row: row, kind, reportedAt, categoryId, lon, lat, sourceLon, sourceLat, gridId, flags.
 * Texts per candidate, in this order: description, address, reporter, externalId, category name.
 */
const STRIDE = 10;

const KIND_REJECTED = 0;
const KIND_CANDIDATE = 1;
const FIXED_ON_SPOT = 1;
const URGENT = 2;

/** The rarely present parts of a row. */
type Extra =
  | { kind: 'rejected'; field: string | null; reason: string; cells: readonly string[] | null }
  | { kind: 'candidate'; warnings?: readonly RowWarning[]; photos?: readonly string[] };

export interface RowPack {
  count: number;
  numbers: Float64Array;
  text: string;
  ends: Uint32Array;
  /** Row index → its rare parts. */
  extras: [number, Extra][];
}

const NO_PHOTOS: readonly string[] = Object.freeze([]);
const NO_WARNINGS: readonly RowWarning[] = Object.freeze([]);

const num = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Packs rows of a field log (never 12345 orders: those are written where they are read). */
export function packRows(rows: readonly JudgedRow[]): RowPack {
  const numbers = new Float64Array(rows.length * STRIDE);
  const texts: string[] = [];
  const extras: [number, Extra][] = [];
  rows.forEach((r, i) => {
    const o = i * STRIDE;
    numbers[o] = r.row;
    if (!r.verdict.ok) {
      numbers[o + 1] = KIND_REJECTED;
      extras.push([i, { kind: 'rejected', field: r.verdict.field, reason: r.verdict.reason, cells: r.cells }]);
      return;
    }
    const c = r.verdict.candidate;
    if (c.hotline) throw new Error('12345 工单行不经行包传递');
    numbers[o + 1] = KIND_CANDIDATE;
    numbers[o + 2] = c.reportedAt;
    numbers[o + 3] = c.category.id;
    numbers[o + 4] = num(c.lon);
    numbers[o + 5] = num(c.lat);
    numbers[o + 6] = num(c.sourceLon);
    numbers[o + 7] = num(c.sourceLat);
    numbers[o + 8] = num(c.gridId);
    numbers[o + 9] = (c.fixedOnSpot ? FIXED_ON_SPOT : 0) | (c.category.isUrgent ? URGENT : 0);
    texts.push(c.description, c.address, c.reporter, c.externalId, c.category.name);
    if (c.warnings.length > 0 || c.photos.length > 0) {
      extras.push([i, { kind: 'candidate', ...(c.warnings.length ? { warnings: c.warnings } : {}), ...(c.photos.length ? { photos: c.photos } : {}) }]);
    }
  });
  const ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((t, k) => {
    end += t.length;
    ends[k] = end;
  });
  return { count: rows.length, numbers, text: texts.join(''), ends, extras };
}

/** The rows a pack holds. `categories` keeps one object per small class across packs. */
export function unpackRows(pack: RowPack, categories: Map<number, ResolvedCategory>): JudgedRow[] {
  const { numbers, text, ends } = pack;
  const extras = new Map(pack.extras);
  const out: JudgedRow[] = new Array(pack.count);
  let t = 0;
  let start = 0;
  const next = () => {
    const end = ends[t++]!;
    const s = text.slice(start, end);
    start = end;
    return s;
  };
  for (let i = 0; i < pack.count; i++) {
    const o = i * STRIDE;
    const row = numbers[o]!;
    const extra = extras.get(i);
    if (numbers[o + 1] === KIND_REJECTED) {
      const x = extra as Extract<Extra, { kind: 'rejected' }>;
      out[i] = { row, verdict: { ok: false, field: x.field, reason: x.reason }, cells: x.cells };
      continue;
    }
    const flags = numbers[o + 9]!;
    const description = next();
    const address = next();
    const reporter = next();
    const externalId = next();
    const categoryName = next();
    const categoryId = numbers[o + 3]!;
    let category = categories.get(categoryId);
    if (!category) categories.set(categoryId, (category = { id: categoryId, name: categoryName, isUrgent: (flags & URGENT) !== 0 }));
    const x = extra as Extract<Extra, { kind: 'candidate' }> | undefined;
    const candidate: CandidateCase = {
      reportedAt: numbers[o + 2]!,
      category,
      lon: orNull(numbers[o + 4]!),
      lat: orNull(numbers[o + 5]!),
      sourceLon: orNull(numbers[o + 6]!),
      sourceLat: orNull(numbers[o + 7]!),
      gridId: orNull(numbers[o + 8]!),
      description,
      address,
      reporter,
      fixedOnSpot: (flags & FIXED_ON_SPOT) !== 0,
      externalId,
      photos: x?.photos ?? NO_PHOTOS,
      warnings: x?.warnings ?? NO_WARNINGS,
    };
    out[i] = { row, verdict: { ok: true, candidate }, cells: null };
  }
  return out;
}

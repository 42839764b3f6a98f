/**
 * Publishing freezes a month: the ranking, every score and the cases behind it are stored as canonical
 * JSON with its SHA-256, append-only. Reading a published version reads that JSON, never the cases again,
 * so later edits of the cases cannot change it; publishing again with changes stores version n+1 and says
 * what moved and why; publishing again without changes stores nothing and says so.
 */
import type { Db } from '../open';
import { AppError } from '../errors';
import { ASSESS_OBJECT_LABELS, INDICATOR_INFO, type AssessObjectType } from '../domain/assess';
import { canonicalJson, getScheme, sha256Hex } from './schemes';
import { computeAssessment } from './compute';
import type {
  AssessCaseLink,
  AssessDiff,
  AssessObjectDetail,
  AssessObjectResult,
  AssessResult,
  IndicatorChange,
  ObjectChange,
  PublishOutcome,
  PublishedCheck,
  PublishedSummary,
} from './types';

/** What is stored and hashed: the result without the moment it was computed or published. */
function bodyOf(r: AssessResult): string {
  return canonicalJson({ period: r.period, scheme: r.scheme, definition: r.definition, objects: r.objects, notes: r.notes });
}

interface PublishedRow {
  id: number;
  period: string;
  scheme_id: number;
  scheme_version: number;
  version: number;
  published_at: number;
  published_by: number | null;
  published_by_name: string;
  body: string;
  sha256: string;
}

function fromRow(r: PublishedRow): AssessResult {
  const body = JSON.parse(r.body) as Pick<AssessResult, 'period' | 'scheme' | 'definition' | 'objects' | 'notes'>;
  return {
    ...body,
    version: r.version,
    hash: r.sha256,
    status: 'published',
    publishedAt: r.published_at,
    publishedBy: r.published_by_name,
    computedAt: r.published_at,
  };
}

function latestRow(db: Db, schemeId: number, month: string): PublishedRow | undefined {
  return db.prepare(`SELECT * FROM assess_published WHERE scheme_id = ? AND period = ? ORDER BY version DESC LIMIT 1`).get(schemeId, month) as
    | PublishedRow
    | undefined;
}

export interface Publisher {
  operatorId: number | null;
  name: string;
}

/**
 * Publishes the month under the scheme's current version (see the module's comment). The month is computed
 * first, outside the write (at a million cases that is a long read the desks' writes need not wait for);
 * the version is then numbered and stored in one short transaction, with `onPublished` (the settings log)
 * inside it.
 */
export function publishAssessment(
  db: Db,
  schemeRef: number | string,
  month: string,
  publisher: Publisher,
  now: number,
  onPublished?: (outcome: PublishOutcome) => void,
): PublishOutcome {
  const draft = computeAssessment(db, schemeRef, month, now);
  const body = bodyOf(draft);
  const hash = sha256Hex(body);
  return db
    .transaction((): PublishOutcome => {
      const last = latestRow(db, draft.scheme.id, month);
      if (last && last.sha256 === hash) {
        return {
          status: 'unchanged',
          message: `${month}「${draft.scheme.name}」的考核结果与已发布的第 ${last.version} 版相同，未发布新版本`,
          result: fromRow(last),
          diff: null,
        };
      }
      const version = (last?.version ?? 0) + 1;
      db.prepare(
        `INSERT INTO assess_published (period, scheme_id, scheme_version, version, published_at, published_by, published_by_name, body, sha256)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(month, draft.scheme.id, draft.scheme.version, version, now, publisher.operatorId, publisher.name, body, hash);
      const result = fromRow(latestRow(db, draft.scheme.id, month)!);
      const diff = last ? diffResults(db, fromRow(last), result) : null;
      const outcome: PublishOutcome = {
        status: 'published',
        message: `已发布 ${month}「${draft.scheme.name}」考核结果第 ${version} 版${diff ? `：${diff.summary.length ? diff.summary.slice(0, 3).join('；') : '名次与得分未变'}` : ''}`,
        result,
        diff,
      };
      onPublished?.(outcome);
      return outcome;
    })
    .immediate();
}

/** One published version as stored (the hash is the stored one: verify with verifyPublished). */
export function publishedResult(db: Db, schemeRef: number | string, month: string, version: number): AssessResult {
  const scheme = getScheme(db, schemeRef);
  const r = db.prepare(`SELECT * FROM assess_published WHERE scheme_id = ? AND period = ? AND version = ?`).get(scheme.id, month, version) as
    | PublishedRow
    | undefined;
  if (!r) throw new AppError('not-found', `${month}「${scheme.definition.name}」没有已发布的第 ${version} 版考核结果`);
  return fromRow(r);
}

/** The published results, newest first, each with its hash recomputed over the stored JSON. */
export function listPublished(db: Db, filter: { month?: string | undefined; schemeId?: number | undefined } = {}): PublishedSummary[] {
  const rows = db
    .prepare(
      `SELECT p.*, v.name AS scheme_name FROM assess_published p
       JOIN assess_scheme_versions v ON v.scheme_id = p.scheme_id AND v.version = p.scheme_version
       WHERE (@month IS NULL OR p.period = @month) AND (@scheme IS NULL OR p.scheme_id = @scheme)
       ORDER BY p.period DESC, p.scheme_id, p.version DESC`,
    )
    .all({ month: filter.month ?? null, scheme: filter.schemeId ?? null }) as (PublishedRow & { scheme_name: string })[];
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    schemeId: r.scheme_id,
    schemeName: r.scheme_name,
    schemeVersion: r.scheme_version,
    version: r.version,
    hash: r.sha256,
    publishedAt: r.published_at,
    publishedBy: r.published_by_name,
    isVerified: sha256Hex(r.body) === r.sha256,
  }));
}

/** Every published result's hash recomputed over its stored JSON (and whether the table is still append-only). */
export function verifyPublished(db: Db): { ok: boolean; checked: number; failed: PublishedCheck[]; missingTriggers: string[] } {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assess_published'`).get();
  if (!hasTable) return { ok: true, checked: 0, failed: [], missingTriggers: [] };
  const checks: PublishedCheck[] = [];
  for (const r of db.prepare(`SELECT id, period, scheme_id, version, body, sha256 FROM assess_published ORDER BY id`).iterate() as Iterable<PublishedRow>) {
    checks.push({ id: r.id, period: r.period, schemeId: r.scheme_id, version: r.version, isVerified: sha256Hex(r.body) === r.sha256 });
  }
  const triggers = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'assess_published'`).all() as { name: string }[]).map((t) => t.name),
  );
  const missingTriggers = ['assess_published_no_update', 'assess_published_no_delete'].filter((t) => !triggers.has(t));
  const failed = checks.filter((c) => !c.isVerified);
  return { ok: failed.length === 0 && missingTriggers.length === 0, checked: checks.length, failed, missingTriggers };
}

const key = (o: { type: AssessObjectType; code: string }) => `${o.type}:${o.code}`;

function minus(a: readonly number[], b: readonly number[]): number[] {
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
}

const fmt = (id: keyof typeof INDICATOR_INFO, v: number | null) =>
  v === null ? '—' : INDICATOR_INFO[id].kind === 'rate' ? `${(v * 100).toFixed(2)}%` : `${Number(v.toFixed(2))}${INDICATOR_INFO[id].unit}`;

/** What moved between two results of the same month and scheme, and which cases made it move. */
export function diffResults(db: Db, before: AssessResult, after: AssessResult): AssessDiff {
  const caseNo = db.prepare(`SELECT case_no FROM incidents WHERE id = ?`).pluck();
  const names = (ids: readonly number[]) =>
    ids
      .slice(0, 5)
      .map((id) => (caseNo.get(id) as string | undefined) ?? `#${id}`)
      .join('、') + (ids.length > 5 ? ` 等 ${ids.length} 件` : '');
  const b = new Map(before.objects.map((o) => [key(o), o]));
  const a = new Map(after.objects.map((o) => [key(o), o]));
  const changes: ObjectChange[] = [];
  const summary: string[] = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(k);
    const y = a.get(k);
    const indicators: IndicatorChange[] = [];
    const ids = new Set([...Object.keys(x?.indicators ?? {}), ...Object.keys(y?.indicators ?? {})]) as Set<keyof typeof INDICATOR_INFO>;
    for (const id of ids) {
      const p = x?.indicators[id];
      const q = y?.indicators[id];
      const casesOf = (s: typeof p) => (s ? [...s.caseIds, ...(s.numeratorCaseIds ?? [])] : []);
      const added = [...new Set(minus(casesOf(q), casesOf(p)))];
      const removed = [...new Set(minus(casesOf(p), casesOf(q)))];
      const numAdded = q?.numeratorCaseIds && p?.numeratorCaseIds ? minus(q.numeratorCaseIds, p.numeratorCaseIds) : [];
      const numRemoved = q?.numeratorCaseIds && p?.numeratorCaseIds ? minus(p.numeratorCaseIds, q.numeratorCaseIds) : [];
      if ((p?.value ?? null) === (q?.value ?? null) && (p?.points ?? 0) === (q?.points ?? 0) && !added.length && !removed.length && !numAdded.length && !numRemoved.length) continue;
      indicators.push({
        id,
        label: INDICATOR_INFO[id].label,
        before: p?.value ?? null,
        after: q?.value ?? null,
        pointsBefore: p?.points ?? 0,
        pointsAfter: q?.points ?? 0,
        addedCaseIds: [...new Set([...added, ...numAdded])].sort((m, n) => m - n),
        removedCaseIds: [...new Set([...removed, ...numRemoved])].sort((m, n) => m - n),
      });
    }
    const state = (o: AssessObjectResult | undefined) => (o ? { score: o.score, rank: o.rank, grade: o.grade } : null);
    const moved = x?.score !== y?.score || x?.rank !== y?.rank || x?.grade !== y?.grade;
    if (!moved && !indicators.length) continue;
    const o = (y ?? x)!;
    changes.push({ type: o.type, code: o.code, name: o.name, before: state(x), after: state(y), indicators });
    const why = indicators
      .map((c) => {
        const cases = [c.addedCaseIds.length ? `新计入 ${names(c.addedCaseIds)}` : '', c.removedCaseIds.length ? `不再计入 ${names(c.removedCaseIds)}` : '']
          .filter(Boolean)
          .join('，');
        return `${c.label} ${fmt(c.id, c.before)} → ${fmt(c.id, c.after)}${cases ? `（${cases}）` : ''}`;
      })
      .join('；');
    summary.push(
      `${ASSESS_OBJECT_LABELS[o.type]}「${o.name}」得分 ${x?.score ?? '—'} → ${y?.score ?? '—'}，名次 ${x?.rank ?? '—'} → ${y?.rank ?? '—'}${why ? `：${why}` : ''}`,
    );
  }
  return {
    period: after.period,
    schemeId: after.scheme.id,
    from: before.version ?? 0,
    to: after.version ?? 0,
    schemeChanged: before.scheme.version !== after.scheme.version ? { from: before.scheme.version, to: after.scheme.version } : null,
    changes,
    summary,
  };
}

/** One object of a result in detail, with the cases behind its points. */
export function objectDetail(db: Db, result: AssessResult, type: AssessObjectType, code: string): AssessObjectDetail {
  const object = result.objects.find((o) => o.type === type && o.code === code);
  if (!object) throw new AppError('not-found', `${result.period} 的考核结果中没有${ASSESS_OBJECT_LABELS[type]}「${code}」`);
  const byCase = new Map<number, Set<keyof typeof INDICATOR_INFO>>();
  const add = (ids: readonly number[], id: keyof typeof INDICATOR_INFO) => {
    for (const c of ids) {
      let s = byCase.get(c);
      if (!s) byCase.set(c, (s = new Set()));
      s.add(id);
    }
  };
  for (const s of Object.values(object.indicators)) {
    add(s.caseIds, s.id);
    add(s.numeratorCaseIds ?? [], s.id);
  }
  for (const d of object.deductions) add(d.caseIds, d.indicator);
  const ids = [...byCase.keys()].sort((m, n) => m - n);
  const rows = ids.length
    ? (db
        .prepare(
          `SELECT i.id, i.case_no AS caseNo, c.name AS categoryName, i.status, i.reported_at AS reportedAt
           FROM incidents i JOIN categories c ON c.id = i.category_id WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`,
        )
        .all(JSON.stringify(ids)) as Omit<AssessCaseLink, 'indicators'>[])
    : [];
  return {
    period: result.period,
    version: result.version,
    object,
    cases: rows.map((r) => ({ ...r, indicators: [...byCase.get(r.id)!] })),
    peers: result.objects.filter((o) => o.type === type).length,
  };
}

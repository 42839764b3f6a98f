/**
 * The month's figures by object (street, community grid, unit, person), each with the cases behind it.
 * Each source's rows (case rows, stage instances, 12345 events) are handed over by SQLite as (case id, figure
 * bits) pairs and grouped by object in one pass (caseRows.ts); the same figures grouped by SQLite itself
 * (`FigureQuery.sql`) are the reference they are tested against, and what a database without migration 0220's
 * indexes runs.
 *
 * The definitions are the statistics page's own, imported, not restated: the case figures (应结案, 结案,
 * 按期结案, 超期未结, 返工, 延期, 立案) are the rows of db/stats/indicators.ts's `indicatorCasesSql` under
 * its `caseFlagsSql`; the stage figures (按时派遣/处置/核查) are db/stats/stages.ts's stage instances; the
 * 12345 figures count the same events as db/stats/hotline.ts; 督办件数 the ladder's 督办 events as
 * db/stats/supervision.ts; patrols come from db/patrol/coverage.ts's `patrolFigures`. A case belongs to
 * its grid, the grid's street, its responsible unit (incidents.unit_id) and its responsible person
 * (incidents.assignee_id), as for every figure.
 */
import type { Db } from '../open';
import type { AssessIndicatorId, AssessObjectType } from '../domain/assess';
import { LADDER_ACTIONS } from '../domain/ladder';
import { DAY_MS, shanghaiMidnight } from '../domain/time';
import { caseFlagsSql, COUNTED_CASE, deadlineCut, indicatorCaseScanSql, indicatorCasesSql, type Counts, type Period } from '../stats/indicators';
import { COUNTING_RULES, type CountingRuleId } from '../stats/rules';
import { STAGE_CASE_FILTER, STAGE_KNOWN, stageInstancesSql } from '../stats/stages';
import { hotlineSatisfiedSql } from '../stats/hotline';
import { gridCellCounts, patrolFigures } from '../patrol/coverage';
import { CASE_ID_RANGE, groupPairs, loadCaseKeys, readPairs, type CaseKeys } from './caseRows';
import { snapshotRead } from '../parallel/parallelRead';
import { hasIndex } from '../queries/prepared';

/** The indicators that need the month's patrols. */
const PATROL_INDICATORS: ReadonlySet<AssessIndicatorId> = new Set(['patrolKm', 'patrolCoverage', 'missedReports']);

/** The raw figures the indicators are made of. */
export const RAW_FIGURES = [
  'workload',
  'registered',
  'due',
  'closed',
  'closedOnTime',
  'overdueOpen',
  'rework',
  'extended',
  'dispatchDue',
  'dispatchOnTime',
  'handlingDue',
  'handlingOnTime',
  'verificationDue',
  'verificationOnTime',
  'hotlineReceived',
  'returned',
  'satisfied',
  'dissatisfied',
  'supervised',
  'reportsMade',
  'reportsValid',
  'missed',
] as const;
export type RawFigure = (typeof RAW_FIGURES)[number];

/** One figure of one object: the count and the cases counted (ascending, distinct). */
export interface Counted {
  n: number;
  ids: number[];
}

export interface ObjectFigures {
  figures: Record<RawFigure, Counted>;
  /** Metres walked in the month (grids, streets: inside them; persons: all their tracks). */
  patrolM: number;
  /** 0..1, or null where coverage has no meaning (persons, units) or the scheme scores none. */
  coverage: number | null;
}

/** Per object type, per object id. */
export type FiguresByObject = Record<AssessObjectType, Map<number, ObjectFigures>>;

export interface MonthPeriod extends Period {
  month: string;
}

/** A month 'YYYY-MM' as [first day 00:00, next month's first day 00:00) Asia/Shanghai, counted as of `now`. */
export function monthPeriod(month: string, now: number): MonthPeriod {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const start = shanghaiMidnight(`${month}-01`);
  const end = shanghaiMidnight(`${next}-01`);
  return { month, start, end, ...(now < end ? { asOf: now } : {}) };
}

/** The SQL key of each object type over a relation with grid_id, assignee_id, unit_id (and grids g joined for streets). */
const KEY: Record<AssessObjectType, { key: string; join: string }> = {
  grid: { key: 'r.grid_id', join: '' },
  street: { key: 'g.parent_id', join: 'JOIN grids g ON g.id = r.grid_id' },
  unit: { key: 'r.unit_id', join: '' },
  person: { key: 'r.assignee_id', join: '' },
};

/** `sum(flag) AS x_n, group_concat(CASE WHEN flag THEN id END) AS x_ids` for each figure. */
function countsAndIds(flags: readonly [string, string][], distinct = false): string {
  return flags
    .map(([name, flag]) =>
      distinct
        ? `count(DISTINCT CASE WHEN ${flag} THEN r.id END) AS ${name}_n, group_concat(DISTINCT CASE WHEN ${flag} THEN r.id END) AS ${name}_ids`
        : `coalesce(sum(${flag}), 0) AS ${name}_n, group_concat(CASE WHEN ${flag} THEN r.id END) AS ${name}_ids`,
    )
    .join(',\n       ');
}

/** One SELECT per object type over relation r, joined by UNION ALL: rows (type, k, <figure>_n, <figure>_ids). */
function byObjects(types: readonly AssessObjectType[], from: string, flags: readonly [string, string][], distinct = false): string {
  return types
    .map(
      (t) => `SELECT '${t}' AS type, ${KEY[t].key} AS k,
       ${countsAndIds(flags, distinct)}
       FROM ${from} r ${KEY[t].join} WHERE ${KEY[t].key} IS NOT NULL GROUP BY ${KEY[t].key}`,
    )
    .join('\nUNION ALL\n');
}

/**
 * The rows of the relation `name` defined last in `ctes` before grouping, as one JSON array of pairs [case id, bits, …]
 * (bit j: flags[j]; `bitsSql`: the same bits by an expression of the caller's that is cheaper to evaluate), the
 * relation read once, so not materialized. The relation need not carry the cases' keys:
 * caseRows.ts places each row by the keys read once for every case.
 */
function pairsSql(ctes: string, name: string, flags: readonly [string, string][], bitsSql?: string): string {
  const definition = `${name} AS MATERIALIZED (`;
  if (!ctes.includes(definition)) throw new Error(`no relation ${name}`);
  const bits = bitsSql ?? flags.map(([, flag], j) => `((coalesce(${flag}, 0) <> 0) << ${j})`).join(' | ');
  return `${ctes.replace(definition, `${name} AS NOT MATERIALIZED (`)}
    SELECT '[' || group_concat(r.id || ',' || (${bits})) || ']' FROM ${name} r`;
}

/** A group_concat of case ids, ascending and distinct (a case can finish a stage twice, or be called back twice). */
function parseIds(s: string | null): number[] {
  return s ? sortedDistinct(JSON.parse(`[${s}]`) as number[]) : [];
}

export function emptyFigures(): ObjectFigures {
  const figures = {} as Record<RawFigure, Counted>;
  for (const f of RAW_FIGURES) figures[f] = { n: 0, ids: [] };
  return { figures, patrolM: 0, coverage: null };
}

const CASE_FIGURES = ['registered', 'due', 'closed', 'closedOnTime', 'overdueOpen', 'rework', 'extended'] as const satisfies readonly (keyof Counts & RawFigure)[];

export interface FigureOptions {
  types: readonly AssessObjectType[];
  ruleId: CountingRuleId;
  /** Persons scored (for the inspectors' figures). */
  personIds: readonly number[];
  /** The indicators (and deductions) the scheme scores: only their statements run. */
  indicators: readonly AssessIndicatorId[];
  /**
   * Whether the database has the covering index of the cases incidents_assess (migration 0220; default yes): the
   * statements name it, and the rows are read as pairs (a database opened read-only before 0220: grouped SQL only).
   */
  caseIndex?: boolean;
}

/** One grouped statement: rows (type, k, <name>_n, <name>_ids) for the figures it names. */
export interface FigureQuery {
  names: readonly RawFigure[];
  sql: string;
  params: Record<string, number | string>;
  /**
   * The same figures' rows before grouping (at 1M cases a month's ~940k stage instances, ~350k cases, ~150k 12345
   * events), without their cases' keys, as [case id, bits] pairs (caseRows.ts; bit j: names[j]); `chunked`: over the
   * case ids in [@lo, @hi), run once per span. Grouping them in one pass costs a fraction of SQLite's four sorted
   * GROUP BYs with their id lists (monthFigures uses it; the grouped `sql` is the reference and the bench's bare side).
   * `away`: read on the second core at scale (monthFigures: the case rows and the 12345 events there, about as long
   * as every case's keys and the stage instances here).
   */
  pairs?: { sql: string; chunked: boolean; away: boolean };
}

/** The grouped statements behind a month's case, stage, 12345, 督办 and report figures (the bench runs them bare). */
export function figureQueries(period: MonthPeriod, opts: FigureOptions): FigureQuery[] {
  const types = opts.types;
  if (types.length === 0) return [];
  const queries: FigureQuery[] = [];
  const se = { s: period.start, e: period.end };
  const needs = (...ids: AssessIndicatorId[]) => ids.some((id) => opts.indicators.includes(id));
  const caseIndex = opts.caseIndex ?? true;

  // The case figures, from the statistics' own case rows and flags.
  const rule = COUNTING_RULES[opts.ruleId];
  const flags = caseFlagsSql(rule);
  const caseFlags: [string, string][] = CASE_FIGURES.map((k) => [k, `r.${k}`]);
  caseFlags.push(['workload', 'r.workload']);
  if (needs('closureRate', 'onTimeClosureRate', 'reworkRate', 'extensionRate', 'overdueOpen')) {
    const caseRelation = (cases: string) => `${cases},
    f AS MATERIALIZED (
      SELECT * FROM (
        SELECT b.id, b.grid_id, b.assignee_id, b.unit_id,
          ${CASE_FIGURES.map((k) => `coalesce((${flags[k]}), 0) AS ${k}`).join(',\n          ')},
          coalesce((${flags.registered}) OR (${flags.due}), 0) AS workload
        FROM b
      ) WHERE workload OR closed OR overdueOpen OR extended
    )`;
    queries.push({
      names: [...CASE_FIGURES, 'workload'],
      sql: `${caseRelation(indicatorCasesSql(rule, false, 'i.unit_id', true))}
    ${byObjects(types, 'f', caseFlags)}`,
      // The same rows from one scan of every case, span by span.
      ...(caseIndex ? { pairs: { sql: pairsSql(caseRelation(indicatorCaseScanSql(rule, 'i.unit_id')), 'f', caseFlags), chunked: true, away: true } } : {}),
      params: { ...se, c: deadlineCut(period) },
    });
  }

  // Stage timeliness, from the statistics' stage instances.
  if (needs('dispatchOnTimeRate', 'handlingOnTimeRate', 'verificationOnTimeRate')) {
    // Per stage: its instances (due) and those finished on time.
    const stageFigures: [string, RawFigure, RawFigure][] = [
      ['dispatch', 'dispatchDue', 'dispatchOnTime'],
      ['handling', 'handlingDue', 'handlingOnTime'],
      ['verification', 'verificationDue', 'verificationOnTime'],
    ];
    const stageFlags: [RawFigure, string][] = stageFigures.flatMap(([stage, due, onTime]): [RawFigure, string][] => [
      [due, `r.stage = '${stage}'`],
      [onTime, `r.stage = '${stage}' AND r.on_time`],
    ]);
    // The same bits from one look at the stage (each mention of r.stage would extract it from the event's JSON again:
    // at 1M cases ~0.4 s of the month).
    const stageBits = `CASE r.stage ${stageFigures
      .map(([stage], i) => `WHEN '${stage}' THEN (${1 << (2 * i)} | ((coalesce(r.on_time, 0) <> 0) << ${2 * i + 1}))`)
      .join(' ')} ELSE 0 END`;
    const st = `WITH ${stageInstancesSql()},
    st AS MATERIALIZED (
      SELECT fin.id, fin.stage, fin.on_time = 1 AS on_time, i.grid_id, i.assignee_id, i.unit_id
      FROM fin JOIN incidents i ON i.id = fin.id WHERE ${STAGE_CASE_FILTER}
    )`;
    // The pairs: the stage instances of known stages; the case's keys and whether it counts come from caseRows.
    const known = `WITH ${stageInstancesSql()},
    st AS MATERIALIZED (SELECT fin.id, fin.stage, fin.on_time = 1 AS on_time FROM fin WHERE ${STAGE_KNOWN})`;
    queries.push({
      names: stageFlags.map(([name]) => name),
      sql: `${st}
    ${byObjects(types, 'st', stageFlags)}`,
      ...(caseIndex ? { pairs: { sql: pairsSql(known, 'st', stageFlags, stageBits), chunked: false, away: false } } : {}),
      params: { ...se, cut: deadlineCut(period) },
    });
  }

  // 12345 orders (received, 退单, 回访) and 督办, from the event log as the statistics count them.
  if (needs('satisfactionRate', 'returnRate')) {
    const hotlineFlags: [RawFigure, string][] = [
      ['hotlineReceived', 'r.received'],
      ['returned', 'r.returned'],
      ['satisfied', 'r.satisfied'],
      ['dissatisfied', 'r.dissatisfied'],
    ];
    const ev = `WITH ev AS MATERIALIZED (
      SELECT e.incident_id AS id,
        (h.incident_id IS NOT NULL AND e.action = 'callback' AND ${hotlineSatisfiedSql('e.data')}) AS satisfied,
        (h.incident_id IS NOT NULL AND e.action = 'callback_redo') AS dissatisfied,
        (h.incident_id IS NOT NULL AND e.action = 'return_approve') AS returned,
        0 AS received
      FROM incident_events e LEFT JOIN hotline_orders h ON h.incident_id = e.incident_id
      WHERE e.action IN ('callback', 'callback_redo', 'return_approve') AND e.at >= @s AND e.at < @e
      UNION ALL
      SELECT i.id, 0, 0, 0, 1 FROM hotline_orders h CROSS JOIN incidents i ${caseIndex ? 'INDEXED BY incidents_assess ' : ''}ON i.id = h.incident_id
      WHERE i.reported_at >= @s AND i.reported_at < @e
    )`;
    const hv = `${ev},
    hv AS MATERIALIZED (
      SELECT ev.*, i.grid_id, i.assignee_id, i.unit_id FROM ev JOIN incidents i ON i.id = ev.id
      WHERE ${COUNTED_CASE}
    )`;
    queries.push({
      names: hotlineFlags.map(([name]) => name),
      sql: `${hv}
    ${byObjects(types, 'hv', hotlineFlags)}`,
      // The pairs: ev itself (hv is ev's rows of counted cases, with their keys).
      ...(caseIndex ? { pairs: { sql: pairsSql(ev, 'ev', hotlineFlags), chunked: false, away: false } } : {}),
      params: se,
    });
  }
  if (needs('supervisedCases')) queries.push({
    names: ['supervised'],
    sql: `WITH sv AS MATERIALIZED (
      SELECT DISTINCT i.id, i.grid_id, i.assignee_id, i.unit_id FROM incident_events e JOIN incidents i ON i.id = e.incident_id
      WHERE e.action = '${LADDER_ACTIONS.supervise}' AND e.at >= @s AND e.at < @e AND i.duplicate_of IS NULL AND i.status <> 'voided'
    )
    ${byObjects(types, 'sv', [['supervised', '1']])}`,
    params: se,
  });

  // Inspectors: reports made (巡查上报 in their name) and of those registered; 漏报 with the patrols.
  if (types.includes('person') && opts.personIds.length > 0 && needs('validReportRate')) {
    queries.push({
      names: ['reportsMade', 'reportsValid'],
      sql: `WITH ps AS MATERIALIZED (SELECT id, name FROM persons WHERE id IN (SELECT value FROM json_each(@persons))),
      r AS MATERIALIZED (
        SELECT i.id, ps.id AS person_id,
          (i.duplicate_of IS NULL AND i.status NOT IN ('rejected', 'voided') AND (i.registered_at IS NOT NULL OR i.is_fixed_on_spot = 1)) AS valid
        FROM incidents i JOIN ps ON ps.name = i.reporter
        WHERE i.source = 'patrol' AND i.reported_at >= @s AND i.reported_at < @e
      )
      SELECT 'person' AS type, r.person_id AS k, ${countsAndIds([
        ['reportsMade', '1'],
        ['reportsValid', 'r.valid'],
      ])}
      FROM r GROUP BY r.person_id`,
      params: { ...se, persons: JSON.stringify(opts.personIds) },
    });
  }
  return queries;
}

/** Case ids per statement of the month's case rows read on the second core (one JSON string of ~4 MB at 1M cases). */
const CASE_ROW_SPAN = 1_000_000;
/** Below this spread of case ids a month is counted on one core (a second one would not pay for its start). */
const PARALLEL_FROM_CASES = 100_000;

/**
 * The month's raw figures of every object of the given types (`grouped`: every figure by its grouped SQL, the
 * reference). At scale the month's case rows and 12345 events are read on a second core (db/parallel, the same
 * snapshot) while this thread reads every case's keys and the stage instances: at 1M cases about 1.2 s of reads each.
 */
export function monthFigures(
  db: Db,
  period: MonthPeriod,
  opts: FigureOptions,
  { grouped = false, parallel = 'auto' }: { grouped?: boolean; parallel?: boolean | 'auto' } = {},
): FiguresByObject {
  const out: FiguresByObject = { street: new Map(), grid: new Map(), unit: new Map(), person: new Map() };
  const entry = (type: AssessObjectType, id: number): ObjectFigures => {
    let f = out[type].get(id);
    if (!f) out[type].set(id, (f = emptyFigures()));
    return f;
  };
  const place = (q: FigureQuery, chunks: readonly ArrayLike<number>[], keys: CaseKeys, parents: Map<number, number>) => {
    for (const [type, objects] of groupPairs(chunks, q.names.length, keys, opts.types, parents)) {
      for (const [k, a] of objects) {
        const f = entry(type, k);
        q.names.forEach((name, j) => (f.figures[name] = { n: a.n[j]!, ids: a.ids[j]! }));
      }
    }
  };
  const queries = figureQueries(period, { ...opts, caseIndex: hasIndex(db, 'incidents_assess') });
  const paired = grouped ? [] : queries.filter((q) => q.pairs);
  const { lo, hi } = db.prepare(CASE_ID_RANGE).get() as { lo: number | null; hi: number | null };
  const away = paired.filter((q) => q.pairs!.away);
  const wide = away.length > 0 && lo !== null && hi !== null && hi - lo + 1 >= PARALLEL_FROM_CASES;
  // One snapshot for every statement, on both cores (the cases' keys and the rows placed by them).
  return snapshotRead(
    db,
    (fork) => {
      const statements = away.map((q) => (q.pairs!.chunked
          ? caseSpans(lo, hi).map(([a, b]) => ({ sql: q.pairs!.sql, params: { ...q.params, lo: a, hi: b }, as: 'numbers' as const }))
          : [{ sql: q.pairs!.sql, params: q.params, as: 'numbers' as const }]));
      const forked = away.length ? fork(statements.flat()) : null;
      const keys = paired.length ? loadCaseKeys(db, undefined, { lazy: true }) : null;
      const parents = streetOfGrid(db);
      for (const q of paired) if (!away.includes(q)) place(q, [readPairs(db, q.pairs!.sql, q.params)], keys!, parents);
      if (forked) {
        const values = forked.values();
        let v = 0;
        away.forEach((q, i) => {
          const chunks = statements[i]!.map(() => values[v++] as Float64Array);
          place(q, chunks, keys!, parents);
        });
      }
      for (const q of queries) {
        if (paired.includes(q)) continue;
        for (const row of db.prepare(q.sql).all(q.params) as Record<string, unknown>[]) {
          const f = entry(row.type as AssessObjectType, Number(row.k));
          for (const name of q.names) f.figures[name] = { n: Number(row[`${name}_n`] ?? 0), ids: parseIds(row[`${name}_ids`] as string | null) };
        }
      }
      if (opts.indicators.some((id) => PATROL_INDICATORS.has(id))) addPatrols(db, period, opts, parents, entry);
      return out;
    },
    { parallel: parallel === 'auto' ? wide : parallel },
  );
}

/** The spans [lo, hi) of case ids the month's case rows are read in (together: every id). */
function caseSpans(lo: number | null, hi: number | null): [number, number][] {
  if (lo === null || hi === null) return [[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]];
  const spans: [number, number][] = [];
  for (let a = lo; a <= hi; a += CASE_ROW_SPAN) spans.push([spans.length === 0 ? Number.MIN_SAFE_INTEGER : a, a + CASE_ROW_SPAN]);
  spans[spans.length - 1]![1] = Number.MAX_SAFE_INTEGER;
  return spans;
}

/** Each community grid's street (grids whose parent is null have none, as the grouped statements' inner join). */
function streetOfGrid(db: Db): Map<number, number> {
  const rows = db.prepare(`SELECT id, parent_id FROM grids WHERE parent_id IS NOT NULL`).raw().all() as [number, number][];
  return new Map(rows);
}

/**
 * Ascending and distinct, in place. Lists SQLite already handed over in order (a DISTINCT's or an index's) are only
 * checked; others are sorted as a typed array (numeric, without a comparator call per step).
 */
function sortedDistinct(ids: number[]): number[] {
  let ordered = true;
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) {
      ordered = false;
      break;
    }
  }
  if (ordered) return ids;
  const sorted = Float64Array.from(ids).sort();
  let w = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) ids[w++] = sorted[i]!;
  ids.length = w;
  return ids;
}

/** 巡查里程, 巡查覆盖率 and 漏报 from the patrol figures of the month (`parents`: each community grid's street, streetOfGrid). */
function addPatrols(
  db: Db,
  period: MonthPeriod,
  opts: FigureOptions,
  parents: ReadonlyMap<number, number>,
  entry: (type: AssessObjectType, id: number) => ObjectFigures,
): void {
  // Coverage (a union of H3 cell sets per grid) only when the scheme scores it; else null as unscored.
  const scoresCoverage = opts.indicators.includes('patrolCoverage');
  const patrols = patrolFigures(db, { fromMs: period.start, toMs: period.end }, { coverage: scoresCoverage });
  const types = opts.types;
  const cells = gridCellCounts(db);
  const street = new Map<number, { m: number; covered: number; cells: number }>();
  for (const [gridId, n] of cells) {
    const parent = parents.get(gridId);
    if (parent === undefined) continue;
    const p = patrols.byGrid.get(gridId);
    let s = street.get(parent);
    if (!s) street.set(parent, (s = { m: 0, covered: 0, cells: 0 }));
    s.m += p?.lengthM ?? 0;
    s.covered += (p?.coveredShare ?? 0) * n;
    s.cells += n;
    if (types.includes('grid')) {
      const f = entry('grid', gridId);
      f.patrolM = p?.lengthM ?? 0;
      f.coverage = scoresCoverage ? (p?.coveredShare ?? 0) : null;
    }
  }
  if (types.includes('street')) {
    for (const [id, s] of street) {
      const f = entry('street', id);
      f.patrolM = s.m;
      f.coverage = !scoresCoverage ? null : s.cells > 0 ? s.covered / s.cells : 0;
    }
  }
  if (!types.includes('person')) return;
  const scored = new Set(opts.personIds);
  const gridDays: [number, number, number, number][] = [];
  for (const [personId, p] of patrols.byPerson) {
    if (!scored.has(personId)) continue;
    entry('person', personId).patrolM = p.lengthM;
    for (const gd of p.gridDays) {
      const from = shanghaiMidnight(gd.day);
      gridDays.push([personId, gd.gridId, from, from + DAY_MS]);
    }
  }
  // 漏报 only when the scheme scores it (or deducts for it).
  if (gridDays.length === 0 || !opts.indicators.includes('missedReports')) return;
  // 漏报: cases the hotline or video found in a grid the inspector walked that day (each inspector's as one
  // JSON array: at 1M cases ~100k of them, parsed faster than handed over as pairs or a comma list).
  const rows = db
    .prepare(
      `WITH gd AS MATERIALIZED (
         SELECT json_extract(value, '$[0]') AS person_id, json_extract(value, '$[1]') AS grid_id,
                json_extract(value, '$[2]') AS d0, json_extract(value, '$[3]') AS d1 FROM json_each(@gd)
       ),
       r AS (
         SELECT DISTINCT gd.person_id, i.id FROM gd JOIN incidents i ON i.grid_id = gd.grid_id AND i.reported_at >= gd.d0 AND i.reported_at < gd.d1
         WHERE i.source IN ('hotline', 'video') AND i.duplicate_of IS NULL AND i.status <> 'voided'
       )
       SELECT r.person_id, json_group_array(r.id) FROM r GROUP BY r.person_id`,
    )
    .raw()
    .all({ gd: JSON.stringify(gridDays) }) as [number, string][];
  for (const [personId, json] of rows) {
    const ids = sortedDistinct(JSON.parse(json) as number[]);
    entry('person', personId).figures.missed = { n: ids.length, ids };
  }
}

/**
 * A month's assessment under a scheme: the objects, each indicator's figure and points, deductions,
 * score, grade and rank, and the cases behind every point.
 *
 * Points (printed with every result):
 * - a rate scores weight × rate when higher is better, weight × (1 − rate) when lower is better; a rate
 *   with nothing to count (denominator 0) scores the full weight;
 * - a count against peers: the best of the ranked objects of the same type scores the full weight, the
 *   worst 0, the others in proportion; all equal → full weight;
 * - a count against a target: higher is better → weight × min(1, value ÷ target); lower is better → the
 *   full weight up to the target, weight × target ÷ value above it;
 * - each indicator's points are rounded to 2 decimals; deductions (points per counted case, capped) are
 *   taken off their sum; the score is never below 0.
 * Objects with fewer cases than the scheme's minimum are listed 样本不足: scored, not graded, not ranked.
 * Ranks within each object type: higher score first; ties by higher 按期结案率, then more cases, then code.
 */
import type { Db } from '../open';
import { AppError } from '../errors';
import {
  ASSESS_OBJECT_LABELS,
  INDICATOR_INFO,
  INSUFFICIENT_LABEL,
  NORMALISATION_LABELS,
  TIE_BREAK_TEXT,
  type AssessIndicatorId,
  type AssessObjectType,
} from '../domain/assess';
import { DUTY_ROLE_LABELS } from '../domain/labels';
import { shanghaiDate } from '../domain/time';
import { countingRuleOf } from '../stats/summary';
import { COUNTING_RULES } from '../stats/rules';
import { emptyCounts, toFigures } from '../stats/indicators';
import { emptyFigures, monthFigures, monthPeriod, type Counted, type ObjectFigures, type MonthPeriod } from './figures';
import { getScheme, schemeDefinitionOf, schemeProblems } from './schemes';
import type { AssessObjectResult, AssessResult, IndicatorScore, SchemeDefinition, SchemeIndicator } from './types';

/** The indicators counted from the cases' own figures (the tie rule's 按期结案率 is one of them). */
const CASE_RATE_INDICATORS: ReadonlySet<AssessIndicatorId> = new Set(['closureRate', 'onTimeClosureRate', 'reworkRate', 'extensionRate', 'overdueOpen']);

const round2 = (v: number) => Math.round((v + Number.EPSILON) * 100) / 100;
/** Rates kept to 6 decimals in the stored result (the same JSON whatever the float noise). */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

interface ObjectRef {
  type: AssessObjectType;
  id: number;
  code: string;
  name: string;
  parentName: string | null;
}

/** The objects a scheme scores in a month (every street, grid and active unit; persons by duty in the month). */
function objectsOf(db: Db, d: SchemeDefinition, period: MonthPeriod): ObjectRef[] {
  const out: ObjectRef[] = [];
  const from = period.month + '-01';
  const lastDay = shanghaiDate(period.end - 1);
  for (const type of d.objects) {
    if (type === 'street' || type === 'grid') {
      const rows = db
        .prepare(
          `SELECT g.id, g.code, g.name, p.name AS parent FROM grids g LEFT JOIN grids p ON p.id = g.parent_id WHERE g.level = ? ORDER BY g.code`,
        )
        .all(type === 'street' ? 2 : 3) as { id: number; code: string; name: string; parent: string | null }[];
      for (const r of rows) out.push({ type, id: r.id, code: r.code, name: r.name, parentName: type === 'grid' ? r.parent : null });
    } else if (type === 'unit') {
      const rows = db
        .prepare(`SELECT u.id, u.code, u.name, p.name AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.active = 1 ORDER BY u.code`)
        .all() as { id: number; code: string; name: string; parent: string | null }[];
      for (const r of rows) out.push({ type, id: r.id, code: r.code, name: r.name, parentName: r.parent });
    } else {
      const rows = db
        .prepare(
          `SELECT p.id, p.name, min(g.name) AS grid, u.name AS unit
           FROM persons p JOIN duties d ON d.person_id = p.id JOIN grids g ON g.id = d.grid_id LEFT JOIN units u ON u.id = p.unit_id
           WHERE d.role IN (SELECT value FROM json_each(@roles)) AND d.valid_from <= @last AND (d.valid_to IS NULL OR d.valid_to >= @first)
           GROUP BY p.id ORDER BY p.id`,
        )
        .all({ roles: JSON.stringify(d.personDuties), first: from, last: lastDay }) as { id: number; name: string; grid: string | null; unit: string | null }[];
      for (const r of rows) out.push({ type, id: r.id, code: String(r.id), name: r.name, parentName: r.unit ?? r.grid });
    }
  }
  return out;
}

interface Raw {
  value: number | null;
  numerator: Counted | null;
  denominator: Counted | null;
  /** For counts: the counted cases. */
  counted: Counted | null;
}

/** An indicator's figure from an object's raw figures (rates through the statistics' own toFigures). */
function rawIndicator(id: AssessIndicatorId, f: ObjectFigures, rule: (typeof COUNTING_RULES)[keyof typeof COUNTING_RULES]): Raw {
  const x = f.figures;
  const rate = (num: Counted, den: Counted): Raw => ({ value: den.n > 0 ? num.n / den.n : null, numerator: num, denominator: den, counted: null });
  const count = (c: Counted): Raw => ({ value: c.n, numerator: null, denominator: null, counted: c });
  switch (id) {
    case 'dispatchOnTimeRate':
      return rate(x.dispatchOnTime, x.dispatchDue);
    case 'handlingOnTimeRate':
      return rate(x.handlingOnTime, x.handlingDue);
    case 'verificationOnTimeRate':
      return rate(x.verificationOnTime, x.verificationDue);
    case 'closureRate':
    case 'onTimeClosureRate':
    case 'reworkRate':
    case 'extensionRate': {
      const c = emptyCounts();
      c.due = x.due.n;
      c.closed = x.closed.n;
      c.closedOnTime = x.closedOnTime.n;
      c.rework = x.rework.n;
      c.extended = x.extended.n;
      c.registered = x.registered.n;
      const fig = toFigures(c, rule);
      const pick = {
        closureRate: [fig.closureRate, x.closed, x.due],
        onTimeClosureRate: [fig.onTimeRate, x.closedOnTime, rule.onTimeDenominator === 'due' ? x.due : x.closed],
        reworkRate: [fig.reworkRate, x.rework, x.closed],
        extensionRate: [fig.extensionRate, x.extended, x.registered],
      } as const;
      const [value, numerator, denominator] = pick[id];
      return { value, numerator, denominator, counted: null };
    }
    case 'overdueOpen':
      return count(x.overdueOpen);
    case 'satisfactionRate': {
      const den: Counted = { n: x.satisfied.n + x.dissatisfied.n, ids: mergeIds(x.satisfied.ids, x.dissatisfied.ids) };
      return rate(x.satisfied, den);
    }
    case 'returnRate':
      return rate(x.returned, x.hotlineReceived);
    case 'supervisedCases':
      return count(x.supervised);
    case 'patrolCoverage':
      return { value: f.coverage ?? 0, numerator: null, denominator: null, counted: null };
    case 'patrolKm':
      return { value: f.patrolM / 1000, numerator: null, denominator: null, counted: null };
    case 'validReportRate':
      return rate(x.reportsValid, x.reportsMade);
    case 'missedReports':
      return count(x.missed);
  }
}

/** Two ascending id lists merged, distinct. */
function mergeIds(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * Counts the distinct cases of some id lists (an object's cases behind every indicator): each id is marked with the
 * call's stamp in an array by id, so a street's ~40,000 cases under nine indicators are counted without merging lists.
 * Ids beyond the array's reach (far-apart ids) are counted in a set.
 */
export function distinctCounter(): (lists: Iterable<readonly number[]>) => number {
  const REACH = 1 << 24;
  let marks = new Uint32Array(0);
  let stamp = 0;
  const grow = (id: number) => {
    const grown = new Uint32Array(Math.min(REACH, Math.max(id + 1, marks.length * 2)));
    grown.set(marks);
    marks = grown;
  };
  return (lists) => {
    stamp++;
    let n = 0;
    let far: Set<number> | null = null;
    for (const ids of lists) {
      const len = ids.length;
      if (len === 0) continue;
      // Lists are ascending: their last id is the one the marks must reach.
      const top = ids[len - 1]!;
      if (top >= marks.length && marks.length < REACH) grow(top);
      let m = marks;
      // Indexed, not iterated: at 1M cases an assessment walks ~20M ids here.
      for (let i = 0; i < len; i++) {
        const id = ids[i]!;
        if (id >= 0 && id < REACH) {
          if (id >= m.length) {
            grow(id);
            m = marks;
          }
          if (m[id] !== stamp) {
            m[id] = stamp;
            n++;
          }
        } else if (!(far ??= new Set()).has(id)) {
          far.add(id);
          n++;
        }
      }
    }
    return n;
  };
}

/** Points of one indicator: the normalisation applied to a figure (peers: best and worst of the ranked). */
function pointsOf(ind: SchemeIndicator, value: number | null, kind: 'rate' | 'count', peers: { best: number; worst: number } | null): number {
  const w = ind.weight;
  const higher = ind.direction === 'higher';
  if (ind.normalisation === 'rate' && kind === 'rate') {
    if (value === null) return w;
    return w * (higher ? value : 1 - value);
  }
  const v = value ?? 0;
  if (ind.normalisation === 'target') {
    const t = ind.target ?? 1;
    if (higher) return w * Math.min(1, v / t);
    return v <= t ? w : (w * t) / v;
  }
  // peers
  if (!peers || peers.best === peers.worst) return w;
  const share = (v - peers.worst) / (peers.best - peers.worst);
  return w * Math.max(0, Math.min(1, share));
}

export interface ComputeOptions {
  /** Score by this version of the scheme (default: its current one). */
  schemeVersion?: number;
}

/** The draft assessment of a month. */
export function computeAssessment(db: Db, schemeRef: number | string, month: string, now: number, opts: ComputeOptions = {}): AssessResult {
  const scheme = getScheme(db, schemeRef);
  const version = opts.schemeVersion ?? scheme.version;
  const d = version === scheme.version ? scheme.definition : schemeDefinitionOf(db, scheme.id, version);
  const problems = schemeProblems(d);
  if (problems.length) throw new AppError('invalid-input', `考核方案「${d.name}」有误：${problems.join('；')}`);
  const period = monthPeriod(month, now);
  if (period.start > now) throw new AppError('invalid-input', `${month} 尚未开始，不能考核`);
  const hasCases = db
    .prepare(`SELECT 1 FROM incidents WHERE (reported_at >= @s AND reported_at < @e) OR (closed_at >= @s AND closed_at < @e) OR (due_at >= @s AND due_at < @e) LIMIT 1`)
    .get({ s: period.start, e: period.end });
  const hasPatrols = db.prepare(`SELECT 1 FROM patrols WHERE started_at >= ? AND started_at < ? LIMIT 1`).get(period.start, period.end);
  if (!hasCases && !hasPatrols) throw new AppError('invalid-input', `${month} 没有任何案件或巡查记录，无法考核`);

  const ruleId = countingRuleOf(db);
  const rule = COUNTING_RULES[ruleId];
  const objects = objectsOf(db, d, period);
  const personIds = objects.filter((o) => o.type === 'person').map((o) => o.id);
  const scored = [...d.indicators.map((i) => i.id), ...d.deductions.map((r) => r.indicator)];
  const figures = monthFigures(db, period, { types: d.objects, ruleId, personIds, indicators: scored });

  const countsCases = scored.some((id) => CASE_RATE_INDICATORS.has(id));
  // Figures, cases and raw values per object.
  const empty = emptyFigures();
  const distinct = distinctCounter();
  const rows = objects.map((o) => {
    const f = figures[o.type].get(o.id) ?? empty;
    const raws = new Map(d.indicators.map((i) => [i.id, rawIndicator(i.id, f, rule)] as const));
    const dedRaws = new Map(d.deductions.map((r) => [r.indicator, rawIndicator(r.indicator, f, rule)] as const));
    const lists = new Set<readonly number[]>();
    for (const r of [...raws.values(), ...dedRaws.values()]) {
      for (const c of [r.denominator, r.numerator, r.counted]) if (c && c.ids.length) lists.add(c.ids);
    }
    const cases = distinct(lists);
    // The tie rule's 按期结案率: only when the scheme counts the case figures (else every object ties on it).
    const onTime = countsCases ? rawIndicator('onTimeClosureRate', f, rule).value : null;
    return { o, f, raws, dedRaws, cases, onTime, insufficient: cases < d.minCases };
  });

  // Peers: best and worst of the ranked objects of each type.
  const peers = new Map<string, { best: number; worst: number }>();
  for (const type of d.objects) {
    for (const ind of d.indicators) {
      const vals = rows.filter((r) => r.o.type === type && !r.insufficient).map((r) => r.raws.get(ind.id)!.value ?? 0);
      if (!vals.length) continue;
      const max = Math.max(...vals);
      const min = Math.min(...vals);
      peers.set(`${type}:${ind.id}`, ind.direction === 'higher' ? { best: max, worst: min } : { best: min, worst: max });
    }
  }

  const results: AssessObjectResult[] = rows.map((r) => {
    const indicators: Partial<Record<AssessIndicatorId, IndicatorScore>> = {};
    let sum = 0;
    for (const ind of d.indicators) {
      const raw = r.raws.get(ind.id)!;
      const info = INDICATOR_INFO[ind.id];
      const pts = round2(pointsOf(ind, raw.value, info.kind, peers.get(`${r.o.type}:${ind.id}`) ?? null));
      sum += pts;
      const base = raw.denominator ?? raw.counted;
      indicators[ind.id] = {
        id: ind.id,
        label: info.label,
        value: raw.value === null ? null : round6(raw.value),
        numerator: raw.numerator ? raw.numerator.n : null,
        denominator: raw.denominator ? raw.denominator.n : null,
        weight: ind.weight,
        points: pts,
        caseIds: base ? base.ids : [],
        ...(raw.numerator ? { numeratorCaseIds: raw.numerator.ids } : {}),
      };
    }
    const deductions = d.deductions.map((rule) => {
      const raw = r.dedRaws.get(rule.indicator)!;
      const count = raw.counted?.n ?? 0;
      return {
        indicator: rule.indicator,
        label: INDICATOR_INFO[rule.indicator].label,
        count,
        points: round2(Math.min(rule.cap, rule.pointsEach * count)),
        caseIds: raw.counted?.ids ?? [],
      };
    });
    const score = round2(Math.max(0, sum - deductions.reduce((s, x) => s + x.points, 0)));
    const band = r.insufficient ? null : (d.grades.find((g) => score >= g.min) ?? d.grades[d.grades.length - 1]!);
    return {
      type: r.o.type,
      id: r.o.id,
      code: r.o.code,
      name: r.o.name,
      parentName: r.o.parentName,
      cases: r.cases,
      score,
      grade: band ? band.grade : null,
      gradeColour: band ? band.colour : null,
      rank: null,
      insufficient: r.insufficient,
      indicators,
      deductions,
    };
  });

  // Ranks per type: score, then 按期结案率, then cases, then code.
  const onTimeOf = new Map(rows.map((r) => [`${r.o.type}:${r.o.id}`, r.onTime]));
  for (const type of d.objects) {
    const ranked = results
      .filter((x) => x.type === type && !x.insufficient)
      .sort(
        (a, b) =>
          b.score! - a.score! ||
          (onTimeOf.get(`${b.type}:${b.id}`) ?? -1) - (onTimeOf.get(`${a.type}:${a.id}`) ?? -1) ||
          b.cases - a.cases ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      );
    ranked.forEach((x, k) => (x.rank = k + 1));
  }
  const typeOrder = new Map(d.objects.map((t, k) => [t, k]));
  results.sort(
    (a, b) =>
      typeOrder.get(a.type)! - typeOrder.get(b.type)! ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );

  return {
    period: month,
    scheme: { id: scheme.id, code: scheme.code, name: d.name, version },
    version: null,
    hash: null,
    status: 'draft',
    publishedAt: null,
    publishedBy: null,
    computedAt: now,
    objects: results,
    notes: schemeNotes(d, rule.name, period),
    definition: d,
  };
}

/** How everything was counted, in words, printed with the ranking. */
export function schemeNotes(d: SchemeDefinition, ruleName: string, period: MonthPeriod): string[] {
  const notes = [
    `考核期间：${period.month}（北京时间当月 1 日 0 时至次月 1 日 0 时${period.asOf !== undefined ? '，本月尚未结束，按计算时刻统计' : ''}）；统计口径：${ruleName}。`,
    `考核对象：${d.objects.map((t) => ASSESS_OBJECT_LABELS[t]).join('、')}${d.objects.includes('person') ? `（人员按岗位：${d.personDuties.map((r) => DUTY_ROLE_LABELS[r]).join('、')}）` : ''}；各类对象分别排名。`,
    ...d.indicators.map((i) => {
      const info = INDICATOR_INFO[i.id];
      const how = i.normalisation === 'target' ? `对比目标值 ${i.target}` : i.normalisation === 'peers' ? '对比同类' : '按比率';
      return `${info.label}（权重 ${i.weight}，${i.direction === 'higher' ? '越高越好' : '越低越好'}，${how}）：${info.definition}。`;
    }),
    ...d.deductions.map((r) => `扣分：${INDICATOR_INFO[r.indicator].label}每件扣 ${r.pointsEach} 分，最多扣 ${r.cap} 分。`),
    `计分方法：${[...new Set(d.indicators.map((i) => i.normalisation))].map((n) => NORMALISATION_LABELS[n]).join('；')}。各项得分保留两位小数，合计减去扣分即总分（不低于 0）。`,
    `等级：${d.grades.map((g) => `${g.grade} ≥ ${g.min}`).join('，')}。`,
    `案件数少于 ${d.minCases} 件的对象列为「${INSUFFICIENT_LABEL}」，计分但不评等级、不排名（案件数＝各项指标涉及的不同案件数）。`,
    TIE_BREAK_TEXT,
  ];
  return notes;
}

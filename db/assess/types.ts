/**
 * The shapes of assessment schemes and results, shared by the engine, the contract and the pages.
 * Type-only: the lists behind them are in db/domain/assess.ts.
 */
import type { DutyRole } from '../domain/codes';
import type { AssessIndicatorId, AssessObjectType, Grade, IndicatorDirection, Normalisation } from '../domain/assess';

export interface SchemeIndicator {
  id: AssessIndicatorId;
  /** Points at most; the weights of a scheme sum to exactly 100. */
  weight: number;
  direction: IndicatorDirection;
  normalisation: Normalisation;
  /** Only for normalisation 'target'. */
  target?: number | null;
}

/** Points taken off per counted case of an indicator (e.g. 2 per 督办 case), at most `cap`. */
export interface DeductionRule {
  indicator: AssessIndicatorId;
  pointsEach: number;
  cap: number;
}

/** A grade is given to scores ≥ min (the bands in order 优, 良, 中, 差; 差's min is 0). */
export interface GradeBand {
  grade: Grade;
  min: number;
  colour: string;
}

/** What an administrator writes; stored as one immutable version per save. */
export interface SchemeDefinition {
  name: string;
  /** The object types scored (each ranked among its own type). */
  objects: AssessObjectType[];
  /** Persons are scored when they hold one of these duties in the month (empty: no persons). */
  personDuties: DutyRole[];
  indicators: SchemeIndicator[];
  deductions: DeductionRule[];
  grades: GradeBand[];
  /** Objects with fewer cases (registered or due in the month) are listed 样本不足 and not ranked. */
  minCases: number;
  note?: string;
}

export interface AssessScheme {
  id: number;
  code: string;
  /** The current (latest) version. */
  version: number;
  definition: SchemeDefinition;
  createdAt: number;
  updatedAt: number;
  /** Earlier versions, newest first (number and when saved). */
  versions: { version: number; createdAt: number; createdBy: string | null }[];
}

/** One indicator of one object: the figure, the points it gave and the cases behind it. */
export interface IndicatorScore {
  id: AssessIndicatorId;
  label: string;
  /** The rate (0..1) or the count / kilometres; null when nothing was there to count. */
  value: number | null;
  /** For rates: numerator and denominator as counted. */
  numerator: number | null;
  denominator: number | null;
  weight: number;
  points: number;
  /** The cases behind the figure (the denominator's cases for rates, the counted ones for counts). */
  caseIds: number[];
  /** For rates: the cases in the numerator (the others in caseIds are the rest). */
  numeratorCaseIds?: number[];
}

export interface DeductionScore {
  indicator: AssessIndicatorId;
  label: string;
  count: number;
  points: number;
  caseIds: number[];
}

export interface AssessObjectResult {
  type: AssessObjectType;
  /** The grid, unit or person id. */
  id: number;
  code: string;
  name: string;
  /** The street (for grids) or the unit / main grid (for persons), for display. */
  parentName: string | null;
  /** Cases registered or due in the month (the workload). */
  cases: number;
  /** Null when 样本不足. */
  score: number | null;
  grade: Grade | null;
  gradeColour: string | null;
  rank: number | null;
  insufficient: boolean;
  indicators: Partial<Record<AssessIndicatorId, IndicatorScore>>;
  deductions: DeductionScore[];
}

export interface AssessResult {
  /** YYYY-MM */
  period: string;
  scheme: { id: number; code: string; name: string; version: number };
  /** Published result version (1, 2, …) or null for a draft. */
  version: number | null;
  hash: string | null;
  status: 'draft' | 'published';
  publishedAt: number | null;
  publishedBy: string | null;
  /** When the figures were computed (a draft: now). */
  computedAt: number;
  objects: AssessObjectResult[];
  /** How every figure, point and tie is counted (printed with the ranking). */
  notes: string[];
  /** The scheme as it was used. */
  definition: SchemeDefinition;
}

export interface PublishedSummary {
  id: number;
  period: string;
  schemeId: number;
  schemeName: string;
  schemeVersion: number;
  version: number;
  hash: string;
  publishedAt: number;
  publishedBy: string;
  /** The hash recomputed over the stored JSON equals the stored hash. */
  isVerified: boolean;
}

export interface PublishOutcome {
  /** 'unchanged': the same as the latest published version, nothing stored. */
  status: 'published' | 'unchanged';
  message: string;
  result: AssessResult;
  /** Against the previous version, when there was one and something moved. */
  diff: AssessDiff | null;
}

export interface IndicatorChange {
  id: AssessIndicatorId;
  label: string;
  before: number | null;
  after: number | null;
  pointsBefore: number;
  pointsAfter: number;
  /** Cases counted now and not before, and the other way round. */
  addedCaseIds: number[];
  removedCaseIds: number[];
}

export interface ObjectChange {
  type: AssessObjectType;
  code: string;
  name: string;
  before: { score: number | null; rank: number | null; grade: Grade | null } | null;
  after: { score: number | null; rank: number | null; grade: Grade | null } | null;
  indicators: IndicatorChange[];
}

export interface AssessDiff {
  period: string;
  schemeId: number;
  from: number;
  to: number;
  /** The scheme version changed between the two. */
  schemeChanged: { from: number; to: number } | null;
  changes: ObjectChange[];
  /** A sentence per change: what moved and why. */
  summary: string[];
}

/** One case behind a score, as listed under an object. */
export interface AssessCaseLink {
  id: number;
  caseNo: string;
  categoryName: string;
  status: string;
  reportedAt: number;
  /** The indicators it counts in. */
  indicators: AssessIndicatorId[];
}

export interface AssessObjectDetail {
  period: string;
  version: number | null;
  object: AssessObjectResult;
  cases: AssessCaseLink[];
  /** Objects of the same type in the result (for the rank's context). */
  peers: number;
}

export interface PublishedCheck {
  id: number;
  period: string;
  schemeId: number;
  version: number;
  isVerified: boolean;
}

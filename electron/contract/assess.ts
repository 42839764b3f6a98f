/**
 * 考核: assessment schemes (versioned; a saved change is a new version), a month's draft assessment,
 * publishing it (frozen, with a SHA-256 over the stored ranking, scores and the cases behind them), the
 * published versions, the diff between two of them, and one object's score with its cases.
 * Anyone who may see the statistics may read; only administrators save schemes and publish.
 */
import { z } from 'zod';
import type {
  AssessDiff,
  AssessObjectDetail,
  AssessResult,
  AssessScheme,
  PublishOutcome,
  PublishedCheck,
  PublishedSummary,
} from '../../db/assess/types';
import { ASSESS_INDICATORS, ASSESS_OBJECT_TYPES, GRADES, MONTH_HINT, MONTH_PATTERN, NORMALISATIONS } from '../../db/domain/assess';
import { DUTY_ROLES } from '../../db/domain/codes';
import { ADMIN_ONLY, call } from './define';
import { empty, id, requiredName } from './common';

/** The figures behind a score: the cases and everything that decides their counts, and the schemes. */
const ASSESS_READS = ['incidents', 'categories', 'grids', 'persons', 'calendar', 'settings', 'imports', 'assessments'] as const;

export const month = z.string().regex(MONTH_PATTERN, MONTH_HINT);
const objectType = z.enum(ASSESS_OBJECT_TYPES);
const points = z.number().finite().min(0).max(100);

export const schemeDefinition = z
  .object({
    name: requiredName('方案名称'),
    objects: z.array(objectType).min(1, '请至少选择一类考核对象').max(ASSESS_OBJECT_TYPES.length),
    personDuties: z.array(z.enum(DUTY_ROLES)).max(DUTY_ROLES.length),
    indicators: z
      .array(
        z
          .object({
            id: z.enum(ASSESS_INDICATORS),
            weight: points,
            direction: z.enum(['higher', 'lower']),
            normalisation: z.enum(NORMALISATIONS),
            target: z.number().finite().positive().nullable().optional(),
          })
          .strict(),
      )
      .min(1, '请至少选择一项指标')
      .max(ASSESS_INDICATORS.length),
    deductions: z
      .array(z.object({ indicator: z.enum(ASSESS_INDICATORS), pointsEach: points, cap: points }).strict())
      .max(ASSESS_INDICATORS.length),
    grades: z
      .array(
        z
          .object({
            grade: z.enum(GRADES),
            min: points,
            colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, '颜色应为 #RRGGBB'),
          })
          .strict(),
      )
      .length(GRADES.length, '等级应为优、良、中、差四档'),
    minCases: z.number().int().min(0).max(100_000),
    note: z.string().max(500, '说明最多 500 个字').optional(),
  })
  .strict();

export const assessCalls = {
  'assess:schemes': call<AssessScheme[]>()({
    input: empty,
    doc: 'The assessment schemes with their current version and the earlier versions.',
    reads: ['assessments'],
  }),
  'assess:scheme-save': call<AssessScheme>()({
    input: z.object({ id: id.nullable(), definition: schemeDefinition }).strict(),
    doc: 'Save a scheme (id null: a new one): weights must sum to 100; a change is stored as a new version, earlier versions never change; logged.',
    access: ADMIN_ONLY,
    writes: ['assessments', 'log'],
  }),
  'assess:compute': call<AssessResult>()({
    input: z.object({ schemeId: id, month }).strict(),
    doc: 'The draft assessment of a month under a scheme’s current version: every object’s score, grade, rank and the cases behind each point (nothing stored).',
    reads: ASSESS_READS,
  }),
  'assess:publish': call<PublishOutcome>()({
    input: z.object({ schemeId: id, month }).strict(),
    doc: 'Publish the month: store the ranking, scores and inputs with a SHA-256 as the next version; the same as the last version → nothing stored, says so; logged.',
    access: ADMIN_ONLY,
    writes: ['assessments', 'log'],
  }),
  'assess:published': call<PublishedSummary[]>()({
    input: z.object({ month: month.optional(), schemeId: id.optional() }).strict(),
    doc: 'Published results (newest first), each with its hash re-verified.',
    reads: ['assessments'],
  }),
  'assess:result': call<AssessResult>()({
    input: z.object({ schemeId: id, month, version: z.number().int().min(1).nullable() }).strict(),
    doc: 'One published version as stored (version n), or the draft (version null).',
    reads: ASSESS_READS,
  }),
  'assess:diff': call<AssessDiff>()({
    input: z.object({ schemeId: id, month, from: z.number().int().min(1), to: z.number().int().min(1).nullable() }).strict(),
    doc: 'What moved between two published versions (to null: the draft now) and why: the cases that changed under each indicator.',
    reads: ASSESS_READS,
  }),
  'assess:object': call<AssessObjectDetail>()({
    input: z
      .object({ schemeId: id, month, version: z.number().int().min(1).nullable(), type: objectType, code: z.string().min(1).max(40) })
      .strict(),
    doc: 'One object’s score in detail: every indicator’s figure and points, the deductions, and the cases behind them.',
    reads: ASSESS_READS,
  }),
  'assess:verify': call<PublishedCheck[]>()({
    input: empty,
    doc: 'Recompute the SHA-256 of every published result over its stored JSON and say which ones no longer match.',
    reads: ['assessments'],
  }),
} as const;

/**
 * 催办 and 督办, and each operator's queue: the escalation ladders (a default and per category), a
 * supervisor's own 催办, running the ladder's clock now, and 我的待办.
 */
import { z } from 'zod';
import type { IncidentDetail } from '../../db/types';
import type { OperatorRole } from '../../db/domain/codes';
import type { LadderSettings, LadderRunResult } from '../../db/supervision/ladder';
import type { MyQueue } from '../../db/queries/queue';
import { LADDER_LEVELS, LADDER_TARGETS } from '../../db/domain/ladder';
import { NOTICE_KINDS } from '../../db/domain/notices';
import { call } from './define';
import { gridCode, id, limitUnit, text, version } from './common';

const CENTRE: readonly OperatorRole[] = ['supervisor', 'admin'];

const rung = z
  .object({
    level: z.enum(LADDER_LEVELS),
    at: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('share'), value: z.number().finite() }).strict(),
      z.object({ kind: z.literal('after'), value: z.number().finite(), unit: limitUnit }).strict(),
    ]),
    notify: z.enum(LADDER_TARGETS),
  })
  .strict();

export const supervisionCalls = {
  'supervision:ladders': call<LadderSettings>()({
    input: z.object({}).strict(),
    doc: 'The escalation ladders: the default and the categories’ own (预警, 催办, 督办 and whom each reaches).',
    reads: ['settings', 'categories'],
  }),
  'supervision:set-ladder': call<LadderSettings>()({
    input: z.object({ categoryId: id.nullable(), ladder: z.object({ rungs: z.array(rung).max(20) }).strict().nullable() }).strict(),
    doc: 'Set the default ladder (categoryId null) or a category’s own; null puts back the default; rungs must be in order; logged.',
    access: CENTRE,
    writes: ['settings'],
  }),
  'supervision:urge': call<IncidentDetail>()({
    input: z.object({ incidentId: id, expectedVersion: version, note: text('note') }).strict(),
    doc: 'A supervisor’s own 催办 on a case, with a note (counted with the clock’s).',
    access: CENTRE,
    writes: ['incidents'],
  }),
  'supervision:run': call<LadderRunResult>()({
    input: z.object({}).strict(),
    doc: 'Run the escalation clock now (it also runs by itself every minute): the rungs that came due are written.',
    access: CENTRE,
    writes: ['incidents'],
  }),
  'supervision:notices-html': call<{ html: string; title: string; count: number }>()({
    input: z.object({ kind: z.enum(NOTICE_KINDS), areaCode: gridCode.optional() }).strict(),
    doc: 'Printable A4 notices in batch (催办通知书, 督办单, 派遣单) for the district or an area, as one HTML document.',
    reads: ['incidents', 'persons', 'grids', 'categories', 'settings'],
  }),
  'queue:mine': call<MyQueue>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(),
    doc: 'What the logged-in operator must do now, by role, sorted by time left, with counts per list (polled by the desk: not activity).',
    reads: ['incidents', 'persons', 'grids', 'categories', 'settings'],
    background: true,
  }),
} as const;

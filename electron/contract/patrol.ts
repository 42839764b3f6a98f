/**
 * Patrol coverage (巡查覆盖): the GPS tracks walked by the inspectors as the map draws them, the
 * coverage figures per grid and per person over a period, and the grids not walked for N days.
 * Dates are Asia/Shanghai local dates; a period runs from `from` 00:00 to the end of `to`. Any logged-in
 * operator may read them (the inspectors see their own district's coverage as the managers do).
 */
import { z } from 'zod';
import { call } from './define';
import { id, isoDate } from './common';
import type { CoverageReport, TracksAnswer, UnwalkedGrid } from '../../db/patrol/report';

export type { CoverageReport, TracksAnswer, UnwalkedGrid, TrackView, GridCoverageRow, PersonCoverageRow, FlaggedPatrol, FlagView } from '../../db/patrol/report';

const PATROL_READS = ['imports', 'grids', 'persons', 'incidents', 'calendar'] as const;

const period = {
  from: isoDate,
  to: isoDate,
  personId: id.optional(),
  gridId: id.optional(),
};

function checkPeriod(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
}

export interface UnwalkedAnswer {
  days: number;
  /** The day the N days run up to (inclusive), Asia/Shanghai. */
  asOf: string;
  grids: UnwalkedGrid[];
  gridCount: number;
}

export const patrolCalls = {
  'patrol:tracks': call<TracksAnswer>()({
    input: z
      .object({ ...period, maxPoints: z.number().int().min(100).max(100_000).default(20_000) })
      .strict()
      .superRefine(checkPeriod),
    doc:
      'The patrol tracks started in a period (optionally one person’s, or those touching one grid), latest 1,000 at most, ' +
      'with the speed of each stretch and their suspicious-track flags; thinned evenly when their points exceed maxPoints.',
    reads: PATROL_READS,
  }),
  'patrol:coverage': call<CoverageReport>()({
    input: z.object(period).strict().superRefine(checkPeriod),
    doc:
      'Patrol figures of a period per community grid and per person: 巡查里程, 巡查时长, 覆盖率 (share of the grid’s area within ' +
      '25 m of a track), patrols, cases found per km; the flagged patrols; the coverage definition.',
    reads: PATROL_READS,
  }),
  'patrol:unwalked': call<UnwalkedAnswer>()({
    input: z.object({ days: z.number().int().min(1).max(366).default(7), asOf: isoDate.optional() }).strict(),
    doc: 'Community grids with no patrol in the N days up to asOf (default: today), never walked first, then longest ago.',
    reads: PATROL_READS,
  }),
} as const;

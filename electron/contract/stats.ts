/** Figures: the weekly summary, any period, the trend, counting rules, campaigns. */
import { z } from 'zod';
import type { StatsReport } from '../../db/stats/summary';
import type { CountingRule, CountingRuleId } from '../../db/stats/rules';
import type { TrendPoint } from '../../db/stats/trend';
import type { Campaign, CampaignTally } from '../../db/stats/campaigns';
import { call, ADMIN_ONLY } from './define';
import { countingRule, empty, gridCode, id, isoDate, isoWeek, requiredName, text } from './common';

/** Every figure depends on the cases, the categories (limits, cleanup labels), the grids and the rule. */
const FIGURES = ['incidents', 'categories', 'grids', 'persons', 'calendar', 'settings'] as const;

export const statsCalls = {
  'stats:week': call<StatsReport>()({
    input: z.object({ week: isoWeek.optional(), areaCode: gridCode.optional(), rule: countingRule.optional() }).strict(),
    doc: 'The weekly summary for an ISO week (default: this week) and area, with the previous week.',
    reads: FIGURES,
  }),
  'stats:period': call<StatsReport>()({
    input: z.object({ from: isoDate, to: isoDate, areaCode: gridCode.optional(), rule: countingRule.optional() }).strict(),
    doc: 'Indicators for any date range (inclusive, Asia/Shanghai), with the same-length period before.',
    reads: FIGURES,
  }),
  'stats:trend': call<TrendPoint[]>()({
    input: z
      .object({ weeks: z.number().int().min(1).max(104).default(12), areaCode: gridCode.optional(), until: isoWeek.optional() })
      .strict(),
    doc: 'Headline figures for each of the last N weeks, oldest first.',
    reads: FIGURES,
  }),
  'stats:rules': call<{ current: CountingRuleId; rules: CountingRule[] }>()({
    input: empty,
    doc: 'The counting rules (统计口径) and the one in force.',
    reads: ['settings'],
  }),
  'stats:set-rule': call<null>()({
    input: z.object({ rule: countingRule }).strict(),
    doc: 'Choose the counting rule printed on every report.',
    access: ADMIN_ONLY,
    writes: ['settings'],
  }),
  'reports:weekly-html': call<{ html: string; title: string }>()({
    input: z.object({ week: isoWeek.optional(), areaCode: gridCode.optional() }).strict(),
    doc: 'The printable A4 weekly summary (周报) as one self-contained HTML document.',
    reads: [...FIGURES, 'campaigns'],
  }),
  'campaigns:list': call<CampaignTally[]>()({
    input: empty,
    doc: 'Campaigns (专项行动) with their running tallies.',
    reads: ['campaigns', 'incidents'],
  }),
  'campaigns:create': call<Campaign>()({
    input: z
      .object({
        name: requiredName(),
        startDate: isoDate,
        endDate: isoDate,
        areaCode: gridCode,
        categoryIds: z.array(id).min(1, '请至少选择一个问题类别').max(100),
        target: z.number().int().positive().nullable().optional(),
        note: text('campaignNote').optional(),
      })
      .strict(),
    doc: 'Start a campaign over an area and categories, with an optional target.',
    access: ['admin', 'manager', 'supervisor'],
    writes: ['campaigns'],
  }),
  'campaigns:tag': call<null>()({
    input: z.object({ campaignId: id, incidentId: id }).strict(),
    doc: 'Count a case in a campaign by hand.',
    access: ['admin', 'manager', 'supervisor'],
    writes: ['campaigns'],
  }),
} as const;

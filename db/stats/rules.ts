/**
 * 统计口径 — the counting rule. One setting ('counting_rule'), printed on every report. Cities differ
 * (DOMAIN.md, "Indicators"), so the choice is the user's; every rule shares these fixed points:
 * - duplicates (linked to an original) are never counted, anywhere;
 * - voided cases (作废: entered by mistake) are never counted;
 * - a case fixed on the spot (自行处置) counts as received, registered, due and closed on time when reported.
 */
import { COUNTING_RULE_IDS, isOneOf, type CountingRuleId } from '../domain/codes';

export type { CountingRuleId };

export interface CountingRule {
  id: CountingRuleId;
  name: string;
  /** The sentence printed on reports. */
  description: string;
  /** Cases on the hang list (挂账) at the end of the period leave 应结案 and 超期未结. */
  excludesHung: boolean;
  /** Cases with an approved extension (延期) leave 应结案 (some cities subtract approved deferrals). */
  excludesExtended: boolean;
  /** Denominator of 按期结案率: 应结案 (due) or 结案 (closed). */
  onTimeDenominator: 'due' | 'closed';
}

export const COUNTING_RULES: Readonly<Record<CountingRuleId, CountingRule>> = {
  standard: {
    id: 'standard',
    name: '标准口径',
    description:
      '应结案数＝本期内结案及期限在本期内（且此前未结案）的已立案案件（挂账案件除外）；结案率＝结案数÷应结案数；按期结案率＝按期结案数÷应结案数；重复案件、作废案件不计。',
    excludesHung: true,
    excludesExtended: false,
    onTimeDenominator: 'due',
  },
  'exclude-extended': {
    id: 'exclude-extended',
    name: '扣除延期口径',
    description:
      '应结案数＝本期内结案及期限在本期内（且此前未结案）的已立案案件，扣除挂账案件和经批准延期的案件；结案率、按期结案率以应结案数为分母；重复案件、作废案件不计。',
    excludesHung: true,
    excludesExtended: true,
    onTimeDenominator: 'due',
  },
  'closed-based': {
    id: 'closed-based',
    name: '结案口径',
    description:
      '按期结案率＝按期结案数÷结案数（注意：此口径不反映超期未结案件）；结案率＝结案数÷应结案数（挂账案件除外）；重复案件、作废案件不计。',
    excludesHung: true,
    excludesExtended: false,
    onTimeDenominator: 'closed',
  },
};

export function isCountingRuleId(v: unknown): v is CountingRuleId {
  return isOneOf(COUNTING_RULE_IDS, v);
}

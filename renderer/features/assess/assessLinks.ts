/**
 * Links from a score to the cases behind it: the case list filtered to exactly those case ids (ids=…, see
 * cases/caseQuery.ts), as the statistics link a figure to its cases (stats/caseLinks.ts).
 */
import { CASE_ID_FILTER_LIMIT } from '../../../electron/contract/common';
import { EMPTY_QUERY, formatCaseQuery } from '../cases/caseQuery';

export interface CasesLink {
  readonly hash: string;
  readonly count: number;
  /** More cases than one link can name: the link shows the first CASE_ID_FILTER_LIMIT. */
  readonly isTruncated: boolean;
}

export function casesLink(caseIds: readonly number[]): CasesLink | null {
  const ids = [...new Set(caseIds)];
  if (!ids.length) return null;
  const shown = ids.slice(0, CASE_ID_FILTER_LIMIT);
  return { hash: `#/cases?${formatCaseQuery({ ...EMPTY_QUERY, ids: shown })}`, count: ids.length, isTruncated: ids.length > shown.length };
}

/** The cases reported between two dates (inclusive), as the case list filters them. */
export function casesLinkForDates(from: string, to: string): string {
  return `#/cases?${formatCaseQuery({ ...EMPTY_QUERY, from, to })}`;
}

/**
 * The assessment a monthly report prints: the month's latest published version under the scheme (the
 * first scheme unless one is named), else the draft computed now, marked as such. Null when there is no scheme.
 */
import type { Db } from '../../db/open';
import type { AssessResult } from '../../db/assess/types';
import { draftAssessment, getScheme, listPublished, listSchemes, publishedResult } from '../../db/assess';

export function monthlyAssessment(db: Db, month: string, now: number, schemeId?: number): AssessResult | null {
  const scheme = schemeId !== undefined ? getScheme(db, schemeId) : listSchemes(db)[0];
  if (!scheme) return null;
  const latest = listPublished(db, { month, schemeId: scheme.id })[0];
  return latest ? publishedResult(db, scheme.id, month, latest.version) : draftAssessment(db, scheme.id, month, now);
}

/**
 * Separation of duties (on by default, switchable by an administrator): whoever reported or handled a
 * case may not verify it — the check that closes a case is made by someone else.
 */
import type { Db } from '../open';
import { AppError } from '../domain/errors';
import { readSecurity } from './security';

const VERIFY_ACTIONS = new Set(['verify_pass', 'verify_fail']);
const ROLE_IN_CASE: Readonly<Record<string, string>> = {
  report: '上报',
  fix_on_spot: '上报',
  accept: '签收处置',
  handle: '处置反馈',
};

/** Refuses a verification by an operator who reported or handled the case (when separation is on). */
export function assertSeparationOfDuties(
  db: Db,
  input: { incidentId: number; action: string; assigneeId: number | null },
  operator: { id: number; name: string; personId: number | null },
): void {
  if (!VERIFY_ACTIONS.has(input.action) || !readSecurity(db).separationOfDuties) return;
  const own = db
    .prepare(
      `SELECT action FROM incident_events WHERE incident_id = ? AND operator_id = ? AND action IN ('report', 'fix_on_spot', 'accept', 'handle') ORDER BY id LIMIT 1`,
    )
    .get(input.incidentId, operator.id) as { action: string } | undefined;
  const isAssignee = operator.personId !== null && operator.personId === input.assigneeId;
  if (own || isAssignee) {
    const what = own ? ROLE_IN_CASE[own.action]! : '处置';
    throw new AppError('forbidden', `职责分离：本案由「${operator.name}」${what}，不能由其本人核查；请由其他监督员或巡查员核查`);
  }
}

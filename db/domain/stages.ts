/**
 * The clocks of a case: every stage of the workflow runs on its own deadline in working time, and the
 * event that finishes a stage records whether it finished in time (`data.clock`). Pure facts, shared by
 * the store (the workflow, the statistics, the escalation ladder) and the page.
 *
 * 签收 acknowledge    a 12345 order from its arrival on the desk, by the 签收 limit (hotline setting)
 * 派遣 dispatch       from registration (or a return / un-hang) to dispatch, by the category's dispatch limit
 * 处置 handling       from dispatch to the handler's report back, by the handling limit (the case's due_at)
 * 核查 verification   from the report back to verification, by the category's verification limit
 * 回访 callback       a closed 12345 order, one working day from closure to the citizen's callback
 */
import { INCIDENT_STATUSES, type IncidentStatus } from './codes';

export const CLOCK_STAGES = ['acknowledge', 'dispatch', 'handling', 'verification', 'callback'] as const;
export type ClockStage = (typeof CLOCK_STAGES)[number];

/** The stages every case has (the statistics' `stages` block). */
export const CASE_STAGES = ['dispatch', 'handling', 'verification'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CLOCK_STAGE_LABELS: Readonly<Record<ClockStage, string>> = {
  acknowledge: '签收',
  dispatch: '派遣',
  handling: '处置',
  verification: '核查',
  callback: '回访',
};

/** What a stage-finishing event records in its data under `clock`. */
export interface StageClock {
  readonly stage: ClockStage;
  /** The stage's deadline. */
  readonly dueAt: number;
  /** Finished by the deadline (at or before it). */
  readonly onTime: boolean;
}

/** The clock record of a stage finished at `at`; undefined when the stage had no deadline. */
export function stageClock(stage: ClockStage, dueAt: number | null | undefined, at: number): StageClock | undefined {
  return dueAt === null || dueAt === undefined ? undefined : { stage, dueAt, onTime: at <= dueAt };
}

/**
 * The stage whose clock runs while a case is in a status (a closed case's callback clock runs only for
 * 12345 orders awaiting their callback, which the status alone does not say).
 */
export function stageOfStatus(status: IncidentStatus): ClockStage | null {
  switch (status) {
    case 'received':
      return 'acknowledge';
    case 'registered':
    case 'returned':
      return 'dispatch';
    case 'dispatched':
    case 'handling':
      return 'handling';
    case 'handled':
      return 'verification';
    default:
      return null;
  }
}

/** The statuses in which some stage's clock runs (the ones the escalation ladder and 催办 look at). */
export const CLOCKED_STATUSES: readonly IncidentStatus[] = INCIDENT_STATUSES.filter((s) => stageOfStatus(s) !== null);

/** The statuses in which each case stage's clock runs. */
const statusesOf = (stage: CaseStage): readonly IncidentStatus[] => INCIDENT_STATUSES.filter((s) => stageOfStatus(s) === stage);
export const STAGE_STATUSES: Readonly<Record<CaseStage, readonly IncidentStatus[]>> = {
  dispatch: statusesOf('dispatch'),
  handling: statusesOf('handling'),
  verification: statusesOf('verification'),
};

/** The workflow actions whose event finishes a case stage (and carries its `clock`). */
export const STAGE_FINISHING_ACTIONS: Readonly<Record<CaseStage, readonly string[]>> = {
  dispatch: ['dispatch'],
  handling: ['handle'],
  verification: ['verify_pass', 'verify_fail'],
};

/**
 * The step someone else took on a case since a desk last read it: named in the version conflict, so the
 * second of two desks acting on one case is told in plain words who did what, when, and where the case
 * stands now.
 */
import type { Db } from '../open';
import { AppError } from '../domain/errors';
import { STATUS_LABELS, eventLabel } from '../domain/workflow';
import { shanghaiDateTime } from '../domain/time';
import type { IncidentStatus } from '../domain/codes';

export interface LastStep {
  readonly by: string;
  readonly label: string;
  readonly at: number;
  readonly status: IncidentStatus;
}

export function lastStepOf(db: Db, incidentId: number): LastStep | null {
  const row = db
    .prepare(
      `SELECT e.actor_name AS by, e.action, e.at, i.status
         FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE e.incident_id = ? ORDER BY e.id DESC LIMIT 1`,
    )
    .get(incidentId) as { by: string; action: string; at: number; status: IncidentStatus } | undefined;
  return row ? { by: row.by, label: eventLabel(row.action), at: row.at, status: row.status } : null;
}

/** The version conflict with the other person's step, or the error unchanged when it is not one. */
export function explainConflict(db: Db, incidentId: number, e: unknown): unknown {
  if (!(e instanceof AppError) || e.kind !== 'conflict' || !e.message.startsWith('案件已被他人修改')) return e;
  const step = lastStepOf(db, incidentId);
  if (!step) return e;
  return new AppError(
    'conflict',
    `案件已被他人修改：${step.by} 于 ${shanghaiDateTime(step.at)} 执行了「${step.label}」，案件现为「${STATUS_LABELS[step.status]}」。您的操作未保存，请查看最新情况后再操作`,
  );
}

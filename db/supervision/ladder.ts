/**
 * The clock that moves cases up the escalation ladder (预警 → 催办 → 督办). runLadder(db, now) looks at
 * every case whose current stage has a deadline and writes each rung that has come due and not yet been
 * written, as an event on the case (no status change) stamped with the time it should have been — so a
 * case that went late while GridDesk was closed is escalated at the next start, with the right times —
 * and never twice: the case remembers, in the same transaction, the stage instance (stage and deadline)
 * and how many of its rungs have fired. A new deadline (an extension, a 重办) starts the ladder again.
 */
import { CLOCKED_STATUSES_SQL } from '../sql';
import { AppError } from '../errors';
import type { Db } from '../open';
import { getSetting, setSetting } from '../queries/settings';
import { LADDER_SINCE_KEY } from '../defaults/seed';
import { addWorkingTime, loadCalendar, workingMinutesBetween, workingMinutesPerDay, type WorkingCalendar } from '../workingTime';
import { appendEvent } from '../queries/events';
import { MINUTE_MS, shanghaiDate, shanghaiDayIndex } from '../domain/time';
import { CLOCK_STAGE_LABELS, stageOfStatus, type ClockStage } from '../domain/stages';
import { DEFAULT_LADDER, LADDER_ACTIONS, LADDER_LEVEL_LABELS, LADDER_TARGET_LABELS, ladderProblem, type Ladder, type LadderTarget, type Rung } from '../domain/ladder';
import type { IncidentStatus } from '../domain/codes';

/** The setting holding the default ladder and the categories' own. */
export const LADDERS_KEY = 'supervision.ladders';

export interface LadderSettings {
  /** The ladder of every category without its own. */
  default: Ladder;
  /** Small classes with a ladder of their own, by category id. */
  categories: Record<string, Ladder>;
}

/** The name the ladder's events are written under. */
export const LADDER_ACTOR = '督办时钟';

export function getLadders(db: Db): LadderSettings {
  const stored = getSetting<Partial<LadderSettings>>(db, LADDERS_KEY);
  const minutes = workingMinutesPerDay(loadCalendar(db));
  const usable = (l: unknown): l is Ladder => ladderProblem(l, minutes) === null;
  const categories: Record<string, Ladder> = {};
  for (const [id, l] of Object.entries(stored?.categories ?? {})) if (usable(l)) categories[id] = l;
  return { default: usable(stored?.default) ? stored.default : DEFAULT_LADDER, categories };
}

/**
 * Sets the default ladder (categoryId null) or a category's own; a null ladder puts a category back on the
 * default (or the default back to GridDesk's). A ladder whose rungs are out of order is refused, naming them.
 */
export function setLadder(db: Db, categoryId: number | null, ladder: Ladder | null, now: number): LadderSettings {
  if (ladder !== null) {
    const problem = ladderProblem(ladder, workingMinutesPerDay(loadCalendar(db)));
    if (problem) throw new AppError('invalid-input', problem);
  }
  if (categoryId !== null) {
    const c = db.prepare(`SELECT level, name FROM categories WHERE id = ?`).get(categoryId) as { level: number; name: string } | undefined;
    if (!c) throw new AppError('not-found', `案件类别不存在：编号 ${categoryId}`);
    if (c.level !== 2) throw new AppError('invalid-input', `请选择小类，「${c.name}」是大类`);
  }
  const current = getLadders(db);
  const clean = (l: Ladder): Ladder => ({
    rungs: l.rungs.map((r) => ({ level: r.level, at: r.at.kind === 'share' ? { kind: 'share', value: r.at.value } : { kind: 'after', value: r.at.value, unit: r.at.unit }, notify: r.notify })),
  });
  const next: LadderSettings =
    categoryId === null
      ? { default: ladder ? clean(ladder) : DEFAULT_LADDER, categories: current.categories }
      : {
          default: current.default,
          categories: Object.fromEntries(
            Object.entries({ ...current.categories, [String(categoryId)]: ladder ? clean(ladder) : undefined }).filter((e): e is [string, Ladder] => e[1] !== undefined),
          ),
        };
  setSetting(db, LADDERS_KEY, next, now);
  return next;
}

/** The columns a stage's clock is read from (incidents i, hotline_orders h), for every query that needs it. */
export const STAGE_CLOCK_COLUMNS = `i.status, i.due_at, i.dispatch_due_at, i.verify_due_at, i.stage_started_at, i.registered_at,
  i.dispatched_at, i.handled_at, i.reported_at, h.ack_due_at, h.arrived_at`;

/** The values of STAGE_CLOCK_COLUMNS. */
export interface StageClockRow {
  status: IncidentStatus;
  due_at: number | null;
  dispatch_due_at: number | null;
  verify_due_at: number | null;
  stage_started_at: number | null;
  registered_at: number | null;
  dispatched_at: number | null;
  handled_at: number | null;
  reported_at: number;
  ack_due_at: number | null;
  arrived_at: number | null;
}

/** A case as the ladder reads it. */
interface LadderCase extends StageClockRow {
  id: number;
  category_id: number;
  grid_id: number | null;
  assignee_id: number | null;
  ladder_key: string | null;
  ladder_rung: number;
}

/** The current stage of a case, its clock's start and its deadline; null when no clock runs. */
export function currentStage(c: StageClockRow): {
  stage: ClockStage;
  start: number;
  dueAt: number;
} | null {
  const stage = stageOfStatus(c.status);
  if (stage === null) return null;
  const pick = (): [number | null, number | null] => {
    switch (stage) {
      case 'acknowledge':
        return [c.ack_due_at, c.arrived_at ?? c.reported_at];
      case 'dispatch':
        return [c.dispatch_due_at, c.stage_started_at ?? c.registered_at];
      case 'handling':
        return [c.due_at, c.stage_started_at ?? c.dispatched_at];
      case 'verification':
        return [c.verify_due_at, c.stage_started_at ?? c.handled_at];
      default:
        return [null, null];
    }
  };
  const [dueAt, start] = pick();
  if (dueAt === null) return null;
  return { stage, start: start ?? dueAt, dueAt };
}

/** When each rung of a ladder comes due for a stage that started at `start` with deadline `dueAt`. */
export function rungTimes(ladder: Ladder, start: number, dueAt: number, cal: WorkingCalendar): number[] {
  const limitHours = Math.max(0, workingMinutesBetween(start, dueAt, cal)) / 60;
  return ladder.rungs.map((r) => {
    if (r.at.kind === 'after') return addWorkingTime(dueAt, r.at.value, r.at.unit, cal);
    if (r.at.value >= 1 || limitHours === 0) return dueAt;
    return Math.min(dueAt, addWorkingTime(start, r.at.value * limitHours, 'wh', cal));
  });
}

/** Whom a rung reaches: a person on duty where the case is, or (nobody on duty) the unit by name. */
export interface LadderRecipient {
  kind: LadderTarget;
  personId: number | null;
  personName: string | null;
  unitName: string;
}

const ROLE_ORDER = `CASE d.role WHEN 'grid_leader' THEN 1 WHEN 'supervisor' THEN 2 WHEN 'inspector' THEN 3 WHEN 'other' THEN 4 ELSE 5 END`;

function recipient(db: Db, c: LadderCase, target: LadderTarget, at: number): LadderRecipient {
  const date = shanghaiDate(at);
  const grid = c.grid_id === null ? undefined : (db.prepare(`SELECT id, name, parent_id FROM grids WHERE id = ?`).get(c.grid_id) as { id: number; name: string; parent_id: number | null } | undefined);
  const onDuty = (gridId: number, roles: string): { id: number; name: string }[] =>
    db
      .prepare(
        `SELECT p.id, p.name FROM duties d JOIN persons p ON p.id = d.person_id
         WHERE d.grid_id = ? AND d.role IN ${roles} AND p.is_active = 1 AND d.valid_from <= ? AND (d.valid_to IS NULL OR d.valid_to >= ?)
         ORDER BY ${ROLE_ORDER}, d.id`,
      )
      .all(gridId, date, date) as { id: number; name: string }[];
  const unit = (kind: LadderTarget, name: string, p?: { id: number; name: string }): LadderRecipient => ({ kind, personId: p?.id ?? null, personName: p?.name ?? null, unitName: name });
  switch (target) {
    case 'assignee': {
      if (c.assignee_id === null) return unit('assignee', '指挥中心');
      const p = db.prepare(`SELECT id, name FROM persons WHERE id = ?`).get(c.assignee_id) as { id: number; name: string };
      return unit('assignee', grid?.name ?? '指挥中心', p);
    }
    case 'grid_leader':
      return grid ? unit('grid_leader', grid.name, onDuty(grid.id, `('grid_leader')`)[0]) : unit('grid_leader', '指挥中心');
    case 'street': {
      const street = grid?.parent_id != null ? (db.prepare(`SELECT id, name FROM grids WHERE id = ?`).get(grid.parent_id) as { id: number; name: string }) : undefined;
      return street ? unit('street', street.name, onDuty(street.id, `('grid_leader', 'supervisor', 'inspector', 'other')`)[0]) : unit('street', '街道');
    }
    case 'district': {
      const district = db.prepare(`SELECT id, name FROM grids WHERE level = 1 ORDER BY code LIMIT 1`).get() as { id: number; name: string } | undefined;
      if (!district) return unit('district', '区');
      // The leaders on duty that day take turns, one day each.
      const leaders = onDuty(district.id, `('grid_leader', 'supervisor', 'other')`);
      return unit('district', district.name, leaders.length ? leaders[shanghaiDayIndex(at) % leaders.length] : undefined);
    }
  }
}

export interface LadderRunResult {
  /** Rungs written by this run. */
  fired: { incidentId: number; level: Rung['level']; stage: ClockStage; at: number; recipient: LadderRecipient }[];
  /** Cases looked at. */
  checked: number;
}

const CANDIDATES = `
  SELECT i.id, i.category_id, i.grid_id, i.assignee_id, i.ladder_key, i.ladder_rung, ${STAGE_CLOCK_COLUMNS}
  FROM incidents i LEFT JOIN hotline_orders h ON h.incident_id = i.id
  WHERE i.status IN ${CLOCKED_STATUSES_SQL} AND i.duplicate_of IS NULL`;

/**
 * Writes every rung due by `now` and not yet written, in one transaction. Idempotent: a second run at the
 * same or an earlier time writes nothing. Catches up: rungs that came due while nothing ran are written
 * with the times they should have had (never before the case's latest event). Rungs that came due before
 * the clock ever ran on this database (a database from before the ladder existed) are passed over, not
 * written into past weeks: the clock starts with a new database (seedDefaults) or with its first run.
 */
export function runLadder(db: Db, now: number): LadderRunResult {
  return db.transaction((): LadderRunResult => {
    let since = getSetting<number>(db, LADDER_SINCE_KEY);
    if (typeof since !== 'number') {
      since = now;
      setSetting(db, LADDER_SINCE_KEY, now, now);
    }
    const cal = loadCalendar(db);
    const settings = getLadders(db);
    const ladderOf = (categoryId: number): Ladder => settings.categories[String(categoryId)] ?? settings.default;
    const lastAt = db.prepare(`SELECT max(at) FROM incident_events WHERE incident_id = ?`).pluck();
    const mark = db.prepare(`UPDATE incidents SET ladder_key = ?, ladder_rung = ?, supervised_at = coalesce(supervised_at, ?) WHERE id = ?`);
    const fired: LadderRunResult['fired'] = [];
    const cases = db.prepare(CANDIDATES).all() as LadderCase[];
    for (const c of cases) {
      const stage = currentStage(c);
      if (!stage) continue;
      const key = `${stage.stage}:${stage.dueAt}`;
      const done = c.ladder_key === key ? c.ladder_rung : 0;
      const ladder = ladderOf(c.category_id);
      if (done >= ladder.rungs.length) continue;
      // Cheap test first: the next rung can be no earlier than the stage's start.
      if (stage.start > now && stage.dueAt > now) continue;
      const times = rungTimes(ladder, stage.start, stage.dueAt, cal);
      let k = done;
      let supervisedAt: number | null = null;
      let floor = (lastAt.get(c.id) as number | null) ?? c.reported_at;
      while (k < ladder.rungs.length && times[k]! <= now) {
        if (times[k]! < since) {
          k++;
          continue;
        }
        const rung = ladder.rungs[k]!;
        const scheduledAt = times[k]!;
        const at = Math.max(scheduledAt, floor);
        const to = recipient(db, c, rung.notify, at);
        const late = Math.max(0, Math.round(workingMinutesBetween(stage.dueAt, at, cal)));
        appendEvent(db, {
          incidentId: c.id,
          at,
          operatorId: null,
          actorName: LADDER_ACTOR,
          action: LADDER_ACTIONS[rung.level],
          fromStatus: c.status,
          toStatus: c.status,
          note: ladderNote(rung, stage.stage, to, late),
          data: {
            auto: true,
            level: rung.level,
            rung: k + 1,
            stage: stage.stage,
            dueAt: stage.dueAt,
            scheduledAt,
            lateMinutes: late,
            recipient: to,
            ...(now - scheduledAt > 5 * MINUTE_MS ? { caughtUpAt: now } : {}),
          },
        });
        fired.push({ incidentId: c.id, level: rung.level, stage: stage.stage, at, recipient: to });
        if (rung.level === 'supervise' && supervisedAt === null) supervisedAt = at;
        floor = at;
        k++;
      }
      if (k > done || c.ladder_key !== key) mark.run(key, k, supervisedAt, c.id);
    }
    return { fired, checked: cases.length };
  }).immediate();
}

/** The timeline's words for a rung: "处置环节已用时限的 75%：预警，通知责任人王建国". */
export function ladderNote(rung: Rung, stage: ClockStage, to: LadderRecipient, lateMinutes: number): string {
  const who = `${LADDER_TARGET_LABELS[to.kind]}${to.personName ? to.personName : `（${to.unitName}，无在岗人员）`}`;
  const when =
    rung.at.kind === 'share' && rung.at.value < 1
      ? `${CLOCK_STAGE_LABELS[stage]}环节已用时限的 ${Math.round(rung.at.value * 100)}%`
      : lateMinutes > 0
        ? `${CLOCK_STAGE_LABELS[stage]}环节已超期 ${formatLate(lateMinutes)}`
        : `${CLOCK_STAGE_LABELS[stage]}环节已到期`;
  return `${when}：${LADDER_LEVEL_LABELS[rung.level]}，通知${who}`;
}

/** Working minutes late in words: 45 分钟, 3.5 小时. */
export function formatLate(minutes: number): string {
  if (minutes < 60) return `${minutes} 分钟`;
  return `${Math.round((minutes / 60) * 10) / 10} 个工作小时`;
}

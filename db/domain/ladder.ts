/**
 * 催办 and 督办: the escalation ladder that the clocks drive. Each rung fires once per stage of a case, at
 * a share of the stage's limit (预警 at 75 %, 催办 at 100 %) or some working time past its deadline (督办),
 * and says whom it reaches: the responsible person, the grid leader, the street, the district leader on duty.
 * A ladder per category, with a default; every rung is an event on the case and changes no status.
 */
import { LIMIT_UNITS, isOneOf, type LimitUnit } from './codes';

export const LADDER_LEVELS = ['warning', 'urge', 'supervise'] as const;
export type LadderLevel = (typeof LADDER_LEVELS)[number];

export const LADDER_LEVEL_LABELS: Readonly<Record<LadderLevel, string>> = { warning: '预警', urge: '催办', supervise: '督办' };

/** The event action each level writes (a supervisor's own 催办 is the workflow action 'urge'). */
export const LADDER_ACTIONS: Readonly<Record<LadderLevel, string>> = { warning: 'warn', urge: 'urge', supervise: 'supervise' };

export const LADDER_TARGETS = ['assignee', 'grid_leader', 'street', 'district'] as const;
export type LadderTarget = (typeof LADDER_TARGETS)[number];

export const LADDER_TARGET_LABELS: Readonly<Record<LadderTarget, string>> = {
  assignee: '责任人',
  grid_leader: '网格长',
  street: '街道',
  district: '区级值班领导',
};

/** When a rung fires: a share of the stage's limit (0 < share ≤ 1), or working time past the deadline. */
export type RungAt = { readonly kind: 'share'; readonly value: number } | { readonly kind: 'after'; readonly value: number; readonly unit: LimitUnit };

export interface Rung {
  readonly level: LadderLevel;
  readonly at: RungAt;
  readonly notify: LadderTarget;
}

export interface Ladder {
  readonly rungs: readonly Rung[];
}

/** 预警 at 75 %, 催办 at the deadline, 督办 one working day past it (the street), then two (the district). */
export const DEFAULT_LADDER: Ladder = {
  rungs: [
    { level: 'warning', at: { kind: 'share', value: 0.75 }, notify: 'assignee' },
    { level: 'urge', at: { kind: 'share', value: 1 }, notify: 'grid_leader' },
    { level: 'supervise', at: { kind: 'after', value: 1, unit: 'wd' }, notify: 'street' },
    { level: 'supervise', at: { kind: 'after', value: 2, unit: 'wd' }, notify: 'district' },
  ],
};

export const MAX_RUNGS = 8;

/** A rung in words: "催办（期限的 100%，网格长）", "督办（超期 1 个工作日，街道）". */
export function describeRung(r: Rung): string {
  const when =
    r.at.kind === 'share'
      ? `期限的 ${Math.round(r.at.value * 1000) / 10}%`
      : `超期 ${r.at.value} 个${r.at.unit === 'wd' ? '工作日' : '工作小时'}`;
  return `${LADDER_LEVEL_LABELS[r.level]}（${when}，${LADDER_TARGET_LABELS[r.notify]}）`;
}

/**
 * What is wrong with a ladder, or null: one to eight rungs, each a known level and target; shares in
 * (0, 100 %], working time past the deadline more than zero; rungs in time order (shares first, rising,
 * then past-the-deadline rungs, rising), levels and targets never stepping back.
 * `minutesPerDay` turns working days into minutes for the comparison (390 with the default periods).
 */
export function ladderProblem(ladder: unknown, minutesPerDay = 390): string | null {
  const rungs = (ladder as { rungs?: unknown } | null)?.rungs;
  if (!Array.isArray(rungs) || rungs.length === 0) return '催办督办规则至少要有一级';
  if (rungs.length > MAX_RUNGS) return `催办督办规则最多 ${MAX_RUNGS} 级，收到 ${rungs.length} 级`;
  const position: number[] = [];
  for (const [k, raw] of rungs.entries()) {
    const r = raw as Partial<Rung> | null;
    const n = k + 1;
    if (!r || !isOneOf(LADDER_LEVELS, r.level)) return `第 ${n} 级的级别应为预警、催办或督办`;
    if (!isOneOf(LADDER_TARGETS, r.notify)) return `第 ${n} 级的通知对象应为责任人、网格长、街道或区级值班领导`;
    const at = r.at as Partial<RungAt> | undefined;
    if (at?.kind === 'share') {
      if (typeof at.value !== 'number' || !Number.isFinite(at.value) || at.value <= 0 || at.value > 1) {
        return `第 ${n} 级（${LADDER_LEVEL_LABELS[r.level]}）的时点应在期限的 0% 到 100% 之间（不含 0），收到 ${String(at.value)}`;
      }
      position.push(at.value * 1e6);
    } else if (at?.kind === 'after') {
      if (typeof at.value !== 'number' || !Number.isFinite(at.value) || at.value <= 0 || at.value > 30) {
        return `第 ${n} 级（${LADDER_LEVEL_LABELS[r.level]}）的超期时长应大于 0 且不超过 30，收到 ${String(at.value)}`;
      }
      if (!isOneOf(LIMIT_UNITS, at.unit)) return `第 ${n} 级的超期时长单位应为工作小时或工作日`;
      position.push(1e6 + at.value * (at.unit === 'wd' ? minutesPerDay : 60));
    } else {
      return `第 ${n} 级的时点应为期限的百分比或超期时长`;
    }
  }
  const list = rungs as Rung[];
  for (let k = 1; k < list.length; k++) {
    const [a, b] = [list[k - 1]!, list[k]!];
    if (position[k]! <= position[k - 1]!) {
      return `第 ${k + 1} 级 ${describeRung(b)} 不晚于第 ${k} 级 ${describeRung(a)}：各级须按时间先后排列`;
    }
    if (LADDER_LEVELS.indexOf(b.level) < LADDER_LEVELS.indexOf(a.level)) {
      return `第 ${k + 1} 级 ${describeRung(b)} 低于第 ${k} 级 ${describeRung(a)}：级别只能逐级升高（预警 → 催办 → 督办）`;
    }
    if (LADDER_TARGETS.indexOf(b.notify) < LADDER_TARGETS.indexOf(a.notify)) {
      return `第 ${k + 1} 级 ${describeRung(b)} 的通知对象低于第 ${k} 级：只能逐级上报（责任人 → 网格长 → 街道 → 区级值班领导）`;
    }
  }
  return null;
}

/**
 * An escalation ladder as the settings table edits it: each rung's numbers kept as typed (a share as a
 * percentage, "75"), turned back into the host's rungs on save. Whether the rungs are in order is the
 * host's to say (ladderProblem, with the calendar's working day); the page only checks that each number
 * is a number.
 */
import { LADDER_LEVEL_LABELS, LADDER_TARGET_LABELS, type Ladder, type LadderLevel, type LadderTarget, type LimitUnit, type Rung } from '../../../electron/contract';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';
import { MAX_RUNGS } from '../../../db/domain/ladder';

export { MAX_RUNGS };

export type TriggerKind = Rung['at']['kind'];

export interface RungDraft {
  readonly level: LadderLevel;
  readonly kind: TriggerKind;
  /** A percentage of the stage's limit ('75') or the working time past the deadline ('1'). */
  readonly value: string;
  /** For 'after' rungs (kept while the kind is switched back and forth). */
  readonly unit: LimitUnit;
  readonly notify: LadderTarget;
}

export const TRIGGER_KIND_LABELS: Readonly<Record<TriggerKind, string>> = { share: '时限已过', after: '超期后' };

const percent = (share: number): string => String(Math.round(share * 1000) / 10);

export function draftOfRung(r: Rung): RungDraft {
  return r.at.kind === 'share'
    ? { level: r.level, kind: 'share', value: percent(r.at.value), unit: 'wd', notify: r.notify }
    : { level: r.level, kind: 'after', value: String(r.at.value), unit: r.at.unit, notify: r.notify };
}

export const draftOf = (ladder: Ladder): RungDraft[] => ladder.rungs.map(draftOfRung);

/** What is wrong with a typed number, or null. */
export function valueProblem(d: RungDraft): string | null {
  const text = d.value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return d.kind === 'share' ? '请填写百分比' : '请填写时长';
  return null;
}

/** The rungs to send; null while a number is missing or not a number. */
export function ladderOf(drafts: readonly RungDraft[]): { rungs: Rung[] } | null {
  if (drafts.some((d) => valueProblem(d) !== null)) return null;
  return {
    rungs: drafts.map((d) => ({
      level: d.level,
      at: d.kind === 'share' ? { kind: 'share', value: Number(d.value) / 100 } : { kind: 'after', value: Number(d.value), unit: d.unit },
      notify: d.notify,
    })),
  };
}

/** The trigger in words, as the table shows it: "时限已过 75%", "超期后 1 个工作日". */
export function triggerText(r: Rung): string {
  if (r.at.kind === 'share') return `${TRIGGER_KIND_LABELS.share} ${percent(r.at.value)}%`;
  return `${TRIGGER_KIND_LABELS.after} ${r.at.value} 个${LIMIT_UNIT_LABELS[r.at.unit]}`;
}

/** A ladder in one line: "预警 时限已过 75%（责任人）→ 催办 …". */
export function ladderSummary(ladder: Ladder): string {
  return ladder.rungs.map((r) => `${LADDER_LEVEL_LABELS[r.level]} ${triggerText(r)}（${LADDER_TARGET_LABELS[r.notify]}）`).join(' → ');
}

/** A rung to add after the last: the same level and recipient, a little later. */
export function nextRung(drafts: readonly RungDraft[]): RungDraft {
  const last = drafts[drafts.length - 1];
  if (!last) return { level: 'warning', kind: 'share', value: '75', unit: 'wd', notify: 'assignee' };
  const n = Number(last.value);
  if (last.kind === 'share') {
    return Number.isFinite(n) && n < 100 ? { ...last, value: '100' } : { ...last, kind: 'after', value: '1', unit: 'wd' };
  }
  return { ...last, value: Number.isFinite(n) ? String(n + 1) : '1' };
}

/** Whether the table differs from a saved ladder (a share rung's hidden unit does not count). */
export const differsFrom = (drafts: readonly RungDraft[], saved: Ladder): boolean => JSON.stringify(ladderOf(drafts) ?? drafts) !== JSON.stringify(saved);

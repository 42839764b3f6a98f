import { useState } from 'react';
import type { CalendarView } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { useToast } from '../../ui/useToast';

type Period = CalendarView['periods'][number];

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Why the periods cannot be saved, or null: each ends after it starts, in order, not overlapping. */
export function periodProblem(periods: readonly Period[]): string | null {
  if (periods.length === 0) return '至少需要一个工作时段';
  for (const [k, p] of periods.entries()) {
    if (!/^\d{2}:\d{2}$/.test(p.start) || !/^\d{2}:\d{2}$/.test(p.end)) return `第 ${k + 1} 个时段的时间不完整`;
    if (minutes(p.end) <= minutes(p.start)) return `第 ${k + 1} 个时段的结束时间须晚于开始时间`;
    const previous = periods[k - 1];
    if (previous && minutes(p.start) < minutes(previous.end)) return `第 ${k + 1} 个时段与前一个时段重叠或顺序颠倒`;
  }
  return null;
}

function totalHours(periods: readonly Period[]): string {
  const total = periods.reduce((sum, p) => sum + Math.max(0, minutes(p.end) - minutes(p.start)), 0);
  return `${Math.floor(total / 60)} 小时${total % 60 ? ` ${total % 60} 分` : ''}`;
}

/** The working periods of a working day; once saved, the calendar is read again (and this form remade from it). */
export function WorkingPeriods({ periods, canEdit }: { periods: readonly Period[]; canEdit: boolean }) {
  const setPeriods = useWrite('calendar:set-periods');
  const toast = useToast();
  const [draft, setDraft] = useState<Period[]>(() => periods.map((p) => ({ ...p })));
  const [isBusy, setBusy] = useState(false);
  const problem = periodProblem(draft);
  const isDirty = JSON.stringify(draft) !== JSON.stringify(periods);

  const change = (index: number, patch: Partial<Period>) => setDraft((list) => list.map((p, k) => (k === index ? { ...p, ...patch } : p)));

  const save = async () => {
    if (problem) return;
    setBusy(true);
    try {
      await setPeriods({ periods: draft });
      toast.show({ tone: 'success', text: '工作时段已保存', detail: `每个工作日 ${totalHours(draft)}` });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能保存工作时段', detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gd-periods">
      <ol className="gd-periods__list">
        {draft.map((p, k) => (
          <li key={k}>
            <span className="gd-periods__n">时段 {k + 1}</span>
            <input
              type="time"
              className="gd-input gd-input--small"
              aria-label={`时段 ${k + 1} 开始`}
              value={p.start}
              disabled={!canEdit}
              onChange={(e) => change(k, { start: e.target.value })}
            />
            <span className="gd-muted">至</span>
            <input
              type="time"
              className="gd-input gd-input--small"
              aria-label={`时段 ${k + 1} 结束`}
              value={p.end}
              disabled={!canEdit}
              onChange={(e) => change(k, { end: e.target.value })}
            />
            {canEdit && draft.length > 1 && (
              <button
                type="button"
                className="gd-iconbutton gd-iconbutton--plain"
                aria-label={`删除时段 ${k + 1}`}
                onClick={() => setDraft((list) => list.filter((_, j) => j !== k))}
              >
                <Icon name="close" size={12} />
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="gd-periods__foot">
        <span className={problem ? 'gd-field__error' : 'gd-muted'} role={problem ? 'alert' : undefined}>
          {problem ?? `每个工作日共 ${totalHours(draft)}`}
        </span>
        {canEdit && (
          <>
            <button
              type="button"
              className="gd-button gd-button--small"
              disabled={draft.length >= 6}
              onClick={() => setDraft((list) => [...list, { start: list[list.length - 1]?.end ?? '08:30', end: '18:00' }])}
            >
              <Icon name="plus" size={13} />
              添加时段
            </button>
            <BusyButton className="gd-button gd-button--small gd-button--accent" isBusy={isBusy} disabled={!isDirty || problem !== null} onClick={() => void save()}>
              保存时段
            </BusyButton>
          </>
        )}
      </div>
    </div>
  );
}

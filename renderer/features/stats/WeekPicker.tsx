import { useMemo } from 'react';
import { Icon } from '../../ui/Icon';
import { shiftWeek } from '../../../db/domain/time';
import { weekSpan, weekTitle } from './isoWeek';

interface WeekPickerProps {
  readonly week: string;
  /** The current week: the latest one offered. */
  readonly latest: string;
  readonly onChange: (week: string) => void;
}

/** How far back the list reaches; older weeks stay reachable with the arrow. */
const WEEKS_LISTED = 104;

/** An ISO week: previous / next arrows, a list of recent weeks, and 本周. */
export function WeekPicker({ week, latest, onChange }: WeekPickerProps) {
  const weeks = useMemo(() => {
    const list = Array.from({ length: WEEKS_LISTED }, (_, i) => shiftWeek(latest, -i));
    if (!list.includes(week) && week < latest) list.push(week);
    return list;
  }, [latest, week]);
  const isLatest = week >= latest;

  return (
    <div className="gd-weekpicker" role="group" aria-label="统计周">
      <button type="button" className="gd-iconbutton gd-weekpicker__prev" aria-label="上一周" title="上一周" onClick={() => onChange(shiftWeek(week, -1))}>
        <Icon name="chevron" size={14} />
      </button>
      <select className="gd-select gd-select--small gd-weekpicker__select" aria-label="选择周" value={week} onChange={(e) => onChange(e.target.value)}>
        {weeks.map((w) => (
          <option key={w} value={w}>
            {weekTitle(w)}（{weekSpan(w)}）
          </option>
        ))}
      </select>
      <button type="button" className="gd-iconbutton" aria-label="下一周" title="下一周" disabled={isLatest} onClick={() => onChange(shiftWeek(week, 1))}>
        <Icon name="chevron" size={14} />
      </button>
      <button type="button" className="gd-button gd-button--small" disabled={isLatest} onClick={() => onChange(latest)}>
        本周
      </button>
    </div>
  );
}

import { useMemo } from 'react';
import { Icon } from '../../ui/Icon';
import { monthTitle, shiftMonth } from './month';

interface MonthPickerProps {
  readonly month: string;
  /** The latest month offered (this month). */
  readonly latest: string;
  readonly onChange: (month: string) => void;
}

const MONTHS_LISTED = 36;

/** A calendar month: previous / next arrows and a list of recent months. */
export function MonthPicker({ month, latest, onChange }: MonthPickerProps) {
  const months = useMemo(() => {
    const list = Array.from({ length: MONTHS_LISTED }, (_, i) => shiftMonth(latest, -i));
    if (!list.includes(month) && month < latest) list.push(month);
    return list;
  }, [latest, month]);
  return (
    <div className="gd-weekpicker" role="group" aria-label="考核月份">
      <button type="button" className="gd-iconbutton gd-weekpicker__prev" aria-label="上个月" title="上个月" onClick={() => onChange(shiftMonth(month, -1))}>
        <Icon name="chevron" size={14} />
      </button>
      <select className="gd-select gd-select--small" aria-label="选择月份" value={month} onChange={(e) => onChange(e.target.value)}>
        {months.map((m) => (
          <option key={m} value={m}>
            {monthTitle(m)}
            {m === latest ? '（本月进行中）' : ''}
          </option>
        ))}
      </select>
      <button type="button" className="gd-iconbutton" aria-label="下个月" title="下个月" disabled={month >= latest} onClick={() => onChange(shiftMonth(month, 1))}>
        <Icon name="chevron" size={14} />
      </button>
    </div>
  );
}

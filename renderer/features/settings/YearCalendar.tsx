import type { CalendarDayEntry } from '../../../electron/contract';
import { WEEKDAYS } from '../../domain/time';

const pad = (n: number) => String(n).padStart(2, '0');

/** Twelve small months: weekends shaded, holidays red, 调休 working days blue. */
export function YearCalendar({ year, days }: { year: number; days: readonly CalendarDayEntry[] }) {
  const byDate = new Map(days.map((d) => [d.date, d]));
  return (
    <div className="gd-yearcal" aria-hidden="true">
      {Array.from({ length: 12 }, (_, month) => {
        const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
        const count = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        // Weeks start on Monday.
        const blanks = (first + 6) % 7;
        return (
          <div key={month} className="gd-yearcal__month">
            <div className="gd-yearcal__title">{month + 1} 月</div>
            <div className="gd-yearcal__grid">
              {[1, 2, 3, 4, 5, 6, 0].map((d) => (
                <span key={`h${d}`} className="gd-yearcal__head">
                  {WEEKDAYS[d]}
                </span>
              ))}
              {Array.from({ length: blanks }, (_, k) => (
                <span key={`b${k}`} />
              ))}
              {Array.from({ length: count }, (_, k) => {
                const date = `${year}-${pad(month + 1)}-${pad(k + 1)}`;
                const weekday = (blanks + k) % 7;
                const entry = byDate.get(date);
                const cls = entry ? `is-${entry.kind}` : weekday >= 5 ? 'is-weekend' : '';
                return (
                  <span key={date} className={`gd-yearcal__day ${cls}`} title={entry ? `${date} ${entry.name}` : date}>
                    {k + 1}
                  </span>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}

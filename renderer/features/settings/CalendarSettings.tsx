import { useState } from 'react';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { formatDate, weekdayLabel } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { WorkingPeriods } from './WorkingPeriods';
import { YearCalendar } from './YearCalendar';

const KIND_LABELS = { holiday: '节假日（休息）', workday: '调休上班' } as const;

/** Holidays and 调休 working days of a year, and the working periods of a working day. */
export function CalendarSettings({ canEdit }: { canEdit: boolean }) {
  const setCalendarDay = useWrite('calendar:set-day');
  const toast = useToast();
  const thisYear = Number(formatDate(Date.now()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const calendar = useCall('calendar:get', { year });
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const setDay = async (day: string, next: 'holiday' | 'workday' | null, dayName?: string) => {
    setBusy(day);
    try {
      await setCalendarDay({ date: day, kind: next, ...(dayName ? { name: dayName } : {}) });
      toast.show({
        tone: 'success',
        text: next ? `${day} 已设为${KIND_LABELS[next]}` : `${day} 已恢复为正常安排`,
        detail: '新派遣的案件按新的日历计算期限',
      });
      return true;
    } catch (e) {
      toast.show({ tone: 'error', text: `未能修改 ${day}`, detail: toApiError(e).message });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const add = async () => {
    if (!date) return setProblem('请选择日期');
    if (!date.startsWith(String(year))) return setProblem(`请选择 ${year} 年内的日期`);
    setProblem(null);
    if (await setDay(date, kind, name.trim() || undefined)) {
      setDate('');
      setName('');
    }
  };

  return (
    <div className="gd-calendar">
      <section className="gd-settings__card gd-calendar__days" aria-label="节假日与调休">
        <div className="gd-settings__cardhead">
          <h2>节假日与调休</h2>
          <select className="gd-select gd-select--small" aria-label="年份" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
          <span className="gd-muted">期限按工作时间计算：跳过周末与节假日，调休上班的周末照常计算。</span>
        </div>
        {calendar.error ? (
          <ErrorNotice error={calendar.error} action="读取日历" onRetry={calendar.reload} />
        ) : !calendar.data ? (
          <Spinner label="正在读取日历…" />
        ) : (
          <div className="gd-calendar__layout">
            <YearCalendar year={year} days={calendar.data.days} />
            <div className="gd-calendar__list">
              {canEdit && (
                <form
                  className="gd-calendar__add"
                  aria-label="添加日期"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void add();
                  }}
                >
                  <input type="date" className="gd-input gd-input--small" aria-label="日期" value={date} onChange={(e) => setDate(e.target.value)} />
                  <select className="gd-select gd-select--small" aria-label="类型" value={kind} onChange={(e) => setKind(e.target.value as 'holiday' | 'workday')}>
                    <option value="holiday">{KIND_LABELS.holiday}</option>
                    <option value="workday">{KIND_LABELS.workday}</option>
                  </select>
                  <input
                    className="gd-input gd-input--small"
                    aria-label="名称"
                    placeholder="名称，如 春节"
                    maxLength={TEXT_LIMITS.holidayName}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                  <BusyButton type="submit" className="gd-button gd-button--small gd-button--accent" isBusy={busy === date && date !== ''}>
                    添加
                  </BusyButton>
                  {problem && (
                    <span className="gd-field__error" role="alert">
                      {problem}
                    </span>
                  )}
                </form>
              )}
              <table className="gd-table" aria-label={`${year} 年节假日与调休`}>
                <thead>
                  <tr>
                    <th>日期</th>
                    <th>星期</th>
                    <th>类型</th>
                    <th>名称</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {calendar.data.days.map((d) => (
                    <tr key={d.date}>
                      <td className="gd-mono">{d.date}</td>
                      <td>{weekdayLabel(d.date)}</td>
                      <td>
                        <span className={`gd-daykind gd-daykind--${d.kind}`}>{KIND_LABELS[d.kind]}</span>
                      </td>
                      <td>{d.name || <span className="gd-muted">—</span>}</td>
                      <td className="gd-table__actions">
                        {canEdit && (
                          <BusyButton
                            className="gd-button gd-button--small"
                            isBusy={busy === d.date}
                            aria-label={`删除 ${d.date}`}
                            onClick={() => void setDay(d.date, null)}
                          >
                            删除
                          </BusyButton>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {calendar.data.days.length === 0 && <div className="gd-empty">{year} 年还没有设置节假日或调休。</div>}
            </div>
          </div>
        )}
      </section>
      <section className="gd-settings__card gd-calendar__periods" aria-label="工作时段">
        <div className="gd-settings__cardhead">
          <h2>工作时段</h2>
          <span className="gd-muted">工作日内计入处置时限的时段（“工作小时”按此计算）。</span>
        </div>
        {calendar.data && (
          <WorkingPeriods key={JSON.stringify(calendar.data.periods)} periods={calendar.data.periods} canEdit={canEdit} />
        )}
      </section>
    </div>
  );
}

/**
 * Case numbers: the Asia/Shanghai date of the report as YYYYMMDD and a 5-digit sequence within that
 * day, e.g. 2026112500017. One allocator for the desk, the import and the demo district.
 */
import type { Statement } from 'better-sqlite3';
import { AppError } from '../errors';
import type { Db } from '../open';
import { dateOfDayIndex, shanghaiDayIndex } from '../domain/time';

/** The largest daily sequence a case number can carry (5 digits). */
export const MAX_DAILY_CASES = 99_999;

/** 'YYYYMMDD' of a Shanghai day index. */
function dayPrefix(dayIndex: number): string {
  return dateOfDayIndex(dayIndex).replace(/-/g, '');
}

/** The case number of the `seq`-th case (from 1) reported on a local date 'YYYY-MM-DD'. */
export function caseNumber(date: string, seq: number): string {
  return numberOf(date.replace(/-/g, ''), seq);
}

function numberOf(prefix: string, seq: number): string {
  if (seq > MAX_DAILY_CASES) throw new AppError('conflict', `当日案件编号已用尽：${prefix}`);
  return `${prefix}${String(seq).padStart(5, '0')}`;
}

const lastOfDay = new WeakMap<Db, Statement>();

/** The highest sequence already used on a day (0 when none). */
function lastSeq(db: Db, prefix: string): number {
  let s = lastOfDay.get(db);
  if (!s) lastOfDay.set(db, (s = db.prepare(`SELECT max(case_no) FROM incidents WHERE case_no >= ? AND case_no < ?`).pluck()));
  const last = s.get(`${prefix}00000`, `${prefix}99999~`) as string | null;
  return last ? Number(last.slice(8, 13)) : 0;
}

/** The next free case number for a case reported at `at` (read inside the writing transaction). */
export function nextCaseNo(db: Db, at: number): string {
  const prefix = dayPrefix(shanghaiDayIndex(at));
  return numberOf(prefix, lastSeq(db, prefix) + 1);
}

/**
 * Case numbers for many cases written in one transaction (an import): each day's last number is read
 * once, then counted in memory. `peek` gives the number the next case of that day gets; `take` marks it
 * used once the case is written (a row refused as a duplicate does not use it).
 */
export class CaseNumberSequence {
  private readonly days = new Map<number, { prefix: string; next: number }>();

  constructor(private readonly db: Db) {}

  private day(at: number): { prefix: string; next: number } {
    const dayIndex = shanghaiDayIndex(at);
    let d = this.days.get(dayIndex);
    if (!d) {
      const prefix = dayPrefix(dayIndex);
      this.days.set(dayIndex, (d = { prefix, next: lastSeq(this.db, prefix) + 1 }));
    }
    return d;
  }

  peek(at: number): string {
    const d = this.day(at);
    return numberOf(d.prefix, d.next);
  }

  take(at: number): void {
    this.day(at).next++;
  }
}

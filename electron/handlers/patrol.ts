import { AppError } from '../../db/errors';
import { parseDateRange } from '../../db/stats/period';
import { coverageReport, patrolTracks, unwalkedGrids } from '../../db/patrol/report';
import { addDays, DAY_MS, shanghaiDate, shanghaiMidnight } from '../../db/domain/time';
import type { SliceHandlers } from '../contract/define';
import type { patrolCalls } from '../contract/patrol';
import type { HandlerDeps } from './deps';
import type { Db } from '../../db/open';

/** The longest period asked at once (a year and a bit): coverage unions every covered cell of it. */
const MAX_DAYS = 400;

function period(from: string, to: string): { start: number; end: number } {
  const p = parseDateRange(from, to);
  const days = Math.round((p.end - p.start) / DAY_MS);
  if (days > MAX_DAYS) throw new AppError('invalid-input', `巡查统计区间过长（${days} 天）：最长 ${MAX_DAYS} 天`);
  return p;
}

/** Patrol coverage, over the read connection. */
export function patrolHandlers({ readDb, now }: HandlerDeps & { readDb: Db }): SliceHandlers<typeof patrolCalls> {
  return {
    'patrol:tracks': ({ from, to, personId, gridId, maxPoints }) => {
      const p = period(from, to);
      return patrolTracks(readDb, { fromMs: p.start, toMs: p.end, personId, gridId, maxPoints });
    },
    'patrol:coverage': ({ from, to, personId, gridId }) => {
      const p = period(from, to);
      return coverageReport(readDb, { fromMs: p.start, toMs: p.end, personId, gridId });
    },
    'patrol:unwalked': ({ days, asOf }) => {
      const day = asOf ?? shanghaiDate(now());
      const grids = unwalkedGrids(readDb, days, shanghaiMidnight(addDays(day, 1)));
      const gridCount = readDb.prepare(`SELECT count(*) FROM grids WHERE level = 3`).pluck().get() as number;
      return { days, asOf: day, grids, gridCount };
    },
  };
}

/**
 * Suspicious tracks (可疑轨迹): flagged, never hidden — a flagged patrol still counts (except one far
 * outside the district, which counts in no figure because it was not walked there).
 *  - speed: faster than 15 km/h between fixes, sustained for at least a minute (a vehicle, not a walk);
 *  - jump: two consecutive fixes more than 200 m apart (the receiver lost the position or was switched);
 *  - off_hours: fixes outside working hours (the working calendar of db/workingTime.ts);
 *  - frozen: every fix at the same place (a phone left on a desk);
 *  - far_outside: most fixes more than 1 km outside the district's community grids.
 * A track without times gets no speed or working-hour checks, and a note saying so.
 */
import { haversineM } from '../import/gridIndex';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../domain/time';
import { isWorkingDay, type WorkingCalendar } from '../workingTime';

export const SPEED_LIMIT_KMH = 15;
export const SPEED_SUSTAINED_MS = 60_000;
export const JUMP_M = 200;
export const FAR_OUTSIDE_M = 1_000;

export type PatrolFlagKind = 'speed' | 'jump' | 'off_hours' | 'frozen' | 'far_outside';

export const PATROL_FLAG_LABELS: Record<PatrolFlagKind, string> = {
  speed: '车速行进',
  jump: '轨迹跳点',
  off_hours: '非工作时间',
  frozen: '定位不动',
  far_outside: '远离辖区',
};

export interface PatrolFlag {
  kind: PatrolFlagKind;
  /** What was found, in Chinese, e.g. "约 32 km/h 持续 3 分钟". */
  detail: string;
  /** Epoch ms of the first fix concerned, when the track has times. */
  at?: number;
}

export interface TrackAnalysis {
  flags: PatrolFlag[];
  farOutside: boolean;
  /** Why some checks were not made (no times), or null. */
  note: string | null;
}

export const UNTIMED_NOTE = '轨迹没有时间：按导入日计入覆盖率，未做速度和工作时间检查';
export const PARTLY_TIMED_NOTE = '部分定位点没有时间：未做速度和工作时间检查';
export const TIMES_NOT_KEPT_NOTE = '早期导入的轨迹未保存逐点时间：未做速度和工作时间检查';

type LonLat = readonly [number, number];

function parseHm(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

/** Whether an instant falls inside the calendar's working hours (a working day, inside a period). */
export function inWorkingHours(ms: number, cal: WorkingCalendar): boolean {
  if (!isWorkingDay(ms, cal)) return false;
  const local = (((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return cal.periods.some((p) => local >= parseHm(p.start) && local < parseHm(p.end));
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/**
 * Flags of one track. `lines` are its segments (WGS-84), `times` the fixes' epoch ms in the same
 * flattened order or null when the track has no times; `district` the community grids' bounding box.
 */
export function analyseTrack(
  lines: readonly (readonly LonLat[])[],
  times: readonly number[] | null,
  cal: WorkingCalendar,
  district: readonly [number, number, number, number] | null,
  timesNote: string = UNTIMED_NOTE,
): TrackAnalysis {
  const flags: PatrolFlag[] = [];
  const points = lines.flat();
  const first = points[0];

  if (first && points.every((p) => p[0] === first[0] && p[1] === first[1])) {
    flags.push({ kind: 'frozen', detail: `${points.length} 个定位点全在同一位置`, ...(times ? { at: times[0]! } : {}) });
  }

  // Jumps and speed, segment by segment within each line (a gap between GPX segments is no jump).
  let k = 0;
  let jumps = 0;
  let maxJump = 0;
  let jumpAt: number | undefined;
  let runMs = 0;
  let runM = 0;
  let runStart: number | undefined;
  let best: { ms: number; m: number; at: number } | null = null;
  const closeRun = () => {
    if (runMs >= SPEED_SUSTAINED_MS && (!best || runMs > best.ms)) best = { ms: runMs, m: runM, at: runStart! };
    runMs = 0;
    runM = 0;
    runStart = undefined;
  };
  for (const line of lines) {
    for (let i = 0; i < line.length; i++, k++) {
      if (i === 0) {
        closeRun();
        continue;
      }
      const d = haversineM(line[i - 1]!, line[i]!);
      if (d > JUMP_M) {
        jumps++;
        if (d > maxJump) {
          maxJump = d;
          jumpAt = times?.[k];
        }
      }
      // A jump is a position error, not travel: it breaks a fast run rather than making one.
      if (times && d <= JUMP_M) {
        const dt = times[k]! - times[k - 1]!;
        if (dt > 0 && (d / dt) * 3_600 > SPEED_LIMIT_KMH) {
          if (runStart === undefined) runStart = times[k - 1]!;
          runMs += dt;
          runM += d;
        } else closeRun();
      } else closeRun();
    }
  }
  closeRun();
  const fast = best as { ms: number; m: number; at: number } | null;
  if (fast) {
    flags.push({ kind: 'speed', detail: `约 ${Math.round((fast.m / fast.ms) * 3_600)} km/h 持续 ${minutes(fast.ms)} 分钟`, at: fast.at });
  }
  if (jumps > 0) {
    flags.push({ kind: 'jump', detail: `${jumps} 处相邻定位点相距超过 ${JUMP_M} 米（最远 ${Math.round(maxJump)} 米）`, ...(jumpAt !== undefined ? { at: jumpAt } : {}) });
  }

  if (times) {
    const off = times.filter((t) => !inWorkingHours(t, cal));
    if (off.length > 0) {
      flags.push({ kind: 'off_hours', detail: `${off.length} 个定位点在工作时间以外`, at: off[0]! });
    }
  }

  let farOutside = false;
  if (district && points.length > 0) {
    const [minLon, minLat, maxLon, maxLat] = district;
    const far = points.filter((p) => {
      const lon = Math.min(maxLon, Math.max(minLon, p[0]));
      const lat = Math.min(maxLat, Math.max(minLat, p[1]));
      return haversineM(p, [lon, lat]) > FAR_OUTSIDE_M;
    }).length;
    if (far * 2 > points.length) {
      farOutside = true;
      flags.push({ kind: 'far_outside', detail: `${far} / ${points.length} 个定位点在辖区 ${FAR_OUTSIDE_M / 1000} 公里以外，不计入覆盖率和里程` });
    }
  }

  return { flags, farOutside, note: times ? null : timesNote };
}

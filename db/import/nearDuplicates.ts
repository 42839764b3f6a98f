/**
 * Possible duplicates during a bulk import: open cases of the same small class within 50 m and a
 * week, looked up in a spatial hash (50 m cells) instead of one query per row. Holds the open cases
 * already in the database and the rows imported so far; entries older than the window behind the
 * latest time seen are swept, so a chronological log of any length stays in bounded memory.
 */
import { DAY_MS } from '../domain/time';

const CELL_M = 50;
const M_PER_DEG_LAT = 110_574;

interface Entry {
  id: number;
  caseNo: string;
  t: number;
  lon: number;
  lat: number;
}

export interface NearMatch {
  id: number;
  caseNo: string;
  distanceM: number;
}

/** Cells per axis are at most 400,753 (longitude) and 199,034 (latitude) at 50 m: offsets keep keys positive. */
const X_OFFSET = 2 ** 19;
const Y_OFFSET = 2 ** 18;
const Y_SPAN = 2 ** 19;

export class NearDuplicateIndex {
  /** Per small class: cell number → entries, oldest first. Numbers, not strings: this runs once per imported row. */
  private readonly byCategory = new Map<number, Map<number, Entry[]>>();
  private readonly mPerDegLon: number;
  private maxT = -Infinity;
  private added = 0;

  constructor(
    latitude: number,
    private readonly radiusM = 50,
    private readonly windowMs = 7 * DAY_MS,
  ) {
    this.mPerDegLon = 111_320 * Math.cos((latitude * Math.PI) / 180);
  }

  private cellX(lon: number): number {
    return Math.floor((lon * this.mPerDegLon) / CELL_M) + X_OFFSET;
  }

  private cellY(lat: number): number {
    return Math.floor((lat * M_PER_DEG_LAT) / CELL_M) + Y_OFFSET;
  }

  add(category: number, e: Entry): void {
    let cells = this.byCategory.get(category);
    if (!cells) this.byCategory.set(category, (cells = new Map()));
    const k = this.cellX(e.lon) * Y_SPAN + this.cellY(e.lat);
    const list = cells.get(k);
    if (list) list.push(e);
    else cells.set(k, [e]);
    if (e.t > this.maxT) this.maxT = e.t;
    if (++this.added % 20_000 === 0) this.sweep();
  }

  /** The nearest entry of the category within the radius and window, if any (the first found of equals). */
  nearest(category: number, lon: number, lat: number, t: number): NearMatch | null {
    const cells = this.byCategory.get(category);
    if (!cells) return null;
    const cx = this.cellX(lon);
    const cy = this.cellY(lat);
    let best: Entry | null = null;
    let bestD = Infinity;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const list = cells.get((cx + dx) * Y_SPAN + cy + dy);
        if (!list) continue;
        for (const e of list) {
          if (Math.abs(e.t - t) > this.windowMs) continue;
          const d = Math.hypot((e.lon - lon) * this.mPerDegLon, (e.lat - lat) * M_PER_DEG_LAT);
          if (d <= this.radiusM && d < bestD) {
            best = e;
            bestD = d;
          }
        }
      }
    }
    return best ? { id: best.id, caseNo: best.caseNo, distanceM: bestD } : null;
  }

  private sweep(): void {
    const limit = this.maxT - this.windowMs - DAY_MS;
    for (const cells of this.byCategory.values()) {
      for (const [k, list] of cells) {
        const kept = list.filter((e) => e.t >= limit);
        if (kept.length === 0) cells.delete(k);
        else if (kept.length !== list.length) cells.set(k, kept);
      }
    }
  }
}

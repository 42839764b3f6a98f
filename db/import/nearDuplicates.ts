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

export class NearDuplicateIndex {
  private readonly cells = new Map<string, Entry[]>();
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

  private key(category: number, lon: number, lat: number, dx = 0, dy = 0): string {
    const cx = Math.floor((lon * this.mPerDegLon) / CELL_M) + dx;
    const cy = Math.floor((lat * M_PER_DEG_LAT) / CELL_M) + dy;
    return `${category}|${cx}|${cy}`;
  }

  add(category: number, e: Entry): void {
    const k = this.key(category, e.lon, e.lat);
    const list = this.cells.get(k);
    if (list) list.push(e);
    else this.cells.set(k, [e]);
    if (e.t > this.maxT) this.maxT = e.t;
    if (++this.added % 20_000 === 0) this.sweep();
  }

  /** The nearest entry of the category within the radius and window, if any. */
  nearest(category: number, lon: number, lat: number, t: number): NearMatch | null {
    let best: NearMatch | null = null;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const list = this.cells.get(this.key(category, lon, lat, dx, dy));
        if (!list) continue;
        for (const e of list) {
          if (Math.abs(e.t - t) > this.windowMs) continue;
          const d = Math.hypot((e.lon - lon) * this.mPerDegLon, (e.lat - lat) * M_PER_DEG_LAT);
          if (d <= this.radiusM && (best === null || d < best.distanceM)) best = { id: e.id, caseNo: e.caseNo, distanceM: d };
        }
      }
    }
    return best;
  }

  private sweep(): void {
    const limit = this.maxT - this.windowMs - DAY_MS;
    for (const [k, list] of this.cells) {
      const kept = list.filter((e) => e.t >= limit);
      if (kept.length === 0) this.cells.delete(k);
      else if (kept.length !== list.length) this.cells.set(k, kept);
    }
  }
}

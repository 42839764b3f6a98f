import type { GpxPoint, GpxTrack } from '../import/gpx';
import type { Db } from '../open';
import { addDays, DAY_MS, MINUTE_MS, shanghaiDate, shanghaiMidnight } from '../domain/time';
import { GridIndex } from '../import/gridIndex';
import { importPatrols } from '../import/patrolImport';
import { isWorkingDay, type WorkingCalendar } from '../workingTime';
import type { DemoGrid } from './district';
import { centroid, largestPart, pointInMultiPolygon, samplePoint } from './geometry';
import type { DemoStaff } from './people';
import { createRng, type Rng } from './random';

/**
 * The demo inspectors' GPS tracks (巡查轨迹): on about a third of the working days each street
 * inspector walks for an hour or so along the streets of their street area — a crooked lattice of roads
 * 140–230 m apart with about a fifth of its sections missing, turned a little differently in each
 * street — around one community grid chosen
 * for the day (grids walked less lately are chosen first, and a few grids are hardly ever visited, so
 * the "not walked for N days" list has something to show), stopping now and then where a problem is
 * reported. A fix every 30 s with a few metres of GPS noise. A few tracks are suspicious on purpose:
 * a stretch at car speed, a fix thrown 400 m off, a walk in the evening, a phone left on a desk.
 * Deterministic for a seed (its own random stream, 'tracks').
 */

export interface DemoTrack {
  /** Person index of the inspector. */
  person: number;
  track: GpxTrack;
  /** What is wrong with it on purpose, or null. */
  suspicious: 'speed' | 'jump' | 'evening' | 'frozen' | null;
}

const FIX_MS = 30_000;
const ROAD_SPACING_M = 170;
const M_PER_DEG = 111_320;
const PATROL_CHANCE = 0.32;

type Pair = [number, number];

interface StreetNet {
  /** Lattice nodes inside the street, [lon, lat], by key "i,j". */
  nodes: Map<string, Pair>;
  keys: string[];
  /** Lattice edges with no road ("i,j|k,l", both ways): blocks of different sizes. */
  closed: Set<string>;
}

function streetNet(rng: Rng, street: DemoGrid): StreetNet {
  const c = centroid(largestPart(street.shape));
  const kx = M_PER_DEG * Math.cos((c[1] * Math.PI) / 180);
  const ky = M_PER_DEG;
  const angle = rng.uniform(-0.35, 0.35);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const [minLon, minLat, maxLon, maxLat] = street.bbox;
  // Old streets are closer together than the new ones: the spacing differs from street to street.
  const spacing = ROAD_SPACING_M * rng.uniform(0.8, 1.35);
  const half = Math.hypot((maxLon - minLon) * kx, (maxLat - minLat) * ky) / 2 + spacing;
  const n = Math.ceil(half / spacing);
  const nodes = new Map<string, Pair>();
  const closed = new Set<string>();
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      // Roads are not ruler-straight: each crossing is moved a little.
      const x = i * spacing * cos - j * spacing * sin + rng.uniform(-28, 28);
      const y = i * spacing * sin + j * spacing * cos + rng.uniform(-28, 28);
      const p: Pair = [c[0] + x / kx, c[1] + y / ky];
      if (pointInMultiPolygon(p[0], p[1], street.shape)) nodes.set(`${i},${j}`, p);
      // About one road section in five is missing: blocks of one, two or three lattice cells.
      if (rng.chance(0.2)) closed.add(edgeKey(`${i},${j}`, `${i + 1},${j}`));
      if (rng.chance(0.2)) closed.add(edgeKey(`${i},${j}`, `${i},${j + 1}`));
    }
  }
  return { nodes, keys: [...nodes.keys()], closed };
}

const edgeKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function neighbours(key: string, net?: StreetNet): string[] {
  const [i, j] = key.split(',').map(Number) as [number, number];
  const all = [`${i + 1},${j}`, `${i - 1},${j}`, `${i},${j + 1}`, `${i},${j - 1}`];
  return net ? all.filter((k) => net.nodes.has(k) && !net.closed.has(edgeKey(key, k))) : all;
}

function metres(a: Pair, b: Pair): number {
  const kx = M_PER_DEG * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG);
}

function nearestNode(net: StreetNet, p: Pair): string {
  let best = net.keys[0]!;
  let bestD = Infinity;
  for (const k of net.keys) {
    const d = metres(p, net.nodes.get(k)!);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A walk along the lattice from a node near `target` for `durationMs`, a fix every 30 s. */
function walk(
  rng: Rng,
  net: StreetNet,
  target: Pair,
  startMs: number,
  durationMs: number,
  drive: { atMs: number; forMs: number } | null,
): GpxPoint[] {
  const points: GpxPoint[] = [];
  let node = nearestNode(net, target);
  let prev: string | null = null;
  let pos: Pair = net.nodes.get(node)!;
  let t = startMs;
  const end = startMs + durationMs;
  const speed = rng.uniform(1.05, 1.4); // m/s
  const noise = () => rng.normal() * 2.5; // metres
  const fix = (p: Pair, at: number) => {
    const kx = M_PER_DEG * Math.cos((p[1] * Math.PI) / 180);
    points.push({ lon: round6(p[0] + noise() / kx), lat: round6(p[1] + noise() / M_PER_DEG), time: Math.round(at / 1000) * 1000 });
  };
  fix(pos, t);
  let nextFix = t + FIX_MS;
  while (t < end) {
    const open = neighbours(node, net);
    const options = open.filter((k) => k !== prev);
    const choices = options.length > 0 ? options : open.length > 0 ? open : neighbours(node).filter((k) => net.nodes.has(k));
    if (choices.length === 0) break;
    // Mostly keep near the day's grid: the neighbour closer to it, else any.
    let next = rng.pick(choices);
    if (rng.chance(0.55)) {
      next = choices.reduce((a, b) => (metres(net.nodes.get(a)!, target) <= metres(net.nodes.get(b)!, target) ? a : b));
    }
    const to = net.nodes.get(next)!;
    const length = metres(pos, to);
    const driving = drive !== null && t >= drive.atMs && t < drive.atMs + drive.forMs;
    const v = driving ? rng.uniform(8, 10) : speed; // 29–36 km/h in a car
    const step = driving ? 10_000 : FIX_MS;
    if (driving && nextFix > t + step) nextFix = t + step;
    const legMs = (length / v) * 1000;
    const from = pos;
    const legStart = t;
    while (nextFix <= legStart + legMs && nextFix < end) {
      const f = (nextFix - legStart) / legMs;
      fix([from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f], nextFix);
      nextFix += step;
    }
    t = legStart + legMs;
    pos = to;
    prev = node;
    node = next;
    if (!driving && nextFix - t > FIX_MS) nextFix = t + FIX_MS;
    // Now and then a stop: a problem photographed and reported, a word with a shopkeeper.
    if (!driving && rng.chance(0.1)) {
      const stopEnd = Math.min(end, t + rng.uniform(2, 6) * MINUTE_MS);
      while (nextFix <= stopEnd) {
        fix(pos, nextFix);
        nextFix += FIX_MS;
      }
      t = stopEnd;
    }
  }
  return points;
}

/** The demo's tracks, one per patrol, in time order per inspector. */
export function generateDemoTracks(options: {
  seed: number;
  grids: readonly DemoGrid[];
  staff: DemoStaff;
  periodStart: string;
  asOfMs: number;
  calendar: WorkingCalendar;
}): DemoTrack[] {
  const { grids, staff, calendar } = options;
  const rng = createRng(options.seed, 'tracks');
  const out: DemoTrack[] = [];
  const days: string[] = [];
  for (let d = options.periodStart; shanghaiMidnight(d) + DAY_MS <= options.asOfMs; d = addDays(d, 1)) {
    if (isWorkingDay(d, calendar)) days.push(d);
  }
  staff.inspectors.forEach((inspectors, s) => {
    const street = grids.find((g) => g.level === 2 && g.streetIndex === s);
    const own = grids.filter((g) => g.level === 3 && g.streetIndex === s);
    if (!street || own.length === 0) return;
    const net = streetNet(rng, street);
    if (net.keys.length < 4) return;
    // Some grids are out of the way and seldom walked.
    const weight = own.map(() => (rng.chance(0.15) ? 0.08 : 1));
    const lastWalked = own.map(() => -rng.int(0, 10));
    for (const person of inspectors) {
      days.forEach((day, dayNo) => {
        if (!rng.chance(PATROL_CHANCE)) return;
        // The grid walked longest ago, weighted: out-of-the-way grids wait much longer.
        let pick = 0;
        let bestScore = -Infinity;
        own.forEach((_, k) => {
          const score = (dayNo - lastWalked[k]!) * weight[k]! + rng.uniform(0, 2);
          if (score > bestScore) {
            bestScore = score;
            pick = k;
          }
        });
        lastWalked[pick] = dayNo;
        const target = samplePoint(rng, own[pick]!.shape, own[pick]!.bbox);
        const morning = rng.chance(0.6);
        const startMs = shanghaiMidnight(day) + (morning ? rng.uniform(8 * 60 + 40, 10 * 60 + 15) : rng.uniform(14 * 60 + 40, 15 * 60 + 50)) * MINUTE_MS;
        const durationMs = rng.uniform(50, 85) * MINUTE_MS;
        const points = walk(rng, net, target, Math.round(startMs), Math.round(durationMs), null);
        if (points.length < 2) return;
        out.push({ person, track: { number: out.length + 1, name: staff.persons[person]!.name, segments: [points] }, suspicious: null });
      });
    }
  });

  // A few suspicious tracks on purpose, replacing ordinary ones chosen by the seed.
  const spoil = (kind: NonNullable<DemoTrack['suspicious']>, count: number) => {
    for (let k = 0; k < count && out.length > 0; k++) {
      const i = rng.int(0, out.length - 1);
      const t = out[i]!;
      if (t.suspicious) continue;
      const points = t.track.segments[0]!;
      const s = staff.inspectors.findIndex((list) => list.includes(t.person));
      const street = grids.find((g) => g.level === 2 && g.streetIndex === s)!;
      const start = points[0]!.time!;
      const duration = points[points.length - 1]!.time! - start;
      let next: GpxPoint[] = points;
      if (kind === 'speed') {
        const net = streetNet(createRng(options.seed, `tracks-net-${s}`), street);
        next = walk(rng, net, [points[0]!.lon, points[0]!.lat], start, duration, { atMs: start + duration / 3, forMs: 4 * MINUTE_MS });
      } else if (kind === 'jump') {
        const m = Math.floor(points.length / 2);
        const p = points[m]!;
        next = points.map((q, j) => (j === m ? { ...p, lat: round6(p.lat + 420 / M_PER_DEG) } : q));
      } else if (kind === 'evening') {
        const shift = shanghaiMidnight(shanghaiDate(start)) + (18 * 60 + rng.int(30, 70)) * MINUTE_MS - start;
        next = points.map((q) => ({ ...q, time: q.time! + shift }));
      } else {
        const p = points[0]!;
        next = points.slice(0, 40).map((q) => ({ lon: p.lon, lat: p.lat, time: q.time }));
      }
      out[i] = { ...t, track: { ...t.track, segments: [next] }, suspicious: kind };
    }
  };
  spoil('speed', 3);
  spoil('jump', 3);
  spoil('evening', 3);
  spoil('frozen', 2);
  return out;
}

/**
 * Stores the demo's tracks as patrols of the demo batch, through the same path as an imported GPX
 * file (lengths per grid, flags, covered cells). Returns the number of patrols and fixes.
 */
export function loadDemoTracks(db: Db, tracks: readonly DemoTrack[], ctx: { batchId: number; personNames: readonly string[]; now: number }): { patrols: number; points: number } {
  const grids = GridIndex.load(db);
  const byPerson = new Map<number, GpxTrack[]>();
  for (const t of tracks) {
    const list = byPerson.get(t.person) ?? [];
    list.push(t.track);
    byPerson.set(t.person, list);
  }
  let patrols = 0;
  const out = {
    reject: (row: number, _field: unknown, reason: string) => {
      throw new Error(`demo track ${row}: ${reason}`);
    },
    countPatrol: (outcome: 'written' | 'duplicate') => {
      if (outcome === 'written') patrols++;
    },
  };
  for (const [person, list] of byPerson) {
    importPatrols(db, list, { batchId: ctx.batchId, crs: 'wgs84', grids, author: ctx.personNames[person]!, now: ctx.now }, out);
  }
  return { patrols, points: tracks.reduce((n, t) => n + t.track.segments.reduce((m, s) => m + s.length, 0), 0) };
}

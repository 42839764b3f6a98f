/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so that the demo
 * district is the same on every machine for the same seed. Math.random is never used in generation.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer uniform in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Approximately normal (sum of uniforms), mean 0, standard deviation 1. */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a label, to derive independent streams from one seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A generator for one purpose ('geometry', 'people', …) derived from the seed, so that changing
 * how much one part of the demo draws does not shift the numbers of another part.
 */
export function createRng(seed: number, label = ''): Rng {
  const init = splitmix32((seed ^ hashLabel(label)) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    normal: () => next() + next() + next() + next() + next() + next() - 3,
  };
}

/** Picks an index with probability proportional to its weight, in O(log n) per draw. */
export function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w > 0 ? w : 0;
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('weights must have a positive sum');
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), each part at
 * least `minimum`. Ties go to the lower index, so the result is deterministic.
 */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  const n = weights.length;
  if (minimum * n > total) throw new RangeError('total too small for the minimum');
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map(() => minimum);
  let left = total - minimum * n;
  // Distribute what is left over the minimums proportionally to the weights, but never let a
  // part that is already above its share grow: repeat largest-remainder on the shortfall.
  const target = weights.map((w) => (sum > 0 ? (w / sum) * total : total / n));
  const shortfall = target.map((t, i) => Math.max(0, t - parts[i]!));
  const shortSum = shortfall.reduce((s, x) => s + x, 0);
  const exact = shortfall.map((s) => (shortSum > 0 ? (s / shortSum) * left : left / n));
  for (let i = 0; i < n; i++) {
    const whole = Math.floor(exact[i]!);
    parts[i]! += whole;
    left -= whole;
  }
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((p, q) => q.r - p.r || p.i - q.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]! += 1;
  return parts;
}

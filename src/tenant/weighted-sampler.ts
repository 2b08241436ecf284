import type { Random } from './random.js';

/**
 * Draws indices in proportion to fixed non-negative weights: cumulative sums plus binary search,
 * so building is O(n) and each draw O(log n). The history draws ~100k items this way.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} is not a finite non-negative number`);
      sum += w;
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new RangeError('weights sum to zero');
    this.total = sum;
  }

  sample(rng: Random): number {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** One weighted draw from a small table without building a sampler. */
export function pickWeighted<T extends { weight: number }>(rng: Random, entries: readonly T[]): T {
  let total = 0;
  for (const entry of entries) total += entry.weight;
  let target = rng.next() * total;
  for (const entry of entries) {
    target -= entry.weight;
    if (target < 0) return entry;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new RangeError('pick from an empty table');
  return last;
}

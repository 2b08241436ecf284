/**
 * Seeded pseudo-random numbers (mulberry32): small, fast, and its whole state is one integer, so a
 * policy snapshot can carry it and a restored policy continues the same sequence.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Current state, to snapshot. */
  state(): number;
}

export class SeededRandom implements Random {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  state(): number {
    return this.s;
  }
}

/** Standard normal draw (Box-Muller; one of the pair is discarded to keep the state simple). */
export function gaussian(random: Random): number {
  const u = 1 - random.next(); // (0, 1], so log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Poisson(1) draw (Knuth), the bootstrap weight of online bagging. */
export function poissonOne(random: Random): number {
  const limit = Math.exp(-1);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k += 1;
    p *= random.next();
  }
  return k;
}

/** Index drawn from a probability vector (entries sum to 1). */
export function sampleIndex(probabilities: ArrayLike<number>, random: Random): number {
  const u = random.next();
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    if (p <= 0) continue;
    last = i;
    cumulative += p;
    if (u < cumulative) return i;
  }
  return last; // rounding left u just above the total
}

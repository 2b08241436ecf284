/**
 * A small seeded PRNG (sfc32, seeded through a string hash) with the distributions the tenant
 * generator needs. Math.random is never used: the same seed must give byte-identical tenants.
 * Streams are forked by label so that, for example, the catalogue does not change when only the
 * number of customers does.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Kept so that fork() derives children from the original seed, not from the stream position. */
  private readonly key: string;

  constructor(seed: number | string) {
    this.key = String(seed);
    const hash = xmur3(this.key);
    this.a = hash();
    this.b = hash();
    this.c = hash();
    this.d = hash();
    // sfc32's first outputs are still correlated with the seed; discard them.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent stream for a named purpose; independent of how much this one was used. */
  fork(label: string | number): Random {
    return new Random(`${this.key}\u0001${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('pick from an empty list');
    return values[this.int(values.length)] as T;
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i] as T;
      values[i] = values[j] as T;
      values[j] = tmp;
    }
    return values;
  }

  /** Standard normal (Box-Muller; the spare value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1], so log never sees 0
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Gamma(shape, scale) by Marsaglia-Tsang; shapes below 1 use the U^(1/shape) boost. */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) {
      const boost = Math.pow(1 - this.next(), 1 / shape);
      return this.gamma(shape + 1, scale) * boost;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** Dirichlet(alphas); small alphas give sparse weights. Never all zero. */
  dirichlet(alphas: readonly number[]): number[] {
    const draws = alphas.map((alpha) => this.gamma(alpha));
    const sum = draws.reduce((acc, x) => acc + x, 0);
    if (sum > 0) return draws.map((x) => x / sum);
    // Every draw underflowed (possible with tiny alphas): fall back to one-hot.
    const one = this.int(alphas.length);
    return alphas.map((_, i) => (i === one ? 1 : 0));
  }

  /** Number of failures before the first success, each trial succeeding with probability p. */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** Poisson(lambda): Knuth below 30, a rounded normal above (accurate enough for counts). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Zipf weights 1/(rank+1)^exponent for ranks 0..n-1: a few popular, a long niche tail. */
export function zipfWeights(n: number, exponent: number): Float64Array {
  const weights = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) weights[rank] = 1 / Math.pow(rank + 1, exponent);
  return weights;
}

/** xmur3 string hash: turns any seed text into a stream of well-mixed 32-bit seeds. */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** One logged example as an estimator sees it. */
export interface OpeSample {
  /** pi(logged action | x) / p_logged. */
  weight: number;
  reward: number;
  /** sum over actions of pi(a | x) * rhat(x, a): the direct-method value of this context. */
  directMethod: number;
  /** rhat(x, logged action). */
  predictedLogged: number;
}

export type Interval = [number, number];

/**
 * Off-policy estimates of a target policy's mean reward. `ciLow`/`ciHigh` is the 95% interval of
 * `dr` (normal approximation); `intervals` has one per estimator (SNIPS by the delta method).
 */
export interface OpeResult {
  ips: number;
  snips: number;
  dr: number;
  dm: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  intervals: { ips: Interval; snips: Interval; dr: Interval };
  /** Mean importance weight (about 1 when the log supports the target policy). */
  meanWeight: number;
}

const Z95 = 1.959963984540054;

/**
 * Running sums for IPS, SNIPS, DM and DR (Dudik, Langford, Li 2011). One pass, O(1) memory, so a
 * log of any length streams through. IPS and DR are means of independent terms, hence the normal
 * interval; a tighter empirical-Bernstein bound needs a range on the weights we do not have here.
 */
export class OpeAccumulator {
  private n = 0;
  private sumW = 0;
  private sumWR = 0;
  private sumWR2 = 0;
  private sumW2 = 0;
  private sumW2R = 0;
  private sumDm = 0;
  private sumDr = 0;
  private sumDr2 = 0;

  add(sample: OpeSample): void {
    const { weight: w, reward: r } = sample;
    const wr = w * r;
    const dr = sample.directMethod + w * (r - sample.predictedLogged);
    this.n += 1;
    this.sumW += w;
    this.sumWR += wr;
    this.sumWR2 += wr * wr;
    this.sumW2 += w * w;
    this.sumW2R += w * wr;
    this.sumDm += sample.directMethod;
    this.sumDr += dr;
    this.sumDr2 += dr * dr;
  }

  result(): OpeResult {
    const n = this.n;
    if (n === 0) {
      return { ips: 0, snips: 0, dr: 0, dm: 0, ciLow: 0, ciHigh: 0, n: 0, intervals: { ips: [0, 0], snips: [0, 0], dr: [0, 0] }, meanWeight: 0 };
    }
    const ips = this.sumWR / n;
    const dr = this.sumDr / n;
    const snips = this.sumW > 0 ? this.sumWR / this.sumW : 0;
    const ipsHalf = Z95 * standardError(this.sumWR, this.sumWR2, n);
    const drHalf = Z95 * standardError(this.sumDr, this.sumDr2, n);
    // sum w^2 (r - snips)^2, expanded so it needs no second pass.
    const spread = this.sumWR2 - 2 * snips * this.sumW2R + snips * snips * this.sumW2;
    const snipsHalf = this.sumW > 0 ? (Z95 * Math.sqrt(Math.max(spread, 0))) / this.sumW : 0;
    return {
      ips,
      snips,
      dr,
      dm: this.sumDm / n,
      ciLow: dr - drHalf,
      ciHigh: dr + drHalf,
      n,
      intervals: { ips: [ips - ipsHalf, ips + ipsHalf], snips: [snips - snipsHalf, snips + snipsHalf], dr: [dr - drHalf, dr + drHalf] },
      meanWeight: this.sumW / n,
    };
  }
}

/** Standard error of a mean from its sum and sum of squares (sample variance, n - 1). */
export function standardError(sum: number, sumSquares: number, n: number): number {
  if (n < 2) return 0;
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  return Math.sqrt(variance / n);
}

import type { SparseVector } from '../features.js';
import { configError } from '../errors.js';

/** Dense A^-1 is d x d doubles: 2^12 dimensions (128 MiB) is the most we accept. */
export const MAX_RIDGE_BITS = 12;

export interface RidgeState {
  bits: number;
  lambda: number;
  /** Row-major A^-1 and theta, as plain numbers. */
  inverse: number[];
  theta: number[];
}

/**
 * Bayesian ridge regression with A^-1 kept by Sherman-Morrison rank-one updates (recursive least
 * squares), for LinUCB and linear Thompson sampling. Dimension is 2^bits of the hashed space,
 * capped at MAX_RIDGE_BITS because each update costs O(d^2).
 */
export class Ridge {
  readonly bits: number;
  readonly lambda: number;
  readonly dimension: number;
  private readonly inverse: Float64Array;
  private readonly theta: Float64Array;
  private readonly scratch: Float64Array;

  constructor(bits: number, lambda = 1) {
    if (!Number.isInteger(bits) || bits < 1 || bits > MAX_RIDGE_BITS) {
      throw configError(`ridge bits must be an integer in 1..${MAX_RIDGE_BITS} (dimension cap)`);
    }
    if (!(lambda > 0)) throw configError('ridge lambda must be positive');
    this.bits = bits;
    this.lambda = lambda;
    this.dimension = 1 << bits;
    this.inverse = new Float64Array(this.dimension * this.dimension);
    for (let i = 0; i < this.dimension; i++) this.inverse[i * this.dimension + i] = 1 / lambda;
    this.theta = new Float64Array(this.dimension);
    this.scratch = new Float64Array(this.dimension);
  }

  predict(x: SparseVector): number {
    let sum = 0;
    const { index, value } = x;
    const theta = this.theta;
    for (let i = 0; i < index.length; i++) sum += (theta[index[i] as number] as number) * (value[i] as number);
    return sum;
  }

  /** x^T A^-1 x: the posterior variance factor (O(nnz^2)). */
  variance(x: SparseVector): number {
    const d = this.dimension;
    let sum = 0;
    for (let i = 0; i < x.index.length; i++) {
      const row = (x.index[i] ?? 0) * d;
      const vi = x.value[i] ?? 0;
      for (let j = 0; j < x.index.length; j++) sum += vi * (this.inverse[row + (x.index[j] ?? 0)] ?? 0) * (x.value[j] ?? 0);
    }
    return Math.max(sum, 0);
  }

  /**
   * Adds weight * x x^T to A and weight * target * x to b: Sherman-Morrison on A^-1, O(d^2). The
   * loops read typed arrays without fallbacks (indices are < d by construction): this is the cost
   * of every learned reward under the default policy.
   */
  update(x: SparseVector, target: number, weight = 1): void {
    if (weight <= 0) return;
    const d = this.dimension;
    const inverse = this.inverse;
    const u = this.scratch; // u = A^-1 x; A^-1 is symmetric, so read rows (contiguous) not columns
    u.fill(0);
    const { index, value } = x;
    for (let i = 0; i < index.length; i++) {
      const v = value[i] as number;
      if (v === 0) continue;
      const row = (index[i] as number) * d;
      for (let r = 0; r < d; r++) u[r] = (u[r] as number) + (inverse[row + r] as number) * v;
    }
    let quad = 0;
    for (let i = 0; i < index.length; i++) quad += (u[index[i] as number] as number) * (value[i] as number);
    const denominator = 1 + weight * quad;
    const error = target - this.predict(x);
    const gain = (weight * error) / denominator;
    const theta = this.theta;
    for (let r = 0; r < d; r++) theta[r] = (theta[r] as number) + gain * (u[r] as number);
    const factor = weight / denominator;
    for (let r = 0; r < d; r++) {
      const ur = (u[r] as number) * factor;
      if (ur === 0) continue;
      const row = r * d;
      for (let c = 0; c < d; c++) inverse[row + c] = (inverse[row + c] as number) - ur * (u[c] as number);
    }
  }

  snapshot(): RidgeState {
    return { bits: this.bits, lambda: this.lambda, inverse: Array.from(this.inverse), theta: Array.from(this.theta) };
  }

  static restore(state: RidgeState): Ridge {
    const ridge = new Ridge(state.bits, state.lambda);
    if (state.inverse.length !== ridge.inverse.length || state.theta.length !== ridge.theta.length) {
      throw configError('ridge snapshot has the wrong dimension');
    }
    ridge.inverse.set(state.inverse);
    ridge.theta.set(state.theta);
    return ridge;
  }
}

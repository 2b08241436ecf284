import type { FeatureBatch, SparseVector } from '../features.js';
import { configError } from '../errors.js';

/** Dense A^-1 is d x d doubles: 2^12 dimensions (128 MiB) is the most we accept. */
export const MAX_RIDGE_BITS = 12;

export interface RidgeState {
  bits: number;
  lambda: number;
  /** Row-major A^-1 (full, both triangles: the format older snapshots have) and theta. */
  inverse: number[];
  theta: number[];
}

/**
 * Bayesian ridge regression with A^-1 kept by Sherman-Morrison rank-one updates (recursive least
 * squares), for LinUCB and linear Thompson sampling. Dimension is 2^bits of the hashed space,
 * capped at MAX_RIDGE_BITS because each update costs O(d^2).
 *
 * A^-1 is symmetric, so only its upper triangle is kept, packed by rows (row r holds columns r..d-1
 * from rowStart[r]): half the memory, and an update streams it twice (A^-1 x, then the rank-one
 * change) instead of reading and writing the full matrix. At d = 256 that is 257 KiB instead of
 * 512 KiB through the cache per learned reward, which also leaves the decide path's data in cache.
 */
export class Ridge {
  readonly bits: number;
  readonly lambda: number;
  readonly dimension: number;
  private readonly inverse: Float64Array;
  private readonly rowStart: Int32Array;
  private readonly theta: Float64Array;
  private readonly scratch: Float64Array;
  private readonly dense: Float64Array;

  constructor(bits: number, lambda = 1) {
    if (!Number.isInteger(bits) || bits < 1 || bits > MAX_RIDGE_BITS) {
      throw configError(`ridge bits must be an integer in 1..${MAX_RIDGE_BITS} (dimension cap)`);
    }
    if (!(lambda > 0)) throw configError('ridge lambda must be positive');
    this.bits = bits;
    this.lambda = lambda;
    this.dimension = 1 << bits;
    const d = this.dimension;
    this.rowStart = new Int32Array(d);
    for (let r = 0; r < d; r++) this.rowStart[r] = (r * (2 * d - r + 1)) / 2;
    this.inverse = new Float64Array((d * (d + 1)) / 2);
    for (let r = 0; r < d; r++) this.inverse[this.rowStart[r] as number] = 1 / lambda;
    this.theta = new Float64Array(d);
    this.scratch = new Float64Array(d);
    this.dense = new Float64Array(d);
  }

  /** A^-1[r][c] from the packed upper triangle. */
  private at(r: number, c: number): number {
    return (r <= c ? this.inverse[(this.rowStart[r] as number) + c - r] : this.inverse[(this.rowStart[c] as number) + r - c]) as number;
  }

  predict(x: SparseVector): number {
    let sum = 0;
    const { index, value } = x;
    const theta = this.theta;
    for (let i = 0; i < index.length; i++) sum += (theta[index[i] as number] as number) * (value[i] as number);
    return sum;
  }

  /** predict() of every action of a batch, without materializing its vectors, into `out`. */
  predictBatch(batch: FeatureBatch, out: Float64Array = new Float64Array(batch.size)): Float64Array {
    return batch.dot(this.theta, out);
  }

  /** x^T A^-1 x: the posterior variance factor (O(nnz^2)). */
  variance(x: SparseVector): number {
    // Over the dense x and the packed triangle (off-diagonal terms twice): one pass over at most
    // d(d+1)/2 elements instead of nnz^2 scattered reads (nnz = 252 > d = 256 / 2 for the bench).
    const d = this.dimension;
    const xd = this.dense;
    xd.fill(0);
    const { index, value } = x;
    for (let i = 0; i < index.length; i++) xd[index[i] as number] = (xd[index[i] as number] as number) + (value[i] as number);
    const inverse = this.inverse;
    let sum = 0;
    for (let r = 0; r < d; r++) {
      const xr = xd[r] as number;
      if (xr === 0) continue;
      const start = (this.rowStart[r] as number) - r;
      // Four partial sums: one chain of adds waits on each add's latency, four overlap.
      let off0 = 0;
      let off1 = 0;
      let off2 = 0;
      let off3 = 0;
      let c = r + 1;
      for (; c + 3 < d; c += 4) {
        off0 += (inverse[start + c] as number) * (xd[c] as number);
        off1 += (inverse[start + c + 1] as number) * (xd[c + 1] as number);
        off2 += (inverse[start + c + 2] as number) * (xd[c + 2] as number);
        off3 += (inverse[start + c + 3] as number) * (xd[c + 3] as number);
      }
      for (; c < d; c++) off0 += (inverse[start + c] as number) * (xd[c] as number);
      sum += xr * ((inverse[start + r] as number) * xr + 2 * (off0 + off1 + (off2 + off3)));
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
    const rowStart = this.rowStart;
    // x as a dense vector: hashed crosses collide, and each stored element is then read once.
    const xd = this.dense;
    xd.fill(0);
    const { index, value } = x;
    for (let i = 0; i < index.length; i++) xd[index[i] as number] = (xd[index[i] as number] as number) + (value[i] as number);
    // u = A^-1 x in one pass over the packed triangle: element (r, c > r) serves u[r] and u[c].
    const u = this.scratch;
    u.fill(0);
    for (let r = 0; r < d; r++) {
      const start = rowStart[r] as number;
      const xr = xd[r] as number;
      let row = (inverse[start] as number) * xr;
      for (let c = r + 1; c < d; c++) {
        const a = inverse[start + c - r] as number;
        row += a * (xd[c] as number);
        u[c] = (u[c] as number) + a * xr;
      }
      u[r] = (u[r] as number) + row;
    }
    let quad = 0;
    for (let r = 0; r < d; r++) quad += (u[r] as number) * (xd[r] as number);
    const denominator = 1 + weight * quad;
    const error = target - this.predict(x);
    const gain = (weight * error) / denominator;
    const theta = this.theta;
    for (let r = 0; r < d; r++) theta[r] = (theta[r] as number) + gain * (u[r] as number);
    const factor = weight / denominator;
    for (let r = 0; r < d; r++) {
      const ur = (u[r] as number) * factor;
      if (ur === 0) continue;
      const start = (rowStart[r] as number) - r;
      for (let c = r; c < d; c++) inverse[start + c] = (inverse[start + c] as number) - ur * (u[c] as number);
    }
  }

  /** The full matrix, both triangles, so snapshots keep the format they always had. */
  snapshot(): RidgeState {
    const d = this.dimension;
    const full = new Array<number>(d * d);
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) full[r * d + c] = this.at(r, c);
    return { bits: this.bits, lambda: this.lambda, inverse: full, theta: Array.from(this.theta) };
  }

  static restore(state: RidgeState): Ridge {
    const ridge = new Ridge(state.bits, state.lambda);
    const d = ridge.dimension;
    if (!Array.isArray(state.inverse) || state.inverse.length !== d * d || !Array.isArray(state.theta) || state.theta.length !== d) {
      throw configError('ridge snapshot has the wrong dimension');
    }
    // The upper triangle is what is kept (older snapshots hold both; they are symmetric).
    for (let r = 0; r < d; r++) for (let c = r; c < d; c++) ridge.inverse[(ridge.rowStart[r] as number) + c - r] = Number(state.inverse[r * d + c]);
    ridge.theta.set(state.theta);
    return ridge;
  }
}

import type { SparseVector } from '../features.js';

export interface LinearRegressorOptions {
  bits: number;
  /**
   * AdaGrad base learning rate (default 0.02, best for importance-weighted updates in
   * bench/bandit-vw.ts; VW's 0.5 assumes its normalized updates).
   */
  learningRate?: number;
  /**
   * 'squared' (default): identity link, any reward scale. 'logistic': sigmoid link with
   * cross-entropy, for rewards in 0..1 such as clicks, where effects add up on the log-odds scale.
   */
  loss?: RegressionLoss;
}

export type RegressionLoss = 'squared' | 'logistic';

/** Plain-JSON state: only the touched coordinates, so a 2^18 space stays small. */
export interface LinearRegressorState {
  bits: number;
  learningRate: number;
  loss: RegressionLoss;
  /** [index, weight, sum of squared gradients] */
  entries: [number, number, number][];
}

/**
 * Online least squares with per-coordinate AdaGrad steps, for importance-weighted regression of
 * rewards. Large importance weights are made safe by the importance-weight-aware closed form, so a
 * single update never moves the prediction past its target: no blow-ups from a propensity of 0.001.
 */
export class LinearRegressor {
  readonly bits: number;
  readonly learningRate: number;
  readonly loss: RegressionLoss;
  private readonly weights: Float64Array;
  private readonly gradSquares: Float64Array;

  constructor(options: LinearRegressorOptions) {
    this.bits = options.bits;
    this.learningRate = options.learningRate ?? 0.02;
    this.loss = options.loss ?? 'squared';
    this.weights = new Float64Array(1 << this.bits);
    this.gradSquares = new Float64Array(1 << this.bits);
  }

  predict(x: SparseVector): number {
    const z = this.margin(x);
    return this.loss === 'logistic' ? 1 / (1 + Math.exp(-z)) : z;
  }

  private margin(x: SparseVector): number {
    let sum = 0;
    const { index, value } = x;
    for (let i = 0; i < index.length; i++) sum += (this.weights[index[i] ?? 0] ?? 0) * (value[i] ?? 0);
    return sum;
  }

  /**
   * One step of weighted loss toward `target`. Both losses have gradient (prediction - target) * x
   * on the margin, so one update serves both; the margin never moves by more than |error|.
   */
  update(x: SparseVector, target: number, importance = 1): void {
    if (importance <= 0) return;
    const error = this.predict(x) - target;
    if (error === 0) return;
    const { index, value } = x;
    let stepAlongX = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] ?? 0;
      const v = value[i] ?? 0;
      const g = error * v;
      // Importance-weighted accumulator, as VW's adaptive updates: a weight-8 example counts 8 times.
      this.gradSquares[k] = (this.gradSquares[k] ?? 0) + importance * g * g;
      stepAlongX += (v * v) / Math.sqrt((this.gradSquares[k] ?? 0) + 1e-12);
    }
    // Importance-weight-aware step (Karampatziakis and Langford 2011): the prediction moves by
    // error * (1 - exp(-lr * importance * stepAlongX)), approaching the target but never passing it.
    const scale = stepAlongX > 0 ? -Math.expm1(-this.learningRate * importance * stepAlongX) / stepAlongX : 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] ?? 0;
      const g = error * (value[i] ?? 0);
      this.weights[k] = (this.weights[k] ?? 0) - (scale * g) / Math.sqrt((this.gradSquares[k] ?? 0) + 1e-12);
    }
  }

  snapshot(): LinearRegressorState {
    const entries: [number, number, number][] = [];
    for (let k = 0; k < this.weights.length; k++) {
      const g = this.gradSquares[k] ?? 0;
      if (g !== 0) entries.push([k, this.weights[k] ?? 0, g]);
    }
    return { bits: this.bits, learningRate: this.learningRate, loss: this.loss, entries };
  }

  static restore(state: LinearRegressorState): LinearRegressor {
    const learner = new LinearRegressor({ bits: state.bits, learningRate: state.learningRate, loss: state.loss });
    for (const [k, w, g] of state.entries) {
      learner.weights[k] = w;
      learner.gradSquares[k] = g;
    }
    return learner;
  }
}

import type { FeatureBatch, SparseVector } from '../features.js';

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
  /**
   * Predict with the average of the weights over the last half of the updates (suffix averaging)
   * rather than the last weights. AdaGrad's last iterate keeps a noise floor of about the step size;
   * the average's noise falls as 1/n, which is what keeps a greedy choice between close variants
   * stable. Costs a second dot product per prediction.
   */
  averaged?: boolean;
}

export type RegressionLoss = 'squared' | 'logistic';

/** Plain-JSON state: only the touched coordinates, so a 2^18 space stays small. */
export interface LinearRegressorState {
  bits: number;
  learningRate: number;
  loss: RegressionLoss;
  /** [index, weight, sum of squared gradients] or, averaged, [..., weight at epoch start, sum of t * step] */
  entries: number[][];
  /** Averaged learners only: updates so far and the first update of the current averaging epoch. */
  averaging?: { steps: number; epochStart: number };
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
  readonly averaged: boolean;
  private readonly weights: Float64Array;
  private readonly gradSquares: Float64Array;
  /** Averaging (lazy, O(nnz) per update): weights at the epoch start and sum of t * step since. */
  private readonly epochWeights: Float64Array | undefined;
  private readonly stepMoments: Float64Array | undefined;
  private steps = 0;
  private epochStart = 0;

  constructor(options: LinearRegressorOptions) {
    this.bits = options.bits;
    this.learningRate = options.learningRate ?? 0.02;
    this.loss = options.loss ?? 'squared';
    this.averaged = options.averaged === true;
    this.weights = new Float64Array(1 << this.bits);
    this.gradSquares = new Float64Array(1 << this.bits);
    if (this.averaged) {
      this.epochWeights = new Float64Array(1 << this.bits);
      this.stepMoments = new Float64Array(1 << this.bits);
    }
  }

  predict(x: SparseVector): number {
    const z = this.averaged ? this.averageMargin(x) : this.margin(x);
    return this.loss === 'logistic' ? 1 / (1 + Math.exp(-z)) : z;
  }

  /**
   * predict() of every action of a batch, into `out` (default a new array); the plain learner
   * scores it without its vectors.
   */
  predictBatch(batch: FeatureBatch, out: Float64Array = new Float64Array(batch.size)): Float64Array {
    if (this.averaged) {
      const vectors = batch.vectors();
      for (let i = 0; i < vectors.length; i++) out[i] = this.predict(vectors[i] as SparseVector);
      return out;
    }
    batch.dot(this.weights, out);
    if (this.loss === 'logistic') for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-(out[i] as number)));
    return out;
  }

  private margin(x: SparseVector): number {
    let sum = 0;
    const { index, value } = x;
    const weights = this.weights;
    for (let i = 0; i < index.length; i++) sum += (weights[index[i] as number] as number) * (value[i] as number);
    return sum;
  }

  /**
   * Mean of the weights after each update of the epoch: with T updates since the epoch started at s,
   * sum_t w_t = (T - s) w_s + (T + 1)(w - w_s) - sum_j t_j step_j.
   */
  private averageMargin(x: SparseVector): number {
    const span = this.steps - this.epochStart;
    if (span <= 0) return this.margin(x);
    const { index, value } = x;
    const w = this.weights;
    const ws = this.epochWeights as Float64Array;
    const m = this.stepMoments as Float64Array;
    const next = this.steps + 1;
    let sum = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] as number;
      const start = ws[k] as number;
      sum += (span * start + next * ((w[k] as number) - start) - (m[k] as number)) * (value[i] as number);
    }
    return sum / span;
  }

  /**
   * One step of weighted loss toward `target`. Both losses have gradient (prediction - target) * x
   * on the margin, so one update serves both; the margin never moves by more than |error|.
   */
  update(x: SparseVector, target: number, importance = 1): void {
    if (importance <= 0) return;
    const z = this.margin(x);
    const error = (this.loss === 'logistic' ? 1 / (1 + Math.exp(-z)) : z) - target;
    if (error === 0) return;
    if (this.averaged) this.advanceEpoch();
    const { index, value } = x;
    let stepAlongX = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] as number;
      const v = value[i] as number;
      const g = error * v;
      // Importance-weighted accumulator, as VW's adaptive updates: a weight-8 example counts 8 times.
      this.gradSquares[k] = (this.gradSquares[k] as number) + importance * g * g;
      stepAlongX += (v * v) / Math.sqrt((this.gradSquares[k] as number) + 1e-12);
    }
    // Importance-weight-aware step (Karampatziakis and Langford 2011): the prediction moves by
    // error * (1 - exp(-lr * importance * stepAlongX)), approaching the target but never passing it.
    const scale = stepAlongX > 0 ? -Math.expm1(-this.learningRate * importance * stepAlongX) / stepAlongX : 0;
    const moments = this.stepMoments;
    const t = this.steps;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] as number;
      const step = -(scale * error * (value[i] as number)) / Math.sqrt((this.gradSquares[k] as number) + 1e-12);
      this.weights[k] = (this.weights[k] as number) + step;
      if (moments !== undefined) moments[k] = (moments[k] as number) + t * step;
    }
  }

  /** Counts the update; when the epoch doubles, the next one starts from the current weights. */
  private advanceEpoch(): void {
    this.steps += 1;
    if (this.steps - 1 < 2 * this.epochStart || this.steps < 4) return;
    // Suffix averaging over the last half: O(d) once per doubling, so O(d log n) in all.
    (this.epochWeights as Float64Array).set(this.weights);
    (this.stepMoments as Float64Array).fill(0);
    this.epochStart = this.steps - 1;
  }

  snapshot(): LinearRegressorState {
    const entries: number[][] = [];
    const ws = this.epochWeights;
    const m = this.stepMoments;
    for (let k = 0; k < this.weights.length; k++) {
      const g = this.gradSquares[k] ?? 0;
      if (g === 0) continue;
      entries.push(ws === undefined || m === undefined ? [k, this.weights[k] ?? 0, g] : [k, this.weights[k] ?? 0, g, ws[k] ?? 0, m[k] ?? 0]);
    }
    const state: LinearRegressorState = { bits: this.bits, learningRate: this.learningRate, loss: this.loss, entries };
    if (this.averaged) state.averaging = { steps: this.steps, epochStart: this.epochStart };
    return state;
  }

  static restore(state: LinearRegressorState): LinearRegressor {
    const learner = new LinearRegressor({ bits: state.bits, learningRate: state.learningRate, loss: state.loss, averaged: state.averaging !== undefined });
    for (const [k = 0, w = 0, g = 0, start = 0, moment = 0] of state.entries) {
      learner.weights[k] = w;
      learner.gradSquares[k] = g;
      if (learner.epochWeights !== undefined && learner.stepMoments !== undefined) {
        learner.epochWeights[k] = start;
        learner.stepMoments[k] = moment;
      }
    }
    if (state.averaging !== undefined) {
      learner.steps = state.averaging.steps;
      learner.epochStart = state.averaging.epochStart;
    }
    return learner;
  }
}

import type { FeatureBatch, SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { Ridge, type RidgeState } from '../learners/ridge.js';
import { firstArgmax, learnRegression, predictAll, type Policy, type PolicyOptions, type UpdateRule } from './policy.js';

export interface SquareCbState {
  /** The AdaGrad regressor, or (with `regressor: 'ridge'`) the ridge one. */
  learner?: LinearRegressorState;
  ridge?: RidgeState;
  rounds: number;
}

/**
 * SquareCB (Foster and Rakhlin 2020) by inverse gap weighting: p(a) = 1 / (K + gamma * gap(a)) for
 * non-greedy actions, the rest on the greedy one, with gamma = scale * t^exponent growing as the
 * regressor improves. Gaps are in reward units, so rewards are expected in 0..1.
 *
 * The regressor is AdaGrad (default, any hash space) or exact ridge regression (Sherman-Morrison,
 * small hash space). Ridge's least squares is what SquareCB's analysis assumes of its oracle, and
 * only its update is O(d^2): scoring is theta . x, O(nnz) per action like AdaGrad's.
 */
export class SquareCb implements Policy {
  readonly name = 'square-cb';
  private readonly gammaScale: number;
  private readonly gammaExponent: number;
  private readonly rule: UpdateRule;
  private readonly learner: LinearRegressor | undefined;
  private readonly ridge: Ridge | undefined;
  private rounds: number;

  constructor(options: PolicyOptions, bits: number, state?: SquareCbState) {
    this.gammaScale = options.gammaScale ?? 10;
    this.gammaExponent = options.gammaExponent ?? 0.5;
    this.rule = options.update ?? 'iwr';
    const useRidge = state === undefined ? options.regressor === 'ridge' : state.ridge !== undefined;
    if (useRidge) {
      this.ridge = state?.ridge ? Ridge.restore(state.ridge) : new Ridge(bits, options.ridgeLambda ?? 1);
    } else {
      this.learner = state?.learner
        ? LinearRegressor.restore(state.learner)
        : new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss, averaged: options.averaged });
    }
    this.rounds = state?.rounds ?? 0;
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    return this.fromScores(this.predict(vectors));
  }

  distributionOf(batch: FeatureBatch): Float64Array {
    return this.fromScores(this.predictOf(batch));
  }

  scratchDistributionOf(batch: FeatureBatch): Float64Array {
    const scores = batch.scores();
    return this.fromScores(this.ridge !== undefined ? this.ridge.predictBatch(batch, scores) : (this.learner as LinearRegressor).predictBatch(batch, scores));
  }

  /** Inverse gap weighting, written over `scores` (each score is read before its entry is). */
  private fromScores(scores: Float64Array): Float64Array {
    const k = scores.length;
    const best = firstArgmax(scores);
    const bestScore = scores[best] as number;
    const gamma = this.gammaScale * Math.pow(this.rounds + 1, this.gammaExponent);
    let rest = 0;
    for (let i = 0; i < k; i++) {
      if (i === best) continue;
      const p = 1 / (k + gamma * (bestScore - (scores[i] as number)));
      scores[i] = p;
      rest += p;
    }
    scores[best] = 1 - rest;
    return scores;
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    const x = vectors[chosen];
    if (!x) return;
    this.rounds += 1;
    if (this.ridge !== undefined) {
      this.ridge.update(x, reward, this.rule === 'iwr' ? 1 / probability : 1);
    } else if (this.learner !== undefined) {
      learnRegression(this.learner, x, probability, reward, this.rule);
    }
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    const ridge = this.ridge;
    if (ridge === undefined) return predictAll(this.learner as LinearRegressor, vectors);
    const out = new Float64Array(vectors.length);
    for (let i = 0; i < vectors.length; i++) out[i] = ridge.predict(vectors[i] as SparseVector);
    return out;
  }

  predictOf(batch: FeatureBatch): Float64Array {
    return this.ridge !== undefined ? this.ridge.predictBatch(batch) : (this.learner as LinearRegressor).predictBatch(batch);
  }

  state(): SquareCbState {
    return this.ridge !== undefined ? { ridge: this.ridge.snapshot(), rounds: this.rounds } : { learner: (this.learner as LinearRegressor).snapshot(), rounds: this.rounds };
  }
}

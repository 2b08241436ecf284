import type { FeatureBatch, SparseVector } from '../features.js';
import type { LinearRegressor, RegressionLoss } from '../learners/linear-regressor.js';

/** Names of the built-in policies (the ADF form: one shared model scores every action). */
export type PolicyName = 'epsilon-greedy' | 'softmax' | 'lin-ucb' | 'linear-thompson' | 'bagging' | 'square-cb';

/** How a regression learner is fed bandit feedback. */
export type UpdateRule = 'iwr' | 'dr' | 'regression';

/** Every tunable of every policy; each policy reads only its own (defaults in its file). */
export interface PolicyOptions {
  /** Share of uniform exploration mixed in (epsilon-greedy default 0.05 as VW; others 0). */
  epsilon?: number;
  /** AdaGrad learning rate of the linear learner. */
  learningRate?: number;
  /** Loss of the linear learner: 'squared' (default) or 'logistic' for rewards in 0..1. */
  loss?: RegressionLoss;
  /** Score actions with the learner's suffix-averaged weights (see LinearRegressorOptions.averaged). */
  averaged?: boolean;
  /** SquareCB's reward regressor: 'adagrad' (default) or exact 'ridge' (needs a small hash space). */
  regressor?: 'adagrad' | 'ridge';
  /**
   * 'iwr': importance-weighted regression on the chosen action (VW mtr); 'dr': doubly-robust target;
   * 'regression': unweighted regression on the chosen action (what SquareCB's analysis assumes).
   */
  update?: UpdateRule;
  /** Softmax inverse temperature (VW --lambda, default 1; we default 10 because rewards are in 0..1). */
  inverseTemperature?: number;
  /** LinUCB confidence width. */
  alpha?: number;
  /** Ridge prior precision for LinUCB / Thompson. */
  ridgeLambda?: number;
  /** Thompson posterior scale and Monte-Carlo draws used to estimate the action probabilities. */
  posteriorScale?: number;
  samples?: number;
  /** Bagging: number of bootstrapped learners. */
  bags?: number;
  /** SquareCB: gamma = gammaScale * t^gammaExponent (VW defaults 10 and 0.5). */
  gammaScale?: number;
  gammaExponent?: number;
}

/**
 * A contextual-bandit policy over featurized candidate actions (excluded ones already removed).
 * Pure apart from the injected seeded random it was built with.
 */
export interface Policy {
  readonly name: PolicyName;
  /** Probabilities over `vectors`, summing to 1. */
  distribution(vectors: readonly SparseVector[]): Float64Array;
  /**
   * The same as distribution(batch.vectors()); linear policies score the batch without
   * materializing its vectors (the decide path), which sums in another order: equal up to rounding.
   */
  distributionOf(batch: FeatureBatch): Float64Array;
  /**
   * distributionOf(batch) written where the policy likes, possibly a buffer the batch owns: valid
   * only until the batch is reused. For a caller that reads it at once (LocalBandit's decide path,
   * which then allocates no typed array).
   */
  scratchDistributionOf(batch: FeatureBatch): Float64Array;
  /** Learns from one logged interaction: `chosen` indexes `vectors`, `probability` is its propensity. */
  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void;
  /** Expected reward estimate per action (used by DR/DM evaluation and reports). */
  predict(vectors: readonly SparseVector[]): Float64Array;
  /** The same as predict(batch.vectors()), up to rounding (see FeatureBatch.dot). */
  predictOf(batch: FeatureBatch): Float64Array;
  /** Plain-JSON learner state (see model.ts for the versioned envelope). */
  state(): unknown;
}

/** Indices of the maximal entries (all of them, so ties are split evenly). */
export function argmaxAll(scores: ArrayLike<number>): number[] {
  let best = -Infinity;
  let out: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? -Infinity;
    if (s > best) {
      best = s;
      out = [i];
    } else if (s === best) {
      out.push(i);
    }
  }
  return out.length > 0 ? out : [0];
}

/** Index of the first maximal entry (argmaxAll()[0] without the array). */
export function firstArgmax(scores: ArrayLike<number>): number {
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (s > best) {
      best = s;
      at = i;
    }
  }
  return at < 0 ? 0 : at;
}

/**
 * Greedy distribution over the argmax set (ties split evenly), mixed with epsilon uniform, written
 * over `scores` (no allocation on the decide path).
 */
export function greedyWithEpsilon(scores: Float64Array, epsilon: number): Float64Array {
  const k = scores.length;
  let best = -Infinity;
  let ties = 0;
  for (let i = 0; i < k; i++) {
    const s = scores[i] as number;
    if (s > best) {
      best = s;
      ties = 1;
    } else if (s === best) {
      ties += 1;
    }
  }
  // Only NaN scores: argmaxAll's fallback, the first action.
  const first = ties === 0 ? 0 : -1;
  const share = (1 - epsilon) / (first === 0 ? 1 : ties);
  for (let i = 0; i < k; i++) {
    const isBest = first === 0 ? i === 0 : scores[i] === best;
    scores[i] = isBest ? epsilon / k + share : epsilon / k;
  }
  return scores;
}

/** Mixes a distribution with epsilon uniform in place. */
export function mixUniform(probabilities: Float64Array, epsilon: number): Float64Array {
  if (epsilon <= 0) return probabilities;
  const k = probabilities.length;
  for (let i = 0; i < k; i++) probabilities[i] = (1 - epsilon) * (probabilities[i] ?? 0) + epsilon / k;
  return probabilities;
}

export function predictAll(learner: LinearRegressor, vectors: readonly SparseVector[]): Float64Array {
  const out = new Float64Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    const x = vectors[i];
    out[i] = x ? learner.predict(x) : 0;
  }
  return out;
}

/**
 * Feeds one bandit interaction to a reward regressor. 'iwr' regresses the observed reward on the
 * chosen action with weight 1/p; 'dr' uses the doubly-robust target r̂ + (r - r̂)/p with weight 1.
 */
export function learnRegression(
  learner: LinearRegressor,
  x: SparseVector,
  probability: number,
  reward: number,
  rule: UpdateRule,
  weight = 1,
): void {
  if (rule === 'iwr') {
    learner.update(x, reward, weight / probability);
  } else if (rule === 'regression') {
    learner.update(x, reward, weight);
  } else {
    const predicted = learner.predict(x);
    learner.update(x, predicted + (reward - predicted) / probability, weight);
  }
}

import type { FeatureBatch, SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { poissonOne, type Random } from '../random.js';
import { argmaxAll, learnRegression, mixUniform, predictAll, type Policy, type PolicyOptions, type UpdateRule } from './policy.js';

/**
 * Online bootstrap (bagging): each of m learners sees every example with a Poisson(1) weight; the
 * probability of an action is the share of learners whose greedy choice it is (VW --bag). The first
 * learner is trained on every example with weight 1 (VW's --greedify idea), so with m = 1 it is greedy.
 */
export class Bagging implements Policy {
  readonly name = 'bagging';
  private readonly epsilon: number;
  private readonly rule: UpdateRule;
  private readonly learners: LinearRegressor[];
  private readonly random: Random;

  constructor(options: PolicyOptions, bits: number, random: Random, state?: LinearRegressorState[]) {
    this.epsilon = options.epsilon ?? 0;
    this.rule = options.update ?? 'iwr';
    this.random = random;
    const bags = options.bags ?? 5;
    this.learners = state
      ? state.map((s) => LinearRegressor.restore(s))
      : Array.from({ length: bags }, () => new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss, averaged: options.averaged }));
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const probabilities = new Float64Array(vectors.length);
    const share = 1 / this.learners.length;
    for (const learner of this.learners) {
      const best = argmaxAll(predictAll(learner, vectors));
      for (const i of best) probabilities[i] = (probabilities[i] ?? 0) + share / best.length;
    }
    return mixUniform(probabilities, this.epsilon);
  }

  /** distribution(batch.vectors()) up to rounding: each bag scores the batch without its vectors. */
  distributionOf(batch: FeatureBatch): Float64Array {
    if (this.learners.some((l) => l.averaged)) return this.distribution(batch.vectors());
    const probabilities = new Float64Array(batch.size);
    const share = 1 / this.learners.length;
    const scores = batch.scores();
    for (const learner of this.learners) {
      const best = argmaxAll(learner.predictBatch(batch, scores));
      for (const i of best) probabilities[i] = (probabilities[i] ?? 0) + share / best.length;
    }
    return mixUniform(probabilities, this.epsilon);
  }

  scratchDistributionOf(batch: FeatureBatch): Float64Array {
    return this.distributionOf(batch);
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    const x = vectors[chosen];
    if (!x) return;
    this.learners.forEach((learner, i) => {
      const weight = i === 0 ? 1 : poissonOne(this.random);
      if (weight > 0) learnRegression(learner, x, probability, reward, this.rule, weight);
    });
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return predictAll(this.learners[0] as LinearRegressor, vectors);
  }

  predictOf(batch: FeatureBatch): Float64Array {
    return (this.learners[0] as LinearRegressor).predictBatch(batch);
  }

  state(): LinearRegressorState[] {
    return this.learners.map((l) => l.snapshot());
  }
}

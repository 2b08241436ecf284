import type { FeatureBatch, SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { learnRegression, predictAll, type Policy, type PolicyName, type PolicyOptions, type UpdateRule } from './policy.js';

/**
 * What epsilon-greedy and softmax share: one linear regressor of the reward, updated by the
 * configured rule (importance-weighted by default). They differ only in how the estimates become
 * a distribution over actions.
 */
export abstract class RegressionPolicy implements Policy {
  abstract readonly name: PolicyName;
  protected readonly learner: LinearRegressor;
  private readonly rule: UpdateRule;

  protected constructor(options: PolicyOptions, bits: number, state?: LinearRegressorState) {
    this.rule = options.update ?? 'iwr';
    this.learner = state ? LinearRegressor.restore(state) : new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss, averaged: options.averaged });
  }

  /** The distribution over actions given their reward estimates, written over `scores`. */
  protected abstract fromScores(scores: Float64Array): Float64Array;

  distribution(vectors: readonly SparseVector[]): Float64Array {
    return this.fromScores(this.predict(vectors));
  }

  distributionOf(batch: FeatureBatch): Float64Array {
    return this.fromScores(this.predictOf(batch));
  }

  scratchDistributionOf(batch: FeatureBatch): Float64Array {
    return this.fromScores(this.learner.predictBatch(batch, batch.scores()));
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    const x = vectors[chosen];
    if (x) learnRegression(this.learner, x, probability, reward, this.rule);
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return predictAll(this.learner, vectors);
  }

  predictOf(batch: FeatureBatch): Float64Array {
    return this.learner.predictBatch(batch);
  }

  state(): LinearRegressorState {
    return this.learner.snapshot();
  }
}

import type { FeatureBatch, SparseVector } from '../features.js';
import { Ridge, type RidgeState } from '../learners/ridge.js';
import type { Policy, PolicyName, PolicyOptions } from './policy.js';

/**
 * What LinUCB and linear Thompson sampling share: one ridge regression over the ADF features,
 * updated with the chosen action's reward (unweighted: both policies' analyses assume it). They
 * differ only in how the posterior becomes a distribution over actions.
 */
export abstract class RidgePolicy implements Policy {
  abstract readonly name: PolicyName;
  protected readonly ridge: Ridge;

  protected constructor(options: PolicyOptions, bits: number, state?: RidgeState) {
    this.ridge = state ? Ridge.restore(state) : new Ridge(bits, options.ridgeLambda ?? 1);
  }

  abstract distribution(vectors: readonly SparseVector[]): Float64Array;

  /** Both need x' A^-1 x per action, hence the vectors themselves. */
  distributionOf(batch: FeatureBatch): Float64Array {
    return this.distribution(batch.vectors());
  }

  scratchDistributionOf(batch: FeatureBatch): Float64Array {
    return this.distributionOf(batch);
  }

  learn(vectors: readonly SparseVector[], chosen: number, _probability: number, reward: number): void {
    const x = vectors[chosen];
    if (x) this.ridge.update(x, reward);
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return Float64Array.from(vectors, (x) => this.ridge.predict(x));
  }

  predictOf(batch: FeatureBatch): Float64Array {
    return this.ridge.predictBatch(batch);
  }

  state(): RidgeState {
    return this.ridge.snapshot();
  }
}

import type { SparseVector } from '../features.js';
import { Ridge, type RidgeState } from '../learners/ridge.js';
import { greedyWithEpsilon, type Policy, type PolicyOptions } from './policy.js';

/**
 * LinUCB over the shared ADF features (Li et al. 2010, the "hybrid" form with one model): the action
 * with the highest upper confidence bound theta.x + alpha * sqrt(x' A^-1 x) wins; ties split.
 * Deterministic given the data, so epsilon (default 0) is the only randomization of the logged pmf.
 */
export class LinUcb implements Policy {
  readonly name = 'lin-ucb';
  private readonly alpha: number;
  private readonly epsilon: number;
  private readonly ridge: Ridge;

  constructor(options: PolicyOptions, bits: number, state?: RidgeState) {
    this.alpha = options.alpha ?? 0.5;
    this.epsilon = options.epsilon ?? 0;
    this.ridge = state ? Ridge.restore(state) : new Ridge(bits, options.ridgeLambda ?? 1);
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const ucb = vectors.map((x) => this.ridge.predict(x) + this.alpha * Math.sqrt(this.ridge.variance(x)));
    return greedyWithEpsilon(ucb, this.epsilon);
  }

  learn(vectors: readonly SparseVector[], chosen: number, _probability: number, reward: number): void {
    const x = vectors[chosen];
    if (x) this.ridge.update(x, reward);
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return Float64Array.from(vectors, (x) => this.ridge.predict(x));
  }

  state(): RidgeState {
    return this.ridge.snapshot();
  }
}

import type { SparseVector } from '../features.js';
import type { RidgeState } from '../learners/ridge.js';
import { greedyWithEpsilon, type PolicyOptions } from './policy.js';
import { RidgePolicy } from './ridge-policy.js';

/**
 * LinUCB over the shared ADF features (Li et al. 2010, the "hybrid" form with one model): the action
 * with the highest upper confidence bound theta.x + alpha * sqrt(x' A^-1 x) wins; ties split.
 * Deterministic given the data, so epsilon (default 0) is the only randomization of the logged pmf.
 */
export class LinUcb extends RidgePolicy {
  readonly name = 'lin-ucb';
  private readonly alpha: number;
  private readonly epsilon: number;

  constructor(options: PolicyOptions, bits: number, state?: RidgeState) {
    super(options, bits, state);
    this.alpha = options.alpha ?? 0.5;
    this.epsilon = options.epsilon ?? 0;
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const ucb = new Float64Array(vectors.length);
    for (let i = 0; i < vectors.length; i++) {
      const x = vectors[i] as SparseVector;
      ucb[i] = this.ridge.predict(x) + this.alpha * Math.sqrt(this.ridge.variance(x));
    }
    return greedyWithEpsilon(ucb, this.epsilon);
  }

}

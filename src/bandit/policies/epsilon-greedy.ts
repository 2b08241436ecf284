import type { LinearRegressorState } from '../learners/linear-regressor.js';
import { greedyWithEpsilon, type PolicyOptions } from './policy.js';
import { RegressionPolicy } from './regression-policy.js';

/** Greedy on the regression estimate, exploring uniformly with probability epsilon (VW default 0.05). */
export class EpsilonGreedy extends RegressionPolicy {
  readonly name = 'epsilon-greedy';
  private readonly epsilon: number;

  constructor(options: PolicyOptions, bits: number, state?: LinearRegressorState) {
    super(options, bits, state);
    this.epsilon = options.epsilon ?? 0.05;
  }

  protected fromScores(scores: Float64Array): Float64Array {
    return greedyWithEpsilon(scores, this.epsilon);
  }
}

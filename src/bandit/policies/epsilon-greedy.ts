import type { SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { greedyWithEpsilon, learnRegression, predictAll, type Policy, type PolicyOptions, type UpdateRule } from './policy.js';

/** Greedy on the regression estimate, exploring uniformly with probability epsilon (VW default 0.05). */
export class EpsilonGreedy implements Policy {
  readonly name = 'epsilon-greedy';
  private readonly epsilon: number;
  private readonly rule: UpdateRule;
  private readonly learner: LinearRegressor;

  constructor(options: PolicyOptions, bits: number, state?: LinearRegressorState) {
    this.epsilon = options.epsilon ?? 0.05;
    this.rule = options.update ?? 'iwr';
    this.learner = state ? LinearRegressor.restore(state) : new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss });
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    return greedyWithEpsilon(this.predict(vectors), this.epsilon);
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    const x = vectors[chosen];
    if (x) learnRegression(this.learner, x, probability, reward, this.rule);
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return predictAll(this.learner, vectors);
  }

  state(): LinearRegressorState {
    return this.learner.snapshot();
  }
}

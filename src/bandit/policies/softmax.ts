import type { SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { learnRegression, mixUniform, predictAll, type Policy, type PolicyOptions, type UpdateRule } from './policy.js';

/** Boltzmann exploration: p(a) proportional to exp(lambda * score), computed stably (max subtracted). */
export class Softmax implements Policy {
  readonly name = 'softmax';
  private readonly inverseTemperature: number;
  private readonly epsilon: number;
  private readonly rule: UpdateRule;
  private readonly learner: LinearRegressor;

  constructor(options: PolicyOptions, bits: number, state?: LinearRegressorState) {
    this.inverseTemperature = options.inverseTemperature ?? 10;
    this.epsilon = options.epsilon ?? 0;
    this.rule = options.update ?? 'iwr';
    this.learner = state ? LinearRegressor.restore(state) : new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss });
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const scores = this.predict(vectors);
    let max = -Infinity;
    for (const s of scores) max = Math.max(max, s);
    let total = 0;
    for (let i = 0; i < scores.length; i++) {
      const e = Math.exp(this.inverseTemperature * ((scores[i] ?? 0) - max));
      scores[i] = e;
      total += e;
    }
    for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] ?? 0) / total;
    return mixUniform(scores, this.epsilon);
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

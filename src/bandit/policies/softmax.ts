import type { LinearRegressorState } from '../learners/linear-regressor.js';
import { mixUniform, type PolicyOptions } from './policy.js';
import { RegressionPolicy } from './regression-policy.js';

/** Boltzmann exploration: p(a) proportional to exp(lambda * score), computed stably (max subtracted). */
export class Softmax extends RegressionPolicy {
  readonly name = 'softmax';
  private readonly inverseTemperature: number;
  private readonly epsilon: number;

  constructor(options: PolicyOptions, bits: number, state?: LinearRegressorState) {
    super(options, bits, state);
    this.inverseTemperature = options.inverseTemperature ?? 10;
    this.epsilon = options.epsilon ?? 0;
  }

  protected fromScores(scores: Float64Array): Float64Array {
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
}

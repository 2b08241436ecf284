import type { SparseVector } from '../features.js';
import { LinearRegressor, type LinearRegressorState } from '../learners/linear-regressor.js';
import { argmaxAll, learnRegression, predictAll, type Policy, type PolicyOptions, type UpdateRule } from './policy.js';

export interface SquareCbState {
  learner: LinearRegressorState;
  rounds: number;
}

/**
 * SquareCB (Foster and Rakhlin 2020) by inverse gap weighting: p(a) = 1 / (K + gamma * gap(a)) for
 * non-greedy actions, the rest on the greedy one, with gamma = scale * t^exponent growing as the
 * regressor improves. Gaps are in reward units, so rewards are expected in 0..1.
 */
export class SquareCb implements Policy {
  readonly name = 'square-cb';
  private readonly gammaScale: number;
  private readonly gammaExponent: number;
  private readonly rule: UpdateRule;
  private readonly learner: LinearRegressor;
  private rounds: number;

  constructor(options: PolicyOptions, bits: number, state?: SquareCbState) {
    this.gammaScale = options.gammaScale ?? 10;
    this.gammaExponent = options.gammaExponent ?? 0.5;
    this.rule = options.update ?? 'iwr';
    this.learner = state ? LinearRegressor.restore(state.learner) : new LinearRegressor({ bits, learningRate: options.learningRate, loss: options.loss });
    this.rounds = state?.rounds ?? 0;
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const scores = this.predict(vectors);
    const k = scores.length;
    const best = argmaxAll(scores)[0] ?? 0;
    const bestScore = scores[best] ?? 0;
    const gamma = this.gammaScale * Math.pow(this.rounds + 1, this.gammaExponent);
    const probabilities = new Float64Array(k);
    let rest = 0;
    for (let i = 0; i < k; i++) {
      if (i === best) continue;
      const p = 1 / (k + gamma * (bestScore - (scores[i] ?? 0)));
      probabilities[i] = p;
      rest += p;
    }
    probabilities[best] = 1 - rest;
    return probabilities;
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    const x = vectors[chosen];
    if (!x) return;
    this.rounds += 1;
    learnRegression(this.learner, x, probability, reward, this.rule);
  }

  predict(vectors: readonly SparseVector[]): Float64Array {
    return predictAll(this.learner, vectors);
  }

  state(): SquareCbState {
    return { learner: this.learner.snapshot(), rounds: this.rounds };
  }
}

import type { SparseVector } from '../features.js';
import type { RidgeState } from '../learners/ridge.js';
import { gaussian, type Random } from '../random.js';
import { argmaxAll, mixUniform, type PolicyOptions } from './policy.js';
import { RidgePolicy } from './ridge-policy.js';

/**
 * Linear Thompson sampling (Agrawal and Goyal 2013) with per-action score draws
 * N(theta.x, v^2 x' A^-1 x). The probability of each action being the argmax has no closed form,
 * so it is estimated from `samples` draws; the caller then samples from that estimated pmf, which
 * makes the logged propensity exact for what was actually done.
 */
export class LinearThompson extends RidgePolicy {
  readonly name = 'linear-thompson';
  private readonly posteriorScale: number;
  private readonly samples: number;
  private readonly epsilon: number;
  private readonly random: Random;

  constructor(options: PolicyOptions, bits: number, random: Random, state?: RidgeState) {
    super(options, bits, state);
    this.posteriorScale = options.posteriorScale ?? 0.25;
    this.samples = options.samples ?? 32;
    this.epsilon = options.epsilon ?? 0;
    this.random = random;
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    const k = vectors.length;
    const means = vectors.map((x) => this.ridge.predict(x));
    const deviations = vectors.map((x) => this.posteriorScale * Math.sqrt(this.ridge.variance(x)));
    const probabilities = new Float64Array(k);
    const draw = new Float64Array(k);
    for (let s = 0; s < this.samples; s++) {
      for (let i = 0; i < k; i++) draw[i] = (means[i] ?? 0) + (deviations[i] ?? 0) * gaussian(this.random);
      const best = argmaxAll(draw);
      for (const i of best) probabilities[i] = (probabilities[i] ?? 0) + 1 / (this.samples * best.length);
    }
    return mixUniform(probabilities, this.epsilon);
  }

}

import { describe, expect, it } from 'vitest';
import { Random, zipfWeights } from '../../../src/tenant/random.js';
import { WeightedSampler } from '../../../src/tenant/weighted-sampler.js';

function draws(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe('Random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    expect(draws(new Random(42), 100)).toEqual(draws(new Random(42), 100));
    expect(draws(new Random(42), 100)).not.toEqual(draws(new Random(43), 100));
  });

  it('forks streams that do not depend on how much the parent was used', () => {
    const fresh = new Random(1);
    const used = new Random(1);
    draws(used, 50);
    expect(draws(fresh.fork('a'), 20)).toEqual(draws(used.fork('a'), 20));
    expect(draws(fresh.fork('a'), 20)).not.toEqual(draws(fresh.fork('b'), 20));
  });

  it('stays in [0, 1) with a mean near one half', () => {
    const values = draws(new Random(3), 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 1);
  });

  it('draws normal, gamma and poisson values with the right means', () => {
    const rng = new Random(5);
    expect(mean(Array.from({ length: 20_000 }, () => rng.normal()))).toBeCloseTo(0, 1);
    expect(mean(Array.from({ length: 20_000 }, () => rng.gamma(2, 0.5)))).toBeCloseTo(1, 1);
    expect(mean(Array.from({ length: 20_000 }, () => rng.gamma(0.3)))).toBeCloseTo(0.3, 1);
    expect(mean(Array.from({ length: 20_000 }, () => rng.poisson(4)))).toBeCloseTo(4, 0);
    expect(mean(Array.from({ length: 5_000 }, () => rng.poisson(80)))).toBeCloseTo(80, -1);
  });

  it('makes sparse Dirichlet weights that sum to one', () => {
    const rng = new Random(9);
    for (let k = 0; k < 200; k++) {
      const weights = rng.dirichlet(Array.from({ length: 12 }, () => 0.2));
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      // With alpha 0.2 the heaviest component usually dominates.
      expect(Math.max(...weights)).toBeGreaterThan(0.1);
    }
  });
});

describe('zipfWeights and WeightedSampler', () => {
  it('samples in proportion to the weights', () => {
    const rng = new Random(11);
    const sampler = new WeightedSampler([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let k = 0; k < 20_000; k++) counts[sampler.sample(rng)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });

  it('gives a long tail: the top tenth of ranks holds most of the mass', () => {
    const weights = [...zipfWeights(200, 1)];
    const total = weights.reduce((a, b) => a + b, 0);
    expect(weights.slice(0, 20).reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.5);
  });

  it('rejects weights that cannot be sampled', () => {
    expect(() => new WeightedSampler([0, 0])).toThrow(RangeError);
    expect(() => new WeightedSampler([1, -1])).toThrow(RangeError);
  });
});

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

import { describe, expect, it } from 'vitest';
import { LinearRegressor } from '../../../src/bandit/learners/linear-regressor.js';
import { Ridge } from '../../../src/bandit/learners/ridge.js';
import { SeededRandom, type SparseVector } from '../../../src/bandit/index.js';

function sparse(index: number[], value: number[]): SparseVector {
  return { index: Int32Array.from(index), value: Float64Array.from(value) };
}

/** y = 0.3 + 0.5 x0 - 0.2 x1 + 0.1 x2 + small noise, over dense features at indices 0..3. */
function syntheticLinear(n: number, seed: number): { x: SparseVector; y: number }[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const v = [1, random.next(), random.next(), random.next()];
    const y = 0.3 * (v[0] ?? 0) + 0.5 * (v[1] ?? 0) - 0.2 * (v[2] ?? 0) + 0.1 * (v[3] ?? 0) + 0.01 * (random.next() - 0.5);
    return { x: sparse([0, 1, 2, 3], v), y };
  });
}

function meanSquaredError(predict: (x: SparseVector) => number, data: { x: SparseVector; y: number }[]): number {
  return data.reduce((s, d) => s + (predict(d.x) - d.y) ** 2, 0) / data.length;
}

describe('LinearRegressor (AdaGrad)', () => {
  it('converges on a synthetic linear problem', () => {
    const learner = new LinearRegressor({ bits: 4, learningRate: 0.5 });
    for (const d of syntheticLinear(5000, 1)) learner.update(d.x, d.y);
    expect(meanSquaredError((x) => learner.predict(x), syntheticLinear(500, 2))).toBeLessThan(1e-3);
  });

  it('stays finite and does not overshoot under huge importance weights', () => {
    const learner = new LinearRegressor({ bits: 4 });
    const x = sparse([0, 1], [1, 1]);
    learner.update(x, 1, 1e6);
    const p = learner.predict(x);
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeLessThanOrEqual(1 + 1e-9);
    expect(p).toBeGreaterThan(0.5);
  });

  it('logistic loss predicts probabilities', () => {
    const learner = new LinearRegressor({ bits: 4, learningRate: 0.5, loss: 'logistic' });
    const random = new SeededRandom(3);
    const x = sparse([0], [1]);
    for (let i = 0; i < 5000; i++) learner.update(x, random.next() < 0.2 ? 1 : 0);
    expect(learner.predict(x)).toBeGreaterThan(0.15);
    expect(learner.predict(x)).toBeLessThan(0.25);
  });

  it('round-trips its snapshot', () => {
    const learner = new LinearRegressor({ bits: 4 });
    for (const d of syntheticLinear(200, 4)) learner.update(d.x, d.y);
    const copy = LinearRegressor.restore(JSON.parse(JSON.stringify(learner.snapshot())));
    const x = syntheticLinear(1, 5)[0]?.x as SparseVector;
    expect(copy.predict(x)).toBe(learner.predict(x));
  });
});

describe('Ridge (Sherman-Morrison)', () => {
  it('matches least squares on a synthetic linear problem and shrinks its variance', () => {
    const ridge = new Ridge(2, 1);
    const x = sparse([0, 1, 2, 3], [1, 0.5, 0.5, 0.5]);
    const before = ridge.variance(x);
    for (const d of syntheticLinear(2000, 6)) ridge.update(d.x, d.y);
    expect(meanSquaredError((v) => ridge.predict(v), syntheticLinear(500, 7))).toBeLessThan(1e-4);
    expect(ridge.variance(x)).toBeLessThan(before / 100);
  });

  it('refuses a dimension above the cap', () => {
    expect(() => new Ridge(13)).toThrow(/dimension cap/);
  });
});

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

describe('Ridge (packed upper triangle)', () => {
  /** Sherman-Morrison on a full d x d matrix, the textbook way: the reference the packed form must match. */
  function referenceRidge(d: number, lambda: number, data: { x: SparseVector; y: number; w: number }[]): { inverse: number[]; theta: number[] } {
    const inverse = Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 / lambda : 0));
    const theta = new Array<number>(d).fill(0);
    for (const { x, y, w } of data) {
      const dense = new Array<number>(d).fill(0);
      x.index.forEach((k, i) => (dense[k] = (dense[k] ?? 0) + (x.value[i] ?? 0)));
      const u = Array.from({ length: d }, (_, r) => dense.reduce((s, v, c) => s + (inverse[r * d + c] ?? 0) * v, 0));
      const quad = u.reduce((s, v, r) => s + v * (dense[r] ?? 0), 0);
      const error = y - theta.reduce((s, t, r) => s + t * (dense[r] ?? 0), 0);
      const denominator = 1 + w * quad;
      for (let r = 0; r < d; r++) theta[r] = (theta[r] ?? 0) + ((w * error) / denominator) * (u[r] ?? 0);
      for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) inverse[r * d + c] = (inverse[r * d + c] ?? 0) - ((w / denominator) * (u[r] ?? 0) * (u[c] ?? 0));
    }
    return { inverse, theta };
  }

  it('matches full-matrix Sherman-Morrison, with colliding indices and weights', () => {
    const random = new SeededRandom(11);
    // Index 3 twice in one vector: hashed crosses collide, and both must count.
    const data = Array.from({ length: 40 }, () => ({
      x: sparse([3, 0, 3, 7, 5], [random.next(), 1, random.next() - 0.5, random.next(), 2 * random.next()]),
      y: random.next(),
      w: 0.5 + random.next(),
    }));
    const ridge = new Ridge(3, 0.7);
    for (const d of data) ridge.update(d.x, d.y, d.w);
    const expected = referenceRidge(8, 0.7, data);
    const state = ridge.snapshot();
    state.inverse.forEach((v, k) => expect(v).toBeCloseTo(expected.inverse[k] ?? NaN, 10));
    state.theta.forEach((v, k) => expect(v).toBeCloseTo(expected.theta[k] ?? NaN, 10));
    // The variance reads the packed triangle from both sides of the diagonal.
    const x = sparse([7, 0, 3], [0.5, 1, -2]);
    const variance = [7, 0, 3].reduce((s, r, i) => s + [7, 0, 3].reduce((t, c, j) => t + (x.value[i] ?? 0) * (expected.inverse[r * 8 + c] ?? 0) * (x.value[j] ?? 0), 0), 0);
    expect(ridge.variance(x)).toBeCloseTo(variance, 10);
  });

  it('restores a full-matrix snapshot (the format older snapshots have) and continues identically', () => {
    const random = new SeededRandom(5);
    const ridge = new Ridge(4);
    const step = (r: Ridge): void => r.update(sparse([1, 9, 14], [1, random.next(), random.next()]), random.next());
    for (let i = 0; i < 30; i++) step(ridge);
    const restored = Ridge.restore(JSON.parse(JSON.stringify(ridge.snapshot())) as ReturnType<Ridge['snapshot']>);
    const probe = sparse([1, 9, 2], [1, 0.3, -0.4]);
    expect(restored.predict(probe)).toBe(ridge.predict(probe));
    expect(restored.variance(probe)).toBe(ridge.variance(probe));
    expect(() => Ridge.restore({ ...ridge.snapshot(), inverse: [1, 2, 3] })).toThrow(/wrong dimension/);
  });
});

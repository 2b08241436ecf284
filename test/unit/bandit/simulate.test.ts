import { describe, expect, it } from 'vitest';
import { BanditModel, DEFAULT_MODEL_CONFIG, LayoutsEnvironment, SeededRandom, simulate } from '../../../src/bandit/index.js';

describe('layouts simulation', () => {
  it('has 5 to 10 variants and a hidden click model with real differences between them', () => {
    expect(() => new LayoutsEnvironment(4)).toThrow();
    const env = new LayoutsEnvironment(8, 3);
    const context = env.sampleContext(new SeededRandom(1));
    const p = env.actions.map((_, v) => env.clickProbability(context, v));
    expect(Math.max(...p) - Math.min(...p)).toBeGreaterThan(0.05);
    expect(env.oracleProbability(context)).toBe(Math.max(...p));
  });

  // The full figure (ratio >= 0.95 within 20,000 rounds) is `parley bandit simulate`, see docs/bandit.md.
  // Each learned reward is a d^2 ridge update: a generous timeout keeps a loaded machine from failing it.
  it('the default policy learns well beyond uniform random in 3,000 rounds', { timeout: 120_000 }, () => {
    const learned = simulate({ rounds: 3000, model: { ...DEFAULT_MODEL_CONFIG, seed: 2 }, seed: 2 });
    const random = simulate({ rounds: 3000, model: { policy: 'epsilon-greedy', options: { epsilon: 1 }, seed: 2 }, seed: 2 });
    expect(random.ratio).toBeLessThan(0.8);
    expect(learned.ratio).toBeGreaterThan(0.85);
    expect(learned.ratio - random.ratio).toBeGreaterThan(0.25);
    expect(learned.curve).toHaveLength(10);
  });

  it('SquareCB over the AdaGrad regressor (averaged) and over ridge both restore from snapshots', () => {
    for (const options of [{ averaged: true, loss: 'logistic' as const, update: 'regression' as const }, { regressor: 'ridge' as const, update: 'regression' as const }]) {
      const config = { policy: 'square-cb' as const, bits: 8, options, seed: 3 };
      const model = BanditModel.create(config);
      simulate({ rounds: 300, model, seed: 5 });
      const restored = BanditModel.restore(JSON.parse(JSON.stringify(model.snapshot())));
      const a = simulate({ rounds: 200, model, seed: 6 });
      const b = simulate({ rounds: 200, model: restored, seed: 6 });
      expect(b).toEqual(a);
    }
  });

  it('is reproducible under its seeds', () => {
    const a = simulate({ rounds: 500, model: { policy: 'bagging', seed: 4 }, seed: 9 });
    const b = simulate({ rounds: 500, model: { policy: 'bagging', seed: 4 }, seed: 9 });
    expect(a).toEqual(b);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG, LayoutsEnvironment, SeededRandom, simulate } from '../../../src/bandit/index.js';

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
  it('the default policy learns well beyond uniform random in 6,000 rounds', () => {
    const learned = simulate({ rounds: 6000, model: { ...DEFAULT_MODEL_CONFIG, seed: 2 }, seed: 2 });
    const random = simulate({ rounds: 6000, model: { policy: 'epsilon-greedy', options: { epsilon: 1 }, seed: 2 }, seed: 2 });
    expect(random.ratio).toBeLessThan(0.8);
    expect(learned.ratio).toBeGreaterThan(0.88);
    expect(learned.curve).toHaveLength(10);
  });

  it('is reproducible under its seeds', () => {
    const a = simulate({ rounds: 500, model: { policy: 'bagging', seed: 4 }, seed: 9 });
    const b = simulate({ rounds: 500, model: { policy: 'bagging', seed: 4 }, seed: 9 });
    expect(a).toEqual(b);
  });
});

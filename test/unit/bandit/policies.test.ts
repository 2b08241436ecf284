import { describe, expect, it } from 'vitest';
import { BanditModel, LocalBandit, POLICY_NAMES, type PolicyName } from '../../../src/bandit/index.js';
import { ACTIONS, CONTEXT } from './bandit-fixture.js';

function trainedModel(policy: PolicyName, seed = 3): BanditModel {
  const model = BanditModel.create({ policy, seed });
  for (let i = 0; i < 50; i++) {
    const vectors = model.vectors(model.parseContext(CONTEXT), ACTIONS);
    const chosen = i % ACTIONS.length;
    model.learn(vectors, chosen, 0.25, chosen === 1 ? 1 : 0);
  }
  return model;
}

/** Equal up to rounding: the decide path sums the same terms grouped otherwise. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
  }
}

describe.each(POLICY_NAMES)('policy %s', (policy) => {
  it('decides the same on the decide path (scoring without vectors) as from the vectors', () => {
    // Three identical models: Thompson sampling draws from the model's random stream.
    const a = trainedModel(policy);
    const b = trainedModel(policy);
    const c = trainedModel(policy);
    const vectors = a.vectors(a.parseContext(CONTEXT), ACTIONS);
    const predicted = Array.from(a.policy.predict(vectors));
    const expected = Array.from(a.distribution(vectors));
    expect(Math.max(...predicted) - Math.min(...predicted)).toBeGreaterThan(0.01);
    expectClose(b.policy.predictOf(b.batch(CONTEXT, ACTIONS)), predicted);
    expectClose(b.distributionOf(b.batch(CONTEXT, ACTIONS)), expected);
    // The scratch distribution (LocalBandit's decide path) is the same, in a buffer reused per decision.
    const batch = c.batch(CONTEXT, ACTIONS);
    expectClose(c.scratchDistributionOf(batch), expected);
  });

  it('gives a probability distribution that sums to 1', () => {
    const model = trainedModel(policy);
    const p = model.distribution(model.vectors(model.parseContext(CONTEXT), ACTIONS));
    expect(p.length).toBe(ACTIONS.length);
    expect([...p].every((x) => x >= 0 && x <= 1)).toBe(true);
    expect([...p].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('never chooses an excluded action, and ranks it with probability 0', async () => {
    const bandit = new LocalBandit({ model: { policy, seed: 5 } });
    for (let i = 0; i < 20; i++) {
      const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, excludedActions: ['resp-upsell', 'resp-cards'] });
      expect(['resp-apology', 'resp-question']).toContain(r.actionId);
      expect(r.ranking.find((x) => x.id === 'resp-upsell')?.probability).toBe(0);
      expect(r.ranking.reduce((a, x) => a + x.probability, 0)).toBeCloseTo(1, 10);
      expect(r.ranking[0]?.id).toBe(r.actionId);
      await bandit.reward({ eventId: r.eventId, value: r.actionId === 'resp-question' ? 1 : 0 });
    }
  });

  it('is reproducible under a seed, and a restored snapshot continues identically', async () => {
    const run = async (bandit: LocalBandit, from: number): Promise<string[]> => {
      const out: string[] = [];
      for (let i = from; i < from + 30; i++) {
        const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, eventId: `e${i}` });
        out.push(`${r.actionId}:${r.probability.toFixed(12)}`);
        await bandit.reward({ eventId: r.eventId, value: r.actionId === 'resp-cards' ? 1 : 0 });
      }
      return out;
    };
    const a = new LocalBandit({ model: { policy, seed: 9 } });
    const b = new LocalBandit({ model: { policy, seed: 9 } });
    const first = await run(a, 0);
    expect(await run(b, 0)).toEqual(first);
    const restored = new LocalBandit({ model: BanditModel.restore(JSON.parse(JSON.stringify(a.model.snapshot()))) });
    expect(await run(restored, 100)).toEqual(await run(a, 100));
  });
});

describe('policy learning', () => {
  it.each(['epsilon-greedy', 'square-cb', 'lin-ucb', 'bagging', 'softmax', 'linear-thompson'] as const)(
    '%s learns to prefer the rewarded action',
    (policy) => {
      const model = trainedModel(policy);
      const p = model.distribution(model.vectors(model.parseContext(CONTEXT), ACTIONS));
      expect(p[1]).toBe(Math.max(...p));
    },
  );
});

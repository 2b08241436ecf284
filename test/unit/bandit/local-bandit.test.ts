import { describe, expect, it } from 'vitest';
import { LocalBandit, type DecisionRecord } from '../../../src/bandit/index.js';
import { ACTIONS, CONTEXT } from './bandit-fixture.js';

function setup(options: ConstructorParameters<typeof LocalBandit>[0] = {}): { bandit: LocalBandit; records: DecisionRecord[]; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  const records: DecisionRecord[] = [];
  const bandit = new LocalBandit({ clock: () => clock.now, rewardWaitMs: 60_000, sink: { write: (r) => records.push(r) }, ...options });
  return { bandit, records, clock };
}

const code = (c: string): unknown => expect.objectContaining({ code: c });

describe('LocalBandit decide', () => {
  it('returns an event id, the chosen action first, and logs the decision', async () => {
    const { bandit, records } = setup();
    const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, eventId: 'evt-1' });
    expect(r.eventId).toBe('evt-1');
    expect(r.ranking[0]).toEqual({ id: r.actionId, probability: r.probability });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ eventId: 'evt-1', chosenActionId: r.actionId, probability: r.probability, reward: null, activated: true });
  });

  it.each([
    ['an empty action list', { actions: [] }, 'PARLEY_BANDIT_ACTIONS_INVALID'],
    ['an oversize action list', { actions: Array.from({ length: 51 }, (_, i) => ({ id: `a${i}`, features: [{ a: 1 }] })) }, 'PARLEY_BANDIT_ACTIONS_INVALID'],
    ['duplicate action ids', { actions: [ACTIONS[0], ACTIONS[0]] }, 'PARLEY_BANDIT_ACTIONS_INVALID'],
    ['every action excluded', { excludedActions: ACTIONS.map((a) => a.id) }, 'PARLEY_BANDIT_ACTIONS_INVALID'],
    ['a NaN context feature', { contextFeatures: [{ user: { score: Number.NaN } }] }, 'PARLEY_BANDIT_FEATURE_INVALID'],
    ['an infinite action feature', { actions: [{ id: 'x', features: [{ w: Number.NEGATIVE_INFINITY }] }] }, 'PARLEY_BANDIT_FEATURE_INVALID'],
    ['an empty context', { contextFeatures: [] }, 'PARLEY_BANDIT_FEATURE_INVALID'],
    ['an eventId too long', { eventId: 'x'.repeat(257) }, 'PARLEY_BANDIT_EVENT_INVALID'],
  ])('rejects %s', async (_label, patch, expected) => {
    const { bandit, records } = setup();
    await expect(bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, ...patch } as never)).rejects.toEqual(code(expected));
    expect(records).toHaveLength(0);
    expect(bandit.pendingCount).toBe(0);
  });

  it('rejects a reused eventId', async () => {
    const { bandit } = setup();
    await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, eventId: 'same' });
    await expect(bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, eventId: 'same' })).rejects.toEqual(code('PARLEY_BANDIT_EVENT_DUPLICATE'));
  });
});

describe('LocalBandit reward', () => {
  it('learns from the first reward and reports later ones as duplicates', async () => {
    const { bandit, records } = setup();
    const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS });
    expect(await bandit.reward({ eventId: r.eventId, value: 1 })).toBe('applied');
    expect(await bandit.reward({ eventId: r.eventId, value: 0 })).toBe('duplicate');
    expect(bandit.model.updates).toBe(1);
    expect(records.at(-1)).toMatchObject({ reward: 1, isLearned: true, isDefaultReward: false });
  });

  it('rejects an unknown eventId with PARLEY_BANDIT_EVENT_UNKNOWN (404)', async () => {
    const { bandit } = setup();
    await expect(bandit.reward({ eventId: 'nope', value: 1 })).rejects.toEqual(expect.objectContaining({ code: 'PARLEY_BANDIT_EVENT_UNKNOWN', status: 404 }));
  });

  it.each([[-0.5], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ['1']])('rejects the value %s and keeps the event', async (value) => {
    const { bandit } = setup();
    const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS });
    await expect(bandit.reward({ eventId: r.eventId, value: value as number })).rejects.toEqual(code('PARLEY_BANDIT_REWARD_INVALID'));
    expect(await bandit.reward({ eventId: r.eventId, value: 1 })).toBe('applied');
  });

  it('applies the default reward when the window closes and rejects a late reward as expired', async () => {
    const { bandit, records, clock } = setup({ defaultReward: 0 });
    const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS });
    clock.now += 60_001;
    bandit.expire();
    expect(records.at(-1)).toMatchObject({ eventId: r.eventId, reward: 0, isDefaultReward: true, isLearned: true });
    await expect(bandit.reward({ eventId: r.eventId, value: 1 })).rejects.toEqual(code('PARLEY_BANDIT_EVENT_EXPIRED'));
    expect(bandit.model.updates).toBe(1);
  });

  it('sums rewards under sum aggregation until the window closes', async () => {
    const { bandit, records, clock } = setup({ aggregation: 'sum' });
    const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS });
    await bandit.reward({ eventId: r.eventId, value: 0.25 });
    await bandit.reward({ eventId: r.eventId, value: 0.5 });
    expect(bandit.model.updates).toBe(0);
    clock.now += 60_001;
    bandit.expire();
    expect(records.at(-1)).toMatchObject({ reward: 0.75, isLearned: true });
  });

  it('holds the reward of a deferred event until activation, and drops never-activated ones unlearned', async () => {
    const { bandit, records, clock } = setup();
    const shown = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, deferActivation: true });
    const hidden = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, deferActivation: true });
    await bandit.reward({ eventId: shown.eventId, value: 1 });
    expect(bandit.model.updates).toBe(0);
    await bandit.activate({ eventId: shown.eventId });
    expect(bandit.model.updates).toBe(1);
    clock.now += 60_001;
    bandit.expire();
    expect(records.at(-1)).toMatchObject({ eventId: hidden.eventId, activated: false, isLearned: false, reward: null });
    expect(bandit.model.updates).toBe(1);
  });

  it('finalizes the oldest event with the default reward when too many are pending, and flush finalizes the rest', async () => {
    const { bandit, records } = setup({ maxPending: 2 });
    for (let i = 0; i < 3; i++) await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, eventId: `e${i}` });
    expect(bandit.pendingCount).toBe(2);
    expect(records.filter((r) => r.isLearned).map((r) => r.eventId)).toEqual(['e0']);
    bandit.flush();
    expect(bandit.pendingCount).toBe(0);
    expect(records.filter((r) => r.isLearned)).toHaveLength(3);
  });
});

describe('LocalBandit apprentice mode', () => {
  it('always returns the first non-excluded action with probability 1 and learns from it', async () => {
    const { bandit } = setup({ mode: 'apprentice' });
    for (let i = 0; i < 10; i++) {
      const r = await bandit.decide({ contextFeatures: CONTEXT, actions: ACTIONS, excludedActions: ['resp-apology'] });
      expect(r).toMatchObject({ actionId: 'resp-upsell', probability: 1 });
      await bandit.reward({ eventId: r.eventId, value: 1 });
    }
    expect(bandit.model.updates).toBe(10);
    expect(bandit.apprenticeMatchRate().decisions).toBe(10);
  });
});

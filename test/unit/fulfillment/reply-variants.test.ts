/**
 * Reply texts of bandit-chosen script variants (src/fulfillment/reply-variants.ts) rendered from the
 * brand's real scripts (ssml/scripts): every variant the bandit can pick reads as text, with a
 * space where the voice pauses between sentences, and the decision that picked it comes back.
 */
import { describe, expect, it } from 'vitest';
import type { DecideRequest } from '../../../src/bandit/index.js';
import { billedCharacters, ReplyVariants, type VariantBandit } from '../../../src/fulfillment/reply-variants.js';
import { loadBrandAssets } from '../../../src/speech/index.js';
import type { Customer } from '../../../src/store/port.js';
import { variantTextPattern } from '../../helpers/script-variants.js';
import { REPO_ROOT } from '../../integration/pipeline/app-fixture.js';

/** Picks the action it is told to, so that each variant's text can be checked. */
function pickingBandit(actionId: string): VariantBandit & { requests: DecideRequest[] } {
  const requests: DecideRequest[] = [];
  return {
    requests,
    decide: async (request) => {
      requests.push(request);
      return { eventId: 'bd-test', actionId, probability: 1 / request.actions.length, ranking: [], policyVersion: 'test' };
    },
    reward: async () => 'applied',
    lookup: async () => null,
  };
}

const who = { identity: { siteKey: 'demo-site', userId: 'anon-1', anonymous: true }, sessionId: 's-1', context: { device: 'mobile' as const } };

describe('ReplyVariants.render', async () => {
  const { scripts } = await loadBrandAssets(`${REPO_ROOT}/ssml`);
  const fitting = scripts.find((s) => s.intent === 'BookFitting');
  if (fitting === undefined) throw new Error('ssml/scripts has no BookFitting script');

  it.each(fitting.variants.map((v) => v.id))('says BookFitting variant %s as text with spaced sentences', async (variantId) => {
    const bandit = pickingBandit(variantId);
    const replies = new ReplyVariants({ bandit, scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0 });
    const spoken = await replies.render({ intent: 'BookFitting', variables: { date: '20261204', time: '3 pm', store: 'Camden' } }, who);
    expect(spoken?.decision).toEqual({ eventId: 'bd-test', variant: variantId, probability: 1 / fitting.variants.length });
    expect(spoken?.text).toMatch(variantTextPattern(REPO_ROOT, 'BookFitting', variantId));
    expect(spoken?.text).toContain('Friday, December 4');
    // No sentence runs into the next ("All set!Your ...").
    expect(spoken?.text).not.toMatch(/[.!?][A-Z]/);
    expect(bandit.requests[0]?.actions.map((a) => a.id)).toEqual(fitting.variants.map((v) => v.id));
  });

  it('writes the exact text of a variant of several sentences', async () => {
    const replies = new ReplyVariants({ bandit: pickingBandit('fitting-socks'), scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0 });
    const spoken = await replies.render({ intent: 'BookFitting', variables: { date: '20261204', time: '3 pm', store: 'Camden' } }, who);
    expect(spoken?.text).toBe('All set! Your running-gait fitting is on Friday, December 4 at 3 pm. Bring the socks you usually run in.');
  });
});

describe("ReplyVariants' customer context", async () => {
  const { scripts } = await loadBrandAssets(`${REPO_ROOT}/ssml`);
  const knownWho = { ...who, identity: { siteKey: 'demo-site', userId: 'c-1', anonymous: false } };
  const gold = { customerId: 'c-1', loyaltyTier: 'gold', usualDevice: 'mobile', geo: { country: 'GB' }, marketingConsent: true, name: { first: 'Priya', last: 'Shah' } } as unknown as Customer;
  const profileOf = (request: DecideRequest | undefined) => request?.contextFeatures.find((f) => 'profile' in f)?.['profile'];

  it('uses the profile the script brought instead of reading it again, and reads it when none came', async () => {
    let reads = 0;
    const customers = { get: async () => { reads += 1; return gold; } };
    const bandit = pickingBandit('greeting-hello-short');
    const replies = new ReplyVariants({ bandit, scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0, customers });
    await replies.render({ intent: 'Greeting', variables: { firstName: 'Priya' }, customer: gold }, knownWho);
    expect(reads).toBe(0);
    expect(profileOf(bandit.requests[0])).toEqual({ known: true, tier: 'gold', usualDevice: 'mobile', country: 'GB', consent: true });
    await replies.render({ intent: 'Greeting', variables: { firstName: 'Priya' }, customer: null }, knownWho);
    expect(reads).toBe(0);
    expect(profileOf(bandit.requests[1])).toEqual({ known: false });
    await replies.render({ intent: 'Greeting', variables: { firstName: 'Priya' } }, knownWho);
    expect(reads).toBe(1);
    expect(profileOf(bandit.requests[2])).toEqual(profileOf(bandit.requests[0]));
  });
});

describe('ReplyVariants speaking cost', async () => {
  const { scripts } = await loadBrandAssets(`${REPO_ROOT}/ssml`);
  const variables = { date: '20261204', time: '3 pm', store: 'Camden' };

  /** Logs each decision as LoggedBandit does (features as JSON) and keeps the rewards it is given. */
  function loggingBandit(actionId: string): VariantBandit & { rewards: number[]; forget: (name: string) => void } {
    let logged: { chosenActionId: string; actions: Array<{ id: string; featuresJson: string }> } | null = null;
    const rewards: number[] = [];
    return {
      rewards,
      decide: async (request) => {
        logged = { chosenActionId: actionId, actions: request.actions.map((a) => ({ id: a.id, featuresJson: JSON.stringify(a.features) })) };
        return { eventId: 'bd-cost', actionId, probability: 1 / request.actions.length, ranking: [], policyVersion: 'test' };
      },
      reward: async ({ value }) => {
        rewards.push(value);
        return 'applied';
      },
      lookup: async () => logged,
      // A decision logged before the cache odds existed has no `_cacheHit`.
      forget: (name) => {
        if (logged !== null) logged = { ...logged, actions: logged.actions.map((a) => ({ ...a, featuresJson: JSON.stringify((JSON.parse(a.featuresJson) as Array<Record<string, unknown>>).map(({ [name]: _dropped, ...rest }) => rest)) })) };
      },
    };
  }

  it('charges the billed characters the cache is not expected to serve, as the decision logged them', async () => {
    const odds = new Map([['fitting-socks', 0.75], ['fitting-excited', 0.2]]);
    const bandit = loggingBandit('fitting-socks');
    const replies = new ReplyVariants({ bandit, scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0.2, cacheOdds: { likelihood: (intent, variant) => (intent === 'BookFitting' ? odds.get(variant) ?? 0 : 1) } });
    const spoken = await replies.render({ intent: 'BookFitting', variables }, who);
    const chars = billedCharacters(spoken?.speech.ssml ?? '');
    expect(chars).toBeGreaterThan(50);
    const logged = await bandit.lookup('bd-cost');
    const costFeatures = (id: string): unknown => (JSON.parse(logged?.actions.find((a) => a.id === id)?.featuresJson ?? '[]') as unknown[])[1];
    expect(costFeatures('fitting-socks')).toEqual({ _billedChars: chars, _cacheHit: 0.75 });
    expect(costFeatures('fitting-excited')).toMatchObject({ _cacheHit: 0.2 });
    expect(costFeatures('fitting-see-you')).toMatchObject({ _cacheHit: 0 });

    // The odds change after the decision: the reward still uses what was logged.
    odds.set('fitting-socks', 0);
    await replies.rewardValue({ eventId: 'bd-cost', value: 1, sessionId: 's-1' });
    expect(bandit.rewards[0]).toBeCloseTo(1 - (0.2 * chars * 0.25) / 1000, 12);
    await replies.reward({ sessionId: 's-1', event: { kind: 'click', eventId: 'bd-cost' } } as never);
    expect(bandit.rewards[1]).toBeCloseTo(0.5 - (0.2 * chars * 0.25) / 1000, 12);

    bandit.forget('_cacheHit');
    await replies.rewardValue({ eventId: 'bd-cost', value: 1, sessionId: 's-1' });
    expect(bandit.rewards[2]).toBeCloseTo(1 - (0.2 * chars) / 1000, 12);
  });

  it('charges every billed character without cache odds, and nothing at weight 0', async () => {
    const bandit = loggingBandit('fitting-socks');
    const replies = new ReplyVariants({ bandit, scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0.2 });
    const spoken = await replies.render({ intent: 'BookFitting', variables }, who);
    const chars = billedCharacters(spoken?.speech.ssml ?? '');
    expect(JSON.parse((await bandit.lookup('bd-cost'))?.actions[0]?.featuresJson ?? '[]')).toEqual([expect.any(Object), { _billedChars: expect.any(Number) }]);
    await replies.rewardValue({ eventId: 'bd-cost', value: 1, sessionId: 's-1' });
    expect(bandit.rewards[0]).toBeCloseTo(1 - (0.2 * chars) / 1000, 12);
    const free = new ReplyVariants({ bandit, scripts, voiceProfile: 'joanna-neural', costPerThousandChars: 0 });
    await free.rewardValue({ eventId: 'bd-cost', value: 1, sessionId: 's-1' });
    expect(bandit.rewards[1]).toBe(1);
  });
});

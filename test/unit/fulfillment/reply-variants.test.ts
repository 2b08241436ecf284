/**
 * Reply texts of bandit-chosen script variants (src/fulfillment/reply-variants.ts) rendered from the
 * brand's real scripts (ssml/scripts): every variant the bandit can pick reads as text, with a
 * space where the voice pauses between sentences, and the decision that picked it comes back.
 */
import { describe, expect, it } from 'vitest';
import type { DecideRequest } from '../../../src/bandit/index.js';
import { ReplyVariants, type VariantBandit } from '../../../src/fulfillment/reply-variants.js';
import { loadBrandAssets } from '../../../src/speech/index.js';
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

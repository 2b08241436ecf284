/**
 * The Recommender port's contract: what any adapter must do. Run on the local engine directly and
 * on the Personalize adapter through the real AWS SDK aimed at the service's emulated paths
 * (recommend.contract.test.ts). Data: two categories of items and users who each stick to one.
 */
import { describe, expect, it } from 'vitest';
import type { Interaction } from '../../src/recommend/index.js';
import { slotFilter, type Recommender } from '../../src/recommend/index.js';
import { isParleyError } from '../../src/shared/errors.js';

export const NOW_S = Math.floor(Date.now() / 1000);
const PER_CATEGORY = 15;

/** Items `shoe-0..14` (category shoes) and `bag-0..14` (bags), with brand and price. */
export function contractCatalogue(): Array<{ itemId: string; metadata: Record<string, string> }> {
  return ['shoe', 'bag'].flatMap((kind) =>
    Array.from({ length: PER_CATEGORY }, (_, i) => ({
      itemId: `${kind}-${i}`,
      metadata: { CATEGORY: kind === 'shoe' ? 'shoes' : 'bags', BRAND: i % 2 === 0 ? 'Acme' : 'Zenith', PRICE: String(10 + i * 10) },
    })),
  );
}

/** 30 users: even ones interact with shoes, odd ones with bags; low item numbers are popular. */
export function contractInteractions(): Interaction[] {
  const rows: Interaction[] = [];
  for (let u = 0; u < 30; u++) {
    const kind = u % 2 === 0 ? 'shoe' : 'bag';
    for (let e = 0; e < 8; e++) {
      const item = (u * 7 + e * e) % (e < 4 ? 5 : PER_CATEGORY);
      rows.push({ userId: `user-${u}`, itemId: `${kind}-${item}`, timestamp: NOW_S - 86_400 + u * 60 + e, eventType: 'click' });
    }
  }
  return rows;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; status: number; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (!isParleyError(error)) throw error;
    return { code: error.code, status: error.status, retryable: error.retryable };
  }
  throw new Error('expected a rejection');
}

const ids = (list: Array<{ itemId: string }>): string[] => list.map((item) => item.itemId);
const share = (list: string[], prefix: string): number => list.filter((id) => id.startsWith(prefix)).length / Math.max(1, list.length);

export function recommenderContract(name: string, recommender: () => Recommender): void {
  describe(`Recommender contract: ${name}`, () => {
    it('recommends at most numResults items with a recommendationId', async () => {
      const response = await recommender().getRecommendations({ userId: 'user-0', numResults: 5 });
      expect(response.itemList.length).toBeGreaterThan(0);
      expect(response.itemList.length).toBeLessThanOrEqual(5);
      expect(response.recommendationId).toMatch(/.+/);
      expect(share(ids(response.itemList), 'shoe-')).toBeGreaterThanOrEqual(0.8);
    });

    it('applies a slot filter with its values passed as filterValues', async () => {
      const filter = slotFilter({ category: 'bags', brand: 'Acme', maxPrice: 100 });
      expect(filter?.name).toBe('category-brand-price');
      const response = await recommender().getRecommendations({ userId: 'user-0', numResults: 10, filter: filter?.filter, filterValues: filter?.filterValues });
      expect(response.itemList.length).toBeGreaterThan(0);
      for (const itemId of ids(response.itemList)) {
        const n = Number(itemId.split('-')[1]);
        expect(itemId.startsWith('bag-') && n % 2 === 0 && 10 + n * 10 <= 100).toBe(true);
      }
    });

    it('moves a new user to a category after three events, without retraining', async () => {
      const user = `newcomer-${name}`;
      await recommender().putEvents({
        userId: user,
        sessionId: `s-${name}`,
        eventList: ['bag-1', 'bag-2', 'bag-3'].map((itemId, i) => ({ eventId: `${user}-${i}`, itemId, eventType: 'click', sentAt: NOW_S - 10 + i })),
      });
      const after = await recommender().getRecommendations({ userId: user, numResults: 6 });
      expect(share(ids(after.itemList), 'bag-')).toBeGreaterThanOrEqual(0.6);
    });

    it('ranks a candidate list for a user, unknown items last', async () => {
      const ranked = await recommender().getPersonalizedRanking({ userId: 'user-1', inputList: ['shoe-0', 'no-such-item', 'bag-0', 'bag-1'] });
      const order = ids(ranked.personalizedRanking);
      expect(order).toHaveLength(4);
      expect(order[3]).toBe('no-such-item');
      expect(order.indexOf('bag-0')).toBeLessThan(order.indexOf('shoe-0'));
      expect(ranked.recommendationId).toMatch(/.+/);
    });

    it('takes new items, then events on them', async () => {
      await recommender().putItems([{ itemId: `new-${name}`, properties: JSON.stringify({ category: 'bags', brand: 'Acme', price: '5' }) }]);
      await recommender().putEvents({ userId: 'user-3', sessionId: 's-new', eventList: [{ itemId: `new-${name}`, eventType: 'click', sentAt: NOW_S }] });
      await recommender().putUsers([{ userId: `u-${name}`, properties: JSON.stringify({ tier: 'gold' }) }]);
    });

    it('rejects bad input as a non-retryable 400', async () => {
      const calls = [
        () => recommender().getRecommendations({ userId: 'user-0', numResults: 0 }),
        () => recommender().putEvents({ userId: 'user-0', sessionId: 's', eventList: [] }),
        () => recommender().getRecommendations({ userId: 'user-0', filter: slotFilter({ category: 'bags' })?.filter, filterValues: { CATEGORY: 'not quoted' } }),
      ];
      for (const call of calls) expect(await rejection(call())).toMatchObject({ status: 400, retryable: false });
    });
  });
}

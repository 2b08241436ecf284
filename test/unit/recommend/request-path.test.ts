/** The request path's shortcuts give the same answers as the plain computation they replace. */
import { describe, expect, it } from 'vitest';
import { LocalRecommender } from '../../../src/recommend/local-recommender.js';
import type { GetRecommendationsInput } from '../../../src/recommend/port.js';
import { seededRandom } from '../../../src/recommend/local/random.js';
import { topK } from '../../../src/recommend/local/top-k.js';
import { FAST_ALS, catalogueFor, plantedBlocks } from './fixtures.js';

function reference(scores: Float32Array, k: number, accept: (i: number) => boolean): number[] {
  return [...scores.keys()]
    .filter((i) => !Number.isNaN(scores[i]) && accept(i))
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
    .slice(0, k);
}

describe('top-k selection', () => {
  it('matches a full sort, with excluded (NaN) items, ties and a filter', () => {
    const random = seededRandom(5);
    for (let round = 0; round < 50; round++) {
      const n = 1 + Math.floor(random() * 300);
      // Few distinct values: many ties.
      const scores = Float32Array.from({ length: n }, () => (random() < 0.1 ? Number.NaN : Math.floor(random() * 20) - 5));
      const k = 1 + Math.floor(random() * 30);
      const accept = (i: number): boolean => i % 3 !== 0;
      expect(topK(scores, k, accept)).toEqual(reference(scores, k, accept));
      expect(topK(scores, k)).toEqual(reference(scores, k, () => true));
    }
  });
});

describe('exploration', () => {
  // Items c0..c9 are in the catalogue with no interaction: the exploration candidates.
  const cold = Array.from({ length: 10 }, (_, i) => ({ itemId: `c${i}`, metadata: { GENRE: i < 2 ? 'Niche' : 'Other', PRICE: '1' } }));

  async function trained(seed: number): Promise<LocalRecommender> {
    return LocalRecommender.train(plantedBlocks(), [...catalogueFor(), ...cold], { als: FAST_ALS, explorationWeight: 1, random: seededRandom(seed) });
  }

  it('gives the tail of a list to distinct little-seen items', async () => {
    const recommender = await trained(1);
    const list = (await recommender.getRecommendations({ userId: 'u0', numResults: 10 })).itemList.map((i) => i.itemId);
    // ceil(10 x 1 / 5) = 2 slots.
    const explored = list.slice(-2);
    expect(explored.every((id) => id.startsWith('c'))).toBe(true);
    expect(new Set(list).size).toBe(list.length);
  });

  it('still finds the few candidates a narrow filter leaves, and only those', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const recommender = await trained(seed);
      const list = (
        await recommender.getRecommendations({ userId: 'u1', numResults: 10, filter: 'EXCLUDE ItemID WHERE Items.GENRE IN ($G)', filterValues: { G: '"Other"' } })
      ).itemList.map((i) => i.itemId);
      expect(list.filter((id) => id.startsWith('c')).sort()).toEqual(['c0', 'c1']);
    }
  });

  it('stops offering an item once it has been seen enough', async () => {
    const recommender = await trained(3);
    const now = Math.floor(Date.now() / 1000);
    for (const [n, user] of ['x1', 'x2', 'x3'].entries()) {
      await recommender.putEvents({ userId: user, sessionId: `s${n}`, eventList: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((itemId, i) => ({ itemId, eventType: 'click', sentAt: now - i })) });
    }
    for (let round = 0; round < 5; round++) {
      const list = (await recommender.getRecommendations({ userId: 'u0', numResults: 10 })).itemList.map((i) => i.itemId);
      expect(list.slice(-2).sort()).toEqual(['c8', 'c9']);
    }
  });
});

describe('pruned scoring of known users', () => {
  it('gives exactly the lists and scores of scoring every item, with and without a filter', async () => {
    const interactions = plantedBlocks(60, 40, 15, 9);
    const catalogue = catalogueFor(40);
    const common = { als: { ...FAST_ALS, factors: 6 }, explorationWeight: 0 };
    const pruned = await LocalRecommender.train(interactions, catalogue, { ...common, prunedScoring: true });
    const full = await LocalRecommender.train(interactions, catalogue, { ...common, prunedScoring: false });
    const requests: Array<Omit<GetRecommendationsInput, 'userId'>> = [
      { numResults: 5 },
      { numResults: 25 },
      { numResults: 80 },
      { numResults: 10, filter: 'INCLUDE ItemID WHERE Items.GENRE IN ($G)', filterValues: { G: '"Drama"' } },
      { numResults: 10, filter: 'EXCLUDE ItemID WHERE Items.PRICE < $P', filterValues: { P: '30' } },
    ];
    for (let u = 0; u < 60; u++) {
      for (const request of requests) {
        const a = await pruned.getRecommendations({ userId: `u${u}`, ...request });
        const b = await full.getRecommendations({ userId: `u${u}`, ...request });
        expect(a.itemList).toEqual(b.itemList);
      }
    }
  });
});

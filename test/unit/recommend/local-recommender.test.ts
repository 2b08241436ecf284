import { beforeAll, describe, expect, it } from 'vitest';
import { LocalRecommender } from '../../../src/recommend/local-recommender.js';
import { catalogueFor, FAST_ALS, plantedBlocks } from './fixtures.js';

const NOW_S = 2_000_000;
let recommender: LocalRecommender;

beforeAll(async () => {
  recommender = await LocalRecommender.train(plantedBlocks(), catalogueFor(), {
    als: FAST_ALS,
    explorationWeight: 0,
    nowMs: () => NOW_S * 1000,
    random: () => 0.5,
  });
});

const ids = (list: Array<{ itemId: string }>): string[] => list.map((i) => i.itemId);
const share = (list: string[], prefix: string): number => list.filter((id) => id.startsWith(prefix)).length / list.length;

describe('local recommender: real time', () => {
  it('shifts a user to a category after three events, without retraining', async () => {
    const before = ids((await recommender.getRecommendations({ userId: 'u0', numResults: 10 })).itemList);
    expect(share(before, 'a')).toBeGreaterThan(0.8);
    await recommender.putEvents({
      userId: 'u0',
      sessionId: 's1',
      eventList: ['b1', 'b2', 'b3'].map((itemId, i) => ({ itemId, eventType: 'click', sentAt: NOW_S - 10 + i })),
    });
    const after = ids((await recommender.getRecommendations({ userId: 'u0', numResults: 10 })).itemList);
    expect(share(after, 'b')).toBeGreaterThan(share(before, 'b') + 0.3);
  });

  it('gives a new user popular items, then items like their first event', async () => {
    const cold = ids((await recommender.getRecommendations({ userId: 'newcomer', numResults: 6 })).itemList);
    expect(cold).toHaveLength(6);
    await recommender.putEvents({ userId: 'newcomer', sessionId: 's2', eventList: [{ itemId: 'b0', eventType: 'click', sentAt: NOW_S }] });
    const warm = ids((await recommender.getRecommendations({ userId: 'newcomer', numResults: 6 })).itemList);
    expect(share(warm, 'b')).toBeGreaterThan(0.6);
  });

  it('applies filters and related items', async () => {
    const drama = await recommender.getRecommendations({
      userId: 'u2',
      numResults: 5,
      filter: 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)',
      filterValues: { GENRE: '"Drama"' },
    });
    expect(ids(drama.itemList).every((id) => id.startsWith('b'))).toBe(true);
    const related = await recommender.getRecommendations({ itemId: 'a1', numResults: 5 });
    expect(ids(related.itemList)).not.toContain('a1');
    expect(share(ids(related.itemList), 'a')).toBeGreaterThan(0.6);
  });

  it('ranks a candidate list and finds users for items', async () => {
    const ranking = await recommender.getPersonalizedRanking({ userId: 'u2', inputList: ['b1', 'unknown', 'a0'] });
    expect(ids(ranking.personalizedRanking)).toEqual(['a0', 'b1', 'unknown']);
    expect(ranking.personalizedRanking[2]?.score).toBeUndefined();
    const affinity = await recommender.getItemAffinity({ itemIds: ['a19'], numResults: 5 });
    expect(affinity.recommendedUsers.filter((u) => Number(u.userId.slice(1)) % 2 === 0).length).toBeGreaterThanOrEqual(4);
  });
});

describe('local recommender: item filters', () => {
  it('applies changed item metadata to filters it has already answered', async () => {
    const filter = 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)';
    const drama = async (): Promise<string[]> =>
      ids((await recommender.getRecommendations({ userId: 'u1', numResults: 50, filter, filterValues: { GENRE: '"Drama"' } })).itemList);
    expect((await drama()).every((id) => id.startsWith('b'))).toBe(true);
    expect(await drama()).not.toContain('a7');
    await recommender.putItems([{ itemId: 'a7', properties: JSON.stringify({ genre: 'Drama', price: '7' }) }]);
    expect(await drama()).toContain('a7');
  });
});

import { describe, expect, it } from 'vitest';
import { LocalRecommender, ServingRecommender } from '../../../src/recommend/index.js';
import { catalogueFor, FAST_ALS, plantedBlocks } from './fixtures.js';

const NOW_S = 2_000_000;
const options = { als: FAST_ALS, explorationWeight: 0, nowMs: () => NOW_S * 1000 };

describe('serving recommender', () => {
  it('serves popularity first, then swaps in the trained model keeping events taken meanwhile', async () => {
    const popular = await LocalRecommender.train(plantedBlocks(), catalogueFor(), { ...options, popularityOnly: true });
    const serving = new ServingRecommender(popular);
    const anyone = (await serving.getRecommendations({ userId: 'u0', numResults: 5 })).itemList.map((i) => i.itemId);
    const stranger = (await serving.getRecommendations({ userId: 'u1', numResults: 5 })).itemList.map((i) => i.itemId);
    expect(anyone).toEqual(stranger);

    const training = LocalRecommender.train(plantedBlocks(), catalogueFor(), options);
    await serving.putEvents({ userId: 'new', sessionId: 's', eventList: ['b1', 'b2'].map((itemId, i) => ({ itemId, eventType: 'click', sentAt: NOW_S - 5 + i })) });
    // An intermediate model first: the final one must still get the events taken before it.
    await serving.swap(await LocalRecommender.train(plantedBlocks(), catalogueFor(), { ...options, popularityOnly: true }));
    await serving.putEvents({ userId: 'new', sessionId: 's', eventList: [{ itemId: 'b3', eventType: 'click', sentAt: NOW_S - 2 }] });
    await serving.swap(await training, { final: true });

    const after = (await serving.getRecommendations({ userId: 'new', numResults: 6 })).itemList.map((i) => i.itemId);
    expect(after.filter((id) => id.startsWith('b')).length).toBeGreaterThanOrEqual(5);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { LocalRecommender } from '../../../src/recommend/local-recommender.js';
import { parseInteractionsCsv, parseItemsCsv } from '../../../src/recommend/index.js';
import { catalogueFor, FAST_ALS, plantedBlocks } from './fixtures.js';

const NOW_S = 2_000_000;
let recommender: LocalRecommender;

beforeAll(async () => {
  recommender = await LocalRecommender.train(plantedBlocks(10, 5, 4), catalogueFor(5), { als: { ...FAST_ALS, iterations: 2 }, nowMs: () => NOW_S * 1000 });
});

const event = { itemId: 'a1', eventType: 'click', sentAt: NOW_S };

describe('bad input gets a clear, specific answer', () => {
  it('bounds numResults', async () => {
    await expect(recommender.getRecommendations({ userId: 'u1', numResults: 0 })).rejects.toMatchObject({ code: 'PARLEY_RECOMMEND_NUM_RESULTS_OUT_OF_RANGE', status: 400 });
    await expect(recommender.getRecommendations({ userId: 'u1', numResults: 501 })).rejects.toThrow(/from 1 to 500 \(got 501\)/);
    expect((await recommender.getRecommendations({ userId: 'u1' })).itemList.length).toBeLessThanOrEqual(25);
  });

  it('treats unknown users and items as cold start', async () => {
    expect((await recommender.getRecommendations({ userId: 'nobody', numResults: 3 })).itemList).toHaveLength(3);
    expect((await recommender.getRecommendations({ itemId: 'nothing', numResults: 3 })).itemList).toHaveLength(3);
  });

  it('names the column of a malformed filter', async () => {
    await expect(recommender.getRecommendations({ userId: 'u1', filter: 'INCLUDE ItemID WHERE Items.GENRE IN ("a"' })).rejects.toMatchObject({
      code: 'PARLEY_RECOMMEND_FILTER_SYNTAX',
      details: { column: 41 },
    });
  });

  it('rejects more than 10 events, future timestamps and unknown items, recording nothing', async () => {
    const eleven = Array.from({ length: 11 }, () => event);
    await expect(recommender.putEvents({ userId: 'u1', sessionId: 's', eventList: eleven })).rejects.toMatchObject({ code: 'PARLEY_RECOMMEND_TOO_MANY_EVENTS' });
    await expect(recommender.putEvents({ userId: 'u1', sessionId: 's', eventList: [event, { ...event, sentAt: NOW_S + 3600 }] })).rejects.toMatchObject({
      code: 'PARLEY_RECOMMEND_EVENT_IN_FUTURE',
      details: { index: 1 },
    });
    await expect(recommender.putEvents({ userId: 'u1', sessionId: 's', eventList: [{ ...event, itemId: 'zzz' }] })).rejects.toThrow(/eventList\[0\].itemId is not in the catalogue/);
    await expect(recommender.putEvents({ userId: 'u1', sessionId: 's', eventList: [{ ...event, sentAt: NOW_S + 30 }] })).resolves.toBeUndefined();
  });

  it('reports CSV problems with line numbers', () => {
    expect(() => parseInteractionsCsv('USER_ID,TIMESTAMP\n1,2\n')).toThrow(/missing column\(s\) ITEM_ID/);
    expect(() => parseInteractionsCsv('USER_ID,ITEM_ID,TIMESTAMP\n1,2,3\n\n1,2,yesterday\n1,2\n')).toThrow(
      /2 bad line\(s\): line 4: TIMESTAMP "yesterday" is not Unix epoch seconds; line 5: expected 3 fields, found 2/,
    );
    expect(() => parseInteractionsCsv('USER_ID,ITEM_ID,TIMESTAMP\n1,"2,3\n')).toThrow(/malformed/);
    expect(() => parseItemsCsv('ITEM_ID,GENRE\n,Drama\n')).toThrow(/line 2: ITEM_ID must not be empty/);
    expect(parseInteractionsCsv('user_id,item_id,timestamp,event_type\n1,2,3,click\n')).toEqual([{ userId: '1', itemId: '2', timestamp: 3, eventType: 'click' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { IdMap, LocalRecommender, ServingRecommender, buildInteractionData } from '../../../src/recommend/index.js';
import { buildInteractionDataInSlices } from '../../../src/recommend/local/interaction-matrix.js';
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

describe('swapping to a stored model without stalling the event loop', () => {
  const clicks = (userId: string, items: string[], at = NOW_S - 10) => ({
    userId,
    sessionId: `s-${userId}`,
    eventList: items.map((itemId, i) => ({ itemId, eventType: 'click', sentAt: at + i })),
  });
  const ids = async (r: { getRecommendations: LocalRecommender['getRecommendations'] }, userId: string) =>
    (await r.getRecommendations({ userId, numResults: 6 })).itemList.map((i) => i.itemId);

  it('rebuilds the same model in slices as in one step, yielding to the event loop between them', async () => {
    const live = await LocalRecommender.train(plantedBlocks(), catalogueFor(), options);
    await live.putEvents(clicks('u0', ['b1', 'b2']));
    const snapshot = (await LocalRecommender.train(plantedBlocks(40, 20, 12, 9), catalogueFor(), options)).snapshot();
    let pauses = 0;
    let timerRan = false;
    setImmediate(() => (timerRan = true));
    const sliced = await LocalRecommender.fromSnapshotInSlices(snapshot, live, options, async () => {
      pauses++;
      await new Promise((resolve) => setImmediate(resolve));
    });
    const whole = LocalRecommender.fromSnapshot(snapshot, live.exportState(), options);
    // 480 interactions in slices of 5,000 still pause between the phases (export, build, sort, popularity).
    expect(pauses).toBeGreaterThanOrEqual(4);
    expect(timerRan).toBe(true);
    expect(sliced.exportState()).toEqual(whole.exportState());
    for (const user of ['u0', 'u1', 'u7', 'nobody']) expect(await ids(sliced, user)).toEqual(await ids(whole, user));
  });

  it('serves the old model while the new one builds and replays the writes taken meanwhile into it', async () => {
    const old = await LocalRecommender.train(plantedBlocks(), catalogueFor(), options);
    const serving = new ServingRecommender(old);
    await serving.swap(old, { final: true });
    const snapshot = (await LocalRecommender.train(plantedBlocks(40, 20, 12, 9), catalogueFor(), options)).snapshot();
    let pauses = 0;
    const servedDuringBuild: string[][] = [];
    const next = await serving.replaceWhenBuilt(() =>
      LocalRecommender.fromSnapshotInSlices(snapshot, old, options, async () => {
        pauses++;
        if (pauses === 2) {
          // A click and a request arrive while the new model is being built.
          await serving.putEvents(clicks('newcomer', ['b1', 'b2', 'b3']));
          servedDuringBuild.push(await ids(serving, 'newcomer'));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }),
    );
    // During the build the old model answered (it took the click); afterwards the new one does.
    expect(servedDuringBuild).toEqual([await ids(old, 'newcomer')]);
    expect(await ids(serving, 'newcomer')).toEqual(await ids(next, 'newcomer'));
    // The click reached the new model too: it equals a model built after the click, in one step.
    const reference = LocalRecommender.fromSnapshot(snapshot, old.exportState(), options);
    expect(next.exportState()).toEqual(reference.exportState());
    expect(await ids(next, 'newcomer')).toEqual(await ids(reference, 'newcomer'));
    expect((await ids(next, 'newcomer')).filter((id) => id.startsWith('b')).length).toBeGreaterThanOrEqual(5);
  });

  it('builds histories in slices exactly as in one pass', async () => {
    const rows = plantedBlocks(30, 10, 9, 4).reverse();
    let pauses = 0;
    const sliced = await buildInteractionDataInSlices(rows, IdMap.from(['a3']), IdMap.from(['u5']), async () => void pauses++, 7);
    const whole = buildInteractionData(rows, IdMap.from(['a3']), IdMap.from(['u5']));
    expect(pauses).toBeGreaterThan(rows.length / 7);
    expect(sliced.histories).toEqual(whole.histories);
    expect(Array.from({ length: sliced.items.size }, (_, i) => sliced.items.idAt(i))).toEqual(Array.from({ length: whole.items.size }, (_, i) => whole.items.idAt(i)));
    expect(sliced.users.size).toBe(whole.users.size);
  });

  it('refuses to replace before the final swap, which still needs every write', async () => {
    const serving = new ServingRecommender(await LocalRecommender.train(plantedBlocks(), catalogueFor(), { ...options, popularityOnly: true }));
    await expect(serving.replaceWhenBuilt(async () => LocalRecommender.train([], [], options))).rejects.toThrow(/before the final swap/);
  });
});

/**
 * Stored recommender models on the real MongoDB-compatible server: chunked binary arrays round-trip,
 * versions and pruning, and a running service swapping to a newer version under a request stream
 * without failing a request.
 */
import { MongoClient, type Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import {
  LocalRecommender,
  createRecommender,
  decodeSnapshot,
  encodeSnapshot,
  loadLatestModel,
  saveModelSnapshot,
  type ModelSnapshot,
  type RecommenderService,
} from '../../../src/recommend/index.js';
import { MongoRecommenderModelRepository } from '../../../src/store/mongo-recommender-model-repository.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { FAST_ALS, catalogueFor, plantedBlocks } from '../../unit/recommend/fixtures.js';

const LOCAL = { explorationWeight: 0 };

async function trainedSnapshot(seed: number): Promise<ModelSnapshot> {
  const recommender = await LocalRecommender.train(plantedBlocks(40, 20, 12, seed), catalogueFor(), { ...LOCAL, als: FAST_ALS, similarNeighbors: 10 });
  return recommender.snapshot();
}

const silentLog = { info: () => undefined, error: () => undefined };

let opened: TestStore | undefined;
let client: MongoClient | undefined;
let service: RecommenderService | undefined;

afterEach(async () => {
  service?.close();
  service = undefined;
  await client?.close();
  client = undefined;
  await opened?.close();
  opened = undefined;
});

describe('recommender model store', () => {
  it('stores a model as chunks of binary and reads back the same arrays, newest version first', async () => {
    opened = await openTestStore();
    client = await MongoClient.connect(opened.uri);
    // 700-byte chunks: every array of the small model spans several documents.
    const repo = new MongoRecommenderModelRepository(client.db(opened.dbName).collection<Document & { _id: string }>('models'), 700);
    const first = await trainedSnapshot(1);
    const saved = await saveModelSnapshot(repo, first, 'chunky');
    expect(saved.version).toBe(1);
    expect(saved.chunks).toBeGreaterThan(6);
    const chunkDocs = await client.db(opened.dbName).collection('models').countDocuments({ kind: 'recommender-chunk' });
    expect(chunkDocs).toBe(saved.chunks);

    const loaded = await loadLatestModel(repo, 'chunky');
    expect(loaded?.version).toBe(1);
    expect(loaded?.snapshot.itemIds).toEqual(first.itemIds);
    expect(loaded?.snapshot.userIds).toEqual(first.userIds);
    expect(Array.from(loaded?.snapshot.itemFactors ?? [])).toEqual(Array.from(first.itemFactors));
    expect(Array.from(loaded?.snapshot.userFactors ?? [])).toEqual(Array.from(first.userFactors));
    expect(Array.from(loaded?.snapshot.neighborIds ?? [])).toEqual(Array.from(first.neighborIds));
    expect(Array.from(loaded?.snapshot.neighborSims ?? [])).toEqual(Array.from(first.neighborSims));
    expect(await loadLatestModel(repo, 'chunky', 1)).toBeNull();
    expect(await loadLatestModel(repo, 'other')).toBeNull();

    // Four more versions: three are kept, and the pruned ones' chunks are gone with them.
    for (let i = 0; i < 4; i++) await saveModelSnapshot(repo, first, 'chunky');
    const header = await repo.latest('chunky');
    expect(header?.version).toBe(5);
    const versions = await client.db(opened.dbName).collection('models').distinct('version', { kind: 'recommender-chunk', recName: 'chunky' });
    expect(versions.sort()).toEqual([3, 4, 5]);
    expect(await repo.loadArrays({ ...(header as NonNullable<typeof header>), version: 1 })).toBeNull();
  });

  it('refuses a stored model whose arrays do not match its description', async () => {
    const encoded = encodeSnapshot(await trainedSnapshot(1));
    const cut = encoded.arrays.map((a) => (a.name === 'itemFactors' ? { ...a, bytes: a.bytes.subarray(0, 12) } : a));
    expect(() => decodeSnapshot({ ...encoded, arrays: cut })).toThrow(expect.objectContaining({ code: 'PARLEY_RECOMMEND_MODEL_CORRUPT' }));
    expect(() => decodeSnapshot({ ...encoded, metaJson: '{"format":99}' })).toThrow(/format 99/);
  });

  it('serves the stored model at start and swaps to a newer one under a request stream without failing a request', async () => {
    opened = await openTestStore();
    const v1 = await trainedSnapshot(1);
    const v2 = await trainedSnapshot(7);
    const request = { itemId: 'a3', numResults: 8 };
    const answerOf = async (snapshot: ModelSnapshot): Promise<string[]> =>
      (await LocalRecommender.fromSnapshot(snapshot, { interactions: [], catalogue: [] }, LOCAL).getRecommendations(request)).itemList.map((i) => i.itemId);
    const expected1 = await answerOf(v1);
    const expected2 = await answerOf(v2);
    expect(expected2).not.toEqual(expected1);

    await saveModelSnapshot(opened.store.recommenderModels, v1);
    const config = { recommender: { ...loadConfig({}).recommender, modelPollMs: 0 } };
    service = await createRecommender(config, { store: opened.store, log: silentLog, localOptions: LOCAL });
    await service.ready;
    expect(service.models?.servedVersion()).toBe(1);
    expect((await service.recommender.getRecommendations(request)).itemList.map((i) => i.itemId)).toEqual(expected1);

    // A user's live event before the swap still counts after it.
    await service.recommender.putEvents({ userId: 'live-user', sessionId: 's1', eventList: [{ eventType: 'click', itemId: 'b2', sentAt: Math.floor(Date.now() / 1000) }] });

    const answers: string[][] = [];
    let failures = 0;
    let stop = false;
    const recommender = service.recommender;
    const stream = (async () => {
      while (!stop) {
        try {
          answers.push((await recommender.getRecommendations(request)).itemList.map((i) => i.itemId));
        } catch {
          failures++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await saveModelSnapshot(opened.store.recommenderModels, v2);
    expect(await service.models?.check()).toBe(true);
    const swappedAt = answers.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop = true;
    await stream;

    expect(failures).toBe(0);
    expect(service.models?.servedVersion()).toBe(2);
    expect(answers.length).toBeGreaterThan(swappedAt);
    // Every answer is one model's: the old one's until the swap, the new one's after it.
    const firstNew = answers.findIndex((a) => JSON.stringify(a) === JSON.stringify(expected2));
    expect(firstNew).toBeGreaterThan(0);
    expect(answers.slice(0, firstNew).every((a) => JSON.stringify(a) === JSON.stringify(expected1))).toBe(true);
    expect(answers.slice(firstNew).every((a) => JSON.stringify(a) === JSON.stringify(expected2))).toBe(true);
    // The live user's click on b2 carried over: their list leans to b2's group, unlike a newcomer's.
    const groupB = async (userId: string): Promise<number> =>
      (await service!.recommender.getRecommendations({ userId, numResults: 10 })).itemList.filter((i) => i.itemId.startsWith('b')).length;
    expect(await groupB('live-user')).toBeGreaterThan(await groupB('someone-new'));
  });
});

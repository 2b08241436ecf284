import { describe, expect, it } from 'vitest';
import { buildInteractionData, recommendFromHistory } from '../../../src/recommend/index.js';
import { topK } from '../../../src/recommend/local/top-k.js';
import { UserPersonalization } from '../../../src/recommend/local/recipes/user-personalization.js';
import { sharedAlsPool } from '../../../src/recommend/local/als-worker-pool.js';
import { FAST_ALS, plantedBlocks } from './fixtures.js';

describe('implicit ALS (user-personalization)', () => {
  it('learns a planted block structure: group-A users get group-A items', async () => {
    const data = buildInteractionData(plantedBlocks());
    const recipe = await UserPersonalization.train(data.histories, data.items.size, FAST_ALS);
    let inGroup = 0;
    for (let user = 0; user < data.users.size; user++) {
      const group = Number(data.users.idAt(user).slice(1)) % 2 === 0 ? 'a' : 'b';
      const scores = new Float32Array(data.items.size);
      recipe.score(data.histories[user] ?? [], scores);
      const top = topK(scores, 3).map((i) => data.items.idAt(i));
      inGroup += top.filter((id) => id.startsWith(group)).length;
    }
    expect(inGroup).toBe(3 * data.users.size);
    // Unseen items too: the best unseen item is from the user's group for nearly every user.
    const unseenHits = data.histories.filter((history, user) => {
      const group = Number(data.users.idAt(user).slice(1)) % 2 === 0 ? 'a' : 'b';
      const [best] = recommendFromHistory(recipe, history, 1);
      return best !== undefined && data.items.idAt(best).startsWith(group);
    }).length;
    expect(unseenHits / data.users.size).toBeGreaterThan(0.9);
  });

  // 8 factors train on the WebAssembly SIMD kernel, 6 on the scalar one.
  it.each([8, 6])('gives the same factors on worker threads as on the calling thread (%i factors)', async (factors) => {
    const data = buildInteractionData(plantedBlocks(20, 10, 8));
    const local = await UserPersonalization.train(data.histories, data.items.size, { ...FAST_ALS, factors, iterations: 3 });
    const threaded = await UserPersonalization.train(data.histories, data.items.size, { ...FAST_ALS, factors, iterations: 3, workers: 2 });
    expect(Array.from(threaded.model.itemFactors)).toEqual(Array.from(local.model.itemFactors));
    expect(Array.from(threaded.model.userFactors)).toEqual(Array.from(local.model.userFactors));
    expect(local.model.itemFactors.length).toBe(data.items.size * factors);
  });

  it('learns the planted blocks on the scalar kernel too (factors not a multiple of 4)', async () => {
    const data = buildInteractionData(plantedBlocks());
    const recipe = await UserPersonalization.train(data.histories, data.items.size, { ...FAST_ALS, factors: 6 });
    const hits = data.histories.filter((history, user) => {
      const group = Number(data.users.idAt(user).slice(1)) % 2 === 0 ? 'a' : 'b';
      const [best] = recommendFromHistory(recipe, history, 1);
      return best !== undefined && data.items.idAt(best).startsWith(group);
    }).length;
    expect(hits / data.users.size).toBeGreaterThan(0.9);
  });

  it('keeps one worker pool for the process and serves concurrent trainings one at a time', async () => {
    const small = buildInteractionData(plantedBlocks(20, 10, 8));
    const other = buildInteractionData(plantedBlocks(24, 12, 6));
    const params = { ...FAST_ALS, iterations: 3, workers: 2 };
    const pool = sharedAlsPool(2);
    const [a, b] = await Promise.all([
      UserPersonalization.train(small.histories, small.items.size, params),
      UserPersonalization.train(other.histories, other.items.size, params),
    ]);
    expect(sharedAlsPool(2)).toBe(pool);
    const aAlone = await UserPersonalization.train(small.histories, small.items.size, { ...params, workers: 0 });
    const bAlone = await UserPersonalization.train(other.histories, other.items.size, { ...params, workers: 0 });
    expect(Array.from(a.model.itemFactors)).toEqual(Array.from(aAlone.model.itemFactors));
    expect(Array.from(b.model.itemFactors)).toEqual(Array.from(bAlone.model.itemFactors));
  });

  it('shows the model after every iteration, the last one being the trained model', async () => {
    const data = buildInteractionData(plantedBlocks(20, 10, 8));
    const seen: Array<{ iteration: number; first: number }> = [];
    const recipe = await UserPersonalization.train(data.histories, data.items.size, { ...FAST_ALS, iterations: 4 }, (iteration, snapshot) => {
      seen.push({ iteration, first: snapshot.model.itemFactors[0] ?? Number.NaN });
      expect(snapshot.params.iterations).toBe(iteration);
    });
    expect(seen.map((s) => s.iteration)).toEqual([1, 2, 3, 4]);
    expect(seen[3]?.first).toBe(recipe.model.itemFactors[0]);
    expect(seen[0]?.first).not.toBe(seen[3]?.first);
  });
});

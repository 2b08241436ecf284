/** Synthetic data for the recommender tests: two planted groups of users and items. */
import type { Interaction } from '../../../src/recommend/index.js';
import { seededRandom } from '../../../src/recommend/local/random.js';

/** Users u0..u(n-1); even users like items a0..a(m-1), odd users like b0..b(m-1). */
export function plantedBlocks(users = 40, itemsPerGroup = 20, perUser = 12, seed = 1): Interaction[] {
  const random = seededRandom(seed);
  const rows: Interaction[] = [];
  for (let u = 0; u < users; u++) {
    const group = u % 2 === 0 ? 'a' : 'b';
    for (let e = 0; e < perUser; e++) {
      // Skewed towards low item numbers so popularity is not flat.
      const item = Math.floor(random() ** 1.5 * itemsPerGroup);
      rows.push({ userId: `u${u}`, itemId: `${group}${item}`, timestamp: 1_000_000 + u * 100 + e, eventType: 'click' });
    }
  }
  return rows;
}

export function catalogueFor(itemsPerGroup = 20): Array<{ itemId: string; metadata: Record<string, string> }> {
  return ['a', 'b'].flatMap((group) =>
    Array.from({ length: itemsPerGroup }, (_, i) => ({ itemId: `${group}${i}`, metadata: { GENRE: group === 'a' ? 'Action' : 'Drama', PRICE: String(i) } })),
  );
}

export const FAST_ALS = { factors: 8, regularization: 0.1, alpha: 4, iterations: 10, cgSteps: 3, seed: 3, workers: 0 };

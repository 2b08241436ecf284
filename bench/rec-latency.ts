/**
 * getRecommendations latency of the local recommender on a synthetic 10,000-item catalogue
 * (2,000 users x 30 interactions, Zipf-like popularity): p50 / p99 over warm calls for known
 * users, new users, related items and a filtered request. Budget: p99 under 2 ms.
 * The model has the service's tuned hyperparameters (32 factors) unless --factors says otherwise.
 * Usage: npx tsx bench/rec-latency.ts [--factors 32]
 */
import { parseArgs } from 'node:util';
import { LocalRecommender } from '../src/recommend/local-recommender.js';
import { closeSharedAlsPools } from '../src/recommend/local/als-worker-pool.js';
import { seededRandom } from '../src/recommend/local/random.js';
import type { Interaction } from '../src/recommend/index.js';

const ITEMS = 10_000;
const USERS = 2_000;
const CALLS = 2_000;
const { values: flags } = parseArgs({ options: { factors: { type: 'string', default: '32' } } });
const FACTORS = Number(flags.factors);

const random = seededRandom(11);
const interactions: Interaction[] = [];
for (let u = 0; u < USERS; u++) {
  for (let e = 0; e < 30; e++) interactions.push({ userId: `u${u}`, itemId: `i${Math.floor(random() ** 3 * ITEMS)}`, timestamp: 1_700_000_000 + e });
}
const catalogue = Array.from({ length: ITEMS }, (_, i) => ({ itemId: `i${i}`, metadata: { GENRE: `g${i % 20}` } }));
const started = performance.now();
const recommender = await LocalRecommender.train(interactions, catalogue, { als: { factors: FACTORS, regularization: 0.1, alpha: 2, iterations: 10, cgSteps: 3, seed: 1, workers: 2 } });
process.stderr.write(`trained (${FACTORS} factors) in ${Math.round(performance.now() - started)} ms\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function measure(name: string, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const line = { case: name, items: ITEMS, factors: FACTORS, calls: CALLS, p50Ms: +percentile(times, 0.5).toFixed(3), p99Ms: +percentile(times, 0.99).toFixed(3), budgetP99Ms: 2 };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

await measure('known user, 25 results', (i) => recommender.getRecommendations({ userId: `u${i % USERS}` }));
await measure('new user', (i) => recommender.getRecommendations({ userId: `new${i}` }));
await measure('related items', (i) => recommender.getRecommendations({ itemId: `i${i % 500}` }));
await measure('known user + filter', (i) =>
  recommender.getRecommendations({ userId: `u${i % USERS}`, filter: 'EXCLUDE ItemID WHERE Items.GENRE IN ($G)', filterValues: { G: '"g1","g2"' } }),
);
await closeSharedAlsPools();

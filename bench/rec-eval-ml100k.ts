/**
 * MovieLens 100K offline evaluation: every local recipe through the same code as `parley rec eval`,
 * the ratio user-personalization / popularity-count NDCG@10, and, when the Python `implicit`
 * library is available (IMPLICIT_PYTHON, default /tmp/implicit-venv/bin/python), its ALS on the
 * same split with the same hyperparameters, scored by the same metric code.
 * Usage: npx tsx bench/rec-eval-ml100k.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_EVAL_OPTIONS,
  DEFAULT_SPLIT,
  IdMap,
  MetricsAccumulator,
  buildInteractionData,
  evaluateRecipes,
  parseInteractionsCsv,
  splitUsers,
  type Interaction,
  type RecipeResult,
} from '../src/recommend/index.js';
import { ML100K_CSV, convertMl100k } from './ml100k-to-csv.js';

const K = 10;
const PYTHON = process.env['IMPLICIT_PYTHON'] ?? '/tmp/implicit-venv/bin/python';

async function runPeer(interactions: Interaction[], up: RecipeResult): Promise<void> {
  if (!existsSync(PYTHON)) {
    process.stdout.write(`${JSON.stringify({ peer: 'implicit', skipped: `no python with implicit at ${PYTHON}` })}\n`);
    return;
  }
  const data = buildInteractionData(interactions, new IdMap());
  const split = splitUsers(data.histories, { ...DEFAULT_SPLIT, seed: DEFAULT_EVAL_OPTIONS.seed });
  const dir = path.resolve(import.meta.dirname, 'out/ml100k-split');
  await mkdir(dir, { recursive: true });
  const train = split.train.flatMap((history, user) => history.map((e) => `${user},${e.item}`));
  const history = split.test.flatMap((t, row) => t.history.map((e) => `${row},${e.item}`));
  await writeFile(path.join(dir, 'train.csv'), `${train.join('\n')}\n`);
  await writeFile(path.join(dir, 'history.csv'), `${history.join('\n')}\n`);
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ users: data.users.size, items: data.items.size, testUsers: split.test.length }));
  const p = up.params;
  // implicit's confidence is alpha * w; ours is 1 + alpha * w, the same for w = 1 with alpha + 1.
  const args = [path.resolve(import.meta.dirname, 'implicit_peer.py'), dir, String(K), String(p['factors']), String(p['regularization']), String((p['alpha'] ?? 0) + 1), '15'];
  const output = JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { trainMs: number; topK: number[][] };
  const metrics = new MetricsAccumulator(K, data.items.size);
  split.test.forEach((t, row) => metrics.add(output.topK[row] ?? [], t.truth));
  const peer = { recipe: 'implicit-als (peer)', ...metrics.result(), k: K, trainMs: output.trainMs, params: p };
  process.stdout.write(`${JSON.stringify(peer)}\n`);
  process.stdout.write(
    `${JSON.stringify({ ndcgRatioVsImplicit: +(up.ndcg / peer.ndcg).toFixed(3), trainTimeRatioVsImplicit: +(up.trainMs / Math.max(1, peer.trainMs)).toFixed(2) })}\n`,
  );
}

if (!existsSync(ML100K_CSV)) await convertMl100k();
const interactions = parseInteractionsCsv(await readFile(ML100K_CSV, 'utf8'));
const results = await evaluateRecipes(interactions, [], { ...DEFAULT_EVAL_OPTIONS, k: K, onProgress: (m) => process.stderr.write(`${m}\n`) }, (r) =>
  process.stdout.write(`${JSON.stringify(r)}\n`),
);
const popularity = results.find((r) => r.recipe === 'popularity-count');
const up = results.find((r) => r.recipe === 'user-personalization');
if (popularity !== undefined && up !== undefined) {
  process.stdout.write(`${JSON.stringify({ ndcgRatioUserPersonalizationVsPopularity: +(up.ndcg / popularity.ndcg).toFixed(3) })}\n`);
  await runPeer(interactions, up);
}

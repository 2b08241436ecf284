/**
 * MovieLens 100K offline evaluation: every local recipe through the same code as `parley rec eval`,
 * the ratio user-personalization / popularity-count NDCG@10, and the Python `implicit` library's
 * ALS (the peer) on the same split with the same hyperparameters (factors, regularization, alpha,
 * iterations, CG steps), its top-k scored by the same metric code.
 *
 * Training time is then compared head to head: Parley's ALS and the peer are trained ROUNDS times
 * each, alternating, on the same training matrix, and the medians are compared, so both see the
 * same load on a shared machine. Each round also records CPU time (Parley: process.cpuUsage over
 * the training, worker threads included; implicit: its process time over fit), and the load
 * average is printed before and after the rounds, since wall times on a busy machine are inflated.
 *
 * The peer runs in the venv made by `sh bench/setup-rec-peers.sh` (.tools/rec-peers-venv; override
 * with IMPLICIT_PYTHON). Usage: npx tsx bench/rec-eval-ml100k.ts [--rounds 3] [--workers 2]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
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
import { DEFAULT_ALS_PARAMS, trainAls } from '../src/recommend/local/als-trainer.js';
import { closeSharedAlsPools } from '../src/recommend/local/als-worker-pool.js';
import { buildUserMatrix } from '../src/recommend/local/interaction-matrix.js';
import { ML100K_CSV, convertMl100k } from './ml100k-to-csv.js';

const K = 10;
const { values: flags } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, workers: { type: 'string', default: '2' } } });
const ROUNDS = Number(flags.rounds);
const WORKERS = Number(flags.workers);
const PYTHON = process.env['IMPLICIT_PYTHON'] ?? path.resolve(import.meta.dirname, '../.tools/rec-peers-venv/bin/python');

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function runPeer(interactions: Interaction[], up: RecipeResult): Promise<void> {
  if (!existsSync(PYTHON)) {
    emit({ peer: 'implicit', skipped: `no python with implicit at ${PYTHON}; run: sh bench/setup-rec-peers.sh` });
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
  const params = { ...DEFAULT_ALS_PARAMS, ...up.params, workers: WORKERS, seed: DEFAULT_EVAL_OPTIONS.seed };
  // implicit's confidence is alpha * w; ours is 1 + alpha * w, the same for w = 1 with alpha + 1.
  const args = [
    path.resolve(import.meta.dirname, 'implicit_peer.py'),
    dir,
    String(K),
    String(params.factors),
    String(params.regularization),
    String(params.alpha + 1),
    String(params.iterations),
    String(params.cgSteps),
    String(WORKERS),
  ];
  const runImplicit = (): { trainMs: number; trainCpuMs: number; topK: number[][] } =>
    JSON.parse(execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { trainMs: number; trainCpuMs: number; topK: number[][] };
  const matrix = buildUserMatrix(split.train, data.items.size);
  const parleyMs: number[] = [];
  const parleyCpuMs: number[] = [];
  const peerMs: number[] = [];
  const peerCpuMs: number[] = [];
  let peerTopK: number[][] = [];
  const loadBefore = loadavg()[0] ?? 0;
  for (let round = 0; round < ROUNDS; round++) {
    const output = runImplicit();
    peerMs.push(output.trainMs);
    peerCpuMs.push(output.trainCpuMs);
    peerTopK = output.topK;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await trainAls(matrix, params);
    parleyMs.push(Math.round(performance.now() - started));
    const used = process.cpuUsage(cpu);
    parleyCpuMs.push(Math.round((used.user + used.system) / 1000));
  }
  const loadAfter = loadavg()[0] ?? 0;
  const metrics = new MetricsAccumulator(K, data.items.size);
  split.test.forEach((t, row) => metrics.add(peerTopK[row] ?? [], t.truth));
  const peer = { recipe: 'implicit-als (peer)', ...metrics.result(), k: K, trainMs: median(peerMs), params: up.params };
  emit(peer);
  emit({
    trainingRounds: ROUNDS,
    workers: WORKERS,
    loadAverage1m: { before: +loadBefore.toFixed(2), after: +loadAfter.toFixed(2) },
    parleyAlsMs: parleyMs,
    implicitAlsMs: peerMs,
    parleyMedianMs: median(parleyMs),
    implicitMedianMs: median(peerMs),
    parleyAlsCpuMs: parleyCpuMs,
    implicitAlsCpuMs: peerCpuMs,
  });
  emit({
    ndcgRatioVsImplicit: +(up.ndcg / peer.ndcg).toFixed(3),
    trainTimeRatioVsImplicit: +(median(parleyMs) / Math.max(1, median(peerMs))).toFixed(2),
    trainCpuRatioVsImplicit: +(median(parleyCpuMs) / Math.max(1, median(peerCpuMs))).toFixed(2),
  });
}

if (!existsSync(ML100K_CSV)) await convertMl100k();
const interactions = parseInteractionsCsv(await readFile(ML100K_CSV, 'utf8'));
const results = await evaluateRecipes(interactions, [], { ...DEFAULT_EVAL_OPTIONS, k: K, workers: WORKERS, onProgress: (m) => process.stderr.write(`${m}\n`) }, emit);
const popularity = results.find((r) => r.recipe === 'popularity-count');
const up = results.find((r) => r.recipe === 'user-personalization');
if (popularity !== undefined && up !== undefined) {
  emit({ ndcgRatioUserPersonalizationVsPopularity: +(up.ndcg / popularity.ndcg).toFixed(3) });
  await runPeer(interactions, up);
}
await closeSharedAlsPools();

import { readFile } from 'node:fs/promises';
import {
  DEFAULT_ALS_PARAMS,
  DEFAULT_LOCAL_OPTIONS,
  DEFAULT_MODEL_NAME,
  LocalRecommender,
  TUNED_ALS,
  closeSharedAlsPools,
  parseInteractionsCsv,
  parseItemsCsv,
  readTrainingData,
  saveModelSnapshot,
  type TrainingData,
} from '../../recommend/index.js';
import { openStore } from '../../store/index.js';
import { loadConfigOrExit } from '../load-config.js';
import { phaseProgress } from '../phase-progress.js';

export interface RecTrainOptions {
  interactions?: string;
  items?: string;
  workers?: string;
  name?: string;
  progress?: boolean;
}

const MODEL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

async function readCsvData(interactionsFile: string, itemsFile: string | undefined): Promise<TrainingData> {
  const interactions = parseInteractionsCsv(await readFile(interactionsFile, 'utf8'));
  const catalogue = itemsFile === undefined ? [] : parseItemsCsv(await readFile(itemsFile, 'utf8'));
  return { interactions, catalogue };
}

/**
 * `parley rec train [--interactions FILE.csv [--items FILE.csv]] [--workers N] [--name NAME]`:
 * trains the local model on the store's interactions (or a Personalize CSV), stores it as the next
 * version in MongoDB, and prints one JSON line; running services swap to it at their next poll.
 */
export async function runRecTrain(options: RecTrainOptions): Promise<number> {
  const config = loadConfigOrExit();
  const say = (message: string): void => void process.stderr.write(`rec train: ${message}\n`);
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  const progress = phaseProgress('rec train', options.progress !== false);
  try {
    const name = options.name ?? DEFAULT_MODEL_NAME;
    if (!MODEL_NAME.test(name)) throw new Error(`--name must be 1 to 64 letters, digits, '-' or '_' (got "${name}")`);
    const workers = integerOption('workers', options.workers, config.recommender.trainWorkers, 0, 64);
    if (options.items !== undefined && options.interactions === undefined) throw new Error('--items goes with --interactions');
    store = await openStore(config, { log: say });
    const readStarted = performance.now();
    const data = options.interactions === undefined ? await readTrainingData(store) : await readCsvData(options.interactions, options.items);
    say(`read ${data.interactions.length} interactions and ${data.catalogue.length} items in ${Math.round(performance.now() - readStarted)} ms`);
    if (data.interactions.length === 0) throw new Error('no interactions to train on');
    const started = performance.now();
    const recommender = await LocalRecommender.train(data.interactions, data.catalogue, {
      ...DEFAULT_LOCAL_OPTIONS,
      als: { ...DEFAULT_ALS_PARAMS, ...TUNED_ALS, workers },
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
    const trainMs = Math.round(performance.now() - started);
    progress.stop();
    const snapshot = recommender.snapshot();
    const saved = await saveModelSnapshot(store.recommenderModels, snapshot, name);
    process.stdout.write(
      `${JSON.stringify({ name: saved.name, version: saved.version, items: snapshot.itemIds.length, users: snapshot.userIds.length, interactions: data.interactions.length, factors: snapshot.factors, trainMs, bytes: saved.bytes, chunks: saved.chunks })}\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    say(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await store?.close();
    await closeSharedAlsPools();
  }
}

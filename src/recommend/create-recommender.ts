/**
 * Picks and starts the recommender the configuration asks for. The local engine serves popular
 * items as soon as the catalogue is read, then trains on every stored interaction in the
 * background (ALS on worker threads) and swaps each better model in without dropping a request.
 */
import type { RecommenderSettings } from '../config.js';
import type { InteractionRepository, ItemRepository, RecommenderModelRepository } from '../store/port.js';
import { DEFAULT_ALS_PARAMS } from './local/als-trainer.js';
import { DEFAULT_LOCAL_OPTIONS, LocalRecommender, type LocalRecommenderOptions } from './local-recommender.js';
import { DEFAULT_MODEL_NAME, ModelWatcher, loadLatestModel, type LoadedModel } from './model-store.js';
import type { Recommender } from './port.js';
import { ServingRecommender } from './serving-recommender.js';
import { readCatalogue, readTrainingData } from './store-training-data.js';

/** The slice of Config the recommender reads (a whole Config fits). */
export interface RecommenderConfig {
  recommender: RecommenderSettings;
}

/** A pino logger fits. */
export interface RecommenderLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RecommenderDeps {
  /** Where the local engine's training data comes from (read once, at start). */
  store: {
    interactions: Pick<InteractionRepository, 'forEach'>;
    items: Pick<ItemRepository, 'search' | 'categories' | 'brands'>;
    /** Where `parley rec train` stores models: the newest is served instead of training at start. */
    recommenderModels?: RecommenderModelRepository;
  };
  log: RecommenderLog;
  /** Overrides of the local engine's options (tests: a seeded `random`). */
  localOptions?: Partial<LocalRecommenderOptions>;
}

export interface RecommenderService {
  /** What fulfilment asks; for the local engine, the model being served at the time. */
  recommender: Recommender;
  /** The local engine, when it is the one configured: what the Personalize emulator serves. */
  local?: Recommender;
  /** Resolves when the final model serves (at once for Personalize); never rejects (failures are logged). */
  ready: Promise<void>;
  /** Stops background training at its next step (the store is about to close). */
  close(): void;
  /** Local engine with a model store: the stored model version served (0: trained here), and a poll now. */
  models?: { servedVersion(): number; check(): Promise<boolean> };
}

/** Hyperparameters chosen by the offline search on MovieLens 100K (docs/recommendations.md). */
export const TUNED_ALS = { factors: 32, alpha: 2, regularization: 0.1, iterations: 10 };

/**
 * Builds the configured recommender. Local: resolves once the catalogue is read (popular items
 * only); `ready` follows when the trained model serves. Personalize: the adapter, one client pair.
 */
export async function createRecommender(config: RecommenderConfig, deps: RecommenderDeps): Promise<RecommenderService> {
  const settings = config.recommender;
  if (settings.engine === 'personalize') {
    // Loaded only when used: the AWS SDK stays out of a local engine's start.
    const { PersonalizeRecommender } = await import('./personalize-recommender.js');
    return { recommender: PersonalizeRecommender.fromSettings(settings.personalize), ready: Promise.resolve(), close: () => undefined };
  }
  const options: Partial<LocalRecommenderOptions> = {
    explorationWeight: settings.explorationWeight,
    als: { ...DEFAULT_ALS_PARAMS, ...TUNED_ALS, workers: settings.trainWorkers },
    ...deps.localOptions,
  };
  const catalogue = await readCatalogue(deps.store.items);
  const serving = new ServingRecommender(await LocalRecommender.train([], catalogue, { ...options, popularityOnly: true }));
  const state: BackgroundState = { closed: false, version: 0 };
  const repo = deps.store.recommenderModels;
  const watcher =
    repo === undefined
      ? undefined
      : new ModelWatcher({
          repo,
          name: DEFAULT_MODEL_NAME,
          pollMs: settings.modelPollMs,
          servedVersion: () => state.version,
          onNewer: (loaded) => swapToStored(serving, state, loaded, options, deps.log),
          onError: (error) => {
            // A poll cut short by shutdown (the store closing) is not a failure.
            if (!state.closed) deps.log.error({ err: error }, 'loading a newer recommender model failed; serving the current one');
          },
        });
  const ready = trainInBackground(serving, deps, options, state)
    .then(() => {
      if (watcher === undefined || state.closed) return;
      // Trained here: a model stored meanwhile is newer; look at once.
      if (state.version === 0) {
        void watcher.check().catch((error: unknown) => {
          if (!state.closed) deps.log.error({ err: error }, 'loading a stored recommender model failed');
        });
      }
      watcher.start();
    })
    .catch((error: unknown) => {
      // Closing the store under a read in progress is a shutdown, not a failure.
      if (!state.closed) deps.log.error({ err: error }, 'recommender training failed; serving popular items');
    });
  return {
    recommender: serving,
    local: serving,
    ready,
    close: () => {
      state.closed = true;
      watcher?.stop();
    },
    ...(watcher === undefined ? {} : { models: { servedVersion: () => state.version, check: () => (state.live === undefined ? Promise.resolve(false) : watcher.check()) } }),
  };
}

interface BackgroundState {
  closed: boolean;
  /** Stored model version served (0: none). */
  version: number;
  /** The local model serving once the final swap is done. */
  live?: LocalRecommender;
}

/**
 * Builds the stored model from the live one's state and swaps it in. The build runs in slices
 * (requests are served from the live model in between) and writes taken meanwhile are replayed
 * into the new model before it serves.
 */
async function swapToStored(serving: ServingRecommender, state: BackgroundState, loaded: LoadedModel, options: Partial<LocalRecommenderOptions>, log: RecommenderLog): Promise<void> {
  const live = state.live;
  if (live === undefined || state.closed || loaded.version <= state.version) return;
  const started = performance.now();
  const next = await serving.replaceWhenBuilt(() => LocalRecommender.fromSnapshotInSlices(loaded.snapshot, live, options));
  state.live = next;
  state.version = loaded.version;
  log.info({ version: loaded.version, trainedAt: loaded.snapshot.trainedAt, swapMs: Math.round(performance.now() - started) }, 'recommender now serving a newer stored model');
}

async function trainInBackground(serving: ServingRecommender, deps: RecommenderDeps, options: Partial<LocalRecommenderOptions>, state: BackgroundState): Promise<void> {
  const readStarted = performance.now();
  const stored = deps.store.recommenderModels === undefined ? null : await loadLatestModel(deps.store.recommenderModels, DEFAULT_MODEL_NAME);
  const data = await readTrainingData(deps.store);
  if (state.closed) return;
  const readMs = Math.round(performance.now() - readStarted);
  if (stored !== null) {
    // A model from `parley rec train`: served at once, no training here.
    const model = LocalRecommender.fromSnapshot(stored.snapshot, data, options);
    await serving.swap(model, { final: true });
    state.live = model;
    state.version = stored.version;
    deps.log.info({ version: stored.version, trainedAt: stored.snapshot.trainedAt, interactions: data.interactions.length, readMs }, 'recommender serving the stored model');
    return;
  }
  await serving.swap(await LocalRecommender.train(data.interactions, data.catalogue, { ...options, popularityOnly: true }));
  deps.log.info({ interactions: data.interactions.length, items: data.catalogue.length, readMs }, 'recommender serving popular items; training the full model');
  if (state.closed) return;
  const trainStarted = performance.now();
  const full = await LocalRecommender.train(data.interactions, data.catalogue, options);
  await serving.swap(full, { final: true });
  state.live = full;
  const workers = options.als?.workers ?? DEFAULT_LOCAL_OPTIONS.als.workers;
  deps.log.info({ trainMs: Math.round(performance.now() - trainStarted), workers }, 'recommender model trained and serving');
}

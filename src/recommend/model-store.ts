/**
 * Stored local models: `parley rec train` saves a version, a running service loads the newest at
 * start and watches for newer ones. The store keeps the bytes (RecommenderModelRepository); this
 * module knows what they mean (model-snapshot.ts).
 */
import type { RecommenderModelRepository } from '../store/port.js';
import { decodeSnapshot, encodeSnapshot, type ModelSnapshot } from './local/model-snapshot.js';

export const DEFAULT_MODEL_NAME = 'default';
/** Older versions are pruned after a save; a service still loading one finds it gone and retries. */
export const KEPT_VERSIONS = 3;

export interface SavedModel {
  name: string;
  version: number;
  bytes: number;
  chunks: number;
}

export async function saveModelSnapshot(repo: RecommenderModelRepository, snapshot: ModelSnapshot, name = DEFAULT_MODEL_NAME): Promise<SavedModel> {
  const encoded = encodeSnapshot(snapshot);
  const version = await repo.nextVersion(name);
  const header = await repo.save({ name, version, createdAt: new Date(), metaJson: encoded.metaJson }, encoded.arrays);
  await repo.prune(name, KEPT_VERSIONS);
  return {
    name,
    version,
    bytes: header.arrays.reduce((sum, a) => sum + a.byteLength, 0),
    chunks: header.arrays.reduce((sum, a) => sum + a.chunks, 0),
  };
}

export interface LoadedModel {
  version: number;
  snapshot: ModelSnapshot;
}

/** The newest stored version, if newer than `after`; null when there is none (or it was pruned meanwhile). */
export async function loadLatestModel(repo: RecommenderModelRepository, name = DEFAULT_MODEL_NAME, after = 0): Promise<LoadedModel | null> {
  const header = await repo.latest(name);
  if (header === null || header.version <= after) return null;
  const arrays = await repo.loadArrays(header);
  if (arrays === null) return null;
  return { version: header.version, snapshot: decodeSnapshot({ metaJson: header.metaJson, arrays }) };
}

export interface ModelWatcherOptions {
  repo: RecommenderModelRepository;
  name?: string;
  pollMs: number;
  /** The version served now (0: none); onNewer advances it. */
  servedVersion(): number;
  /** Serves the newer model; called one at a time. */
  onNewer(model: LoadedModel): void | Promise<void>;
  onError(error: unknown): void;
}

/** Polls the newest header every `pollMs`; a failed poll is reported and the next one tries again. */
export class ModelWatcher {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The check in progress: the next one waits for it, so onNewer calls never overlap. */
  private checking: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ModelWatcherOptions) {}

  start(): void {
    if (this.options.pollMs > 0 && !this.stopped) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** One poll now (also what the timer runs), after any check still in progress. */
  check(): Promise<boolean> {
    const run = this.checking.then(async () => {
      const loaded = await loadLatestModel(this.options.repo, this.options.name, this.options.servedVersion());
      if (loaded === null || this.stopped) return false;
      await this.options.onNewer(loaded);
      return true;
    });
    this.checking = run.catch(() => undefined);
    return run;
  }

  private schedule(): void {
    // A chain of timeouts, not an interval: a slow load never overlaps the next poll.
    this.timer = setTimeout(() => {
      this.check()
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.options.pollMs);
    this.timer.unref();
  }
}

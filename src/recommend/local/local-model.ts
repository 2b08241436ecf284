/** The bundle of trained recipes the local recommender serves from, built in one call. */
import { DEFAULT_ALS_PARAMS, type AlsParams } from './als-trainer.js';
import type { InteractionData } from './interaction-matrix.js';
import { PopularityCount } from './recipes/popularity-count.js';
import { SimilarItems } from './recipes/similar-items.js';
import { UserPersonalization } from './recipes/user-personalization.js';

export interface LocalModelOptions {
  als: AlsParams;
  similarNeighbors: number;
  /**
   * Train popularity only (similar items and ALS are left empty): a model ready in milliseconds
   * to serve while the full one trains.
   */
  popularityOnly?: boolean;
  /** Training progress: a phase ('similar-items', 'als') and its steps done of total. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export const DEFAULT_MODEL_OPTIONS: LocalModelOptions = { als: DEFAULT_ALS_PARAMS, similarNeighbors: 50 };

export interface LocalModel {
  popularity: PopularityCount;
  similar: SimilarItems;
  personalization: UserPersonalization;
}

export async function trainLocalModel(data: InteractionData, options: LocalModelOptions): Promise<LocalModel> {
  const itemCount = data.items.size;
  const learnFrom = options.popularityOnly === true ? [] : data.histories;
  const progress = options.popularityOnly === true ? undefined : options.onProgress;
  const popularity = PopularityCount.train(data.histories, itemCount);
  progress?.('similar-items', 0, 1);
  const similar = SimilarItems.train(learnFrom, itemCount, { neighbors: options.similarNeighbors });
  progress?.('similar-items', 1, 1);
  const als = options.popularityOnly === true ? { ...options.als, iterations: 0, factors: 1, workers: 0 } : options.als;
  progress?.('als', 0, als.iterations);
  const personalization = await UserPersonalization.train(learnFrom, itemCount, als, progress && ((iteration) => progress('als', iteration, als.iterations)));
  return { popularity, similar, personalization };
}

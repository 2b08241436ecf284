/** The bundle of trained recipes the local recommender serves from, built in one call. */
import { DEFAULT_ALS_PARAMS, type AlsParams } from './als-trainer.js';
import type { InteractionData } from './interaction-matrix.js';
import { PopularityCount } from './recipes/popularity-count.js';
import { SimilarItems } from './recipes/similar-items.js';
import { UserPersonalization } from './recipes/user-personalization.js';

export interface LocalModelOptions {
  als: AlsParams;
  similarNeighbors: number;
}

export const DEFAULT_MODEL_OPTIONS: LocalModelOptions = { als: DEFAULT_ALS_PARAMS, similarNeighbors: 50 };

export interface LocalModel {
  popularity: PopularityCount;
  similar: SimilarItems;
  personalization: UserPersonalization;
}

export async function trainLocalModel(data: InteractionData, options: LocalModelOptions): Promise<LocalModel> {
  const itemCount = data.items.size;
  return {
    popularity: PopularityCount.train(data.histories, itemCount),
    similar: SimilarItems.train(data.histories, itemCount, { neighbors: options.similarNeighbors }),
    personalization: await UserPersonalization.train(data.histories, itemCount, options.als),
  };
}

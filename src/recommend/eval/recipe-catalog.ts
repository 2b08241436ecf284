/**
 * The recipes the offline evaluation knows, each with a small hyperparameter grid (searched on a
 * validation split, like Personalize's HPO) and a trainer.
 */
import { DEFAULT_ALS_PARAMS, type AlsParams } from '../local/als-trainer.js';
import { PopularityCount } from '../local/recipes/popularity-count.js';
import { SimilarItems } from '../local/recipes/similar-items.js';
import { TrendingNow } from '../local/recipes/trending-now.js';
import { UserPersonalization } from '../local/recipes/user-personalization.js';
import type { ScoringRecipe, UserEvent } from '../local/types.js';

export type RecipeParams = Readonly<Record<string, number>>;

export interface TrainingSet {
  histories: readonly (readonly UserEvent[])[];
  itemCount: number;
  /** Latest training timestamp (epoch seconds): "now" for time-decayed recipes. */
  nowSeconds: number;
  workers: number;
  seed: number;
}

export interface RecipeSpec {
  name: string;
  grid: readonly RecipeParams[];
  /**
   * Iteration counts the search tries for each grid entry, read off one training of the largest
   * (`onCheckpoint` is called at each), instead of one training per count.
   */
  checkpoints?: readonly number[];
  train(data: TrainingSet, params: RecipeParams, onCheckpoint?: (params: RecipeParams, recipe: ScoringRecipe) => void): Promise<ScoringRecipe>;
}

const DAY_SECONDS = 86_400;
const ALS_CHECKPOINTS: readonly number[] = [5, 10, 15];

function alsParams(data: TrainingSet, params: RecipeParams): AlsParams {
  return { ...DEFAULT_ALS_PARAMS, ...params, workers: data.workers, seed: data.seed };
}

export const RECIPES: readonly RecipeSpec[] = [
  {
    name: 'popularity-count',
    grid: [{}],
    train: async (data) => PopularityCount.train(data.histories, data.itemCount),
  },
  {
    name: 'trending-now',
    grid: [7, 30, 180].map((days) => ({ halfLifeSeconds: days * DAY_SECONDS })),
    train: async (data, params) =>
      TrendingNow.train(data.histories, data.itemCount, data.nowSeconds, { halfLifeSeconds: params['halfLifeSeconds'] ?? 30 * DAY_SECONDS }),
  },
  {
    name: 'similar-items',
    grid: [{ neighbors: 30 }, { neighbors: 100 }],
    train: async (data, params) => SimilarItems.train(data.histories, data.itemCount, { neighbors: params['neighbors'] ?? 50 }),
  },
  {
    name: 'user-personalization',
    grid: [
      { factors: 32, alpha: 2, regularization: 0.1 },
      { factors: 32, alpha: 8, regularization: 0.1 },
      { factors: 64, alpha: 2, regularization: 0.1 },
      { factors: 64, alpha: 8, regularization: 0.1 },
    ],
    checkpoints: ALS_CHECKPOINTS,
    train: (data, params, onCheckpoint) => {
      const checkpoints = new Set(ALS_CHECKPOINTS);
      return UserPersonalization.train(data.histories, data.itemCount, alsParams(data, params), (iteration, recipe) => {
        if (checkpoints.has(iteration)) onCheckpoint?.({ ...params, iterations: iteration }, recipe);
      });
    },
  },
];

export const DEFAULT_EVAL_RECIPES = RECIPES.map((r) => r.name);

export function findRecipe(name: string): RecipeSpec | undefined {
  return RECIPES.find((r) => r.name === name);
}

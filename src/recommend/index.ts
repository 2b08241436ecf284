/**
 * Public names of the recommendations area: the port (Personalize-shaped), the local recipes'
 * building blocks, filters, CSV reading and the offline evaluation.
 */
export * from './port.js';
export { parseInteractionsCsv, parseItemsCsv, type ItemRow } from './csv.js';
export { parseFilter, compileItemFilter, parseFilterValueList, type Filter, type FilterContext } from './filters/index.js';
export type { Interaction, UserEvent, ScoringRecipe } from './local/types.js';
export { IdMap } from './local/id-map.js';
export { buildInteractionData, type InteractionData } from './local/interaction-matrix.js';
export { DEFAULT_ALS_PARAMS, type AlsParams } from './local/als-trainer.js';
export { rankingMetrics, MetricsAccumulator, type RankingMetrics } from './eval/metrics.js';
export { splitUsers, DEFAULT_SPLIT, type EvalSplit, type HeldOutUser, type SplitOptions } from './eval/split.js';
export {
  evaluateRecipes,
  recommendFromHistory,
  scoreHeldOut,
  DEFAULT_EVAL_OPTIONS,
  type EvalOptions,
  type RecipeResult,
} from './eval/evaluate.js';
export { RECIPES, DEFAULT_EVAL_RECIPES, type RecipeSpec, type RecipeParams } from './eval/recipe-catalog.js';
export { LocalRecommender, DEFAULT_LOCAL_OPTIONS, type LocalRecommenderOptions } from './local-recommender.js';
export { ServingRecommender } from './serving-recommender.js';
export { slotFilter, quotedValue, SLOT_FILTERS, type SlotConstraints, type NamedFilter } from './slot-filters.js';
export { itemMetadata, readCatalogue, readTrainingData, type CatalogueEntry, type TrainingData } from './store-training-data.js';
export {
  createRecommender,
  type RecommenderConfig,
  type RecommenderDeps,
  type RecommenderLog,
  type RecommenderService,
} from './create-recommender.js';

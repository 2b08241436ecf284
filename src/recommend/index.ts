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
export { closeSharedAlsPools } from './local/als-worker-pool.js';
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
export { recipeMetricsPlot } from './eval/recipe-plot.js';
export { LocalRecommender, DEFAULT_LOCAL_OPTIONS, type LocalRecommenderOptions } from './local-recommender.js';
export { ServingRecommender } from './serving-recommender.js';
export { slotFilter, quotedValue, SLOT_FILTERS, type SlotConstraints, type NamedFilter } from './slot-filters.js';
export { itemMetadata, readCatalogue, readTrainingData, type CatalogueEntry, type TrainingData } from './store-training-data.js';
export { exportDatasets, importDatasets, csvFile, schemaFile, type DatasetStore, type ExportSummary, type ImportSummary, type ImportOptions, type FileBadLine } from './datasets/store-datasets.js';
export { INTERACTIONS_SCHEMA, ITEMS_SCHEMA, USERS_SCHEMA, type AvroSchema, type AvroField } from './datasets/schemas.js';
export { DEFAULT_MODEL_NAME, KEPT_VERSIONS, ModelWatcher, loadLatestModel, saveModelSnapshot, type LoadedModel, type SavedModel } from './model-store.js';
export { decodeSnapshot, encodeSnapshot, type ModelSnapshot } from './local/model-snapshot.js';
export type { LocalRecommenderState } from './local-recommender.js';
export {
  TUNED_ALS,
  createRecommender,
  type RecommenderConfig,
  type RecommenderDeps,
  type RecommenderLog,
  type RecommenderService,
} from './create-recommender.js';

/**
 * Offline evaluation of recipes on a Personalize interactions dataset: split (split.ts), pick each
 * recipe's hyperparameters on a validation split of the training users, train on all training
 * users (timed), then score every held-out user from their history, excluding items they have
 * already seen, and average the metrics.
 */
import { ValidationError } from '../../shared/errors.js';
import { IdMap } from '../local/id-map.js';
import { buildInteractionData } from '../local/interaction-matrix.js';
import { topK } from '../local/top-k.js';
import type { Interaction, ScoringRecipe, UserEvent } from '../local/types.js';
import { MetricsAccumulator } from './metrics.js';
import { DEFAULT_EVAL_RECIPES, RECIPES, findRecipe, type RecipeParams, type RecipeSpec, type TrainingSet } from './recipe-catalog.js';
import { DEFAULT_SPLIT, splitUsers, type HeldOutUser } from './split.js';

export interface EvalOptions {
  k: number;
  recipes: readonly string[];
  seed: number;
  /** Worker threads for training (0: the calling thread). */
  workers: number;
  /** Skip the hyperparameter search and use each grid's first entry. */
  skipTuning?: boolean;
  onProgress?: (message: string) => void;
}

export const DEFAULT_EVAL_OPTIONS: EvalOptions = { k: 10, recipes: DEFAULT_EVAL_RECIPES, seed: 7, workers: 2 };

export interface RecipeResult {
  recipe: string;
  ndcg: number;
  precision: number;
  recall: number;
  mrr: number;
  coverage: number;
  k: number;
  trainMs: number;
  users: number;
  params: RecipeParams;
}

/** The top k items for a history, never an item already in it. */
export function recommendFromHistory(recipe: ScoringRecipe, history: readonly UserEvent[], k: number, scratch?: Float32Array): number[] {
  const scores = scratch ?? new Float32Array(recipe.itemCount);
  recipe.score(history, scores);
  for (const event of history) if (event.item < scores.length) scores[event.item] = Number.NaN;
  return topK(scores, k);
}

export function scoreHeldOut(recipe: ScoringRecipe, test: readonly HeldOutUser[], k: number, catalogueSize: number): ReturnType<MetricsAccumulator['result']> {
  const metrics = new MetricsAccumulator(k, catalogueSize);
  const scratch = new Float32Array(recipe.itemCount);
  for (const user of test) metrics.add(recommendFromHistory(recipe, user.history, k, scratch), user.truth);
  return metrics.result();
}

function latestTimestamp(histories: readonly (readonly UserEvent[])[]): number {
  let latest = 0;
  for (const history of histories) for (const event of history) latest = Math.max(latest, event.timestamp);
  return latest;
}

async function tune(spec: RecipeSpec, train: UserEvent[][], itemCount: number, options: EvalOptions): Promise<RecipeParams> {
  const first = spec.grid[0] ?? {};
  if (options.skipTuning === true || spec.grid.length < 2) return first;
  const validation = splitUsers(train, { ...DEFAULT_SPLIT, seed: options.seed + 1 });
  const data: TrainingSet = { histories: validation.train, itemCount, nowSeconds: latestTimestamp(validation.train), workers: options.workers, seed: options.seed };
  let best = { params: first, ndcg: -1 };
  const consider = (params: RecipeParams, recipe: ScoringRecipe): void => {
    const { ndcg } = scoreHeldOut(recipe, validation.test, options.k, itemCount);
    options.onProgress?.(`${spec.name}: validation ndcg@${options.k}=${ndcg.toFixed(4)} for ${JSON.stringify(params)}`);
    // Strictly better only: an earlier checkpoint (fewer iterations) wins a tie.
    if (ndcg > best.ndcg) best = { params, ndcg };
  };
  for (const params of spec.grid) {
    if (spec.checkpoints !== undefined && spec.checkpoints.length > 0) {
      await spec.train(data, { ...params, iterations: Math.max(...spec.checkpoints) }, consider);
    } else {
      consider(params, await spec.train(data, params));
    }
  }
  return best.params;
}

function resolveRecipes(names: readonly string[]): RecipeSpec[] {
  return names.map((name) => {
    const spec = findRecipe(name);
    if (spec === undefined) {
      throw new ValidationError('PARLEY_RECOMMEND_UNKNOWN_RECIPE', `unknown recipe "${name}" (known: ${RECIPES.map((r) => r.name).join(', ')})`);
    }
    return spec;
  });
}

/** Evaluates each recipe in turn; `onResult` gets each result as soon as it is known. */
export async function evaluateRecipes(
  interactions: readonly Interaction[],
  catalogue: readonly string[],
  options: EvalOptions,
  onResult: (result: RecipeResult) => void = () => {},
): Promise<RecipeResult[]> {
  if (!Number.isInteger(options.k) || options.k < 1 || options.k > 500) {
    throw new ValidationError('PARLEY_RECOMMEND_INVALID_K', `k must be an integer from 1 to 500 (got ${options.k})`);
  }
  const specs = resolveRecipes(options.recipes);
  const data = buildInteractionData(interactions, IdMap.from(catalogue));
  const split = splitUsers(data.histories, { ...DEFAULT_SPLIT, seed: options.seed });
  if (split.test.length === 0) {
    throw new ValidationError('PARLEY_RECOMMEND_NOT_ENOUGH_DATA', 'no user has 2 or more interactions; nothing to hold out');
  }
  const itemCount = data.items.size;
  options.onProgress?.(`${data.users.size} users, ${itemCount} items, ${interactions.length} interactions; ${split.test.length} held-out users`);
  const results: RecipeResult[] = [];
  for (const spec of specs) {
    const params = await tune(spec, split.train, itemCount, options);
    const started = performance.now();
    const training: TrainingSet = { histories: split.train, itemCount, nowSeconds: latestTimestamp(split.train), workers: options.workers, seed: options.seed };
    const recipe = await spec.train(training, params);
    const trainMs = Math.round(performance.now() - started);
    const metrics = scoreHeldOut(recipe, split.test, options.k, itemCount);
    const result: RecipeResult = { recipe: spec.name, ...metrics, k: options.k, trainMs, params };
    results.push(result);
    onResult(result);
  }
  return results;
}

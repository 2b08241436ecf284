import { readFile } from 'node:fs/promises';
import { DEFAULT_EVAL_OPTIONS, evaluateRecipes, parseInteractionsCsv, parseItemsCsv, recipeMetricsPlot, type RecipeResult } from '../../recommend/index.js';
import { writeChart } from '../chart-file.js';

export interface RecEvalOptions {
  interactions: string;
  items?: string;
  k?: string;
  recipes?: string;
  seed?: string;
  workers?: string;
  /** Draw the recipes' metrics into this SVG file. */
  plot?: string;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** The printed line: the fields of the issue first, then the chosen hyperparameters. */
export function formatResult(result: RecipeResult): string {
  const { recipe, ndcg, precision, recall, mrr, coverage, k, trainMs, users, params } = result;
  return JSON.stringify({ recipe, ndcg: round(ndcg), precision: round(precision), recall: round(recall), mrr: round(mrr), coverage: round(coverage), k, trainMs, users, params });
}

function integerOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer (got "${raw}")`);
  return value;
}

/**
 * `parley rec eval --interactions FILE.csv [--items FILE.csv] [--k 10] [--recipes a,b,c] [--plot FILE.svg]`:
 * one JSON line per recipe on stdout, progress on stderr. Returns the exit code.
 */
export async function runRecEval(options: RecEvalOptions): Promise<number> {
  const progress = (message: string): void => {
    process.stderr.write(`rec eval: ${message}\n`);
  };
  try {
    const interactions = parseInteractionsCsv(await readFile(options.interactions, 'utf8'));
    const catalogue = options.items === undefined ? [] : parseItemsCsv(await readFile(options.items, 'utf8')).map((i) => i.itemId);
    const results: RecipeResult[] = [];
    const recipes = options.recipes === undefined ? DEFAULT_EVAL_OPTIONS.recipes : options.recipes.split(',').map((r) => r.trim());
    await evaluateRecipes(
      interactions,
      catalogue,
      {
        k: integerOption('k', options.k, DEFAULT_EVAL_OPTIONS.k),
        recipes,
        seed: integerOption('seed', options.seed, DEFAULT_EVAL_OPTIONS.seed),
        workers: integerOption('workers', options.workers, DEFAULT_EVAL_OPTIONS.workers),
        onProgress: progress,
      },
      (result) => {
        results.push(result);
        process.stdout.write(`${formatResult(result)}\n`);
      },
    );
    if (options.plot !== undefined) {
      await writeChart(options.plot, recipeMetricsPlot(results));
      progress(`wrote ${options.plot}`);
    }
    return 0;
  } catch (error) {
    progress(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

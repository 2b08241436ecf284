/**
 * The chart of `parley rec eval --plot`: each recipe's ranking metrics side by side, so the
 * recipes' strengths (accuracy against catalogue coverage) show at a glance.
 */
import type { PlotSpec } from '../../shared/plot-svg.js';
import type { RecipeResult } from './evaluate.js';

const METRICS = ['ndcg', 'precision', 'recall', 'mrr', 'coverage'] as const;

export function recipeMetricsPlot(results: readonly RecipeResult[]): PlotSpec {
  const k = results[0]?.k ?? 10;
  const values = results.flatMap((r) => METRICS.map((metric) => ({ recipe: r.recipe, metric: metric === 'coverage' ? 'coverage' : `${metric}@${k}`, value: r[metric] })));
  return {
    title: { text: 'Recommendation recipes, offline', subtitle: `${results[0]?.users ?? 0} held-out users; metrics at ${k} (coverage: share of the catalogue recommended)` },
    width: 120 * METRICS.length,
    height: 280,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'metric', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'recipe', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: 'value' },
      color: { field: 'recipe', type: 'nominal', title: 'recipe', legend: { labelLimit: 240 } },
    },
  };
}

/**
 * Charts of an `nlu eval` run, for `--plots DIR`: which intents are taken for which (a confusion
 * matrix), and whether the confidence means what it says (a reliability diagram: per confidence
 * bin, how often the engine was right, against the diagonal a calibrated engine would follow).
 */
import { expectedCalibrationError, reliabilityBins } from '../local/nlu-calibration.js';
import type { PlotSpec } from '../../shared/plot-svg.js';
import type { NluPrediction } from './nlu-evaluator.js';

/** One cell of the confusion matrix: how many lines of `gold` were predicted `predicted`, and their share of `gold`'s lines. */
export interface ConfusionCell {
  gold: string;
  predicted: string;
  count: number;
  share: number;
}

/** The non-empty cells, gold intents and predictions in first-seen order. */
export function confusionCells(predictions: readonly NluPrediction[]): ConfusionCell[] {
  const counts = new Map<string, Map<string, number>>();
  for (const p of predictions) {
    const row = counts.get(p.goldIntent) ?? new Map<string, number>();
    row.set(p.predictedIntent, (row.get(p.predictedIntent) ?? 0) + 1);
    counts.set(p.goldIntent, row);
  }
  const cells: ConfusionCell[] = [];
  for (const [gold, row] of counts) {
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    for (const [predicted, count] of row) cells.push({ gold, predicted, count, share: count / total });
  }
  return cells;
}

export function confusionPlot(predictions: readonly NluPrediction[]): PlotSpec {
  const cells = confusionCells(predictions);
  const intents = [...new Set([...cells.map((c) => c.gold), ...cells.map((c) => c.predicted)])].sort();
  const correct = predictions.filter((p) => p.goldIntent === p.predictedIntent).length;
  const title = {
    text: 'Intent confusion',
    subtitle: [`${predictions.length} test lines, ${correct} right (${((100 * correct) / Math.max(1, predictions.length)).toFixed(2)}%)`, "numbers: lines; colour: share of the labelled intent's lines"],
  };
  const side = Math.max(240, 36 * intents.length);
  return {
    title,
    width: side,
    height: side,
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: intents, title: 'predicted intent', axis: { labelAngle: -40 } },
      y: { field: 'gold', type: 'nominal', sort: intents, title: 'labelled intent' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'share', type: 'quantitative', title: 'row share', scale: { scheme: 'blues', domain: [0, 1] } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

export function reliabilityPlot(predictions: readonly NluPrediction[], bins = 10): PlotSpec {
  const outcomes = predictions.map((p) => ({ confidence: p.confidence, correct: p.goldIntent === p.predictedIntent }));
  const data = reliabilityBins(outcomes, bins);
  const ece = expectedCalibrationError(outcomes, bins);
  return {
    title: {
      text: 'Confidence against accuracy',
      subtitle: [`${predictions.length} test lines; expected calibration error ${ece.toFixed(4)}`, 'numbers: lines in the bin; dashed: a calibrated engine'],
    },
    width: 360,
    height: 360,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: data },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'meanConfidence', type: 'quantitative', title: 'mean confidence in the bin', scale: { domain: [0, 1] } },
          y: { field: 'accuracy', type: 'quantitative', title: 'share right', scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: data },
        mark: { type: 'text', dy: -10, fontSize: 10 },
        encoding: {
          x: { field: 'meanConfidence', type: 'quantitative' },
          y: { field: 'accuracy', type: 'quantitative' },
          text: { field: 'count', type: 'quantitative' },
        },
      },
    ],
  };
}

/** The charts of `nlu eval --plots`: the confusion counts and reliability bins they draw, and that they render to SVG. */
import { describe, expect, it } from 'vitest';
import { confusionCells, confusionPlot, reliabilityPlot, type NluPrediction } from '../../../src/conversation/eval/index.js';
import { reliabilityBins } from '../../../src/conversation/local/nlu-calibration.js';
import { renderPlotSvg } from '../../../src/shared/plot-svg.js';

const prediction = (goldIntent: string, predictedIntent: string, confidence: number): NluPrediction =>
  ({ text: 't', goldIntent, predictedIntent, confidence, goldSlots: [], predictedSlots: [] });

const predictions = [
  prediction('PlayMusic', 'PlayMusic', 0.95),
  prediction('PlayMusic', 'PlayMusic', 0.91),
  prediction('PlayMusic', 'AddToPlaylist', 0.55),
  prediction('GetWeather', 'GetWeather', 0.99),
  prediction('GetWeather', 'FallbackIntent', 0.32),
];

describe('nlu eval plots', () => {
  it('counts each labelled intent against each predicted one, with its share of the label', () => {
    expect(confusionCells(predictions)).toEqual([
      { gold: 'PlayMusic', predicted: 'PlayMusic', count: 2, share: 2 / 3 },
      { gold: 'PlayMusic', predicted: 'AddToPlaylist', count: 1, share: 1 / 3 },
      { gold: 'GetWeather', predicted: 'GetWeather', count: 1, share: 0.5 },
      { gold: 'GetWeather', predicted: 'FallbackIntent', count: 1, share: 0.5 },
    ]);
  });

  it('bins confidences with their accuracy, leaving empty bins out', () => {
    const outcomes = predictions.map((p) => ({ confidence: p.confidence, correct: p.goldIntent === p.predictedIntent }));
    const bins = reliabilityBins(outcomes, 10);
    expect(bins.map((b) => [b.lower, b.count, b.accuracy])).toEqual([[0.3, 1, 0], [0.5, 1, 0], [0.9, 3, 1]]);
    expect(bins[2]?.meanConfidence).toBeCloseTo((0.95 + 0.91 + 0.99) / 3, 10);
  });

  it('renders both charts to SVG with their intents, counts and titles', async () => {
    const confusion = await renderPlotSvg(confusionPlot(predictions));
    expect(confusion.startsWith('<svg')).toBe(true);
    for (const label of ['Intent confusion', '5 test lines, 3 right (60.00%)', 'AddToPlaylist', 'FallbackIntent', 'GetWeather', 'PlayMusic', 'labelled intent']) expect(confusion).toContain(label);
    const reliability = await renderPlotSvg(reliabilityPlot(predictions));
    expect(reliability.startsWith('<svg')).toBe(true);
    expect(reliability).toContain('Confidence against accuracy');
    expect(reliability).toMatch(/expected calibration error 0\.\d{4}/);
  });
});

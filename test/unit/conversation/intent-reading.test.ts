/** A close call between the two best intents, settled by the slot tagger's reading of each. */
import { describe, expect, it } from 'vitest';
import type { IntentRecognition } from '../../../src/conversation/local/intent-recognizer.js';
import { DEFAULT_READING, settleByReading } from '../../../src/conversation/local/intent-reading.js';

const FALLBACK = 'FallbackIntent';
const recognition = (ranked: Array<[string, number]>, isFallback = false): IntentRecognition => ({
  intentName: isFallback ? FALLBACK : (ranked[0]?.[0] ?? FALLBACK),
  isFallback,
  ranked: ranked.map(([intentName, score]) => ({ intentName, score })),
});
const readings = (scores: Record<string, number>) => (intent: string): number | undefined => scores[intent];

describe('settleByReading', () => {
  it('swaps the top two when the second reads enough better, the chosen intent taking the top score', () => {
    // log(0.45 / 0.40) = 0.118; 0.118 + 0.3 * (1 - 2) < 0.
    const settled = settleByReading(recognition([['SearchCreativeWork', 0.45], ['SearchScreeningEvent', 0.4], ['PlayMusic', 0.1]]), FALLBACK, readings({ SearchCreativeWork: 1, SearchScreeningEvent: 2 }));
    expect(settled).toEqual({
      intentName: 'SearchScreeningEvent',
      isFallback: false,
      ranked: [
        { intentName: 'SearchScreeningEvent', score: 0.45 },
        { intentName: 'SearchCreativeWork', score: 0.4 },
        { intentName: 'PlayMusic', score: 0.1 },
      ],
    });
  });

  it('keeps the recognition when the reading does not make up for the lower score', () => {
    const close = recognition([['A', 0.45], ['B', 0.4]]);
    // 0.118 + 0.3 * (1 - 1.3) = 0.028 >= 0
    expect(settleByReading(close, FALLBACK, readings({ A: 1, B: 1.3 }))).toBe(close);
    expect(settleByReading(close, FALLBACK, readings({ A: 2, B: 1 }))).toBe(close);
  });

  it('leaves calls that are not close, and is not run for them', () => {
    // log(0.7 / 0.2) = 1.25 > 0.5
    const clear = recognition([['A', 0.7], ['B', 0.2]]);
    const asked: string[] = [];
    expect(settleByReading(clear, FALLBACK, (intent) => (asked.push(intent), intent === 'B' ? 100 : 0))).toBe(clear);
    expect(asked).toEqual([]);
    expect(DEFAULT_READING.closeLogOdds).toBeLessThan(Math.log(0.7 / 0.2));
  });

  it('never moves to or from the fallback, nor past a fallback decision', () => {
    const toFallback = recognition([['A', 0.45], [FALLBACK, 0.4]]);
    expect(settleByReading(toFallback, FALLBACK, readings({ A: 0, [FALLBACK]: 100 }))).toBe(toFallback);
    const fromFallback = recognition([[FALLBACK, 0.45], ['A', 0.4]], true);
    expect(settleByReading(fromFallback, FALLBACK, readings({ A: 100, [FALLBACK]: 0 }))).toBe(fromFallback);
    const belowThreshold = recognition([['A', 0.3], ['B', 0.29]], true);
    expect(settleByReading(belowThreshold, FALLBACK, readings({ A: 0, B: 100 }))).toBe(belowThreshold);
  });

  it('keeps the recognition when either intent has no reading (no slots, or a tagger decoding word by word)', () => {
    const close = recognition([['A', 0.45], ['B', 0.4]]);
    expect(settleByReading(close, FALLBACK, readings({ B: 100 }))).toBe(close);
    expect(settleByReading(recognition([['A', 0.5]]), FALLBACK, readings({ A: 1 }))).toEqual(recognition([['A', 0.5]]));
  });
});

import { describe, expect, it } from 'vitest';
import { rankingMetrics, MetricsAccumulator } from '../../../src/recommend/index.js';

describe('ranking metrics (Personalize definitions)', () => {
  it('matches the documented worked example: relevant at ranks 2 and 5', () => {
    const m = rankingMetrics([10, 1, 11, 12, 2], new Set([1, 2]), 5);
    expect(m.reciprocalRank).toBe(0.5);
    expect(m.ndcg).toBeCloseTo(0.6241, 4);
    expect(m.precision).toBe(0.4);
    expect(m.recall).toBe(1);
  });

  it('is zero without hits and one for a perfect list', () => {
    expect(rankingMetrics([3, 4], new Set([1]), 2)).toEqual({ ndcg: 0, precision: 0, recall: 0, reciprocalRank: 0 });
    expect(rankingMetrics([1, 2], new Set([1, 2]), 2).ndcg).toBeCloseTo(1, 10);
  });

  it('averages over users and measures coverage of the catalogue', () => {
    const acc = new MetricsAccumulator(2, 10);
    acc.add([1, 2], new Set([1]));
    acc.add([3, 4], new Set([9]));
    const r = acc.result();
    expect(r.mrr).toBe(0.5);
    expect(r.coverage).toBeCloseTo(0.4);
    expect(r.users).toBe(2);
  });
});

/**
 * Top-k metrics as Personalize defines them: NDCG with gain 1/log2(1 + rank) normalized by the
 * ideal ordering of min(|relevant|, k) hits, precision@k = hits / k, recall@k = hits / |relevant|,
 * and reciprocal rank of the first hit within the list (0 when none).
 */
export interface RankingMetrics {
  ndcg: number;
  precision: number;
  recall: number;
  reciprocalRank: number;
}

export function rankingMetrics(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): RankingMetrics {
  let dcg = 0;
  let hits = 0;
  let reciprocalRank = 0;
  const top = ranked.slice(0, k);
  top.forEach((item, index) => {
    if (!relevant.has(item)) return;
    hits++;
    dcg += 1 / Math.log2(index + 2);
    if (reciprocalRank === 0) reciprocalRank = 1 / (index + 1);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return {
    ndcg: ideal === 0 ? 0 : dcg / ideal,
    precision: k === 0 ? 0 : hits / k,
    recall: relevant.size === 0 ? 0 : hits / relevant.size,
    reciprocalRank,
  };
}

/** Accumulates per-user metrics and catalogue coverage over one evaluation. */
export class MetricsAccumulator {
  private readonly sums = { ndcg: 0, precision: 0, recall: 0, reciprocalRank: 0 };
  private users = 0;
  private readonly recommended = new Set<number>();

  constructor(
    private readonly k: number,
    private readonly catalogueSize: number,
  ) {}

  add(ranked: readonly number[], relevant: ReadonlySet<number>): void {
    const metrics = rankingMetrics(ranked, relevant, this.k);
    this.sums.ndcg += metrics.ndcg;
    this.sums.precision += metrics.precision;
    this.sums.recall += metrics.recall;
    this.sums.reciprocalRank += metrics.reciprocalRank;
    this.users++;
    for (const item of ranked.slice(0, this.k)) this.recommended.add(item);
  }

  result(): { ndcg: number; precision: number; recall: number; mrr: number; coverage: number; users: number } {
    const n = Math.max(1, this.users);
    return {
      ndcg: this.sums.ndcg / n,
      precision: this.sums.precision / n,
      recall: this.sums.recall / n,
      mrr: this.sums.reciprocalRank / n,
      coverage: this.catalogueSize === 0 ? 0 : this.recommended.size / this.catalogueSize,
      users: this.users,
    };
  }
}

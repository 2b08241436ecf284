/**
 * Similar-Items (SIMS): item-item co-occurrence across users' histories, normalized as a cosine
 * between item vectors whose user entries are down-weighted for very active users
 * (weight 1 / log2(2 + n_u)), so a user who saw everything links nothing strongly.
 * Only the top `neighbors` of each item are kept, so memory is O(items x neighbors).
 */
import { buildUserMatrix, transpose } from '../interaction-matrix.js';
import { topK } from '../top-k.js';
import type { ScoringRecipe, UserEvent } from '../types.js';

export interface SimilarItemsParams {
  neighbors: number;
}

export class SimilarItems implements ScoringRecipe {
  readonly name = 'similar-items';

  private constructor(
    readonly itemCount: number,
    private readonly neighbors: number,
    private readonly neighborIds: Int32Array,
    private readonly neighborSims: Float32Array,
  ) {}

  static train(histories: readonly (readonly UserEvent[])[], itemCount: number, params: SimilarItemsParams): SimilarItems {
    const users = buildUserMatrix(histories, itemCount);
    const items = transpose(users);
    const userWeight = new Float64Array(users.rows);
    for (let u = 0; u < users.rows; u++) userWeight[u] = 1 / Math.log2(2 + (users.indptr[u + 1]! - users.indptr[u]!));
    const norm = new Float64Array(itemCount);
    for (let i = 0; i < itemCount; i++) {
      let sum = 0;
      for (let e = items.indptr[i]!; e < items.indptr[i + 1]!; e++) sum += userWeight[items.indices[e]!]!;
      norm[i] = Math.sqrt(sum);
    }
    const m = params.neighbors;
    const neighborIds = new Int32Array(itemCount * m).fill(-1);
    const neighborSims = new Float32Array(itemCount * m);
    const acc = new Float64Array(itemCount);
    for (let i = 0; i < itemCount; i++) {
      const touched: number[] = [];
      for (let e = items.indptr[i]!; e < items.indptr[i + 1]!; e++) {
        const u = items.indices[e]!;
        const w = userWeight[u]!;
        for (let f = users.indptr[u]!; f < users.indptr[u + 1]!; f++) {
          const j = users.indices[f]!;
          if (j === i) continue;
          if (acc[j] === 0) touched.push(j);
          acc[j]! += w;
        }
      }
      const sims = touched.map((j) => acc[j]! / (norm[i]! * norm[j]!));
      const best = topK(sims, m);
      best.forEach((slot, rank) => {
        neighborIds[i * m + rank] = touched[slot]!;
        neighborSims[i * m + rank] = sims[slot]!;
      });
      for (const j of touched) acc[j] = 0;
    }
    return new SimilarItems(itemCount, m, neighborIds, neighborSims);
  }

  /** Rebuilds a trained model from its arrays (a stored model snapshot). */
  static fromArrays(itemCount: number, neighbors: number, neighborIds: Int32Array, neighborSims: Float32Array): SimilarItems {
    return new SimilarItems(itemCount, neighbors, neighborIds, neighborSims);
  }

  /** The arrays a snapshot stores: `neighbors` slots per item, ids -1 past the last neighbour. */
  toArrays(): { neighbors: number; neighborIds: Int32Array; neighborSims: Float32Array } {
    return { neighbors: this.neighbors, neighborIds: this.neighborIds, neighborSims: this.neighborSims };
  }

  /** Adds `weight` x similarity of each neighbour of `item` into `out`. */
  addSimilar(item: number, weight: number, out: Float32Array): void {
    if (item >= this.itemCount) return;
    const base = item * this.neighbors;
    for (let r = 0; r < this.neighbors; r++) {
      const j = this.neighborIds[base + r]!;
      if (j < 0) return;
      if (j < out.length) out[j]! += weight * this.neighborSims[base + r]!;
    }
  }

  /** Sum of similarities to the distinct items of the history (item-based kNN). */
  score(history: readonly UserEvent[], out: Float32Array): void {
    out.fill(0);
    const seen = new Set<number>();
    for (const event of history) {
      if (seen.has(event.item)) continue;
      seen.add(event.item);
      this.addSimilar(event.item, 1, out);
    }
  }
}

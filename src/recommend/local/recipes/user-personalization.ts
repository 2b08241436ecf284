/**
 * User-Personalization: implicit-feedback matrix factorization (ALS with conjugate gradient).
 * Users are never looked up by id: a user's vector is the exact least-squares solution against
 * the fixed item factors for their history (fold-in), so new events count at once, without
 * retraining, and held-out or brand-new users are scored the same way.
 */
import { computeGram, solveRowExact } from '../als-kernel.js';
import { trainAls, type AlsFactors, type AlsParams } from '../als-trainer.js';
import { buildUserMatrix } from '../interaction-matrix.js';
import type { ScoringRecipe, UserEvent } from '../types.js';

export class UserPersonalization implements ScoringRecipe {
  readonly name = 'user-personalization';
  private readonly itemGram: Float64Array;

  private constructor(
    readonly itemCount: number,
    readonly model: AlsFactors,
    readonly params: AlsParams,
  ) {
    this.itemGram = computeGram(model.itemFactors, itemCount, model.factors, params.regularization);
  }

  static async train(histories: readonly (readonly UserEvent[])[], itemCount: number, params: AlsParams): Promise<UserPersonalization> {
    const matrix = buildUserMatrix(histories, itemCount);
    const model = await trainAls(matrix, params);
    return new UserPersonalization(itemCount, model, params);
  }

  get factors(): number {
    return this.model.factors;
  }

  /** The user's vector from their history; events on items newer than the model are skipped. */
  foldIn(history: readonly UserEvent[]): Float32Array {
    const weights = new Map<number, number>();
    for (const event of history) {
      if (event.item < this.itemCount) weights.set(event.item, (weights.get(event.item) ?? 0) + 1);
    }
    if (weights.size === 0) return new Float32Array(this.model.factors);
    return solveRowExact([...weights.keys()], [...weights.values()], this.model.itemFactors, this.itemGram, this.model.factors, this.params.alpha);
  }

  /** out[i] = user . item_i for every item of the model. */
  scoreVector(user: Float32Array, out: Float32Array): void {
    const k = this.model.factors;
    const items = this.model.itemFactors;
    const n = Math.min(out.length, this.itemCount);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const base = i * k;
      for (let a = 0; a < k; a++) sum += user[a]! * items[base + a]!;
      out[i] = sum;
    }
    out.fill(0, n);
  }

  score(history: readonly UserEvent[], out: Float32Array): void {
    this.scoreVector(this.foldIn(history), out);
  }

  /** The trained vector of training user `user` (row of the user factors). */
  trainedUserVector(user: number): Float32Array {
    const k = this.model.factors;
    return this.model.userFactors.subarray(user * k, (user + 1) * k);
  }

  itemVector(item: number): Float32Array | undefined {
    if (item >= this.itemCount) return undefined;
    const k = this.model.factors;
    return this.model.itemFactors.subarray(item * k, (item + 1) * k);
  }
}

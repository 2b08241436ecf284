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
  /** Items by decreasing factor norm, built on first use (scoreTop). */
  private byNorm: { order: Int32Array; norms: Float32Array } | undefined;

  constructor(
    readonly itemCount: number,
    readonly model: AlsFactors,
    readonly params: AlsParams,
  ) {
    this.itemGram = computeGram(model.itemFactors, itemCount, model.factors, params.regularization);
  }

  /**
   * `onIteration` sees the model after each iteration (scored in place, before the next one
   * starts), so a search over the number of iterations needs one training, not one per value.
   */
  static async train(
    histories: readonly (readonly UserEvent[])[],
    itemCount: number,
    params: AlsParams,
    onIteration?: (iteration: number, recipe: UserPersonalization) => void | Promise<void>,
  ): Promise<UserPersonalization> {
    const matrix = buildUserMatrix(histories, itemCount);
    const model = await trainAls(
      matrix,
      params,
      onIteration ? { onIteration: (iteration, factors) => onIteration(iteration, new UserPersonalization(itemCount, factors, { ...params, iterations: iteration })) } : {},
    );
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
    // Unrolled by four with separate sums: this loop is most of a request's time.
    const k4 = k - (k % 4);
    for (let i = 0; i < n; i++) {
      const base = i * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let a = 0; a < k4; a += 4) {
        s0 += user[a]! * items[base + a]!;
        s1 += user[a + 1]! * items[base + a + 1]!;
        s2 += user[a + 2]! * items[base + a + 2]!;
        s3 += user[a + 3]! * items[base + a + 3]!;
      }
      for (let a = k4; a < k; a++) s0 += user[a]! * items[base + a]!;
      out[i] = s0 + s1 + s2 + s3;
    }
    out.fill(0, n);
  }

  /**
   * The same scores as scoreVector for every item that can be among the `k` best accepted ones,
   * and -Infinity for the rest (new items past the model score 0, as in scoreVector). Items are
   * visited by decreasing norm; once |user| x |item| (an upper bound of the dot product) is under
   * the k-th best accepted score, no later item can enter, and the scan stops.
   */
  scoreTop(user: Float32Array, k: number, accept: (item: number) => boolean, out: Float32Array): void {
    const { order, norms } = this.normIndex();
    const factors = this.model.factors;
    const items = this.model.itemFactors;
    let userNorm = 0;
    for (let a = 0; a < factors; a++) userNorm += user[a]! * user[a]!;
    userNorm = Math.sqrt(userNorm);
    out.fill(Number.NEGATIVE_INFINITY, 0, Math.min(out.length, this.itemCount));
    out.fill(0, Math.min(out.length, this.itemCount));
    // Min-heap of the k best accepted scores so far.
    const heap = new Float64Array(Math.max(1, k));
    let size = 0;
    for (let r = 0; r < order.length; r++) {
      // A relative margin covers Float32 rounding of the stored norms and factors.
      if (size >= k && userNorm * norms[r]! * (1 + 1e-5) + 1e-12 < heap[0]!) break;
      const item = order[r]!;
      if (item >= out.length) continue;
      const base = item * factors;
      let sum = 0;
      for (let a = 0; a < factors; a++) sum += user[a]! * items[base + a]!;
      out[item] = sum;
      const score = out[item]!;
      if (size >= k && score <= heap[0]!) continue;
      if (!accept(item)) continue;
      if (size < k) {
        heap[size++] = score;
        siftUp(heap, size - 1);
      } else {
        heap[0] = score;
        siftDown(heap, size);
      }
    }
  }

  private normIndex(): { order: Int32Array; norms: Float32Array } {
    if (this.byNorm !== undefined) return this.byNorm;
    const k = this.model.factors;
    const items = this.model.itemFactors;
    const norm = new Float64Array(this.itemCount);
    for (let i = 0; i < this.itemCount; i++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += items[i * k + a]! * items[i * k + a]!;
      norm[i] = Math.sqrt(sum);
    }
    const order = Int32Array.from({ length: this.itemCount }, (_, i) => i).sort((a, b) => norm[b]! - norm[a]! || a - b);
    this.byNorm = { order, norms: Float32Array.from(order, (i) => norm[i]!) };
    // Rounded up to Float32 so the bound never undershoots the true norm.
    for (let r = 0; r < order.length; r++) if (this.byNorm.norms[r]! < norm[order[r]!]!) this.byNorm.norms[r] = Math.fround(norm[order[r]!]! * (1 + 1e-7));
    return this.byNorm;
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

function siftUp(heap: Float64Array, at: number): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (heap[parent]! <= heap[at]!) return;
    const t = heap[parent]!;
    heap[parent] = heap[at]!;
    heap[at] = t;
    at = parent;
  }
}

function siftDown(heap: Float64Array, size: number): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let smallest = at;
    if (left < size && heap[left]! < heap[smallest]!) smallest = left;
    if (right < size && heap[right]! < heap[smallest]!) smallest = right;
    if (smallest === at) return;
    const t = heap[smallest]!;
    heap[smallest] = heap[at]!;
    heap[at] = t;
    at = smallest;
  }
}

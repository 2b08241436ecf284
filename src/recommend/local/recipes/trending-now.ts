/**
 * Trending-Now: interactions counted with an exponential time decay, so items popular recently
 * outrank items that were popular long ago. `halfLifeSeconds` is tuned on validation data.
 */
import type { ScoringRecipe, UserEvent } from '../types.js';

export interface TrendingNowParams {
  halfLifeSeconds: number;
}

export class TrendingNow implements ScoringRecipe {
  readonly name = 'trending-now';
  private readonly weights: Float64Array;

  private constructor(
    itemCount: number,
    private readonly nowSeconds: number,
    private readonly params: TrendingNowParams,
  ) {
    this.weights = new Float64Array(itemCount);
  }

  /** `nowSeconds` is the reference time (the latest training timestamp in offline evaluation). */
  static train(
    histories: readonly (readonly UserEvent[])[],
    itemCount: number,
    nowSeconds: number,
    params: TrendingNowParams,
  ): TrendingNow {
    const recipe = new TrendingNow(itemCount, nowSeconds, params);
    for (const history of histories) for (const event of history) recipe.add(event);
    return recipe;
  }

  get itemCount(): number {
    return this.weights.length;
  }

  add(event: UserEvent): void {
    if (event.item >= this.weights.length) return;
    // Capped so an event far past the reference time cannot overflow.
    const age = Math.max(this.nowSeconds - event.timestamp, -this.params.halfLifeSeconds * 8);
    this.weights[event.item] = (this.weights[event.item] ?? 0) + 2 ** (-age / this.params.halfLifeSeconds);
  }

  score(_history: readonly UserEvent[], out: Float32Array): void {
    const n = Math.min(out.length, this.weights.length);
    for (let i = 0; i < n; i++) out[i] = this.weights[i] ?? 0;
    out.fill(0, n);
  }
}

/** Popularity-Count: items ranked by how many interactions they have; updated in real time. */
import type { ScoringRecipe, UserEvent } from '../types.js';

export class PopularityCount implements ScoringRecipe {
  readonly name = 'popularity-count';
  private counts: Float64Array;

  constructor(itemCount: number) {
    this.counts = new Float64Array(itemCount);
  }

  static train(histories: readonly (readonly UserEvent[])[], itemCount: number): PopularityCount {
    const recipe = new PopularityCount(itemCount);
    for (const history of histories) for (const event of history) recipe.add(event);
    return recipe;
  }

  get itemCount(): number {
    return this.counts.length;
  }

  /** Counts one more interaction; grows for items added after training. */
  add(event: UserEvent): void {
    if (event.item >= this.counts.length) {
      const grown = new Float64Array(Math.max(event.item + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[event.item] = (this.counts[event.item] ?? 0) + 1;
  }

  count(item: number): number {
    return this.counts[item] ?? 0;
  }

  score(_history: readonly UserEvent[], out: Float32Array): void {
    const n = Math.min(out.length, this.counts.length);
    for (let i = 0; i < n; i++) out[i] = this.counts[i] ?? 0;
    out.fill(0, n);
  }
}

/** Value types shared by the local recipes, the matrix builder and the evaluation. */

/** One interaction as read from a Personalize interactions dataset (TIMESTAMP in epoch seconds). */
export interface Interaction {
  userId: string;
  itemId: string;
  timestamp: number;
  eventType?: string;
  eventValue?: number;
}

/** One interaction of a known user, with the item as a dense index. */
export interface UserEvent {
  item: number;
  timestamp: number;
  eventType: string;
  value?: number;
}

/** Compressed sparse rows: row r holds indices[indptr[r]..indptr[r+1]) with their values. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * A trained recipe that scores every item of its catalogue for a user given that user's history.
 * Recipes never see user ids: a user's history is enough (fold-in), so held-out and brand-new
 * users take the same path as known ones. `out` has one slot per item; higher is better.
 */
export interface ScoringRecipe {
  readonly name: string;
  readonly itemCount: number;
  score(history: readonly UserEvent[], out: Float32Array): void;
}

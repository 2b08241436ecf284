/**
 * Item-Affinity: the users most likely to want the given items, by the mean of user . item over
 * the items' factor vectors. Users who already interacted with one of the items are skipped:
 * a segment for a campaign wants people not yet reached.
 */
import { topK } from '../top-k.js';

export interface AffinityInput {
  itemVectors: readonly Float32Array[];
  userCount: number;
  userVector: (user: number) => Float32Array | undefined;
  hasInteracted: (user: number) => boolean;
  numResults: number;
}

export function rankUsersForItems(input: AffinityInput): Array<{ user: number; score: number }> {
  const scores = new Float32Array(input.userCount).fill(Number.NaN);
  if (input.itemVectors.length === 0) return [];
  for (let u = 0; u < input.userCount; u++) {
    const vector = input.userVector(u);
    if (vector === undefined || input.hasInteracted(u)) continue;
    let sum = 0;
    for (const item of input.itemVectors) {
      for (let a = 0; a < vector.length; a++) sum += vector[a]! * item[a]!;
    }
    scores[u] = sum / input.itemVectors.length;
  }
  return topK(scores, input.numResults).map((user) => ({ user, score: scores[user]! }));
}

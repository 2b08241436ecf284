/**
 * Personalized-Ranking: orders a caller's candidate list by the user's scores. Candidates the
 * model does not know are kept, appended after the scored ones without a score (as Personalize).
 */
export interface RankedCandidate {
  /** Position in the caller's input list. */
  position: number;
  score?: number;
}

export function rankCandidates(itemIndices: readonly (number | undefined)[], scores: ArrayLike<number>): RankedCandidate[] {
  const scored: RankedCandidate[] = [];
  const unscored: RankedCandidate[] = [];
  itemIndices.forEach((item, position) => {
    const score = item === undefined ? undefined : scores[item];
    if (score === undefined || Number.isNaN(score)) unscored.push({ position });
    else scored.push({ position, score });
  });
  scored.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.position - b.position);
  return [...scored, ...unscored];
}

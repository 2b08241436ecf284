import type { SparseVector } from './features.js';
import type { BanditModel } from './model.js';
import type { BanditAction, FeatureSet, LoggedDecision, LoggedExample } from './port.js';

/** What featurizing a logged decision again needs: its features and the chosen action. */
type Featured = Pick<LoggedDecision, 'contextJson' | 'actions' | 'excludedActions' | 'chosenActionId'>;

/** The candidate actions of a logged decision (excluded ones removed) and the chosen one's index. */
export function loggedCandidates(decision: Featured): { candidates: BanditAction[]; chosen: number } {
  const excluded = new Set(decision.excludedActions);
  const candidates = decision.actions
    .filter((a) => !excluded.has(a.id))
    .map((a) => ({ id: a.id, features: JSON.parse(a.featuresJson) as FeatureSet }));
  return { candidates, chosen: candidates.findIndex((a) => a.id === decision.chosenActionId) };
}

/** Featurizes a logged decision again, as it was when decided (actions are immutable once logged). */
export function loggedVectors(model: BanditModel, decision: Featured): { vectors: SparseVector[]; chosen: number } {
  const { candidates, chosen } = loggedCandidates(decision);
  if (chosen < 0) throw new Error('chosen action missing from the logged candidates');
  const context = model.parseContext(JSON.parse(decision.contextJson) as FeatureSet);
  return { vectors: model.vectors(context, candidates), chosen };
}

/** A learned decision as an off-policy evaluation example; undefined for ones not rewarded. */
export function toLoggedExample(decision: LoggedDecision): LoggedExample | undefined {
  if (decision.reward === null || !decision.activated) return undefined;
  const { candidates } = loggedCandidates(decision);
  return {
    context: JSON.parse(decision.contextJson) as FeatureSet,
    actions: candidates,
    chosen: decision.chosenActionId,
    probability: decision.probability,
    reward: decision.reward,
  };
}

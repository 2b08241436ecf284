import { DEFAULT_MODEL_CONFIG } from '../defaults.js';
import { BanditModel, type ModelConfig } from '../model.js';
import type { LoggedExample } from '../port.js';
import { argmaxAll } from '../policies/policy.js';
import type { OpeResult } from './estimators.js';
import { evaluatePolicy } from './progressive.js';

export interface ApprenticeReport {
  baseline: OpeResult;
  learner: OpeResult;
  /** Share of examples where the learner's greedy choice (before learning it) is the baseline. */
  matchRate: number;
  /** Graduate from apprentice to online: the learner's lower bound clears the baseline's upper bound. */
  hasProvenBetter: boolean;
}

/**
 * Apprentice-mode gate. The service keeps returning the first (default) response until this says the
 * learner has proven better on logged exploration data; Personalizer's match-rate rule of thumb
 * (switch at 60-80%) is reported too but the confidence intervals decide.
 */
export function apprenticeReport(examples: readonly LoggedExample[], config: ModelConfig = DEFAULT_MODEL_CONFIG): ApprenticeReport {
  const baseline = evaluatePolicy(examples, { kind: 'baseline' });
  const learner = evaluatePolicy(examples, { kind: 'model', model: BanditModel.create(config), isLearning: true });
  const imitator = BanditModel.create(config);
  let matches = 0;
  for (const e of examples) {
    const vectors = imitator.vectors(imitator.parseContext(e.context), e.actions);
    const greedy = argmaxAll(imitator.policy.predict(vectors));
    if (greedy.length === 1 && greedy[0] === 0) matches += 1;
    imitator.learn(vectors, e.actions.findIndex((a) => a.id === e.chosen), e.probability, e.reward);
  }
  return {
    baseline,
    learner,
    matchRate: examples.length > 0 ? matches / examples.length : 0,
    hasProvenBetter: learner.ciLow > baseline.ciHigh,
  };
}

import type { ModelConfig } from './model.js';

/**
 * The default policy: SquareCB over a logistic-link linear learner with shared x action
 * interactions, trained by plain regression on the chosen action. Tuned on the layouts simulation
 * (docs/bandit.md): gamma = 2 * t^0.8 explores early and commits late; the VW default (10, 0.5)
 * keeps ~10% exploration at 20,000 rounds and plateaus lower.
 */
export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  policy: 'square-cb',
  options: { loss: 'logistic', update: 'regression', learningRate: 0.2, gammaScale: 2, gammaExponent: 0.8 },
};

/** Personalizer's limits: at most 50 actions, ids of at most 256 characters. */
export const MAX_ACTIONS = 50;
export const MAX_ID_LENGTH = 256;

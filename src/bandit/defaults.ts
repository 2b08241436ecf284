import type { ModelConfig } from './model.js';

/**
 * The default policy: SquareCB (inverse gap weighting, gamma = 2 * t^0.8) over exact ridge
 * regression of the reward (Sherman-Morrison, 2^7 hashed dimensions) with every context namespace
 * crossed with every action namespace, trained by plain regression on the chosen action. Ridge's
 * least squares is the oracle SquareCB's analysis assumes; scoring stays O(nnz) per action and only
 * learning is O(d^2). On the layouts simulation it reaches 0.97-0.99 of the oracle on seeds 1-5,
 * where the AdaGrad regressor plateaued between 0.93 and 0.98 depending on the seed. 2^7 rather
 * than 2^8 dimensions: a learned reward costs a quarter (its A^-1 fits in L2 with the decide path's
 * data) and the ratios held (seed 2 rose from 0.958 to 0.973; docs/bandit.md).
 */
export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  policy: 'square-cb',
  bits: 7,
  options: { regressor: 'ridge', update: 'regression', gammaScale: 2, gammaExponent: 0.8 },
};

/** Personalizer's limits: at most 50 actions, ids of at most 256 characters. */
export const MAX_ACTIONS = 50;
export const MAX_ID_LENGTH = 256;

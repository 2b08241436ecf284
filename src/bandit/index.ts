/**
 * Bandit-selected responses: the port (decide / reward / activate, shaped like Personalizer), the
 * in-process LocalBandit, policies and learners, off-policy evaluation, VW cb_adf interop and the
 * layouts simulation. Nothing here does I/O; the CLI and (later) the store adapter do.
 */
export type {
  Bandit,
  BanditAction,
  DecideRequest,
  DecideResponse,
  DecisionRecord,
  DecisionSink,
  FeatureNamespace,
  FeatureObject,
  FeatureSet,
  FeatureValue,
  LoggedExample,
  RankedAction,
  RewardOutcome,
  RewardRequest,
} from './port.js';
/** Error codes PARLEY_BANDIT_*. */
export { BanditErrorCode } from './errors.js';
/** Default policy (SquareCB, logistic learner) and Personalizer's limits. */
export { DEFAULT_MODEL_CONFIG, MAX_ACTIONS, MAX_ID_LENGTH } from './defaults.js';
/** Featurization to hashed sparse vectors with quadratic interactions. */
export { Featurizer, flattenFeatures, type FeaturizerOptions, type SparseVector } from './features.js';
/** Bandit on a decision log (MongoDB): reward join, sweeper, learning order, versioned snapshots. */
export { LoggedBandit, type LoggedBanditOptions } from './logged-bandit.js';
export type { AppliedReward, ClosedDecision, DecisionFeatures, DecisionHead, DecisionLog, LearningPosition, LoggedDecision, ModelStore, RewardRejection } from './port.js';
export { banditReport, type BanditReport, type BanditReportOptions } from './report.js';
/** In-process bandit with reward window, default reward, activation and apprentice mode. */
export { LocalBandit, type LocalBanditOptions } from './local-bandit.js';
/** Featurizer + policy + seeded random, with versioned JSON snapshots. */
export { BanditModel, type ModelConfig, type ModelSnapshot } from './model.js';
export type { Policy, PolicyName, PolicyOptions, UpdateRule } from './policies/policy.js';
export { POLICY_NAMES, isPolicyName } from './policies/registry.js';
/** Seeded randomness for reproducible decisions. */
export { SeededRandom, type Random } from './random.js';
/** Off-policy evaluation. */
export { OpeAccumulator, type OpeResult, type OpeSample } from './ope/estimators.js';
export { evaluatePolicy, type TargetPolicy } from './ope/progressive.js';
export { championChallenger, defaultCandidates, type Candidate, type ChampionChallengerReport } from './ope/champion-challenger.js';
export { apprenticeReport, type ApprenticeReport } from './ope/apprentice.js';
export { parseLog, parseLogLine } from './ope/log-format.js';
/** Vowpal Wabbit --cb_adf text format. */
export { fromCbAdf, toCbAdf } from './vw/cb-adf.js';
/** Layouts simulation. */
export { LayoutsEnvironment } from './simulate/layouts-env.js';
export { simulate, type SimulationOptions, type SimulationResult } from './simulate/runner.js';
export { learningCurvePlot } from './simulate/learning-curve-plot.js';
export { championChallengerPlot } from './ope/report-plot.js';

import { LocalBandit, type LocalBanditOptions } from './local-bandit.js';
import type { Bandit } from './port.js';

/**
 * Builds the bandit for the service. Only the local engine exists today; a hosted engine (VW or
 * SageMaker endpoint) would be picked here by configuration.
 */
export function createBandit(options: LocalBanditOptions = {}): Bandit {
  return new LocalBandit(options);
}

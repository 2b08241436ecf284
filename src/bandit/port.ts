/**
 * The bandit port: choose one response variant for a context and learn from the reward that comes
 * back later. Shaped like Azure Personalizer's Rank / Reward / Activate (reference section 4), so an
 * adapter for a hosted engine (SageMaker, a VW endpoint) can sit behind the same interface.
 */
import type {
  ClosedDecisionState,
  DecisionRepository,
  ModelSnapshotRepository,
  RejectedReward,
  StoredAppliedReward,
  StoredDecision,
  StoredDecisionFeatures,
  StoredDecisionHead,
  StoredLearningPosition,
} from '../store/port.js';

/** A single feature value. Strings are one-hot (`name=value`), numbers are values, booleans one-hot. */
export type FeatureValue = string | number | boolean;

/**
 * One namespace of features (or, at the top level of a feature object, a feature itself).
 * Arrays may hold only numbers (feature `name[i]`). Names starting with `_` are ignored.
 * Nesting deeper than one namespace level is rejected.
 */
export interface FeatureObject {
  [name: string]: FeatureValue | readonly number[] | FeatureNamespace;
}

/** The features of one namespace: primitives or arrays of numbers. */
export interface FeatureNamespace {
  [name: string]: FeatureValue | readonly number[];
}

/**
 * A list of feature objects, as Personalizer takes them: `[{user: {tier: "gold"}}, {mobile: true}]`.
 * A key whose value is an object names a namespace; a primitive at the top level goes to the
 * `default` namespace. NaN and infinite numbers are rejected (PARLEY_BANDIT_FEATURE_INVALID).
 */
export type FeatureSet = readonly FeatureObject[];

/** A candidate response variant. `id` is at most 256 characters and unique within a request. */
export interface BanditAction {
  id: string;
  features: FeatureSet;
}

/**
 * A decide (rank) request. The first action is the baseline (default response): apprentice mode
 * returns it, and offline reports compare against it. At most `maxActions` (50) actions.
 */
export interface DecideRequest {
  contextFeatures: FeatureSet;
  actions: readonly BanditAction[];
  /** Ids that must not be chosen; at least one action must remain. */
  excludedActions?: readonly string[];
  /** Caller-chosen id (at most 256 characters); generated when absent. Must not be pending already. */
  eventId?: string;
  /** When true, no reward is learned until `activate` is called for this event. */
  deferActivation?: boolean;
  /**
   * Opaque owner of the decision (e.g. the session id). A logged bandit refuses a reward naming
   * another scope as if the eventId were unknown, so one customer cannot reward another's replies.
   */
  scope?: string;
}

/** One entry of a ranking: the action and the probability the policy gave it (0 for excluded ones). */
export interface RankedAction {
  id: string;
  probability: number;
}

/**
 * The decision. `actionId` is the action to show and to reward; `probability` is the chance it had
 * (the propensity to log). `ranking` lists every action, the chosen one first; probabilities sum to 1.
 */
export interface DecideResponse {
  eventId: string;
  actionId: string;
  probability: number;
  ranking: RankedAction[];
  /** Version of the policy that decided (changes with every learned reward). */
  policyVersion: string;
}

/** A reward for an earlier decision. `value` must lie in the bandit's reward range (default 0..1). */
export interface RewardRequest {
  eventId: string;
  value: number;
  /** Must equal the decision's scope when it had one (see DecideRequest.scope). */
  scope?: string;
}

/** What happened to a reward: applied, or ignored because one was already applied (earliest wins). */
export type RewardOutcome = 'applied' | 'duplicate';

/**
 * The bandit. Errors: ValidationError PARLEY_BANDIT_ACTIONS_INVALID / PARLEY_BANDIT_FEATURE_INVALID /
 * PARLEY_BANDIT_REWARD_INVALID for bad input; NotFoundError PARLEY_BANDIT_EVENT_UNKNOWN for an
 * unknown eventId, ValidationError PARLEY_BANDIT_EVENT_EXPIRED for one past its reward window.
 */
export interface Bandit {
  decide(request: DecideRequest): Promise<DecideResponse>;
  reward(request: RewardRequest): Promise<RewardOutcome>;
  /** Marks a deferred decision as shown; a no-op for one that was never deferred. */
  activate(request: { eventId: string }): Promise<void>;
}

/**
 * One decision as the decision log keeps it (later, one MongoDB document per event, with the reward
 * kept on the decision so no join is needed). Times are epoch milliseconds.
 */
export interface DecisionRecord {
  eventId: string;
  context: FeatureSet;
  actions: BanditAction[];
  excludedActions: string[];
  chosenActionId: string;
  /** Propensity of the chosen action under the deciding policy, in (0, 1]. */
  probability: number;
  policyName: string;
  policyVersion: string;
  decidedAt: number;
  /** Reward applied (the default reward when none arrived in the window); null while pending. */
  reward: number | null;
  rewardAt: number | null;
  /** True when the reward is the default, applied at the end of the window. */
  isDefaultReward: boolean;
  activated: boolean;
  /** False for deferred events never activated: those are kept but not learned from. */
  isLearned: boolean;
}

/** Where decision records go (a MongoDB repository later). Called on decide and on finalization. */
export interface DecisionSink {
  write(record: DecisionRecord): void;
}

/** One line of an off-policy evaluation log (`parley bandit ope --log FILE.jsonl`). */
export interface LoggedExample {
  context: FeatureSet;
  actions: BanditAction[];
  /** Id of the logged (shown) action. */
  chosen: string;
  /** Propensity of `chosen` under the logging policy, in (0, 1]. */
  probability: number;
  reward: number;
}

/*
 * The decision log's records and operations are the store's (store/port.ts documents each
 * contract); the bandit names them for what they are to it. Only `open` (once, at start) and
 * `recent` (the report) scan; the rest reads and writes by `_id`, and what must happen once (the
 * applied reward, a decision's learning, a position) is an insert.
 */
/** One decision as the log keeps it on the hot path: everything but the features. */
export type DecisionHead = StoredDecisionHead;
/** A decision's features, read by eventId only to learn or export (JSON text). */
export type DecisionFeatures = StoredDecisionFeatures;
/** A whole logged decision: its head and its features. */
export type LoggedDecision = StoredDecision;
/** The reward a decision was learned from: the first inside its window, or the default. */
export type AppliedReward = StoredAppliedReward;
/** A position of a model's learning order: the decision learned there and what learning needs of it. */
export type LearningPosition = StoredLearningPosition;
/** A decision's state once its window is closed. */
export type ClosedDecision = ClosedDecisionState;
export type RewardRejection = RejectedReward;
/** Operations of the decision log: the store's DecisionRepository but for reading rejections. */
export type DecisionLog = Omit<DecisionRepository, 'rejections'>;
/** Versioned model snapshots and the learning-order counter. */
export type ModelStore = ModelSnapshotRepository;

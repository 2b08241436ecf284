/**
 * The bandit port: choose one response variant for a context and learn from the reward that comes
 * back later. Shaped like Azure Personalizer's Rank / Reward / Activate (reference section 4), so an
 * adapter for a hosted engine (SageMaker, a VW endpoint) can sit behind the same interface.
 */

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

/**
 * One decision as the decision log keeps it on the hot path: everything but the features, so the
 * document written per reply and read per reward stays small.
 */
export interface DecisionHead {
  eventId: string;
  model: string;
  scope: string | null;
  chosenActionId: string;
  probability: number;
  policyName: string;
  policyVersion: string;
  decidedAt: Date;
  deadline: Date;
  activated: boolean;
  reward: number | null;
  rewardAt: Date | null;
  isDefaultReward: boolean;
  closed: boolean;
  rewards: Array<{ value: number; at: Date; outcome: 'applied' | 'duplicate' | 'late' }>;
  learnSeq: number | null;
}

/**
 * A decision's features, kept apart from its head and read by eventId only to learn or export.
 * JSON text, so that no caller-chosen name becomes a document key.
 */
export interface DecisionFeatures {
  eventId: string;
  contextJson: string;
  actions: Array<{ id: string; featuresJson: string }>;
  excludedActions: string[];
}

/** A whole logged decision: its head and its features. */
export interface LoggedDecision extends DecisionHead {
  contextJson: string;
  actions: Array<{ id: string; featuresJson: string }>;
  excludedActions: string[];
}

/** The reward a decision was learned from: the first inside its window, or the default. */
export interface AppliedReward {
  eventId: string;
  value: number;
  at: Date;
  isDefault: boolean;
}

/** A position of a model's learning order: the decision learned there and what learning needs of it. */
export interface LearningPosition {
  model: string;
  seq: number;
  eventId: string;
  chosenActionId: string;
  probability: number;
  reward: number;
}

/** A decision's state once its window is closed. */
export interface ClosedDecision {
  activated: boolean;
  learnSeq: number | null;
  reward: AppliedReward | null;
}

export interface RewardRejection {
  rejectionId: string;
  model: string;
  eventId: string;
  value: number | null;
  code: string;
  at: Date;
}

/**
 * Operations of the decision log (see the store's DecisionRepository for their contracts). Only
 * `open` (once, at start) and `recent` (the report) scan; the rest reads and writes by `_id`, and
 * what must happen once (the applied reward, a decision's learning, a position) is an insert.
 */
export interface DecisionLog {
  insert(decision: LoggedDecision): Promise<void>;
  insertMany(decisions: LoggedDecision[]): Promise<void>;
  get(eventId: string): Promise<LoggedDecision | null>;
  head(eventId: string): Promise<DecisionHead | null>;
  features(eventId: string): Promise<DecisionFeatures | null>;
  joinReward(head: DecisionHead, value: number, at: Date): Promise<'applied' | 'duplicate' | 'late'>;
  appliedReward(eventId: string): Promise<AppliedReward | null>;
  activate(eventId: string): Promise<boolean>;
  close(eventId: string, defaultReward: number, at: Date): Promise<ClosedDecision | null>;
  open(model: string): AsyncIterable<DecisionHead>;
  claim(model: string, eventId: string): Promise<boolean>;
  writePosition(position: LearningPosition): Promise<boolean>;
  markLearned(eventId: string, seq: number): Promise<void>;
  position(model: string, seq: number): Promise<LearningPosition | null>;
  recent(model: string, since: Date, limit: number): Promise<DecisionHead[]>;
  recordRejection(rejection: RewardRejection): Promise<void>;
}

/** Versioned model snapshots and the learning-order counter (the store's ModelSnapshotRepository). */
export interface ModelStore {
  save(snapshot: { model: string; seq: number; createdAt: Date; snapshotJson: string }): Promise<boolean>;
  latest(model: string): Promise<{ model: string; seq: number; createdAt: Date; snapshotJson: string } | null>;
  prune(model: string, keep: number): Promise<void>;
  nextSeq(model: string): Promise<number>;
  /** The last position taken in the learning order (0 when none). */
  lastSeq(model: string): Promise<number>;
}

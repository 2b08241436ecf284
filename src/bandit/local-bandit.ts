import { randomBytes } from 'node:crypto';
import { ValidationError } from '../shared/errors.js';
import { DEFAULT_MODEL_CONFIG, MAX_ACTIONS } from './defaults.js';
import { actionsError, BanditErrorCode, configError, unknownEventError } from './errors.js';
import { EventBook, type PendingEvent } from './event-book.js';
import type { FeatureBatch } from './features.js';
import { BanditModel, type ModelConfig } from './model.js';
import type { Bandit, DecideRequest, DecideResponse, DecisionRecord, DecisionSink, RewardOutcome, RewardRequest } from './port.js';
import { sampleIndex } from './random.js';
import { argmaxAll } from './policies/policy.js';
import { rank } from './ranking.js';
import { validateDecideRequest, validateEventId, validateReward } from './validate.js';

export interface LocalBanditOptions {
  /** A model, or the config to build one (default DEFAULT_MODEL_CONFIG). */
  model?: BanditModel | ModelConfig;
  /** Epoch ms; injected so tests control the reward window. */
  clock?: () => number;
  /** Reward window (Personalizer rewardWaitTime), default 10 minutes. */
  rewardWaitMs?: number;
  /** Applied to activated events with no reward in the window (default 0). */
  defaultReward?: number;
  /** Accepted reward values, inclusive (default 0..1). */
  rewardRange?: readonly [number, number];
  /** 'earliest' learns from the first reward at once; 'sum' adds rewards until the window closes. */
  aggregation?: 'earliest' | 'sum';
  /** 'apprentice' always returns the first (baseline) action and learns from its rewards. */
  mode?: 'online' | 'apprentice';
  maxActions?: number;
  /** Pending events kept; beyond this the oldest is finalized early with the default reward. */
  maxPending?: number;
  /** Finished event ids remembered to tell late and duplicate rewards from unknown ids. */
  finishedMemory?: number;
  sink?: DecisionSink;
  /** Default: a random prefix per instance and a counter (no UUID per decision, see idPrefix). */
  newEventId?: () => string;
}

/** The in-process bandit: a model plus event bookkeeping (reward window, default reward, activation). */
export class LocalBandit implements Bandit {
  readonly model: BanditModel;
  private readonly clock: () => number;
  private readonly rewardWaitMs: number;
  private readonly defaultReward: number;
  private readonly rewardRange: readonly [number, number];
  private readonly aggregation: 'earliest' | 'sum';
  private readonly mode: 'online' | 'apprentice';
  private readonly maxActions: number;
  private readonly events: EventBook;
  private readonly sink: DecisionSink | undefined;
  private readonly newEventId: (() => string) | undefined;
  /**
   * Generated ids: `<96 random bits>-<counter in base 36>`; they cannot repeat, so need no check,
   * and are short (each is hashed as a Map key).
   */
  private readonly idPrefix = `${randomBytes(12).toString('base64url')}-`;
  private idCounter = 0;
  private apprenticeDecisions = 0;
  private apprenticeMatches = 0;

  constructor(options: LocalBanditOptions = {}) {
    const model = options.model ?? DEFAULT_MODEL_CONFIG;
    this.model = model instanceof BanditModel ? model : BanditModel.create(model);
    this.clock = options.clock ?? Date.now;
    this.rewardWaitMs = options.rewardWaitMs ?? 10 * 60_000;
    this.rewardRange = options.rewardRange ?? [0, 1];
    this.defaultReward = options.defaultReward ?? 0;
    this.aggregation = options.aggregation ?? 'earliest';
    this.mode = options.mode ?? 'online';
    this.maxActions = options.maxActions ?? MAX_ACTIONS;
    this.events = new EventBook(options.maxPending ?? 100_000, options.finishedMemory ?? 100_000);
    this.sink = options.sink;
    this.newEventId = options.newEventId;
    const [low, high] = this.rewardRange;
    if (!(low < high) || this.defaultReward < low || this.defaultReward > high) {
      throw configError('rewardRange must be increasing and contain defaultReward');
    }
  }

  async decide(request: DecideRequest): Promise<DecideResponse> {
    return this.decideNow(request);
  }

  /** Synchronous decide, for in-process callers on a hot path (and the benchmark). */
  decideNow(request: DecideRequest): DecideResponse {
    validateDecideRequest(request, this.maxActions);
    const now = this.clock();
    this.expire(now);
    // randomUUID per decision refills its entropy pool every 128 ids: a synchronous tail.
    const eventId = request.eventId ?? this.newEventId?.() ?? this.idPrefix + (this.idCounter++).toString(36);
    if ((request.eventId !== undefined || this.newEventId !== undefined) && this.events.has(eventId)) {
      throw new ValidationError(BanditErrorCode.eventDuplicate, 'eventId was already used for a decision', { details: { eventId } });
    }
    // Most requests exclude nothing: then no Set and no filtered copy of the actions.
    const excluded = request.excludedActions !== undefined && request.excludedActions.length > 0 ? new Set(request.excludedActions) : undefined;
    const candidates = excluded === undefined ? request.actions : request.actions.filter((a) => !excluded.has(a.id));
    if (candidates.length === 0) throw actionsError('every action is excluded');
    const batch = this.model.batch(request.contextFeatures, candidates);
    const { chosen, probabilities } = this.choose(batch);
    const chosenAction = candidates[chosen] ?? candidates[0];
    const probability = probabilities[chosen] ?? 1;
    const record: DecisionRecord = {
      eventId,
      context: request.contextFeatures,
      actions: [...request.actions],
      excludedActions: excluded === undefined ? [] : [...excluded],
      chosenActionId: chosenAction?.id ?? '',
      probability,
      policyName: this.model.policy.name,
      policyVersion: this.model.version(),
      decidedAt: now,
      reward: null,
      rewardAt: null,
      isDefaultReward: false,
      activated: request.deferActivation !== true,
      isLearned: false,
    };
    // Policies learn from the chosen action only: its example is kept, its vector built when learned.
    const evicted = this.events.add({ record, example: batch.keep(chosen), deadline: now + this.rewardWaitMs, rewardSum: 0, rewardCount: 0 });
    this.sink?.write({ ...record });
    if (evicted) this.finalize(evicted, now);
    return {
      eventId,
      actionId: record.chosenActionId,
      probability,
      ranking: rank(request.actions.map((a) => a.id), candidates.map((a) => a.id), probabilities, chosen),
      policyVersion: record.policyVersion,
    };
  }

  async reward(request: RewardRequest): Promise<RewardOutcome> {
    validateEventId(request?.eventId);
    validateReward(request.value, this.rewardRange);
    const now = this.clock();
    this.expire(now);
    const event = this.pendingOrThrow(request.eventId);
    if (event === 'rewarded') return 'duplicate';
    if (this.aggregation === 'earliest' && event.rewardCount > 0) return 'duplicate';
    event.rewardSum += request.value;
    event.rewardCount += 1;
    event.record.rewardAt = now;
    if (this.aggregation === 'earliest' && event.record.activated) this.finalize(event, now);
    return 'applied';
  }

  async activate(request: { eventId: string }): Promise<void> {
    validateEventId(request?.eventId);
    const now = this.clock();
    this.expire(now);
    const event = this.pendingOrThrow(request.eventId);
    if (event === 'rewarded' || event.record.activated) return;
    event.record.activated = true;
    if (this.aggregation === 'earliest' && event.rewardCount > 0) this.finalize(event, now);
  }

  /** Closes every window that has passed (called on each request; call it on a timer too). */
  expire(now = this.clock()): void {
    for (const event of this.events.takeDue(now)) this.finalize(event, now);
  }

  /** Finalizes every pending event now (shutdown), so nothing is lost. */
  flush(): void {
    const now = this.clock();
    for (const event of this.events.takeAll()) this.finalize(event, now);
  }

  get pendingCount(): number {
    return this.events.size;
  }

  /** Apprentice mode: how often the learner's greedy choice matched the baseline (switch at 60-80%). */
  apprenticeMatchRate(): { decisions: number; matchRate: number } {
    return { decisions: this.apprenticeDecisions, matchRate: this.apprenticeDecisions ? this.apprenticeMatches / this.apprenticeDecisions : 0 };
  }

  private choose(batch: FeatureBatch): { chosen: number; probabilities: Float64Array } {
    if (this.mode === 'online') {
      // The batch's buffer: read (sampled, ranked) before this model decides again.
      const probabilities = this.model.scratchDistributionOf(batch);
      return { chosen: sampleIndex(probabilities, this.model.random), probabilities };
    }
    const greedy = argmaxAll(this.model.policy.predictOf(batch));
    this.apprenticeDecisions += 1;
    if (greedy.length === 1 && greedy[0] === 0) this.apprenticeMatches += 1;
    const probabilities = new Float64Array(batch.size);
    probabilities[0] = 1;
    return { chosen: 0, probabilities };
  }

  private pendingOrThrow(eventId: string): PendingEvent | 'rewarded' {
    const event = this.events.get(eventId);
    if (event) return event;
    const state = this.events.finishedState(eventId);
    if (state === 'rewarded') return 'rewarded';
    if (state === 'expired') {
      throw new ValidationError(BanditErrorCode.eventExpired, 'the reward window of this eventId has closed', { status: 410, details: { eventId } });
    }
    throw unknownEventError(eventId);
  }

  private finalize(event: PendingEvent, now: number): void {
    const { record } = event;
    if (record.activated) {
      const reward = event.rewardCount > 0 ? Math.min(this.rewardRange[1], Math.max(this.rewardRange[0], event.rewardSum)) : this.defaultReward;
      record.isDefaultReward = event.rewardCount === 0;
      record.reward = reward;
      record.rewardAt = record.rewardAt ?? now;
      this.model.learnKept(event.example, record.probability, reward);
      record.isLearned = true;
    }
    // Under 'sum' a later reward is late, not a duplicate: the window it belonged to is closed.
    const isRewarded = this.aggregation === 'earliest' && event.rewardCount > 0 && record.activated;
    this.events.finish(record.eventId, isRewarded ? 'rewarded' : 'expired');
    this.sink?.write({ ...record });
  }
}


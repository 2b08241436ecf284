import { randomUUID } from 'node:crypto';
import { ValidationError } from '../shared/errors.js';
import { DEFAULT_MODEL_CONFIG, MAX_ACTIONS } from './defaults.js';
import { actionsError, BanditErrorCode, configError, unknownEventError } from './errors.js';
import { loggedVectors } from './logged-decision.js';
import { BanditModel, type ModelConfig } from './model.js';
import type { Bandit, DecideRequest, DecideResponse, DecisionLog, LoggedDecision, ModelStore, RewardOutcome, RewardRequest } from './port.js';
import { rank } from './ranking.js';
import { sampleIndex } from './random.js';
import { validateDecideRequest, validateEventId, validateReward } from './validate.js';

export interface LoggedBanditOptions {
  /** The model's name: its decisions, learning order and snapshots are keyed by it. */
  name: string;
  log: DecisionLog;
  models: ModelStore;
  /** Used when no snapshot exists yet (default DEFAULT_MODEL_CONFIG). */
  model?: ModelConfig;
  /** Epoch ms. */
  clock?: () => number;
  /** Reward window (Personalizer rewardWaitTime), default 10 minutes. */
  rewardWaitMs?: number;
  /** Learned for activated decisions with no reward in the window (default 0). */
  defaultReward?: number;
  rewardRange?: readonly [number, number];
  maxActions?: number;
  /** Learned decisions between snapshots (default 100). */
  snapshotEvery?: number;
  /** Snapshots kept per model (default 5). */
  keepSnapshots?: number;
  /**
   * How long a hole in the learning order is waited for before it is skipped (default 5 s): a node
   * that took a position and died before writing it must not stall every learner.
   */
  gapWaitMs?: number;
  newEventId?: () => string;
  /** Failures of background work (sweeps, snapshots) that no caller sees. */
  onError?: (error: unknown, what: string) => void;
}

const BATCH = 500;

/**
 * A bandit whose decisions, rewards and learning live in a decision log (MongoDB): the reward is
 * joined onto its decision by eventId, a sweeper applies the default reward when a window closes,
 * and every learned decision gets a position in one learning order that every node replays, so a
 * restart (latest snapshot + replay) or a second node loses no learned state.
 */
export class LoggedBandit implements Bandit {
  readonly name: string;
  private readonly log: DecisionLog;
  private readonly models: ModelStore;
  private readonly clock: () => number;
  private readonly rewardWaitMs: number;
  private readonly defaultReward: number;
  private readonly rewardRange: readonly [number, number];
  private readonly maxActions: number;
  private readonly snapshotEvery: number;
  private readonly keepSnapshots: number;
  private readonly gapWaitMs: number;
  private readonly newEventId: () => string;
  private readonly onError: (error: unknown, what: string) => void;
  private modelState: BanditModel;
  /** Last learning-order position applied to the model, and the one the last snapshot holds. */
  private seq: number;
  private snapshotSeq: number;
  private gapSince: number | undefined;
  private syncing: Promise<void> = Promise.resolve();

  private constructor(options: LoggedBanditOptions, model: BanditModel, seq: number) {
    this.name = options.name;
    this.log = options.log;
    this.models = options.models;
    this.clock = options.clock ?? Date.now;
    this.rewardWaitMs = options.rewardWaitMs ?? 10 * 60_000;
    this.defaultReward = options.defaultReward ?? 0;
    this.rewardRange = options.rewardRange ?? [0, 1];
    this.maxActions = options.maxActions ?? MAX_ACTIONS;
    this.snapshotEvery = options.snapshotEvery ?? 100;
    this.keepSnapshots = options.keepSnapshots ?? 5;
    this.gapWaitMs = options.gapWaitMs ?? 5000;
    this.newEventId = options.newEventId ?? (() => `bd-${randomUUID()}`);
    this.onError = options.onError ?? (() => {});
    this.modelState = model;
    this.seq = seq;
    this.snapshotSeq = seq;
    const [low, high] = this.rewardRange;
    if (!(low < high) || this.defaultReward < low || this.defaultReward > high) {
      throw configError('rewardRange must be increasing and contain defaultReward');
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.name)) throw configError('model name must be 1-64 characters of [A-Za-z0-9_-]');
  }

  /** Restores the latest snapshot (or builds the configured model) and replays what was learned since. */
  static async open(options: LoggedBanditOptions): Promise<LoggedBandit> {
    const latest = await options.models.latest(options.name);
    const model = latest === null ? BanditModel.create(options.model ?? DEFAULT_MODEL_CONFIG) : BanditModel.restore(JSON.parse(latest.snapshotJson));
    const bandit = new LoggedBandit(options, model, latest?.seq ?? 0);
    await bandit.sync();
    return bandit;
  }

  get model(): BanditModel {
    return this.modelState;
  }

  /** Learning-order position this node's model has applied. */
  get learnedSeq(): number {
    return this.seq;
  }

  async decide(request: DecideRequest): Promise<DecideResponse> {
    validateDecideRequest(request, this.maxActions);
    if (request.scope !== undefined) validateEventId(request.scope);
    const now = this.clock();
    const excluded = new Set(request.excludedActions ?? []);
    const candidates = request.actions.filter((a) => !excluded.has(a.id));
    if (candidates.length === 0) throw actionsError('every action is excluded');
    const model = this.modelState;
    // Learning featurizes the logged decision again, so nothing here outlives the call.
    const vectors = model.featurizer.scratchVectors(model.parseContext(request.contextFeatures), candidates);
    const probabilities = model.distribution(vectors);
    const chosen = sampleIndex(probabilities, model.random);
    const eventId = request.eventId ?? this.newEventId();
    const decision: LoggedDecision = {
      eventId,
      model: this.name,
      scope: request.scope ?? null,
      contextJson: JSON.stringify(request.contextFeatures),
      actions: request.actions.map((a) => ({ id: a.id, featuresJson: JSON.stringify(a.features) })),
      excludedActions: [...excluded],
      chosenActionId: candidates[chosen]?.id ?? '',
      probability: probabilities[chosen] ?? 1,
      policyName: model.policy.name,
      policyVersion: model.version(),
      decidedAt: new Date(now),
      deadline: new Date(now + this.rewardWaitMs),
      activated: request.deferActivation !== true,
      reward: null,
      rewardAt: null,
      isDefaultReward: false,
      closed: false,
      rewards: [],
      learnSeq: null,
    };
    try {
      await this.log.insert(decision);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'PARLEY_STORE_DUPLICATE') {
        throw new ValidationError(BanditErrorCode.eventDuplicate, 'eventId was already used for a decision', { details: { eventId } });
      }
      throw error;
    }
    return {
      eventId,
      actionId: decision.chosenActionId,
      probability: decision.probability,
      ranking: rank(request.actions.map((a) => a.id), candidates.map((a) => a.id), probabilities, chosen),
      policyVersion: decision.policyVersion,
    };
  }

  /**
   * Joins a reward onto its decision. Unknown eventIds (or another scope's) and bad values are
   * recorded as rejections and thrown; a late reward is recorded on its decision and thrown as
   * PARLEY_BANDIT_EVENT_EXPIRED; a second reward is recorded and answers 'duplicate'.
   */
  async reward(request: RewardRequest): Promise<RewardOutcome> {
    const at = new Date(this.clock());
    try {
      validateEventId(request?.eventId);
      validateReward(request.value, this.rewardRange);
    } catch (error) {
      await this.reject(request, (error as { code?: string }).code ?? BanditErrorCode.rewardInvalid, at);
      throw error;
    }
    const decision = await this.owned(request.eventId, request.scope);
    if (decision === null) {
      await this.reject(request, BanditErrorCode.eventUnknown, at);
      throw unknownEventError(request.eventId);
    }
    const outcome = await this.log.joinReward(request.eventId, request.value, at);
    if (outcome === 'unknown') throw unknownEventError(request.eventId);
    if (outcome === 'late') {
      throw new ValidationError(BanditErrorCode.eventExpired, 'the reward window of this eventId has closed', { status: 410, details: { eventId: request.eventId } });
    }
    if (outcome === 'duplicate') return 'duplicate';
    if (decision.activated) {
      await this.commit(request.eventId);
      await this.sync();
    }
    return 'applied';
  }

  async activate(request: { eventId: string; scope?: string }): Promise<void> {
    validateEventId(request?.eventId);
    const decision = await this.owned(request.eventId, request.scope);
    if (decision === null) throw unknownEventError(request.eventId);
    if (decision.activated) return;
    await this.log.activate(request.eventId);
    const current = await this.log.get(request.eventId);
    if (current !== null && current.reward !== null && !current.closed && current.learnSeq === null) {
      await this.commit(request.eventId);
      await this.sync();
    }
  }

  /** The logged decision, or null when unknown or of another scope. */
  async lookup(eventId: string, scope?: string): Promise<LoggedDecision | null> {
    validateEventId(eventId);
    return this.owned(eventId, scope);
  }

  /**
   * Closes windows that have passed (default reward), sequences rewards a dead node left
   * unsequenced, then learns everything new in the learning order. Run it on a timer.
   */
  async sweep(): Promise<void> {
    const now = this.clock();
    for (;;) {
      const due = await this.log.due(this.name, new Date(now), BATCH);
      for (const decision of due) {
        await this.log.close(decision.eventId, this.defaultReward, new Date(now));
        const closed = await this.log.get(decision.eventId);
        if (closed !== null && closed.activated && closed.reward !== null && closed.learnSeq === null) await this.commit(closed.eventId);
      }
      if (due.length < BATCH) break;
    }
    for (const decision of await this.log.unsequenced(this.name, new Date(now - this.gapWaitMs), BATCH)) await this.commit(decision.eventId);
    await this.sync();
  }

  /** Sweeps every `intervalMs` until the returned function is called. */
  startSweeper(intervalMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((error: unknown) => this.onError(error, 'bandit sweep'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Learns, in the learning order, every decision learned anywhere since this node's position. */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.pull());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /** Saves a snapshot now when anything was learned since the last one (shutdown). */
  async saveSnapshot(): Promise<void> {
    await this.syncing;
    if (this.seq === this.snapshotSeq) return;
    await this.models.save({ model: this.name, seq: this.seq, createdAt: new Date(this.clock()), snapshotJson: JSON.stringify(this.modelState.snapshot()) });
    this.snapshotSeq = this.seq;
    await this.models.prune(this.name, this.keepSnapshots);
  }

  private async pull(): Promise<void> {
    for (;;) {
      const batch = await this.log.learnedAfter(this.name, this.seq, BATCH);
      for (const decision of batch) {
        const position = decision.learnSeq ?? 0;
        if (position !== this.seq + 1 && !this.skipGap()) return;
        this.gapSince = undefined;
        this.learnFrom(decision);
        this.seq = position;
      }
      if (this.seq - this.snapshotSeq >= this.snapshotEvery) await this.saveSnapshotNow();
      if (batch.length < BATCH) return;
    }
  }

  /** A hole in the order is a position taken but not yet written; wait for it, then give up on it. */
  private skipGap(): boolean {
    const now = this.clock();
    this.gapSince ??= now;
    return now - this.gapSince >= this.gapWaitMs;
  }

  private learnFrom(decision: LoggedDecision): void {
    if (decision.reward === null) return;
    try {
      const { vectors, chosen } = loggedVectors(this.modelState, decision);
      this.modelState.learn(vectors, chosen, decision.probability, decision.reward);
    } catch (error) {
      // A decision that cannot be featurized again is skipped, not retried forever.
      this.onError(error, 'bandit learn');
    }
  }

  private async saveSnapshotNow(): Promise<void> {
    try {
      await this.models.save({ model: this.name, seq: this.seq, createdAt: new Date(this.clock()), snapshotJson: JSON.stringify(this.modelState.snapshot()) });
      this.snapshotSeq = this.seq;
      await this.models.prune(this.name, this.keepSnapshots);
    } catch (error) {
      this.onError(error, 'bandit snapshot');
    }
  }

  private async commit(eventId: string): Promise<void> {
    const seq = await this.models.nextSeq(this.name);
    // False when another node sequenced it first: this position stays a hole, skipped after gapWaitMs.
    await this.log.sequence(eventId, seq);
  }

  private async owned(eventId: string, scope: string | undefined): Promise<LoggedDecision | null> {
    const decision = await this.log.get(eventId);
    if (decision === null || decision.model !== this.name) return null;
    if (decision.scope !== null && decision.scope !== scope) return null;
    return decision;
  }

  private async reject(request: RewardRequest | undefined, code: string, at: Date): Promise<void> {
    const eventId = typeof request?.eventId === 'string' ? request.eventId.slice(0, 256) : '';
    const value = typeof request?.value === 'number' && Number.isFinite(request.value) ? request.value : null;
    try {
      await this.log.recordRejection({ rejectionId: `rj-${randomUUID()}`, model: this.name, eventId, value, code, at });
    } catch (error) {
      this.onError(error, 'bandit rejection record');
    }
  }
}


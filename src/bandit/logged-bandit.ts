import { randomUUID } from 'node:crypto';
import { ValidationError } from '../shared/errors.js';
import { DEFAULT_MODEL_CONFIG, MAX_ACTIONS } from './defaults.js';
import { actionsError, BanditErrorCode, configError, unknownEventError } from './errors.js';
import { loggedVectors } from './logged-decision.js';
import { BanditModel, type ModelConfig } from './model.js';
import type { Bandit, DecideRequest, DecideResponse, DecisionFeatures, DecisionHead, DecisionLog, LearningPosition, LoggedDecision, ModelStore, RewardOutcome, RewardRequest } from './port.js';
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
  /**
   * How long a reward or activation for an eventId not (yet) in the log is retried before it is
   * refused as unknown (default 1 s): another node may not have finished writing the decision,
   * since replies do not wait for it.
   */
  writeGraceMs?: number;
  /**
   * Decisions held in memory with their window open (default 100,000). Beyond it the oldest are
   * closed early by the next sweep, with the default reward, as LocalBandit's pending cap does.
   */
  maxOpen?: number;
  newEventId?: () => string;
  /** Failures of background work (sweeps, snapshots, decision writes) that no caller sees. */
  onError?: (error: unknown, what: string) => void;
}

/** Learning positions read at once while catching up (each is a few `_id` reads). */
const PULL_BATCH = 64;
/**
 * Decisions written in one batch at most, and how long a decision waits for others to join its
 * batch. On FerretDB each insertMany costs about 1 ms of its CPU before the first document, so at
 * 250 turns a second a 20 ms window paid that 100 times a second; 250 ms pays it 8 times
 * (docs/bandit.md, "Load"). The reply never waits for it; a reward or activation for a
 * decision still in the window writes the batch at once, and shutdown (flush) writes it too.
 */
const WRITE_BATCH = 256;
const WRITE_DELAY_MS = 250;
/** Unknown eventIds remembered, so each is waited for once. */
const UNKNOWN_MEMORY = 1024;
/** Windows one sweep closes at most (a backlog after a restart is spread over sweeps). */
const SWEEP_CLOSES = 5000;
/** Windows closed at once by a sweep. */
const CLOSE_BATCH = 16;

/**
 * A bandit whose decisions, rewards and learning live in a decision log (MongoDB): the reward is
 * joined onto its decision by eventId, a sweeper applies the default reward when a window closes,
 * and every learned decision gets a position in one learning order that every node replays, so a
 * restart (latest snapshot + replay) or a second node loses no learned state.
 *
 * Every read and write of the steady state is by `_id`: this node remembers its open decisions
 * (and rewards it could not yet sequence), recovered by one scan at start, and learns other nodes'
 * work through the per-position pointers of the learning order.
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
  private readonly maxOpen: number;
  private readonly writeGraceMs: number;
  private readonly newEventId: () => string;
  private readonly onError: (error: unknown, what: string) => void;
  private modelState: BanditModel;
  /** Decisions whose window this node closes: eventId -> deadline (epoch ms), in decision order. */
  private readonly openWindows = new Map<string, number>();
  /** Rewarded, activated decisions waiting for a learning position (retried by sweeps). */
  private readonly unsequenced = new Set<string>();
  /** Decisions this node claimed for the learning order but has not given a position yet. */
  private readonly claimed = new Set<string>();
  /** Ids recently found in no decision after waiting writeGraceMs (bounded). */
  private readonly unknown = new Set<string>();
  /** Decision writes in flight: a reward or activation for one waits for its write. */
  private readonly writing = new Map<string, Promise<void>>();
  /** Decisions waiting for the next batched write, and that write's completion. */
  private batch: { decisions: LoggedDecision[]; done: Promise<void>; resolve: () => void; timer: ReturnType<typeof setTimeout> } | undefined;
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
    this.maxOpen = options.maxOpen ?? 100_000;
    this.writeGraceMs = options.writeGraceMs ?? 1000;
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
    if (!Number.isInteger(this.maxOpen) || this.maxOpen < 1) throw configError('maxOpen must be a positive integer');
  }

  /**
   * Restores the latest snapshot (or builds the configured model), recovers the model's open and
   * unsequenced decisions (the one scan: every node's, so a node that never comes back leaves no
   * window unclosed once another starts), and replays what was learned since the snapshot.
   */
  static async open(options: LoggedBanditOptions): Promise<LoggedBandit> {
    const latest = await options.models.latest(options.name);
    const model = latest === null ? BanditModel.create(options.model ?? DEFAULT_MODEL_CONFIG) : BanditModel.restore(JSON.parse(latest.snapshotJson));
    const bandit = new LoggedBandit(options, model, latest?.seq ?? 0);
    await bandit.recover();
    await bandit.sync();
    return bandit;
  }

  /** Decisions this node holds in memory: windows to close, rewards to sequence, writes in flight. */
  get pending(): { open: number; unsequenced: number; writing: number } {
    return { open: this.openWindows.size, unsequenced: this.unsequenced.size, writing: this.writing.size };
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
    // Learning featurizes the logged decision again, so the batch need not outlive the call.
    const probabilities = model.distributionOf(model.batch(request.contextFeatures, candidates));
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
    if (request.eventId === undefined) {
      // A generated id cannot collide, so the reply does not wait for the write: a reward or an
      // activation for it waits instead (see `written`). A write that fails loses this one
      // example; the reward that follows is answered PARLEY_BANDIT_EVENT_UNKNOWN.
      this.write(decision);
    } else {
      try {
        await this.log.insert(decision);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'PARLEY_STORE_DUPLICATE') {
          throw new ValidationError(BanditErrorCode.eventDuplicate, 'eventId was already used for a decision', { details: { eventId } });
        }
        throw error;
      }
      this.openWindows.set(eventId, decision.deadline.getTime());
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
    await this.written(request.eventId);
    const decision = await this.owned(request.eventId, request.scope);
    if (decision === null) {
      await this.reject(request, BanditErrorCode.eventUnknown, at);
      throw unknownEventError(request.eventId);
    }
    const outcome = await this.log.joinReward(decision, request.value, at);
    if (outcome === 'late') {
      throw new ValidationError(BanditErrorCode.eventExpired, 'the reward window of this eventId has closed', { status: 410, details: { eventId: request.eventId } });
    }
    if (outcome === 'duplicate') return 'duplicate';
    if (decision.activated) await this.learnSoon(request.eventId);
    return 'applied';
  }

  async activate(request: { eventId: string; scope?: string }): Promise<void> {
    validateEventId(request?.eventId);
    await this.written(request.eventId);
    const decision = await this.owned(request.eventId, request.scope);
    if (decision === null) throw unknownEventError(request.eventId);
    if (decision.activated) return;
    await this.log.activate(request.eventId);
    // A reward that came before the activation is learned now.
    const reward = await this.log.appliedReward(request.eventId);
    if (reward !== null && !reward.isDefault && !decision.closed) await this.learnSoon(request.eventId);
  }

  /** The logged decision with its features, or null when unknown or of another scope. */
  async lookup(eventId: string, scope?: string): Promise<LoggedDecision | null> {
    validateEventId(eventId);
    await this.written(eventId);
    if ((await this.owned(eventId, scope)) === null) return null;
    return this.log.get(eventId);
  }

  /**
   * Closes the windows that have passed (default reward; oldest first, and early beyond `maxOpen`),
   * sequences rewards still without a learning position, then learns everything new in the
   * learning order. Run it on a timer. Every read and write is by `_id`.
   */
  async sweep(): Promise<void> {
    await this.flush();
    const now = this.clock();
    const due: string[] = [];
    let early = this.openWindows.size - this.maxOpen;
    for (const [eventId, deadline] of this.openWindows) {
      // Decision order is deadline order (one window length): stop at the first open window.
      if ((deadline > now && early <= 0) || due.length >= SWEEP_CLOSES) break;
      due.push(eventId);
      early -= 1;
    }
    await inBatches(due, CLOSE_BATCH, async (eventId) => {
      const closed = await this.log.close(eventId, this.defaultReward, new Date(now));
      this.openWindows.delete(eventId);
      // The default just applied, or a reward whose node died before sequencing it (the claim
      // keeps a reward that node is sequencing right now from being learned twice).
      if (closed !== null && closed.activated && closed.reward !== null && closed.learnSeq === null) this.unsequenced.add(eventId);
    });
    await inBatches([...this.unsequenced], CLOSE_BATCH, async (eventId) => {
      await this.commit(eventId);
      this.unsequenced.delete(eventId);
    });
    await this.sync();
  }

  /** Waits for the decision writes in flight (shutdown, sweeps). */
  async flush(): Promise<void> {
    await this.writeBatch();
    await Promise.all(this.writing.values());
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
    await this.flush();
    await this.syncing;
    if (this.seq === this.snapshotSeq) return;
    await this.models.save({ model: this.name, seq: this.seq, createdAt: new Date(this.clock()), snapshotJson: JSON.stringify(this.modelState.snapshot()) });
    this.snapshotSeq = this.seq;
    await this.models.prune(this.name, this.keepSnapshots);
  }

  /**
   * Learns the positions after this node's, in order, by `_id`: the counter says how far the
   * order goes, each position names its decision and reward, and the features follow.
   */
  private async pull(): Promise<void> {
    for (;;) {
      const last = await this.models.lastSeq(this.name);
      if (last <= this.seq) break;
      const seqs = Array.from({ length: Math.min(PULL_BATCH, last - this.seq) }, (_, i) => this.seq + 1 + i);
      const positions = await Promise.all(seqs.map((seq) => this.log.position(this.name, seq)));
      const features = await Promise.all(positions.map((p) => (p === null ? null : this.log.features(p.eventId))));
      for (let i = 0; i < seqs.length; i++) {
        const position = positions[i] ?? null;
        // A position taken but not written yet: wait for it, then give up on it.
        if (position === null && !this.skipGap()) return this.snapshotIfDue();
        this.gapSince = undefined;
        if (position !== null) this.learnFrom(position, features[i] ?? null);
        this.seq = seqs[i] ?? this.seq;
      }
      await this.snapshotIfDue();
    }
  }

  private async snapshotIfDue(): Promise<void> {
    if (this.seq - this.snapshotSeq >= this.snapshotEvery) await this.saveSnapshotNow();
  }

  /** A hole in the order is a position taken but not yet written; wait for it, then give up on it. */
  private skipGap(): boolean {
    const now = this.clock();
    this.gapSince ??= now;
    return now - this.gapSince >= this.gapWaitMs;
  }

  private learnFrom(position: LearningPosition, features: DecisionFeatures | null): void {
    try {
      if (features === null) throw new Error('the decision has no features document');
      const { vectors, chosen } = loggedVectors(this.modelState, { chosenActionId: position.chosenActionId, ...features });
      this.modelState.learn(vectors, chosen, position.probability, position.reward);
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

  /**
   * Gives a rewarded decision the next learning position, once across nodes: the claim (an insert)
   * decides who sequences it, and a position read twice from the counter is retried, since only
   * the position's insert is atomic on FerretDB. A node dying between its claim and its position
   * loses that one example; readers skip the hole after gapWaitMs.
   */
  private async commit(eventId: string): Promise<void> {
    if (!this.claimed.has(eventId)) {
      if (!(await this.log.claim(this.name, eventId))) return;
      this.claimed.add(eventId);
    }
    const [head, reward] = await Promise.all([this.log.head(eventId), this.log.appliedReward(eventId)]);
    if (head === null || reward === null) throw new Error('a claimed decision has no head or no applied reward');
    for (;;) {
      const seq = await this.models.nextSeq(this.name);
      const position = { model: this.name, seq, eventId, chosenActionId: head.chosenActionId, probability: head.probability, reward: reward.value };
      if (await this.log.writePosition(position)) {
        this.claimed.delete(eventId);
        await this.log.markLearned(eventId, seq);
        return;
      }
    }
  }

  /** Sequences and learns a reward now; on failure it is kept and retried by the sweeps. */
  private async learnSoon(eventId: string): Promise<void> {
    try {
      await this.commit(eventId);
    } catch (error) {
      this.remember(eventId);
      this.onError(error, 'bandit sequence');
      return;
    }
    try {
      await this.sync();
    } catch (error) {
      // Learned by the next sweep's sync: the reward itself is safely on its decision.
      this.onError(error, 'bandit sync');
    }
  }

  private remember(eventId: string): void {
    this.unsequenced.add(eventId);
    if (this.unsequenced.size <= this.maxOpen) return;
    const oldest = this.unsequenced.values().next().value;
    if (oldest !== undefined) this.unsequenced.delete(oldest);
    this.onError(new Error('too many rewards waiting for a learning position; the oldest is dropped'), 'bandit sequence');
  }

  /**
   * Writes a decision in the background, batched with the others decided within WRITE_DELAY_MS
   * (two inserts per batch instead of two per decision). Its window is tracked at once, so in
   * decision order; a reward or activation for it waits for its batch.
   */
  private write(decision: LoggedDecision): void {
    this.openWindows.set(decision.eventId, decision.deadline.getTime());
    let batch = this.batch;
    if (batch === undefined) {
      let resolve: () => void = () => {};
      const done = new Promise<void>((r) => (resolve = r));
      const timer = setTimeout(() => void this.writeBatch(), WRITE_DELAY_MS);
      batch = this.batch = { decisions: [], done, resolve, timer };
    }
    batch.decisions.push(decision);
    this.writing.set(decision.eventId, batch.done);
    if (batch.decisions.length >= WRITE_BATCH) void this.writeBatch();
  }

  private async writeBatch(): Promise<void> {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    clearTimeout(batch.timer);
    try {
      await this.log.insertMany(batch.decisions);
    } catch {
      // Some of the batch may have landed: the rest are written one by one, and those that fail
      // lose their example (their reward is answered PARLEY_BANDIT_EVENT_UNKNOWN).
      for (const decision of batch.decisions) {
        try {
          await this.log.insert(decision);
        } catch (error) {
          if ((error as { code?: unknown }).code === 'PARLEY_STORE_DUPLICATE') continue;
          this.openWindows.delete(decision.eventId);
          this.onError(error, 'bandit decision write');
        }
      }
    } finally {
      for (const decision of batch.decisions) if (this.writing.get(decision.eventId) === batch.done) this.writing.delete(decision.eventId);
      batch.resolve();
    }
  }

  private async written(eventId: string): Promise<void> {
    const write = this.writing.get(eventId);
    // Still waiting for its batch window: write the batch now rather than make the caller wait it out.
    if (write !== undefined && write === this.batch?.done) void this.writeBatch();
    await write;
  }

  /**
   * The head, waiting up to writeGraceMs for one another node is still writing. An id already
   * waited for in vain is not waited for again (a lookup and then a reward of the same event).
   */
  private async headSoon(eventId: string): Promise<DecisionHead | null> {
    let head = await this.log.head(eventId);
    if (head !== null || this.unknown.has(eventId)) return head;
    for (let waited = 0, step = 50; head === null && waited < this.writeGraceMs; waited += step, step *= 2) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(step, this.writeGraceMs - waited)));
      head = await this.log.head(eventId);
    }
    if (head === null) {
      this.unknown.add(eventId);
      const oldest = this.unknown.size > UNKNOWN_MEMORY ? this.unknown.values().next().value : undefined;
      if (oldest !== undefined) this.unknown.delete(oldest);
    }
    return head;
  }

  /** The model's open and unsequenced decisions, once, at start. */
  private async recover(): Promise<void> {
    for await (const head of this.log.open(this.name)) {
      if (!head.closed) this.openWindows.set(head.eventId, head.deadline.getTime());
      if (head.activated && head.reward !== null && head.learnSeq === null) this.unsequenced.add(head.eventId);
    }
  }

  private async owned(eventId: string, scope: string | undefined): Promise<DecisionHead | null> {
    const decision = await this.headSoon(eventId);
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


/** Runs `work` over `items`, at most `width` at a time; the first failure stops the rest. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

/**
 * Bandit decision log: a small head per decision (`decisions`, `_id` = eventId) with a copy of its
 * reward (no $lookup on FerretDB), the features apart (`decision_features`), the applied reward
 * (`decision_rewards`, `_id` = eventId: the insert that decides which reward wins), the learning
 * order as one pointer per position (`decision_order`, `<model>:seq:<n>`) plus one claim per
 * learned decision (`<model>:claim:<eventId>`), and the rewards that could not be joined
 * (`bandit_rejections`).
 *
 * FerretDB pushes only a filter of exactly `{_id}` down, and a filtered update is read-then-write,
 * so every steady-state operation reads or writes by `_id` alone and what must happen once is an
 * insert of a unique `_id`. `open` (start-up) and `recent` (report) scan.
 */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import type {
  DecisionRepository,
  RejectedReward,
  RewardJoin,
  StoredDecision,
  StoredDecisionFeatures,
  StoredDecisionHead,
  StoredLearningPosition,
  StoredAppliedReward,
  ClosedDecisionState,
} from './port.js';
import { isParleyError } from '../shared/errors.js';

/** A claim: the decision `eventId` has a position in `model`'s learning order. */
interface LearningClaim {
  model: string;
  eventId: string;
}

/**
 * A decision's features as stored: the actions as one JSON text, not an array of subdocuments,
 * since FerretDB's CPU per inserted document grows with its field count (docs/storage.md). Documents
 * written before hold `actions` as an array; both are read.
 */
export interface DecisionFeaturesDoc {
  eventId: string;
  contextJson: string;
  actionsJson?: string;
  actions?: StoredDecisionFeatures['actions'];
  excludedActions: string[];
}

export interface DecisionCollections {
  heads: Collection<Keyed<StoredDecisionHead>>;
  features: Collection<Keyed<DecisionFeaturesDoc>>;
  rewards: Collection<Keyed<StoredAppliedReward>>;
  order: Collection<Keyed<StoredLearningPosition | LearningClaim>>;
  rejected: Collection<Keyed<RejectedReward>>;
}

function positionId(model: string, seq: number): string {
  return `${model}:seq:${seq}`;
}

function split(decision: StoredDecision): { head: StoredDecisionHead; features: DecisionFeaturesDoc } {
  const { contextJson, actions, excludedActions, ...head } = decision;
  return { head, features: { eventId: decision.eventId, contextJson, actionsJson: JSON.stringify(actions), excludedActions } };
}

function fromFeaturesDoc(doc: DecisionFeaturesDoc): StoredDecisionFeatures {
  const actions = doc.actionsJson === undefined ? doc.actions ?? [] : (JSON.parse(doc.actionsJson) as StoredDecisionFeatures['actions']);
  return { eventId: doc.eventId, contextJson: doc.contextJson, actions, excludedActions: doc.excludedActions };
}

/** Runs an insert; false when the `_id` exists (someone else did it first). */
async function insertedFirst(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await guard(insert);
    return true;
  } catch (error) {
    if (isParleyError(error) && error.code === 'PARLEY_STORE_DUPLICATE') return false;
    throw error;
  }
}

export class MongoDecisionRepository implements DecisionRepository {
  constructor(private readonly c: DecisionCollections) {}

  async insert(decision: StoredDecision): Promise<void> {
    const { head, features } = split(decision);
    // Features first, never overwriting (a retry after a batch whose heads landed but features did
    // not); then the head, whose unique `_id` reports an eventId already used.
    await guard(() => this.c.features.updateOne({ _id: decision.eventId }, { $setOnInsert: features }, { upsert: true }));
    await guard(() => this.c.heads.insertOne(keyed(head, decision.eventId)));
  }

  async insertMany(decisions: StoredDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const parts = decisions.map(split);
    await guard(() => this.c.heads.insertMany(parts.map((p) => keyed(p.head, p.head.eventId)), { ordered: false }));
    await guard(() => this.c.features.insertMany(parts.map((p) => keyed(p.features, p.features.eventId)), { ordered: false }));
  }

  async get(eventId: string): Promise<StoredDecision | null> {
    const [head, features] = await Promise.all([this.head(eventId), this.features(eventId)]);
    return head === null || features === null ? null : { ...head, ...features };
  }

  async head(eventId: string): Promise<StoredDecisionHead | null> {
    const doc = await guard(() => this.c.heads.findOne({ _id: eventId }));
    return doc === null ? null : withoutId(doc);
  }

  async features(eventId: string): Promise<StoredDecisionFeatures | null> {
    const doc = await guard(() => this.c.features.findOne({ _id: eventId }));
    return doc === null ? null : fromFeaturesDoc(doc);
  }

  async joinReward(head: StoredDecisionHead, value: number, at: Date): Promise<Exclude<RewardJoin, 'unknown'>> {
    const { eventId } = head;
    if (!head.closed && at.getTime() < head.deadline.getTime()) {
      const won = await insertedFirst(() => this.c.rewards.insertOne(keyed({ eventId, value, at, isDefault: false }, eventId)));
      if (won) {
        await guard(() =>
          this.c.heads.updateOne(
            { _id: eventId },
            { $set: { reward: value, rewardAt: at, isDefaultReward: false }, $push: { rewards: { value, at, outcome: 'applied' } } },
          ),
        );
        return 'applied';
      }
    }
    // Lost to an earlier reward (duplicate) or to the window's end and its default (late).
    const applied = head.closed || at.getTime() >= head.deadline.getTime() ? null : await this.appliedReward(eventId);
    const outcome = applied === null || applied.isDefault ? 'late' : 'duplicate';
    await guard(() => this.c.heads.updateOne({ _id: eventId }, { $push: { rewards: { value, at, outcome } } }));
    return outcome;
  }

  async appliedReward(eventId: string): Promise<StoredAppliedReward | null> {
    const doc = await guard(() => this.c.rewards.findOne({ _id: eventId }));
    return doc === null ? null : withoutId(doc);
  }

  async activate(eventId: string): Promise<boolean> {
    const result = await guard(() => this.c.heads.updateOne({ _id: eventId }, { $set: { activated: true } }));
    return result.matchedCount === 1;
  }

  async close(eventId: string, defaultReward: number, at: Date): Promise<ClosedDecisionState | null> {
    const head = await this.head(eventId);
    if (head === null) return null;
    if (head.activated) {
      const reward = { eventId, value: defaultReward, at, isDefault: true };
      if (await insertedFirst(() => this.c.rewards.insertOne(keyed(reward, eventId)))) {
        await guard(() => this.c.heads.updateOne({ _id: eventId }, { $set: { reward: defaultReward, rewardAt: at, isDefaultReward: true, closed: true } }));
        return { activated: true, learnSeq: head.learnSeq, reward };
      }
    }
    await guard(() => this.c.heads.updateOne({ _id: eventId }, { $set: { closed: true } }));
    return { activated: head.activated, learnSeq: head.learnSeq, reward: await this.appliedReward(eventId) };
  }

  async *open(model: string): AsyncIterable<StoredDecisionHead> {
    const cursor = this.c.heads
      .find({ model, $or: [{ closed: false }, { activated: true, learnSeq: null, reward: { $ne: null } }] }, { projection: { rewards: 0 } })
      .sort({ deadline: 1 });
    try {
      for (;;) {
        const doc = await guard(() => cursor.next());
        if (doc === null) return;
        yield { ...withoutId(doc), rewards: [] };
      }
    } finally {
      await cursor.close();
    }
  }

  claim(model: string, eventId: string): Promise<boolean> {
    return insertedFirst(() => this.c.order.insertOne(keyed({ model, eventId }, `${model}:claim:${eventId}`)));
  }

  writePosition(position: StoredLearningPosition): Promise<boolean> {
    return insertedFirst(() => this.c.order.insertOne(keyed(position, positionId(position.model, position.seq))));
  }

  async markLearned(eventId: string, seq: number): Promise<void> {
    await guard(() => this.c.heads.updateOne({ _id: eventId }, { $set: { learnSeq: seq } }));
  }

  async position(model: string, seq: number): Promise<StoredLearningPosition | null> {
    const doc = await guard(() => this.c.order.findOne({ _id: positionId(model, seq) }));
    return doc === null || !('seq' in doc) ? null : withoutId(doc);
  }

  async recent(model: string, since: Date, limit: number): Promise<StoredDecisionHead[]> {
    const docs = await guard(() => this.c.heads.find({ model, decidedAt: { $gte: since } }).sort({ decidedAt: -1 }).limit(limit).toArray());
    return docs.map(withoutId);
  }

  async recordRejection(rejection: RejectedReward): Promise<void> {
    await guard(() => this.c.rejected.insertOne(keyed(rejection, rejection.rejectionId)));
  }

  async rejections(model: string, limit: number): Promise<RejectedReward[]> {
    const docs = await guard(() => this.c.rejected.find({ model }).sort({ at: -1 }).limit(limit).toArray());
    return docs.map(withoutId);
  }
}

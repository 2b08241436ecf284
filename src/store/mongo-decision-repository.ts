/**
 * Bandit decision log (`decisions`, `_id` = eventId), with the reward kept on its decision (no
 * $lookup on FerretDB), and the rewards that could not be joined (`bandit_rejections`). Only plain
 * CRUD, $set / $push / $inc and simple filters: what both MongoDB 6+ and FerretDB 1.24 run.
 */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import type { DecisionRepository, RejectedReward, RewardJoin, StoredDecision } from './port.js';

export class MongoDecisionRepository implements DecisionRepository {
  constructor(
    private readonly collection: Collection<Keyed<StoredDecision>>,
    private readonly rejected: Collection<Keyed<RejectedReward>>,
  ) {}

  async insert(decision: StoredDecision): Promise<void> {
    await guard(() => this.collection.insertOne(keyed(decision, decision.eventId)));
  }

  async get(eventId: string): Promise<StoredDecision | null> {
    const doc = await guard(() => this.collection.findOne({ _id: eventId }));
    return doc === null ? null : withoutId(doc);
  }

  async joinReward(eventId: string, value: number, at: Date): Promise<RewardJoin> {
    // The filter makes "first reward inside the window" a single atomic write: of two nodes
    // joining at once, exactly one matches.
    const applied = await guard(() =>
      this.collection.updateOne(
        { _id: eventId, reward: null, closed: false, deadline: { $gt: at } },
        { $set: { reward: value, rewardAt: at, isDefaultReward: false }, $push: { rewards: { value, at, outcome: 'applied' } } },
      ),
    );
    if (applied.modifiedCount === 1) return 'applied';
    const current = await this.get(eventId);
    if (current === null) return 'unknown';
    const outcome = current.closed || current.deadline.getTime() <= at.getTime() ? 'late' : 'duplicate';
    await guard(() => this.collection.updateOne({ _id: eventId }, { $push: { rewards: { value, at, outcome } } }));
    return outcome;
  }

  async activate(eventId: string): Promise<boolean> {
    const result = await guard(() => this.collection.updateOne({ _id: eventId }, { $set: { activated: true } }));
    return result.matchedCount === 1;
  }

  async due(model: string, now: Date, limit: number): Promise<StoredDecision[]> {
    const docs = await guard(() =>
      this.collection.find({ model, closed: false, deadline: { $lte: now } }).sort({ deadline: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  async close(eventId: string, defaultReward: number, at: Date): Promise<void> {
    // Two updates, each conditional: the default lands only on an activated decision still without
    // a reward, and closing never overwrites a reward that raced in.
    await guard(() =>
      this.collection.updateOne(
        { _id: eventId, reward: null, activated: true, closed: false },
        { $set: { reward: defaultReward, rewardAt: at, isDefaultReward: true } },
      ),
    );
    await guard(() => this.collection.updateOne({ _id: eventId }, { $set: { closed: true } }));
  }

  async unsequenced(model: string, rewardedBefore: Date, limit: number): Promise<StoredDecision[]> {
    const docs = await guard(() =>
      this.collection
        .find({ model, learnSeq: null, activated: true, reward: { $ne: null }, rewardAt: { $lte: rewardedBefore } })
        .sort({ rewardAt: 1 })
        .limit(limit)
        .toArray(),
    );
    return docs.map(withoutId);
  }

  async sequence(eventId: string, seq: number): Promise<boolean> {
    const result = await guard(() => this.collection.updateOne({ _id: eventId, learnSeq: null }, { $set: { learnSeq: seq } }));
    return result.modifiedCount === 1;
  }

  async learnedAfter(model: string, seq: number, limit: number): Promise<StoredDecision[]> {
    const docs = await guard(() => this.collection.find({ model, learnSeq: { $gt: seq } }).sort({ learnSeq: 1 }).limit(limit).toArray());
    return docs.map(withoutId);
  }

  async recent(model: string, since: Date, limit: number): Promise<StoredDecision[]> {
    const docs = await guard(() => this.collection.find({ model, decidedAt: { $gte: since } }).sort({ decidedAt: -1 }).limit(limit).toArray());
    return docs.map(withoutId);
  }

  async recordRejection(rejection: RejectedReward): Promise<void> {
    await guard(() => this.rejected.insertOne(keyed(rejection, rejection.rejectionId)));
  }

  async rejections(model: string, limit: number): Promise<RejectedReward[]> {
    const docs = await guard(() => this.rejected.find({ model }).sort({ at: -1 }).limit(limit).toArray());
    return docs.map(withoutId);
  }
}

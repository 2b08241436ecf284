/**
 * Bandit model snapshots and learning-order counters (`models`). A snapshot is `_id` =
 * `<model>@<seq>` (two nodes saving the same state collide harmlessly); a counter is
 * `_id` = `seq:<model>`, advanced with $inc in findOneAndUpdate, atomic without transactions.
 */
import type { Collection, Document } from 'mongodb';

/** Snapshots and counters share the collection; fields vary by `kind`. */
type ModelDoc = Document & { _id: string };
import { guard } from './mongo-errors.js';
import { isParleyError, ParleyError } from '../shared/errors.js';
import type { ModelSnapshotRepository, StoredModelSnapshot } from './port.js';

export class MongoModelSnapshotRepository implements ModelSnapshotRepository {
  constructor(private readonly collection: Collection<ModelDoc>) {}

  async save(snapshot: StoredModelSnapshot): Promise<boolean> {
    const doc = { _id: `${snapshot.model}@${snapshot.seq}`, kind: 'snapshot', ...snapshot };
    try {
      await guard(() => this.collection.insertOne(doc));
      return true;
    } catch (error) {
      if (isParleyError(error) && error.code === 'PARLEY_STORE_DUPLICATE') return false;
      throw error;
    }
  }

  async latest(model: string): Promise<StoredModelSnapshot | null> {
    const [doc] = await guard(() => this.collection.find({ model, kind: 'snapshot' }).sort({ seq: -1 }).limit(1).toArray());
    if (doc === undefined) return null;
    return { model: String(doc.model), seq: Number(doc.seq), createdAt: doc.createdAt as Date, snapshotJson: String(doc.snapshotJson) };
  }

  async prune(model: string, keep: number): Promise<void> {
    const docs = await guard(() =>
      this.collection.find({ model, kind: 'snapshot' }, { projection: { seq: 1 } }).sort({ seq: -1 }).skip(keep).limit(1).toArray(),
    );
    const oldest = docs[0] as { seq?: number } | undefined;
    if (oldest?.seq === undefined) return;
    await guard(() => this.collection.deleteMany({ model, kind: 'snapshot', seq: { $lte: oldest.seq } }));
  }

  async nextSeq(model: string): Promise<number> {
    const doc = await guard(() =>
      this.collection.findOneAndUpdate(
        { _id: `seq:${model}` },
        { $inc: { value: 1 }, $set: { kind: 'counter', model } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: false },
      ),
    );
    const value: unknown = doc?.value;
    if (typeof value !== 'number') throw new ParleyError('PARLEY_STORE_FAILED', 'The learning-order counter returned no value.', { status: 500 });
    return value;
  }
}

/**
 * Bandit model snapshots and learning-order counters (`models`). A snapshot is `_id` =
 * `<model>@<seq>` (two nodes saving the same state collide harmlessly); a counter is
 * `_id` = `seq:<model>`, advanced with $inc in findOneAndUpdate, atomic without transactions.
 * `snapshots:<model>` lists the saved positions, so finding the latest and pruning are `_id`
 * reads: `models` also holds the recommender's multi-megabyte chunks, which a scan would read.
 */
import type { Collection, Document } from 'mongodb';

/** Snapshots and counters share the collection; fields vary by `kind`. */
type ModelDoc = Document & { _id: string };
/** `snapshots:<model>`: the positions saved for a model. */
interface SnapshotList {
  _id: string;
  kind: 'snapshot-list';
  model: string;
  seqs: number[];
}
import { guard } from './mongo-errors.js';
import { isParleyError, ParleyError } from '../shared/errors.js';
import type { ModelSnapshotRepository, StoredModelSnapshot } from './port.js';

export class MongoModelSnapshotRepository implements ModelSnapshotRepository {
  private readonly lists: Collection<SnapshotList>;

  constructor(private readonly collection: Collection<ModelDoc>) {
    this.lists = collection as unknown as Collection<SnapshotList>;
  }

  async save(snapshot: StoredModelSnapshot): Promise<boolean> {
    const doc = { _id: snapshotId(snapshot.model, snapshot.seq), kind: 'snapshot', ...snapshot };
    try {
      await guard(() => this.collection.insertOne(doc));
    } catch (error) {
      if (isParleyError(error) && error.code === 'PARLEY_STORE_DUPLICATE') return false;
      throw error;
    }
    await guard(() =>
      this.lists.updateOne({ _id: listId(snapshot.model) }, { $push: { seqs: snapshot.seq }, $set: { kind: 'snapshot-list', model: snapshot.model } }, { upsert: true }),
    );
    return true;
  }

  async latest(model: string): Promise<StoredModelSnapshot | null> {
    const seqs = await this.listed(model);
    if (seqs === undefined) return this.latestByScan(model);
    // Newest first; one pruned under us by another node is passed over.
    for (const seq of [...seqs].sort((a, b) => b - a)) {
      const doc = await guard(() => this.collection.findOne({ _id: snapshotId(model, seq) }));
      if (doc !== null) return toSnapshot(doc);
    }
    return null;
  }

  async prune(model: string, keep: number): Promise<void> {
    const seqs = await this.listed(model);
    if (seqs === undefined) return;
    const old = [...new Set(seqs)].sort((a, b) => b - a).slice(keep);
    if (old.length === 0) return;
    for (const seq of old) await guard(() => this.collection.deleteOne({ _id: snapshotId(model, seq) }));
    await guard(() => this.lists.updateOne({ _id: listId(model) }, { $pullAll: { seqs: old } }));
  }

  async lastSeq(model: string): Promise<number> {
    const doc = await guard(() => this.collection.findOne({ _id: `seq:${model}` }));
    const value: unknown = doc?.value;
    return typeof value === 'number' ? value : 0;
  }

  /** Saved positions, or undefined for a database written before the list existed. */
  private async listed(model: string): Promise<number[] | undefined> {
    const doc = await guard(() => this.collection.findOne({ _id: listId(model) }));
    const seqs: unknown = doc?.seqs;
    return Array.isArray(seqs) ? seqs.filter((s): s is number => typeof s === 'number') : undefined;
  }

  /** Snapshots saved before the list existed: found once by a scan (at start only). */
  private async latestByScan(model: string): Promise<StoredModelSnapshot | null> {
    const [doc] = await guard(() => this.collection.find({ model, kind: 'snapshot' }).sort({ seq: -1 }).limit(1).toArray());
    return doc === undefined ? null : toSnapshot(doc);
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

function snapshotId(model: string, seq: number): string {
  return `${model}@${seq}`;
}

function listId(model: string): string {
  return `snapshots:${model}`;
}

function toSnapshot(doc: ModelDoc): StoredModelSnapshot {
  return { model: String(doc.model), seq: Number(doc.seq), createdAt: doc.createdAt as Date, snapshotJson: String(doc.snapshotJson) };
}

/**
 * Recommender model versions in `models`, beside the bandit's snapshots (told apart by `kind`).
 * A version is a header document plus chunk documents holding its arrays as BSON binary, each
 * chunk well under MongoDB's 16 MB document limit. `_id`s are natural keys:
 *   header  `recommender:<name>@<version>`
 *   chunk   `recommender:<name>@<version>/<array>/<n>`
 *   counter `seq:recommender:<name>` ($inc in findOneAndUpdate: atomic without transactions)
 * Chunks are written before the header and removed after it, so a reader that sees a header finds
 * its chunks (unless the version is pruned under it, which loadArrays reports as null).
 * Only operations FerretDB 1.24 has: insertOne, find with sort/limit, deleteMany, findOneAndUpdate.
 */
import { Binary, type Collection, type Document } from 'mongodb';
import { ParleyError } from '../shared/errors.js';
import { guard } from './mongo-errors.js';
import type { RecommenderModelArray, RecommenderModelHeader, RecommenderModelRepository } from './port.js';

type ModelDoc = Document & { _id: string };

const HEADER = 'recommender-model';
const CHUNK = 'recommender-chunk';
/** 8 MB: half the document limit leaves room for the other fields and BSON overhead. */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

function headerId(name: string, version: number): string {
  return `recommender:${name}@${version}`;
}

function chunkId(name: string, version: number, array: string, index: number): string {
  return `${headerId(name, version)}/${array}/${index}`;
}

export class MongoRecommenderModelRepository implements RecommenderModelRepository {
  constructor(
    private readonly collection: Collection<ModelDoc>,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {}

  async nextVersion(name: string): Promise<number> {
    const doc = await guard(() =>
      this.collection.findOneAndUpdate(
        { _id: `seq:recommender:${name}` },
        { $inc: { value: 1 }, $set: { kind: 'recommender-counter', recName: name } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: false },
      ),
    );
    const value: unknown = doc?.value;
    if (typeof value !== 'number') throw new ParleyError('PARLEY_STORE_FAILED', 'The model version counter returned no value.', { status: 500 });
    return value;
  }

  async save(header: Omit<RecommenderModelHeader, 'arrays'>, arrays: readonly RecommenderModelArray[]): Promise<RecommenderModelHeader> {
    const { name, version } = header;
    const described: RecommenderModelHeader['arrays'] = [];
    for (const array of arrays) {
      const chunks = Math.max(1, Math.ceil(array.bytes.byteLength / this.chunkBytes));
      for (let index = 0; index < chunks; index++) {
        const part = array.bytes.subarray(index * this.chunkBytes, (index + 1) * this.chunkBytes);
        await guard(() =>
          this.collection.insertOne({
            _id: chunkId(name, version, array.name, index),
            kind: CHUNK,
            recName: name,
            version,
            array: array.name,
            index,
            data: new Binary(Buffer.from(part.buffer, part.byteOffset, part.byteLength)),
          }),
        );
      }
      described.push({ name: array.name, byteLength: array.bytes.byteLength, chunks });
    }
    const complete: RecommenderModelHeader = { ...header, arrays: described };
    await guard(() => this.collection.insertOne({ _id: headerId(name, version), kind: HEADER, recName: name, ...complete }));
    return complete;
  }

  async latest(name: string): Promise<RecommenderModelHeader | null> {
    const [doc] = await guard(() => this.collection.find({ kind: HEADER, recName: name }).sort({ version: -1 }).limit(1).toArray());
    if (doc === undefined) return null;
    const arrays = (doc['arrays'] as Array<Record<string, unknown>>).map((a) => ({ name: String(a['name']), byteLength: Number(a['byteLength']), chunks: Number(a['chunks']) }));
    return { name, version: Number(doc['version']), createdAt: doc['createdAt'] as Date, metaJson: String(doc['metaJson']), arrays };
  }

  async loadArrays(header: RecommenderModelHeader): Promise<RecommenderModelArray[] | null> {
    const loaded: RecommenderModelArray[] = [];
    for (const array of header.arrays) {
      const bytes = new Uint8Array(array.byteLength);
      let at = 0;
      // One chunk at a time: a large model never sits in memory twice over as documents.
      for (let index = 0; index < array.chunks; index++) {
        const doc = await guard(() => this.collection.findOne({ _id: chunkId(header.name, header.version, array.name, index) }));
        const data = doc?.['data'];
        if (!(data instanceof Binary)) return null;
        const part = data.buffer.subarray(0, data.length());
        if (at + part.byteLength > bytes.byteLength) return null;
        bytes.set(part, at);
        at += part.byteLength;
      }
      if (at !== array.byteLength) return null;
      loaded.push({ name: array.name, bytes });
    }
    return loaded;
  }

  async prune(name: string, keep: number): Promise<void> {
    const [oldestKept] = await guard(() =>
      this.collection
        .find({ kind: HEADER, recName: name }, { projection: { version: 1 } })
        .sort({ version: -1 })
        .skip(Math.max(0, keep - 1))
        .limit(1)
        .toArray(),
    );
    const cutoff = oldestKept?.['version'];
    if (typeof cutoff !== 'number') return;
    // Headers first: no reader picks a version whose chunks are going.
    await guard(() => this.collection.deleteMany({ kind: HEADER, recName: name, version: { $lt: cutoff } }));
    await guard(() => this.collection.deleteMany({ kind: CHUNK, recName: name, version: { $lt: cutoff } }));
  }
}

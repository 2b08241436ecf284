/**
 * Group commit for inserts into one collection: while one insertMany is in flight, documents handed
 * in meanwhile wait and go together in the next. Nothing waits on a timer, so a lone insert leaves
 * at once; under load, one round trip carries many documents. On FerretDB a single-document insert
 * costs the driver and the server each nearly as much CPU as the rest of a chat turn; batched, a
 * fraction of that per document (`bench/store-ops.ts --turn-writes-only`, docs/storage.md).
 *
 * Each caller still learns its own document's outcome: the insert is unordered, and a write error
 * rejects only the document it names (a duplicate `_id` stays PARLEY_STORE_DUPLICATE).
 */
import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { ParleyError } from '../shared/errors.js';
import { toStoreError } from './mongo-errors.js';

const DUPLICATE_KEY = 11000;
/** Far below the 16 MB message limit for documents of a few KB (session turns). */
export const DEFAULT_MAX_BATCH = 200;

interface Pending<T> {
  doc: T;
  resolve: () => void;
  reject: (error: ParleyError) => void;
}

export class InsertBatcher<T extends Document> {
  #waiting: Pending<OptionalUnlessRequiredId<T>>[] = [];
  #inFlight = false;

  constructor(
    private readonly collection: Collection<T>,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  }

  /** Resolves once `doc` is stored; rejects with a ParleyError (PARLEY_STORE_DUPLICATE, ...). */
  insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ doc, resolve, reject });
      if (!this.#inFlight) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#inFlight = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.maxBatch);
        await this.#write(batch);
      }
    } finally {
      this.#inFlight = false;
    }
  }

  /** Settles every document of `batch`; never throws. */
  async #write(batch: Pending<OptionalUnlessRequiredId<T>>[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((pending) => pending.doc),
        { ordered: false },
      );
      for (const pending of batch) pending.resolve();
    } catch (error) {
      settleFailed(batch, error);
    }
  }
}

/** Rejects the documents the server named; the rest were stored unless the whole call failed. */
function settleFailed<T>(batch: Pending<T>[], error: unknown): void {
  const writeErrors = error instanceof MongoBulkWriteError ? normalized(error.writeErrors) : [];
  if (writeErrors.length === 0 || (error as MongoBulkWriteError).err !== undefined) {
    // Nothing says which documents made it: fail them all (a retry of a stored one is a duplicate).
    const mapped = toStoreError(error);
    for (const pending of batch) pending.reject(mapped);
    return;
  }
  const failed = new Map<number, ParleyError>();
  for (const writeError of writeErrors) failed.set(writeError.index, writeErrorToParley(writeError.code));
  batch.forEach((pending, index) => {
    const failure = failed.get(index);
    if (failure === undefined) pending.resolve();
    else pending.reject(failure);
  });
}

function normalized(writeErrors: MongoBulkWriteError['writeErrors']): Array<{ index: number; code: number }> {
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return list.map((writeError) => ({ index: writeError.index, code: writeError.code }));
}

/** As toStoreError maps a single insert's failure; the server's message (it may quote values) is dropped. */
function writeErrorToParley(code: number): ParleyError {
  if (code === DUPLICATE_KEY) {
    return new ParleyError('PARLEY_STORE_DUPLICATE', 'A document with this key already exists.', { status: 409, details: { serverCode: code } });
  }
  return new ParleyError('PARLEY_STORE_FAILED', 'The database rejected the operation.', { status: 500, details: { serverCode: code } });
}

import type { Collection, Document } from 'mongodb';
import { withoutId } from './documents.js';
import { guard } from './mongo-errors.js';

/**
 * Visits every document of `collection` without its `_id` and returns how many there were.
 * Large batches: on FerretDB each getMore is a round trip with a fixed cost.
 */
export async function forEachDocument<T extends Document>(collection: Collection<T>, visit: (doc: Omit<T, '_id'>) => void): Promise<number> {
  const cursor = collection.find({}, { batchSize: 10_000 });
  let count = 0;
  await guard(async () => {
    for await (const doc of cursor) {
      visit(withoutId(doc as Omit<T, '_id'> & { _id?: unknown }));
      count++;
    }
  });
  return count;
}

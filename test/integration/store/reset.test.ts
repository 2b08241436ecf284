/**
 * `store.reset()` (`parley seed --reset`) on a real database: a collection larger than FerretDB's
 * SQLite backend can delete in one statement is emptied too, and every collection keeps its
 * indexes, ready for writes.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, INDEXES } from '../../../src/store/indexes.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { customer } from './fixtures.js';

describe('store reset', () => {
  let db: TestStore;
  let raw: MongoClient;
  beforeAll(async () => {
    db = await openTestStore();
    raw = await new MongoClient(db.uri).connect();
  });
  afterAll(async () => {
    await raw.close();
    await db.close();
  });

  it('empties a 33,000-document collection and every other, keeping collections and indexes', async () => {
    const interactions = raw.db(db.dbName).collection(COLLECTIONS.interactions);
    // Over SQLite's 32,766 bound parameters: deleteMany({}) was refused here.
    for (let start = 0; start < 33_000; start += 5_500) {
      await interactions.insertMany(Array.from({ length: 5_500 }, (_, i) => ({ _id: `i-${start + i}` as never, customerId: 'c1', itemId: 'x', eventType: 'click', at: new Date() })));
    }
    await db.store.customers.insertMany([customer('c1')]);
    expect(await interactions.countDocuments()).toBe(33_000);

    await db.store.reset();

    const mongo = raw.db(db.dbName);
    for (const name of Object.values(COLLECTIONS)) expect(await mongo.collection(name).countDocuments()).toBe(0);
    const names = new Set((await mongo.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    expect([...names].sort()).toEqual(expect.arrayContaining(Object.values(COLLECTIONS).sort()));
    const indexNames = (await interactions.listIndexes().toArray()).map((index) => String(index['name']));
    expect(indexNames).toEqual(expect.arrayContaining(INDEXES.interactions.map((spec) => spec.name)));
    await db.store.customers.insertMany([customer('c1')]);
    expect(await db.store.customers.get('c1')).toMatchObject({ customerId: 'c1' });
  }, 120_000);
});

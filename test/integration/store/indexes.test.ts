import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, ensureIndexes, INDEXES } from '../../../src/store/indexes.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

describe('index creation on a real database', () => {
  let db: TestStore;
  let client: MongoClient;
  beforeAll(async () => {
    db = await openTestStore(); // creates the indexes once
    client = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect();
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('creates every collection and index, and running it again changes nothing', async () => {
    const mongo = client.db(db.dbName);
    await ensureIndexes(mongo);
    await ensureIndexes(mongo);
    const collections = (await mongo.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(collections).toEqual(expect.arrayContaining(Object.values(COLLECTIONS)));
    for (const name of Object.values(COLLECTIONS)) {
      const indexes = await mongo.collection(name).listIndexes().toArray();
      const byName = new Map(indexes.map((index) => [index['name'] as string, index]));
      expect(indexes).toHaveLength(INDEXES[name].length + 1); // + _id_
      for (const spec of INDEXES[name]) {
        expect(byName.get(spec.name)?.['key']).toEqual(spec.keys);
        expect(byName.get(spec.name)?.['unique'] === true).toBe(spec.unique === true);
      }
    }
  });
});

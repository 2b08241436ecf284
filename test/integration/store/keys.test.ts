import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../../src/store/indexes.js';
import type { Store } from '../../../src/store/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { customer, item, session, T0 } from './fixtures.js';

describe('documents keyed by their natural key', () => {
  let db: TestStore;
  let store: Store;
  let client: MongoClient;
  beforeAll(async () => {
    db = await openTestStore();
    store = db.store;
    client = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect();
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('stores each natural key as _id and never hands _id out', async () => {
    await store.customers.insertMany([customer('c1')]);
    await store.customers.upsert(customer('c2'));
    await store.items.insertMany([item('i1')]);
    await store.orders.insertMany([{ orderNumber: 'A1', customerId: 'c1', items: [], status: 'processing', placedAt: T0 }]);
    await store.sessions.create(session('s1'));
    await store.interactions.insert({ interactionId: 'e1', customerId: 'c1', itemId: 'i1', eventType: 'view', at: T0 });
    const base = { customerId: 'c1', sessionId: 's1', kind: 'fitting' as const, date: '2025-03-02', time: '10:00', timeZone: 'UTC' };
    await store.appointments.insert({ ...base, appointmentId: 'a1', createdAt: T0 });
    const mongo = client.db(db.dbName);
    const idsOf = async (name: string): Promise<unknown[]> =>
      (await mongo.collection(name).find({}).toArray()).map((doc) => doc['_id']).sort();
    expect(await idsOf(COLLECTIONS.customers)).toEqual(['c1', 'c2']);
    expect(await idsOf(COLLECTIONS.items)).toEqual(['i1']);
    expect(await idsOf(COLLECTIONS.orders)).toEqual(['A1']);
    expect(await idsOf(COLLECTIONS.sessions)).toEqual(['s1']);
    expect(await idsOf(COLLECTIONS.interactions)).toEqual(['e1']);
    expect(await idsOf(COLLECTIONS.appointments)).toEqual(['a1']);
    expect(await store.orders.get('A1')).not.toHaveProperty('_id');
    expect(await store.items.get('i1')).not.toHaveProperty('_id');
    expect(await store.sessions.get('s1')).not.toHaveProperty('_id');
  });

  it('rejects a second document with the same key', async () => {
    await expect(store.items.insertMany([item('i1')])).rejects.toMatchObject({ code: 'PARLEY_STORE_DUPLICATE' });
    await expect(store.sessions.create(session('s1'))).rejects.toMatchObject({ code: 'PARLEY_STORE_DUPLICATE' });
  });
});

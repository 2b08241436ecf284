import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedItemRepository } from '../../../src/store/cached-item-repository.js';
import type { Keyed } from '../../../src/store/documents.js';
import { MongoItemRepository } from '../../../src/store/mongo-item-repository.js';
import type { Item, ItemQuery } from '../../../src/store/port.js';
import { generateTenant } from '../../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

/** A small deterministic PRNG (mulberry32), so a failing query reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('cached catalogue against the database search', () => {
  let db: TestStore;
  let client: MongoClient;
  let mongo: MongoItemRepository;
  let cached: CachedItemRepository;
  let items: Item[];
  beforeAll(async () => {
    db = await openTestStore();
    client = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    mongo = new MongoItemRepository(client.db(db.dbName).collection<Keyed<Item>>('items'));
    cached = new CachedItemRepository(mongo);
    items = generateTenant({ seed: 11, items: 300, customers: 20 }).items;
    await cached.insertMany(items);
  });
  afterAll(async () => {
    cached.close();
    await client.close();
    await db.close();
  });

  it('gives the same results for many random queries', async () => {
    const random = rng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const categories = await mongo.categories();
    const brands = await mongo.brands();
    expect(await cached.categories()).toEqual(categories);
    expect(await cached.brands()).toEqual(brands);
    for (let i = 0; i < 50; i += 1) {
      const sample = pick(items);
      const query: ItemQuery = { limit: 1 + Math.floor(random() * 12) };
      if (random() < 0.6) query.category = random() < 0.8 ? sample.category : pick(categories);
      if (random() < 0.3) query.brand = random() < 0.8 ? sample.brand : pick(brands);
      if (random() < 0.5) query.maxPrice = Math.round(random() * 300);
      if (random() < 0.5) query.keywords = [pick(sample.keywords), ...(random() < 0.3 ? [pick(pick(items).keywords)] : [])];
      const expected = await mongo.search(query);
      expect(await cached.search(query), JSON.stringify(query)).toEqual(expected);
    }
  }, 120_000); // each database search is a full scan on FerretDB

  it('reads items by id like the database', async () => {
    const some = [items[5], items[77], items[299]].map((item) => item?.itemId ?? '');
    expect(await cached.getMany([...some, 'nope'])).toEqual(await mongo.getMany(some));
    expect(await cached.get(some[0] ?? '')).toEqual(await mongo.get(some[0] ?? ''));
  });

  it('hands out copies: a caller changing an item leaves the catalogue as it was', async () => {
    const id = items[9]?.itemId ?? '';
    const [first] = await cached.getMany([id]);
    if (first === undefined) throw new Error('item missing');
    first.title = 'changed';
    first.keywords.push('changed');
    first.createdAt.setTime(0);
    const again = await cached.get(id);
    expect(again).toEqual(await mongo.get(id));
    expect(again?.keywords).not.toContain('changed');
  });
});

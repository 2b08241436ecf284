import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemQuery, Store } from '../../../src/store/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { item } from './fixtures.js';

describe('item search on a real database', () => {
  let db: TestStore;
  let store: Store;
  const ids = async (query: ItemQuery): Promise<string[]> => (await store.items.search(query)).map((i) => i.itemId);

  beforeAll(async () => {
    db = await openTestStore();
    store = db.store;
    await store.items.insertMany([
      item('run-1', { price: 120, popularity: 50, keywords: ['trail', 'running', 'red'] }),
      item('run-2', { price: 80, popularity: 90, keywords: ['road', 'running', 'red'] }),
      item('run-3', { price: 60, popularity: 10, brand: 'Zed', keywords: ['road', 'running', 'blue'] }),
      item('bag-1', { category: 'bags', price: 40, popularity: 70, keywords: ['tote', 'red'] }),
    ]);
  });
  afterAll(() => db.close());

  it('sorts by popularity, most popular first, and honours the limit', async () => {
    expect(await ids({ limit: 10 })).toEqual(['run-2', 'bag-1', 'run-1', 'run-3']);
    expect(await ids({ limit: 2 })).toEqual(['run-2', 'bag-1']);
  });

  it('filters by exact category and brand', async () => {
    expect(await ids({ category: 'shoes', limit: 10 })).toEqual(['run-2', 'run-1', 'run-3']);
    expect(await ids({ category: 'shoes', brand: 'Zed', limit: 10 })).toEqual(['run-3']);
    expect(await ids({ category: 'Shoes', limit: 10 })).toEqual([]);
  });

  it('filters by maximum price, inclusive', async () => {
    expect(await ids({ maxPrice: 80, limit: 10 })).toEqual(['run-2', 'bag-1', 'run-3']);
  });

  it('requires every keyword', async () => {
    expect(await ids({ keywords: ['red'], limit: 10 })).toEqual(['run-2', 'bag-1', 'run-1']);
    expect(await ids({ keywords: ['red', 'running'], limit: 10 })).toEqual(['run-2', 'run-1']);
    expect(await ids({ keywords: ['red', 'running'], maxPrice: 100, category: 'shoes', limit: 10 })).toEqual(['run-2']);
  });

  it('rejects operator objects as values instead of querying with them', async () => {
    const smuggled = { brand: { $ne: '' }, limit: 10 } as unknown as ItemQuery;
    await expect(store.items.search(smuggled)).rejects.toMatchObject({ code: 'PARLEY_STORE_INVALID_QUERY' });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { CachedItemRepository, type CatalogueSource } from '../../../src/store/cached-item-repository.js';
import { matchesQuery, searchOrder } from '../../../src/store/catalogue-index.js';
import type { Item, ItemQuery } from '../../../src/store/port.js';

function item(itemId: string, popularity: number, category = 'shoes'): Item {
  return { itemId, title: itemId, category, brand: 'Acme', price: 10, currency: 'USD', keywords: ['x'], popularity, createdAt: new Date(0) };
}

/** An in-memory source that counts full loads and database searches. */
class FakeSource implements CatalogueSource {
  loads = 0;
  searches = 0;
  constructor(public items: Item[] = []) {}
  async get(id: string): Promise<Item | null> {
    return this.items.find((i) => i.itemId === id) ?? null;
  }
  async getMany(ids: string[]): Promise<Item[]> {
    return ids.flatMap((id) => this.items.filter((i) => i.itemId === id));
  }
  async insertMany(items: Item[]): Promise<void> {
    this.items.push(...items);
  }
  async search(query: ItemQuery): Promise<Item[]> {
    this.searches += 1;
    return this.items.filter((i) => matchesQuery(i, query)).sort(searchOrder).slice(0, query.limit);
  }
  async loadAll(max: number): Promise<Item[] | null> {
    this.loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return this.items.length > max ? null : [...this.items];
  }
  async count(): Promise<number> {
    return this.items.length;
  }
  async categories(): Promise<string[]> {
    return [...new Set(this.items.map((i) => i.category))].sort();
  }
  async brands(): Promise<string[]> {
    return [...new Set(this.items.map((i) => i.brand))].sort();
  }
}

const ids = (items: Item[]): string[] => items.map((i) => i.itemId);

describe('cached item repository', () => {
  it('loads once for concurrent first searches and answers from memory after', async () => {
    const source = new FakeSource([item('a', 1), item('b', 3), item('c', 2, 'bags')]);
    const cache = new CachedItemRepository(source);
    const results = await Promise.all([cache.search({ limit: 5 }), cache.search({ category: 'shoes', limit: 5 }), cache.categories()]);
    expect(results.map((r) => (typeof r[0] === 'string' ? r : ids(r as Item[])))).toEqual([['b', 'c', 'a'], ['b', 'a'], ['bags', 'shoes']]);
    expect(await cache.brands()).toEqual(['Acme']);
    expect(source.loads).toBe(1);
    expect(source.searches).toBe(0);
    cache.close();
  });

  it('hands out copies, so a caller cannot change the cached catalogue', async () => {
    const cache = new CachedItemRepository(new FakeSource([item('a', 1)]));
    const [found] = await cache.search({ limit: 1 });
    if (found === undefined) throw new Error('no item');
    found.title = 'changed';
    expect((await cache.get('a'))?.title).toBe('a');
    cache.close();
  });

  it('sees items inserted through it at once, and ids it lacks in the database', async () => {
    const source = new FakeSource([item('a', 1)]);
    const cache = new CachedItemRepository(source);
    await cache.search({ limit: 5 });
    await cache.insertMany([item('b', 9)]);
    expect(ids(await cache.search({ limit: 5 }))).toEqual(['b', 'a']);
    source.items.push(item('elsewhere', 5)); // written by another process
    expect(ids(await cache.getMany(['elsewhere', 'a', 'nope']))).toEqual(['elsewhere', 'a']);
    expect((await cache.get('elsewhere'))?.itemId).toBe('elsewhere');
    expect(await cache.count()).toBe(2); // the cached catalogue's size until the next refresh
    cache.close();
  });

  it('refreshes in the background', async () => {
    vi.useFakeTimers();
    try {
      const source = new FakeSource([item('a', 1)]);
      const cache = new CachedItemRepository(source, { refreshMs: 1000 });
      const first = cache.search({ limit: 5 });
      await vi.advanceTimersByTimeAsync(10);
      await first;
      source.items.push(item('b', 9));
      await vi.advanceTimersByTimeAsync(1010);
      expect(ids(await cache.search({ limit: 5 }))).toEqual(['b', 'a']);
      expect(source.loads).toBe(2);
      cache.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('goes to the database when the catalogue is larger than the cap', async () => {
    const source = new FakeSource([item('a', 1), item('b', 2), item('c', 3)]);
    const cache = new CachedItemRepository(source, { maxItems: 2 });
    expect(ids(await cache.search({ limit: 2 }))).toEqual(['c', 'b']);
    expect(source.searches).toBe(1);
    expect((await cache.get('a'))?.itemId).toBe('a');
    cache.close();
  });

  it('validates queries like the database search', async () => {
    const cache = new CachedItemRepository(new FakeSource([item('a', 1)]));
    const smuggled = { brand: { $ne: '' }, limit: 10 } as unknown as ItemQuery;
    await expect(cache.search(smuggled)).rejects.toMatchObject({ code: 'PARLEY_STORE_INVALID_QUERY' });
    await expect(cache.search({ limit: 0 })).rejects.toMatchObject({ code: 'PARLEY_STORE_INVALID_QUERY' });
    cache.close();
  });
});

import { describe, expect, it } from 'vitest';
import { CatalogueIndex, matchesQuery, searchOrder } from '../../../src/store/catalogue-index.js';
import type { Item, ItemQuery } from '../../../src/store/port.js';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['red', 'blue', 'trail', 'road', 'light', 'warm', 'kids', 'pro'];
const CATS = ['shoes', 'bags', 'hats'];
const BRANDS = ['Acme', 'Zed', 'Nova', 'Orbit'];

function catalogue(n: number, random: () => number): Item[] {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    itemId: `i-${String(n - i).padStart(4, '0')}`,
    title: `Item ${i}`,
    category: pick(CATS),
    brand: pick(BRANDS),
    price: Math.round(random() * 20000) / 100,
    currency: 'USD',
    keywords: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)),
    popularity: Math.floor(random() * 20), // many ties, so the itemId tiebreak matters
    createdAt: new Date(0),
  }));
}

function randomQuery(random: () => number): ItemQuery {
  const query: ItemQuery = { limit: 1 + Math.floor(random() * 30) };
  if (random() < 0.5) query.category = random() < 0.9 ? (CATS[Math.floor(random() * 3)] as string) : 'nope';
  if (random() < 0.3) query.brand = BRANDS[Math.floor(random() * 4)] as string;
  if (random() < 0.5) query.maxPrice = Math.round(random() * 20000) / 100;
  if (random() < 0.5) query.keywords = Array.from({ length: 1 + Math.floor(random() * 2) }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
  return query;
}

describe('catalogue index', () => {
  it('answers like a filter-sort-limit over the whole catalogue', () => {
    const random = rng(42);
    const items = catalogue(500, random);
    const index = new CatalogueIndex(items);
    const naive = [...items].sort(searchOrder);
    for (let i = 0; i < 500; i += 1) {
      const query = randomQuery(random);
      const expected = naive.filter((item) => matchesQuery(item, query)).slice(0, query.limit);
      expect(index.search(query, query.limit).map((item) => item.itemId)).toEqual(expected.map((item) => item.itemId));
    }
  });

  it('lists categories and brands sorted, and finds items by id', () => {
    const items = catalogue(50, rng(1));
    const index = new CatalogueIndex(items);
    expect(index.categories).toEqual([...new Set(items.map((i) => i.category))].sort());
    expect(index.brands).toEqual([...new Set(items.map((i) => i.brand))].sort());
    expect(index.get('i-0001')).toBe(items.find((i) => i.itemId === 'i-0001'));
    expect(index.get('missing')).toBeUndefined();
    expect(index.size).toBe(50);
  });
});
